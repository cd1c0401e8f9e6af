/// What an actor may try to do. Data of later capabilities joins this list with its rules.
public enum Action: String, Sendable, CaseIterable {
  /// Names, titles, teams, the org chart: the directory everyone in the organization shares.
  case viewDirectory
  /// A person's employment record: employee number, hire date, reporting-line history.
  case viewEmploymentRecord
  /// "Who has seen my information".
  case viewAccessHistory
  /// Sessions and personal access tokens.
  case manageOwnCredentials
  /// Creating and editing people records, importing from the HR system.
  case managePeople
  /// Invitation and password-reset links, deactivation.
  case manageAccounts
  case manageRoles
  /// The log of administrative actions (never content).
  case viewAdminAudit
}

/// Refusals, typed so the edge can answer them the same way everywhere.
public enum AccessError: Error, Sendable, Equatable {
  /// No one is signed in.
  case signInRequired
  /// Signed in, but this is not theirs to see or do.
  case forbidden(Action)
}

/// The one place that decides who may do what: DESIGN.md's "Who may see what", as rules.
public enum Policy {
  /// True when `actor` may perform `action` on data about someone they stand to as `relationship`.
  public static func allows(_ actor: Actor, _ action: Action, _ relationship: Relationship = Relationship())
    -> Bool
  {
    switch action {
    case .viewDirectory:
      // Everyone in the organization.
      return true
    case .viewEmploymentRecord:
      // The person, their current manager, and the people team (who keep these records).
      // Not former or skip-level managers, not admins as such.
      return relationship.isSelf || relationship.isCurrentManager || actor.has(.peopleTeam)
    case .viewAccessHistory, .manageOwnCredentials:
      // Only the person themselves.
      return relationship.isSelf
    case .managePeople, .manageAccounts, .manageRoles, .viewAdminAudit:
      // Admins run the installation; they see accounts and settings, no career content.
      return actor.has(.admin)
    }
  }

  /// Throws `AccessError.forbidden` unless allowed.
  public static func require(
    _ actor: Actor, _ action: Action, _ relationship: Relationship = Relationship()
  ) throws {
    guard allows(actor, action, relationship) else { throw AccessError.forbidden(action) }
  }

  /// Whether a permitted read must be written to the subject's access history.
  public static func isAudited(_ action: Action, _ relationship: Relationship) -> Bool {
    switch action {
    case .viewEmploymentRecord: !relationship.isSelf
    default: false
    }
  }
}
