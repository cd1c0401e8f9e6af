import Foundation
import SQL

public enum CommunityKind: String, Sendable, Codable, CaseIterable {
  case bookClub = "book club"
  case cohort
  case guild
  case crossTrainingCircle = "cross-training circle"
}

/// A learning community as everyone in the organization sees it, with where the actor stands.
public struct Community: Sendable, Codable, Equatable {
  public let id: Int64
  public let name: String
  public let kind: CommunityKind
  public let description: String
  /// Anyone may join an open community; organisers add people to the others.
  public let isOpen: Bool
  public let competencies: [CompetencyRef]
  public let organisers: [CommunityMember]
  public let memberCount: Int
  public let nextMeeting: CommunityMeeting?
  public let isMember: Bool
  public let isOrganiser: Bool
  /// What the policy lets the actor do here: edit it and its members and meetings; share resources.
  public let canOrganise: Bool
  public let canShare: Bool
}

public struct CommunityMember: Sendable, Codable, Equatable {
  public let personID: Int64
  public let name: String
  public let isOrganiser: Bool
}

public struct CommunityMeeting: Sendable, Codable, Equatable {
  public let id: Int64
  public let communityID: Int64
  public let title: String
  public let startsAt: Date
  public let timeZone: String
  public let durationMinutes: Int
  public let location: String
}

public struct CommunityResource: Sendable, Codable, Equatable {
  public let id: Int64
  public let title: String
  public let url: String
  public let note: String
  public let addedByID: Int64
  public let addedByName: String
  public let createdAt: Date
  /// Whether the actor may take it down.
  public let canRemove: Bool
}

/// Everything on a community's page.
public struct CommunityDetail: Sendable, Codable, Equatable {
  public let community: Community
  /// Organisers first, then by name.
  public let members: Page<CommunityMember>
  /// Upcoming meetings first in time, then the last few held.
  public let meetings: [CommunityMeeting]
  /// Newest first.
  public let resources: Page<CommunityResource>
}

/// The lists on a community's page that grow with it.
public enum CommunityList: String, Sendable, CaseIterable {
  case members, resources
}

public struct CommunityInput: Sendable, Codable, Equatable {
  public var name: String
  public var kind: CommunityKind
  public var description: String
  public var isOpen: Bool
  public var competencySlugs: [String]

  public init(
    name: String, kind: CommunityKind, description: String, isOpen: Bool, competencySlugs: [String] = []
  ) {
    self.name = name
    self.kind = kind
    self.description = description
    self.isOpen = isOpen
    self.competencySlugs = competencySlugs
  }
}

public struct CommunityResourceInput: Sendable, Codable, Equatable {
  public var title: String
  public var url: String?
  public var note: String?

  public init(title: String, url: String? = nil, note: String? = nil) {
    self.title = title
    self.url = url
    self.note = note
  }
}
