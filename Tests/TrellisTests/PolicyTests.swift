import Testing

@testable import Trellis

/// The whole policy in one table: every action, against every way of standing to the data, every
/// role and every choice its owner can make. An action missing from the table fails the test.
@Suite("The policy table")
struct PolicyTests {
  static let person = Person(
    id: 1, email: "a@x.example", givenName: "A", familyName: "B", preferredName: "", jobTitle: "",
    department: "", location: "", employeeNumber: nil, hireDate: nil, managerID: nil, active: true)

  /// One fact of `Relationship` at a time (or none), by name.
  static let standings: [(String, Relationship)] = [
    ("none", Relationship()), ("self", .only(\.isSelf, true)),
    ("currentManager", .only(\.isCurrentManager, true)),
    ("formerManager", .only(\.isFormerManager, true)),
    ("skipLevelManager", .only(\.isSkipLevelManager, true)),
    ("teammate", .only(\.isTeammate, true)), ("conversationPartner", .only(\.isConversationPartner, true)),
    ("handover", .only(\.hasHandover, true)), ("mentee", .only(\.isMentee, true)),
    ("mentor", .only(\.isMentor, true)),
    ("author", .only(\.isAuthor, true)), ("owner", .only(\.isOwner, true)), ("giver", .only(\.isGiver, true)),
    ("recipient", .only(\.isRecipient, true)), ("asked", .only(\.isAsked, true)),
    ("requester", .only(\.isRequester, true)), ("supporter", .only(\.isSupporter, true)),
    ("member", .only(\.isMember, true)), ("organiser", .only(\.isOrganiser, true)),
    ("managesPeople", .only(\.managesPeople, true)),
  ]
  static let roles: [(String, Set<Role>)] = [
    ("employee", []), ("peopleTeam", [.peopleTeam]), ("admin", [.admin]),
  ]

  /// The choices an owner makes that an action reads; "" when it reads none.
  static func choices(_ action: Action) -> [(String, (Relationship) -> Relationship)] {
    switch action {
    case .viewGoal, .checkInGoal:
      GoalVisibility.allCases.map { visibility in
        (visibility.rawValue, { $0.with(\.goalVisibility, visibility) })
      }
    case .viewCelebration:
      CelebrationAudience.allCases.map { audience in
        (audience.rawValue, { $0.with(\.celebrationAudience, audience) })
      }
    case .viewFeedback, .viewOpportunityInterest:
      [("kept", { $0 }), ("shared", { $0.with(\.sharedWithManager, true) })]
    case .viewNominations:
      [("hidden", { $0 }), ("shared", { $0.with(\.nominationsShared, true) })]
    default:
      [("", { $0 })]
    }
  }

  /// Who is allowed: `standing`, `@role` (any standing), `standing@role`, `*` (anyone), each
  /// optionally after `choice:`; `!` before an entry refuses what it names.
  static let table: [Action: Set<String>] = [
    .viewDirectory: ["*"],
    .viewAccessHistory: ["self"], .manageOwnCredentials: ["self"], .exportOwnData: ["self"],
    .managePeople: ["@admin"], .manageAccounts: ["@admin"], .viewAdminAudit: ["@admin"],
    .manageDelivery: ["@admin"], .seeInactivePeople: ["@admin"],
    .manageRoles: ["@admin", "!self@admin"],
    .viewEmploymentRecord: ["self", "currentManager", "@peopleTeam"],
    .viewConversation: ["self", "conversationPartner", "handover"],
    .takePartInConversation: ["self", "conversationPartner"],
    .givePulse: ["self"],
    .readPrivateWriting: ["author"],
    .manageGuides: ["@peopleTeam"], .manageRetention: ["@peopleTeam"],
    .erasePeople: ["@peopleTeam", "!self@peopleTeam"],
    .viewGrowth: ["self", "currentManager"], .viewPlan: ["self", "currentManager"],
    .viewPlanItem: ["self", "currentManager", "supporter"],
    .placeOnRole: ["currentManager", "@peopleTeam"],
    .viewGoal: ["private:owner", "manager:owner", "manager:currentManager", "everyone:*"],
    .changeGoal: ["owner"],
    .checkInGoal: [
      "private:owner", "manager:owner", "manager:currentManager", "everyone:owner", "everyone:currentManager",
    ],
    .manageObjectives: ["currentManager", "@peopleTeam"],
    .celebrate: ["owner"],
    .viewCelebration: [
      "manager:owner", "manager:currentManager", "team:owner", "team:currentManager", "team:teammate",
      "everyone:*",
    ],
    .viewFeedback: [
      "kept:giver", "kept:recipient", "shared:giver", "shared:recipient", "shared:currentManager",
    ],
    .respondToFeedback: ["recipient"],
    .answerFeedbackRequest: ["asked"],
    .organiseCommunity: ["organiser", "@peopleTeam"],
    .shareInCommunity: ["member"],
    .removeCommunityResource: ["author", "organiser", "@peopleTeam"],
    .postOpportunity: ["managesPeople", "@peopleTeam"],
    .manageOpportunity: ["owner", "@peopleTeam"],
    .selectForOpportunity: ["owner"],
    .viewOpportunityInterest: [
      "kept:self", "kept:owner", "shared:self", "shared:owner", "shared:currentManager",
    ],
    .takePartInMentorship: ["mentee", "mentor"],
    .answerMentorshipRequest: ["asked"],
    .withdrawMentorshipRequest: ["requester"],
    .viewOrganizationMetrics: ["@peopleTeam"], .manageSuccession: ["@peopleTeam"],
    .viewNominations: ["shared:self"],
    .viewTeamRhythm: ["currentManager", "skipLevelManager"],
    .viewGrowthProgress: ["currentManager"],
  ]

