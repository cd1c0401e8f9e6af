/// What Trellis stores, for an organization's data-protection officer: each kind of data, the
/// tables that hold it, who may read it (asked of the policy), how long it is kept (the retention
/// settings) and where it goes. A test checks that every table of the schema is listed here.
public struct DataInventoryEntry: Sendable {
  /// Someone who might read it, and the facts the policy reads about them.
  public struct Candidate: Sendable {
    let who: String
    let facts: Relationship
    var roles: Set<Role> = []
  }

  public let name: String
  public let holds: String
  public let tables: [String]
  let action: Action
  let candidates: [Candidate]
  /// Readers under each choice the data's owner makes (a goal's visibility), when there are any.
  let choices: [(String, @Sendable (Relationship) -> Relationship)]
  public let retention: RetainedKind?
  /// When `retention` is nil: how long it is kept.
  public let kept: String
  public let goesTo: String

  /// Who may read it, as the policy answers today, per choice ("" when there is no choice).
  public var readers: [(choice: String, who: [String])] {
    let unchanged: @Sendable (Relationship) -> Relationship = { $0 }
    let all = choices.isEmpty ? [("", unchanged)] : choices
    return all.map { choice, apply in
      (
        choice,
        candidates.filter {
          Policy.allows(Actor(person: DataInventory.someone, roles: $0.roles), action, apply($0.facts))
        }.map(\.who)
      )
    }
  }
}

public enum DataInventory {
  static let someone = Person(
    id: 0, email: "", givenName: "", familyName: "", preferredName: "", jobTitle: "", department: "",
    location: "",
    employeeNumber: nil, hireDate: nil, managerID: nil, active: true)

  static let peopleTeam = DataInventoryEntry.Candidate(
    who: "the people team", facts: Relationship(), roles: [.peopleTeam])
  static let admins = DataInventoryEntry.Candidate(who: "admins", facts: Relationship(), roles: [.admin])
  static let anyone = DataInventoryEntry.Candidate(
    who: "anyone else in the organization", facts: Relationship())
  static let currentManager = DataInventoryEntry.Candidate(
    who: "their current manager", facts: .only(\.isCurrentManager, true))
  static let formerManager = DataInventoryEntry.Candidate(
    who: "a former manager", facts: .only(\.isFormerManager, true))
  static let skipLevel = DataInventoryEntry.Candidate(
    who: "a skip-level manager", facts: .only(\.isSkipLevelManager, true))
  static let teammate = DataInventoryEntry.Candidate(who: "a teammate", facts: .only(\.isTeammate, true))
  static let everyoneElse = [currentManager, formerManager, skipLevel, teammate, anyone, peopleTeam, admins]

