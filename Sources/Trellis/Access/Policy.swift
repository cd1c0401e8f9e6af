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
  /// Downloading everything about oneself.
  case exportOwnData
  /// How long each kind of data is kept: the people team.
  case manageRetention
  /// Erasing someone who left, on request: the people team, never themselves.
  case erasePeople
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
  /// A private note or an unshared reflection: its author.
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
  /// The anonymous pulse after a conversation: its employee.
  case givePulse
  /// Reading a goal, as its owner chose (`goalVisibility`).
  case viewGoal
  /// A goal's status and visibility: its owner.
  case changeGoal
  /// Checking in on a goal's progress: its owner, and their manager on a goal they may see.
  case checkInGoal
  /// Reading a celebration, as its person chose (`celebrationAudience`).
  case viewCelebration
  /// Celebrating one's own progress, and taking a celebration back.
  case celebrate
  /// Reading a piece of feedback: its giver and recipient; the recipient's manager when the giver
  /// allowed it (`sharedWithManager`).
  case viewFeedback
  /// Thanking for, replying to, and acting on feedback: its recipient.
  case respondToFeedback
  /// Answering or declining a request for feedback: the one asked.
  case answerFeedbackRequest
  /// A community's details, members, organisers and meetings: its organisers and the people team.
  case organiseCommunity
  /// Sharing a resource with a community: its members. Taking one down: whoever shared it
  /// (`isAuthor`) and the organisers.
  case shareInCommunity
  case removeCommunityResource
  /// Posting an opportunity: managers and the people team.
  case postOpportunity
  /// Changing and closing an opportunity: the one who keeps it, and the people team.
  case manageOpportunity
  /// Shortlisting, selecting and turning down those interested: the one who keeps it.
  case selectForOpportunity
  /// A person's interest in an opportunity: theirs; the opportunity's owner; their current
  /// manager for what they shared (`sharedWithManager`).
  case viewOpportunityInterest
  /// A mentorship, its goals and its end: its mentee and mentor.
  case takePartInMentorship
  /// Accepting or declining a request to be someone's mentor: the mentor asked.
  case answerMentorshipRequest
  /// Taking back one's own pending request for a mentor: the mentee who asked.
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
  /// The key roles a person is named for: the person, once the organization shares nominations.
  case viewNominations
  /// The outbox of emails and web hooks: admins (who see kinds, recipients and states, never
  /// subjects or bodies).
  case manageDelivery
}

/// Refusals, typed so the edge can answer them the same way everywhere.
public enum AccessError: Error, Sendable, Equatable {
  /// No one is signed in.
  case signInRequired
  /// Signed in, but this is not theirs to see or do.
  case forbidden(Action)
}