  /// Whether `entry` names this choice, standing and role.
  static func names(_ entry: Substring, choice: String, standing: String, role: String) -> Bool {
    var entry = entry
    let entryChoice = entry.contains(":") ? String(entry.prefix { $0 != ":" }) : ""
    if entry.contains(":") { entry = entry.drop { $0 != ":" }.dropFirst() }
    guard entryChoice == choice else { return false }
    let parts = entry.split(separator: "@", omittingEmptySubsequences: false)
    let entryStanding = parts[0].isEmpty ? "*" : String(parts[0])
    let entryRole = parts.count > 1 ? String(parts[1]) : "*"
    return (entryStanding == "*" || entryStanding == standing) && (entryRole == "*" || entryRole == role)
  }

  @Test func everyActionIsInTheTable() {
    #expect(Set(Action.allCases).subtracting(Self.table.keys).map(\.rawValue).sorted() == [])
  }

  @Test func everyActionAnswersAsTheTableSays() {
    var wrong: [String] = []
    for action in Action.allCases {
      let entries = Self.table[action] ?? []
      for (choice, apply) in Self.choices(action) {
        for (standing, facts) in Self.standings {
          for (role, granted) in Self.roles {
            let expected =
              entries.contains {
                !$0.hasPrefix("!") && Self.names($0[...], choice: choice, standing: standing, role: role)
              }
              && !entries.contains {
                $0.hasPrefix("!")
                  && Self.names($0.dropFirst(), choice: choice, standing: standing, role: role)
              }
            let actor = Actor(person: Self.person, roles: granted)
            if Policy.allows(actor, action, apply(facts)) != expected {
              wrong.append("\(action.rawValue) \(choice) \(standing) \(role): expected \(expected)")
            }
          }
        }
      }
    }
    #expect(wrong == [])
  }

  @Test func readsOfSomeoneElsesCareerDataAreAudited() {
    #expect(Policy.isAudited(.viewEmploymentRecord, Relationship(isCurrentManager: true)))
    #expect(!Policy.isAudited(.viewEmploymentRecord, Relationship(isSelf: true)))
    #expect(Policy.isAudited(.viewConversation, Relationship(hasHandover: true)))
    #expect(!Policy.isAudited(.viewConversation, Relationship(isConversationPartner: true)))
    for action in [Action.viewGrowth, .viewPlan, .viewPlanItem] {
      #expect(Policy.isAudited(action, Relationship(isCurrentManager: true)))
      #expect(!Policy.isAudited(action, Relationship(isSelf: true)))
    }
    #expect(
      !Policy.isAudited(.viewGrowthProgress, Relationship(isCurrentManager: true)), "figures, not the plan")
  }

  @Test func figuresNeedFivePeopleAndOnlyWhatIsSharedWithEveryoneIsAnnounced() {
    #expect(!Policy.mayShowFigure(drawnFrom: 4) && Policy.mayShowFigure(drawnFrom: 5))
    #expect(CelebrationAudience.allCases.filter(Policy.mayAnnounce) == [.everyone])
  }
}
