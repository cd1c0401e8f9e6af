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
  /// A career conversation: agenda, shared notes, shared reflections, summary, action items.
  case viewConversation
  /// Scheduling, adding to, and writing in a conversation.
  case takePartInConversation
  /// A private note or an unshared reflection (relationship `isSelf` means "its author").
  case readPrivateWriting
  /// Conversation guides and the organization's default cadence.
  case manageGuides
  /// Someone's growth: their role, target role and competency ratings.
  case viewGrowth
  /// Placing someone on a role in the framework.
  case placeOnRole
  /// A development plan: the person and their current manager see all of it.
  case viewPlan
  /// One plan item: also its named supporters.
  case viewPlanItem
  /// Objectives of the organization (people team) or of one's own team (its manager).
  case manageObjectives
  /// People who have left, and retired guides: kept from the everyday lists.
  case seeInactivePeople
  /// The anonymous pulse after a conversation (`isSelf`: the actor is its employee).
  case givePulse
  /// A goal's status and visibility (`isSelf`: the actor owns it).
  case changeGoal
  /// Celebrating one's own progress, and taking a celebration back.
  case celebrate
  /// Thanking for, replying to, and acting on feedback (`isSelf`: the actor received it).
  case respondToFeedback
  /// Answering or declining a request for feedback (`isSelf`: the actor is the one asked).
  case answerFeedbackRequest
  /// A community's details, members, organisers and meetings: its organisers and the people team.
  case organiseCommunity
  /// Sharing a resource with a community: its members. Taking one down: whoever shared it
  /// (`isSelf`) and the organisers.
  case shareInCommunity
  case removeCommunityResource
  /// Changing and closing an opportunity (`isSelf`: the actor keeps it).
  case manageOpportunity
  /// Shortlisting, selecting and turning down those interested (`isSelf`: the actor keeps it).
  case selectForOpportunity
  /// A person's interest in opportunities: theirs; their current manager's for what they shared.
  case viewOpportunityInterest
  /// A mentorship, its goals and its end (`isSelf`: the mentee; `isConversationPartner`: the mentor).
  case takePartInMentorship
  /// Accepting or declining a request to be someone's mentor (`isSelf`: the mentor asked).
  case answerMentorshipRequest
  /// Taking back one's own pending request for a mentor (`isSelf`: the mentee who asked).
  case withdrawMentorshipRequest
  /// Organization-wide aggregates (never below five people): the people team.
  case viewOrganizationMetrics
  /// A report's rhythm on a team dashboard (dates, status, counts of action items and the day of
  /// their last feedback, never content): their manager and the managers above.
  case viewTeamRhythm
  /// A report's progress on a team dashboard (plan items done, next milestone, goal progress,
  /// follow-through): their current manager, who may open the plan itself.
  case viewGrowthProgress
  /// Key roles and their potential successors: the people team alone.
  case manageSuccession
  /// The outbox of emails and web hooks: admins (who see recipients and subjects, never bodies).
  case manageDelivery
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
    case .managePeople, .manageAccounts, .viewAdminAudit, .manageDelivery:
      // Admins run the installation; they see accounts and settings, no career content.
      return actor.has(.admin)
    case .manageRoles:
      // No one grants or revokes their own roles.
      return actor.has(.admin) && !relationship.isSelf
    case .viewConversation:
      // The employee always; the partner while the relationship lasts; a new manager only
      // what the employee handed over. Not former managers, the people team or admins.
      return relationship.isSelf || relationship.isConversationPartner || relationship.hasHandover
    case .takePartInConversation:
      return relationship.isSelf || relationship.isConversationPartner
    case .readPrivateWriting:
      // Its author only.
      return relationship.isSelf
    case .manageGuides:
      return actor.has(.peopleTeam)
    case .viewGrowth:
      // Like a development plan: the person and their current manager only.
      return relationship.isSelf || relationship.isCurrentManager
    case .viewPlan:
      return relationship.isSelf || relationship.isCurrentManager
    case .viewPlanItem:
      return relationship.isSelf || relationship.isCurrentManager || relationship.isSupporter
    case .seeInactivePeople:
      return actor.has(.admin)
    case .givePulse, .changeGoal, .celebrate, .respondToFeedback, .answerFeedbackRequest,
      .answerMentorshipRequest, .withdrawMentorshipRequest, .selectForOpportunity:
      // Only the employee answers the pulse; only a goal's owner changes it; progress is
      // celebrated by the person who made it.
      return relationship.isSelf
    case .manageObjectives:
      return actor.has(.peopleTeam) || relationship.isCurrentManager
    case .organiseCommunity:
      return relationship.isOrganiser || actor.has(.peopleTeam)
    case .shareInCommunity:
      return relationship.isMember
    case .removeCommunityResource:
      return relationship.isSelf || relationship.isOrganiser || actor.has(.peopleTeam)
    case .manageOpportunity:
      return relationship.isSelf || actor.has(.peopleTeam)
    case .viewOpportunityInterest:
      return relationship.isSelf || relationship.isCurrentManager
    case .takePartInMentorship:
      return relationship.isSelf || relationship.isConversationPartner
    case .viewOrganizationMetrics, .manageSuccession:
      return actor.has(.peopleTeam)
    case .viewTeamRhythm:
      return relationship.isCurrentManager || relationship.isSkipLevelManager
    case .viewGrowthProgress:
      // Figures, not the plan: not written to the access history (opening the plan is).
      return relationship.isCurrentManager
    case .placeOnRole:
      // The people team keeps the framework and where people are in it; managers for their reports.
      return actor.has(.peopleTeam) || relationship.isCurrentManager
    }
  }

  /// Throws `AccessError.forbidden` unless allowed.
  public static func require(
    _ actor: Actor, _ action: Action, _ relationship: Relationship = Relationship()
  ) throws {
    guard allows(actor, action, relationship) else { throw AccessError.forbidden(action) }
  }

  /// Who sees a goal: its owner always; their current manager unless it is private; everyone
  /// in the organization when its owner chose so.
  public static func canSeeGoal(_ actor: Actor, visibility: GoalVisibility, _ relationship: Relationship)
    -> Bool
  {
    switch visibility {
    case .private: relationship.isSelf
    case .manager: relationship.isSelf || relationship.isCurrentManager
    case .everyone: true
    }
  }

  /// Who checks in on a goal: its owner, and their current manager on a goal they may see.
  public static func canCheckInGoal(_ actor: Actor, visibility: GoalVisibility, _ relationship: Relationship)
    -> Bool
  {
    relationship.isSelf
      || (relationship.isCurrentManager && canSeeGoal(actor, visibility: visibility, relationship))
  }

  /// Who sees a celebration: its person and their current manager always; the people they work
  /// with when it is for the team; everyone when it is for everyone.
  public static func canSeeCelebration(
    _ actor: Actor, audience: CelebrationAudience, _ relationship: Relationship
  ) -> Bool {
    if relationship.isSelf || relationship.isCurrentManager { return true }
    switch audience {
    case .manager: return false
    case .team: return relationship.isTeammate
    case .everyone: return true
    }
  }

  /// Who reads a piece of feedback: its giver and its recipient; the recipient's current manager
  /// only when the giver allowed it. Never the people team or former managers.
  public static func canSeeFeedback(
    _ actor: Actor, isGiver: Bool, managerMaySee: Bool, _ recipient: Relationship
  ) -> Bool {
    isGiver || recipient.isSelf || (recipient.isCurrentManager && managerMaySee)
  }

  /// Who posts opportunities: managers (anyone with reports) and the people team.
  public static func canPostOpportunities(_ actor: Actor, managesPeople: Bool) -> Bool {
    managesPeople || actor.has(.peopleTeam)
  }

  /// Who sees someone's interest in an opportunity: the person and the opportunity's owner; their
  /// current manager only if the person chose to share it. Never the people team as such.
  public static func canSeeInterest(
    _ actor: Actor, isOwner: Bool, sharedWithManager: Bool, _ person: Relationship
  ) -> Bool {
    isOwner || person.isSelf || (person.isCurrentManager && sharedWithManager)
  }

  /// Who sees the key roles a person is named for: the person, once the organization shares
  /// nominations. (The people team sees every list through `manageSuccession`.)
  public static func canSeeNominations(_ actor: Actor, sharedWithPeople: Bool, _ nominee: Relationship)
    -> Bool
  {
    nominee.isSelf && sharedWithPeople
  }

  /// What may leave Trellis for a web hook: only a celebration its person shared with everyone,
  /// as a title and a link.
  public static func mayAnnounce(_ audience: CelebrationAudience) -> Bool {
    audience == .everyone
  }

  /// Aggregates are shown only when at least this many people are behind them.
  public static let smallestGroup = 5

  /// Whether a figure drawn from `people` people may be shown (to anyone, the people team included).
  public static func mayShowFigure(drawnFrom people: Int) -> Bool { people >= smallestGroup }

  /// Whether a permitted read must be written to the subject's access history.
  public static func isAudited(_ action: Action, _ relationship: Relationship) -> Bool {
    switch action {
    case .viewEmploymentRecord: !relationship.isSelf
    // Participants read their own conversations; someone reading what was handed over is logged.
    case .viewConversation: !relationship.isSelf && !relationship.isConversationPartner
    case .viewGrowth, .viewPlan, .viewPlanItem: !relationship.isSelf
    default: false
    }
  }
}
