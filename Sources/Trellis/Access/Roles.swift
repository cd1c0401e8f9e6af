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
  /// Where they are: their own choice, or the organization's time zone. Times are shown in it.
  public let timeZone: String
  /// Someone reports to them now: they lead a team (and see "Team" in the navigation).
  public let hasReports: Bool

  public init(person: Person, roles: Set<Role>, timeZone: String = "UTC", hasReports: Bool = false) {
    self.person = person
    self.roles = roles
    self.timeZone = timeZone
    self.hasReports = hasReports
  }

  public var id: Int64 { person.id }
  public func has(_ role: Role) -> Bool { roles.contains(role) }
}

/// The facts a rule of the policy reads: how the actor stands to the person the data is about,
/// to the piece of data itself, and what was chosen about who may see it. Each fact names one
/// thing; a rule asks only for the facts it needs.
public struct Relationship: Sendable, Equatable {
  // To the person the data is about.
  /// The data is about the actor.
  public var isSelf = false
  /// The subject's manager now.
  public var isCurrentManager = false
  /// Managed the subject once, no longer.
  public var isFormerManager = false
  /// Above the current manager in the reporting line.
  public var isSkipLevelManager = false
  /// Works with the subject: same team, same manager, or the subject is the actor's manager.
  public var isTeammate = false

  // To a conversation or a mentorship.
  /// The other side of the conversation's relationship, while that relationship lasts.
  public var isConversationPartner = false
  /// The employee handed this conversation over to the actor (their new manager).
  public var hasHandover = false
  /// The mentee and the mentor of a mentorship.
  public var isMentee = false
  public var isMentor = false

  // To one piece of data.
  /// Wrote it: a private note, a reflection, a resource shared with a community.
  public var isAuthor = false
  /// Keeps it: their goal, their celebration, an opportunity they posted.
  public var isOwner = false
  /// Gave the feedback in question.
  public var isGiver = false
  /// Received the feedback in question.
  public var isRecipient = false
  /// The one a request (for feedback, for a mentor) asks.
  public var isAsked = false
  /// The one who made the request.
  public var isRequester = false
  /// Named as a supporter (mentor, sponsor, peer) of the plan item in question.
  public var isSupporter = false
  /// Belongs to, or organises, the community in question.
  public var isMember = false
  public var isOrganiser = false

  // Choices made about the data.
  /// Who its owner lets see a goal.
  public var goalVisibility: GoalVisibility? = nil
  /// Who its person lets see a celebration.
  public var celebrationAudience: CelebrationAudience? = nil
  /// The giver let the recipient's manager read the feedback; the person shared their interest
  /// in an opportunity with their manager.
  public var sharedWithManager = false
  /// The organization shows people the key roles they are named for.
  public var nominationsShared = false
  /// The actor has reports (which makes them a manager).
  public var managesPeople = false

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

  /// A copy with one more fact set, for building facts in one expression.
  public func with<Value>(_ fact: WritableKeyPath<Relationship, Value>, _ value: Value) -> Relationship {
    var copy = self
    copy[keyPath: fact] = value
    return copy
  }

  /// Only `fact`, set to `value`.
  public static func only<Value>(_ fact: WritableKeyPath<Relationship, Value>, _ value: Value) -> Relationship
  {
    Relationship().with(fact, value)
  }
}
