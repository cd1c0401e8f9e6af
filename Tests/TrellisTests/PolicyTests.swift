import Testing

@testable import Trellis

@Suite("The policy table")
struct PolicyTests {
  static let person = Person(
    id: 1, email: "a@x.example", givenName: "A", familyName: "B", preferredName: "", jobTitle: "",
    department: "", location: "", employeeNumber: nil, hireDate: nil, managerID: nil, active: true)
  static let employee = Actor(person: person, roles: [])
  static let peopleTeam = Actor(person: person, roles: [.peopleTeam])
  static let admin = Actor(person: person, roles: [.admin])

  @Test func employmentRecordsFollowTheTable() {
    let cases: [(Actor, Relationship, Bool)] = [
      (Self.employee, Relationship(isSelf: true), true),
      (Self.employee, Relationship(isCurrentManager: true), true),
      (Self.employee, Relationship(isFormerManager: true), false),
      (Self.employee, Relationship(isSkipLevelManager: true), false),
      (Self.employee, Relationship(), false),
      (Self.peopleTeam, Relationship(), true),
      (Self.admin, Relationship(), false),
    ]
    for (actor, relationship, allowed) in cases {
      #expect(
        Policy.allows(actor, .viewEmploymentRecord, relationship) == allowed, "\(actor.roles) \(relationship)"
      )
    }
    #expect(Policy.isAudited(.viewEmploymentRecord, Relationship(isCurrentManager: true)))
    #expect(!Policy.isAudited(.viewEmploymentRecord, Relationship(isSelf: true)))
  }

  @Test func administrationIsForAdminsAndOwnDataForOneself() {
    for action in [Action.managePeople, .manageAccounts, .manageRoles, .viewAdminAudit] {
      #expect(Policy.allows(Self.admin, action))
      #expect(!Policy.allows(Self.peopleTeam, action))
      #expect(!Policy.allows(Self.employee, action))
    }
    for action in [Action.viewAccessHistory, .manageOwnCredentials] {
      #expect(Policy.allows(Self.employee, action, Relationship(isSelf: true)))
      #expect(!Policy.allows(Self.admin, action, Relationship(isCurrentManager: true)))
    }
    #expect(Policy.allows(Self.employee, .viewDirectory))
  }

  @Test func teamDashboardsShowRhythmUpTheLineAndProgressToTheCurrentManager() {
    let cases: [(Relationship, rhythm: Bool, progress: Bool)] = [
      (Relationship(isCurrentManager: true), true, true),
      (Relationship(isSkipLevelManager: true), true, false),
      (Relationship(isFormerManager: true), false, false),
      (Relationship(), false, false),
    ]
    for (relationship, rhythm, progress) in cases {
      #expect(Policy.allows(Self.employee, .viewTeamRhythm, relationship) == rhythm, "\(relationship)")
      #expect(Policy.allows(Self.employee, .viewGrowthProgress, relationship) == progress, "\(relationship)")
      #expect(!Policy.isAudited(.viewGrowthProgress, relationship), "figures, not the plan")
    }
    #expect(!Policy.allows(Self.peopleTeam, .viewTeamRhythm, Relationship()), "no individual rows")
    #expect(!Policy.mayShowFigure(drawnFrom: 4) && Policy.mayShowFigure(drawnFrom: 5))
  }
}