  public static let entries: [DataInventoryEntry] = [
    DataInventoryEntry(
      name: "Directory", holds: "Names, email, job title, department, team, location, manager.",
      tables: ["people"], action: .viewDirectory,
      candidates: [.init(who: "the person", facts: .only(\.isSelf, true))] + everyoneElse, choices: [],
      retention: .leavers, kept: "",
      goesTo:
        "Every page and email that names the person; “Everything about me”; the identity provider's provisioning (SCIM) client, which also keeps it up to date."
    ),
    DataInventoryEntry(
      name: "Employment record", holds: "Employee number, hire date and reporting lines over time.",
      tables: ["manager_history"], action: .viewEmploymentRecord,
      candidates: [.init(who: "the person", facts: .only(\.isSelf, true))] + everyoneElse, choices: [],
      retention: .leavers, kept: "", goesTo: "CSV imports from the HR system; “Everything about me”."),
    DataInventoryEntry(
      name: "Account",
      holds:
        "Password hash, second-factor secret, sessions, API tokens, sign-in links, roles, failed sign-ins, the identity provider's id for the person (single sign-on), and their time zone.",
      tables: [
        "credentials", "sessions", "access_tokens", "account_links", "role_grants", "sign_in_failures",
        "external_identities", "sso_attempts", "totp_secrets", "second_factor_challenges",
        "person_time_zones",
      ],
      action: .manageOwnCredentials,
      candidates: [.init(who: "the person", facts: .only(\.isSelf, true))] + everyoneElse, choices: [],
      retention: .leavers, kept: "", goesTo: "Sign-in links by email to the person alone."),
    DataInventoryEntry(
      name: "Conversations",
      holds:
        "Schedule, agenda, shared notes and their history, shared reflections, summary, action items (and, by quarter, how many of them the next conversation found done), the full-text index.",
      tables: [
        "relationships", "conversations", "agenda_items", "shared_notes", "note_revisions", "summaries",
        "action_items", "follow_through",
        "handovers", "search_index", "pulse_given",
      ],
      action: .viewConversation,
      candidates: [
        .init(who: "the employee", facts: .only(\.isSelf, true)),
        .init(who: "their manager or mentor in it", facts: .only(\.isConversationPartner, true)),
        .init(who: "a new manager it was handed to", facts: .only(\.hasHandover, true)),
      ] + everyoneElse, choices: [],
      retention: .conversationContent, kept: "",
      goesTo:
        "Calendar invitations (times and guide only) by email and calendar feed; reminders name the conversation, never its content; “Everything about me” of both."
    ),
    DataInventoryEntry(
      name: "Private notes and unshared reflections",
      holds: "What one participant writes for themselves, summaries not yet shared included.",
      tables: ["private_notes", "reflections", "summary_drafts"], action: .readPrivateWriting,
      candidates: [
        .init(who: "their author", facts: .only(\.isAuthor, true)),
        .init(who: "the other participant", facts: .only(\.isConversationPartner, true)),
      ] + everyoneElse, choices: [],
      retention: .privateWriting, kept: "", goesTo: "Their author’s “Everything about me” only."),
    DataInventoryEntry(
      name: "Development plans", holds: "Items, milestones, supporters and progress notes.",
      tables: ["plans", "plan_items", "plan_milestones", "plan_updates", "plan_item_supporters"],
      action: .viewPlan,
      candidates: [.init(who: "the person", facts: .only(\.isSelf, true))] + everyoneElse, choices: [],
      retention: .leavers, kept: "",
      goesTo: "Milestone reminders by email to the person; a supporter sees the one item they support."),
    DataInventoryEntry(
      name: "Goals", holds: "Goals, milestones and check-ins; objectives and templates of the organization.",
      tables: ["goals", "goal_milestones", "goal_checkins", "objectives", "goal_templates"],
      action: .viewGoal,
      candidates: [.init(who: "the person", facts: .only(\.isOwner, true))] + everyoneElse,
      choices: GoalVisibility.allCases.map { visibility in
        ("shown to \(visibility.rawValue)", { $0.with(\.goalVisibility, visibility) })
      },
      retention: .leavers, kept: "", goesTo: "Celebrations, when the person celebrates one."),
    DataInventoryEntry(
      name: "Growth",
      holds:
        "Role, target role, and competency assessments by the person and their manager; the career framework.",
      tables: [
        "role_placements", "assessments", "framework_tracks", "framework_levels", "framework_areas",
        "framework_competencies", "framework_expectations", "framework_roles", "framework_versions",
      ],
      action: .viewGrowth,
      candidates: [.init(who: "the person", facts: .only(\.isSelf, true))] + everyoneElse,
      choices: [], retention: .leavers, kept: "", goesTo: "“Everything about me”."),
    DataInventoryEntry(
      name: "Feedback", holds: "Situation, behaviour, impact and next step; requests for feedback.",
      tables: ["feedback", "feedback_requests"], action: .viewFeedback,
      candidates: [
        .init(who: "its giver", facts: .only(\.isGiver, true)),
        .init(who: "its recipient", facts: .only(\.isRecipient, true)),
      ] + everyoneElse,
      choices: [
        ("kept from the manager", { $0 }),
        ("shared with the manager", { $0.with(\.sharedWithManager, true) }),
      ],
      retention: .feedback, kept: "", goesTo: "An email that feedback arrived (no content)."),
    DataInventoryEntry(
      name: "Interest in opportunities",
      holds: "Notes to the owner of an opportunity; the opportunities themselves.",
      tables: [
        "opportunities", "opportunity_interests", "opportunity_needs", "opportunity_develops",
        "opportunity_subscriptions",
      ],
      action: .viewOpportunityInterest,
      candidates: [
        .init(who: "the person", facts: .only(\.isSelf, true)),
        .init(who: "the opportunity's owner", facts: .only(\.isOwner, true)),
      ] + everyoneElse,
      choices: [
        ("kept from the manager", { $0 }),
        ("shared with the manager", { $0.with(\.sharedWithManager, true) }),
      ],
      retention: .leavers, kept: "",
      goesTo: "An email to the owner (names only); web hooks announce new opportunities (titles only)."),
    DataInventoryEntry(
      name: "Mentoring",
      holds: "Offers to mentor, requests, mentorships with their goals and closing reflections.",
      tables: [
        "mentor_offers", "mentor_competencies", "mentorship_requests", "mentorships", "mentorship_goals",
      ],
      action: .takePartInMentorship,
      candidates: [
        .init(who: "the mentee", facts: .only(\.isMentee, true)),
        .init(who: "the mentor", facts: .only(\.isMentor, true)),
      ] + everyoneElse, choices: [],
      retention: .leavers, kept: "", goesTo: "Emails about requests and answers (names only)."),
    DataInventoryEntry(
      name: "Communities", holds: "Communities, members, meetings and shared resources.",
      tables: [
        "communities", "community_members", "community_meetings", "community_resources",
        "community_competencies",
      ],
      action: .viewDirectory,
      candidates: [.init(who: "members", facts: .only(\.isMember, true))] + everyoneElse,
      choices: [], retention: .leavers, kept: "", goesTo: "Meeting invitations by email."),
    DataInventoryEntry(
      name: "Celebrations", holds: "What a person celebrates and the kudos given.",
      tables: ["celebrations", "celebration_kudos"], action: .viewCelebration,
      candidates: [.init(who: "the person", facts: .only(\.isOwner, true))] + everyoneElse,
      choices: CelebrationAudience.allCases.map { audience in
        ("shown to \(audience.rawValue)", { $0.with(\.celebrationAudience, audience) })
      },
      retention: .leavers, kept: "", goesTo: "Web hooks when shown to everyone (title and name)."),
    DataInventoryEntry(
      name: "Succession",
      holds: "Key roles and the people named as possible successors, with readiness and development notes.",
      tables: ["key_roles", "successors"], action: .manageSuccession,
      candidates: [.init(who: "the person named", facts: .only(\.isSelf, true))] + everyoneElse, choices: [],
      retention: .leavers, kept: "",
      goesTo: "Nowhere; the person sees the roles they are named for when the organization shares that."),
    DataInventoryEntry(
      name: "Access history", holds: "Who read someone's career information, what, when and how.",
      tables: ["access_log"], action: .viewAccessHistory,
      candidates: [.init(who: "the person read about", facts: .only(\.isSelf, true))] + everyoneElse,
      choices: [],
      retention: .accessHistory, kept: "", goesTo: "“Everything about me”."),
    DataInventoryEntry(
      name: "Audit log", holds: "Administrative actions: who did what to whom, never content.",
      tables: ["admin_audit", "people_imports"], action: .viewAdminAudit, candidates: everyoneElse,
      choices: [],
      retention: .auditLog, kept: "", goesTo: "Security emails to the person an action was about."),
    DataInventoryEntry(
      name: "Outbox", holds: "Emails and web hook messages waiting or sent.",
      tables: [
        "outbox", "webhooks", "notification_preferences", "notification_hours", "unsubscribe_tokens",
        "calendar_feeds",
      ],
      action: .manageDelivery, candidates: everyoneElse, choices: [],
      retention: .outbox, kept: "",
      goesTo:
        "The SMTP server and web hook addresses the admins set; admins see recipients and states, never subjects."
    ),
    DataInventoryEntry(
      name: "Organization figures",
      holds:
        "Quarterly counts by department, team and location (never below five people), and anonymous pulse answers.",
      tables: ["insight_cells", "insight_refreshes", "pulse_responses"], action: .viewOrganizationMetrics,
      candidates: everyoneElse, choices: [], retention: nil,
      kept: "Kept: they name no one.", goesTo: "CSV downloads by the people team."),
    DataInventoryEntry(
      name: "Settings and guides",
      holds:
        "Conversation guides, cadence and retention settings, and which server runs each background job.",
      tables: ["settings", "guides", "guide_versions", "job_leases"], action: .viewDirectory,
      candidates: [anyone, peopleTeam, admins],
      choices: [], retention: nil, kept: "Kept while Trellis runs.", goesTo: "Nowhere."),
    DataInventoryEntry(
      name: "Single sign-on and provisioning",
      holds:
        "Each identity provider's address, client id and secret, its keys, and the email domains it signs in; provisioning tokens; the names of the teams an identity provider sends as groups; the ids of SAML assertions already used, until they expire.",
      tables: [
        "identity_providers", "identity_provider_domains", "scim_tokens", "scim_groups", "saml_assertions",
      ],
      action: .manageAccounts,
      candidates: everyoneElse, choices: [], retention: nil,
      kept: "Kept until an admin removes the provider or token, or the provider deletes the group.",
      goesTo: "The identity provider, when someone signs in."),
  ]
}
