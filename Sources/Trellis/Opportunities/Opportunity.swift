import Foundation
import SQL

public enum OpportunityKind: String, Sendable, Codable, CaseIterable {
  case project
  case stretchAssignment = "stretch assignment"
  case rotation
  case gig
  case openRole = "open role"
  case shadowing
}

public enum OpportunityOutcome: String, Sendable, Codable, CaseIterable {
  case filledInternally = "filled internally"
  case withdrawn
}

public enum InterestStatus: String, Sendable, Codable, CaseIterable {
  case interested, shortlisted, selected
  case notSelected = "not selected"
  case withdrawn
}

/// How well an opportunity fits the person looking at it, and why.
public struct Match: Sendable, Codable, Equatable {
  /// 0 to 100.
  public let score: Int
  public let reasons: [String]
  /// Something is known of the person to match against: ratings, a plan or goals. Without it the
  /// score says nothing, and no one is told "0 %".
  public let known: Bool

  /// Half of what it needs and grows fits the person, or more: worth putting in front of them.
  public var isStrong: Bool { score >= 50 }
  /// Known to fit the person little: not promoted to them.
  public var isWeak: Bool { known && !isStrong }
}

public struct Opportunity: Sendable, Codable, Equatable {
  public let id: Int64
  public let title: String
  public let kind: OpportunityKind
  public let description: String
  public let timeCommitment: String
  public let team: String
  public let startsOn: CalendarDate?
  public let interestDeadline: CalendarDate
  public let places: Int
  public let ownerID: Int64
  public let ownerName: String
  public let needs: [CompetencyRef]
  public let develops: [CompetencyRef]
  public let isOpen: Bool
  public let outcome: OpportunityOutcome?
  public let outcomeNote: String
  public let createdAt: Date
  /// For the person looking.
  public let match: Match
  public let myInterest: InterestStatus?
}

/// One person's interest, as its owner, the person (and, if they chose, their manager) see it.
public struct Interest: Sendable, Codable, Equatable {
  public let id: Int64
  public let opportunityID: Int64
  public let opportunityTitle: String
  public let personID: Int64
  public let personName: String
  public let note: String
  public let shareWithManager: Bool
  public let status: InterestStatus
  public let createdAt: Date
}

public struct OpportunityDetail: Sendable, Codable, Equatable {
  public let opportunity: Opportunity
  /// Everyone's interest, newest first, for its owner only; otherwise empty.
  public let interests: Page<Interest>
  public let mine: Interest?
  public let isOwner: Bool
  /// Its owner and the people team change and close it.
  public let canManage: Bool
}

public struct OpportunityInput: Sendable, Codable, Equatable {
  public var title: String
  public var kind: OpportunityKind
  public var description: String
  public var timeCommitment: String
  public var team: String?
  public var startsOn: String?
  public var interestDeadline: String
  public var places: Int
  /// Someone else to keep it (the people team posting for a manager); the poster otherwise.
  public var ownerID: Int64?
  public var needs: [String]?
  public var develops: [String]?

  public init(
    title: String, kind: OpportunityKind, description: String, timeCommitment: String, team: String? = nil,
    startsOn: String? = nil, interestDeadline: String, places: Int = 1, ownerID: Int64? = nil,
    needs: [String]? = nil, develops: [String]? = nil
  ) {
    self.title = title
    self.kind = kind
    self.description = description
    self.timeCommitment = timeCommitment
    self.team = team
    self.startsOn = startsOn
    self.interestDeadline = interestDeadline
    self.places = places
    self.ownerID = ownerID
    self.needs = needs
    self.develops = develops
  }
}