/// The one place that decides who may do what: DESIGN.md's "Who may see what", as rules. Each
/// rule is an action and the facts (`Relationship`) it reads; `PolicyTests` checks every action
/// against every standing and role in one table.
public enum Policy {
  /// True when `actor` may perform `action` given the `facts` of the case.
  public static func allows(_ actor: Actor, _ action: Action, _ facts: Relationship = Relationship()) -> Bool
  {
    let isPeopleTeam = actor.has(.peopleTeam)
    let isAdmin = actor.has(.admin)
    switch action {
    // Everyone in the organization.
    case .viewDirectory:
      return true

    // One's own account and history.
    case .viewAccessHistory, .manageOwnCredentials, .exportOwnData:
      return facts.isSelf

    // Running the installation: admins, who see accounts and settings, never career content, and
    // never change their own roles.
    case .managePeople, .manageAccounts, .viewAdminAudit, .manageDelivery, .seeInactivePeople:
      return isAdmin
    case .manageRoles:
      return isAdmin && !facts.isSelf

    // The employment record: the person, their current manager, the people team who keep it.
    // Not former or skip-level managers, not admins as such.
    case .viewEmploymentRecord:
      return facts.isSelf || facts.isCurrentManager || isPeopleTeam

    // Conversations: the employee always; the partner while the relationship lasts; a new manager
    // only what the employee handed over, to read. Not former managers, the people team or admins.
    case .viewConversation:
      return facts.isSelf || facts.isConversationPartner || facts.hasHandover
    case .takePartInConversation:
      return facts.isSelf || facts.isConversationPartner
    case .givePulse:
      return facts.isSelf
    case .readPrivateWriting:
      return facts.isAuthor
    case .manageGuides, .manageRetention:
      return isPeopleTeam
    case .erasePeople:
      return isPeopleTeam && !facts.isSelf

    // Growth and plans: the person and their current manager; a supporter sees the items they
    // support. The people team places people on roles in the framework it keeps.
    case .viewGrowth, .viewPlan:
      return facts.isSelf || facts.isCurrentManager
    case .viewPlanItem:
      return facts.isSelf || facts.isCurrentManager || facts.isSupporter
    case .placeOnRole:
      return isPeopleTeam || facts.isCurrentManager

    // Goals, as their owner chose; objectives for the organization or one's own team.
    case .viewGoal:
      switch facts.goalVisibility {
      case .private?: return facts.isOwner
      case .manager?: return facts.isOwner || facts.isCurrentManager
      case .everyone?: return true
      case nil: return false
      }
    case .changeGoal:
      return facts.isOwner
    case .checkInGoal:
      return facts.isOwner || (facts.isCurrentManager && allows(actor, .viewGoal, facts))
    case .manageObjectives:
      return isPeopleTeam || facts.isCurrentManager

    // Celebrations: made by the person who progressed; seen by them, their manager, and the
    // audience they chose.
    case .celebrate:
      return facts.isOwner
    case .viewCelebration:
      if facts.isOwner || facts.isCurrentManager { return true }
      switch facts.celebrationAudience {
      case .team?: return facts.isTeammate
      case .everyone?: return true
      case .manager?, nil: return false
      }

    // Feedback: its giver and recipient; the recipient's manager when the giver allowed it. Never
    // the people team or former managers.
    case .viewFeedback:
      return facts.isGiver || facts.isRecipient || (facts.isCurrentManager && facts.sharedWithManager)
    case .respondToFeedback:
      return facts.isRecipient
    case .answerFeedbackRequest:
      return facts.isAsked

    // Communities: organisers and the people team run them; members share; whoever shared a
    // resource, or an organiser, takes it down.
    case .organiseCommunity:
      return facts.isOrganiser || isPeopleTeam
    case .shareInCommunity:
      return facts.isMember
    case .removeCommunityResource:
      return facts.isAuthor || facts.isOrganiser || isPeopleTeam

    // Opportunities: posted by managers and the people team; interest is the person's, its
    // opportunity's owner's, and their manager's only if shared.
    case .postOpportunity:
      return facts.managesPeople || isPeopleTeam
    case .manageOpportunity:
      return facts.isOwner || isPeopleTeam
    case .selectForOpportunity:
      return facts.isOwner
    case .viewOpportunityInterest:
      return facts.isSelf || facts.isOwner || (facts.isCurrentManager && facts.sharedWithManager)

    // Mentorship: its two people; a request is answered by the mentor asked, withdrawn by the mentee.
    case .takePartInMentorship:
      return facts.isMentee || facts.isMentor
    case .answerMentorshipRequest:
      return facts.isAsked
    case .withdrawMentorshipRequest:
      return facts.isRequester

    // Aggregates and succession: the people team; a manager sees their team's rhythm (and those
    // above them), and progress of their own reports. Figures, not content: not audited.
    case .viewOrganizationMetrics, .manageSuccession:
      return isPeopleTeam
    case .viewNominations:
      return facts.isSelf && facts.nominationsShared
    case .viewTeamRhythm:
      return facts.isCurrentManager || facts.isSkipLevelManager
    case .viewGrowthProgress:
      return facts.isCurrentManager
    }
  }

  /// Throws `AccessError.forbidden` unless allowed.
  public static func require(_ actor: Actor, _ action: Action, _ facts: Relationship = Relationship()) throws
  {
    guard allows(actor, action, facts) else { throw AccessError.forbidden(action) }
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
  public static func isAudited(_ action: Action, _ facts: Relationship) -> Bool {
    switch action {
    case .viewEmploymentRecord: !facts.isSelf
    // Participants read their own conversations; someone reading what was handed over is logged.
    case .viewConversation: !facts.isSelf && !facts.isConversationPartner
    case .viewGrowth, .viewPlan, .viewPlanItem: !facts.isSelf
    default: false
    }
  }
}
