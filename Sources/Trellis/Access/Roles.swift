/// Roles granted by admins. "Employee" is everyone; "manager" comes from having reports and
/// "mentor" from mentorships, so neither is granted.
public enum Role: String, Sendable, Codable, CaseIterable {
  case peopleTeam = "people_team"
  case admin

  public var label: String {
    switch self {
    case .peopleTeam: "People team"
    case .admin: "Admin"
    }
  }
}

/// The signed-in person on whose behalf a service call runs.
public struct Actor: Sendable, Equatable {
  public let person: Person
  public let roles: Set<Role>

  public init(person: Person, roles: Set<Role>) {
    self.person = person
    self.roles = roles
  }

  public var id: Int64 { person.id }
  public func has(_ role: Role) -> Bool { roles.contains(role) }
}

/// How the actor stands to the person whose data is asked for.
public struct Relationship: Sendable, Equatable {
  public var isSelf = false
  /// The subject's manager now.
  public var isCurrentManager = false
  /// Managed the subject once, no longer.
  public var isFormerManager = false
  /// Above the current manager in the reporting line.
  public var isSkipLevelManager = false
  /// The other side of the conversation's relationship, while that relationship lasts.
  public var isConversationPartner = false
  /// The employee handed this conversation over to the actor (their new manager).
  public var hasHandover = false
  /// Named as a supporter (mentor, sponsor, peer) of the plan item in question.
  public var isSupporter = false
  /// Works with the subject: same team, same manager, or the subject is the actor's manager.
  public var isTeammate = false
  /// Belongs to, or organises, the community in question.
  public var isMember = false
  public var isOrganiser = false

  public init(
    isSelf: Bool = false, isCurrentManager: Bool = false, isFormerManager: Bool = false,
    isSkipLevelManager: Bool = false, isConversationPartner: Bool = false, hasHandover: Bool = false
  ) {
    self.isSelf = isSelf
    self.isCurrentManager = isCurrentManager
    self.isFormerManager = isFormerManager
    self.isSkipLevelManager = isSkipLevelManager
    self.isConversationPartner = isConversationPartner
    self.hasHandover = hasHandover
  }
}
