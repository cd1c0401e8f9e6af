import Foundation
import SQL
import TestSupport
import Testing

@testable import Trellis

@Suite("Goals and objectives")
struct GoalTests {
  @Test(arguments: TestDatabases.available)
  func goalsLinkToObjectivesAndProgressThroughCheckIns(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let goals = fixture.services.goals
    let priya = try fixture.actor("priya.nair@northwind.example")
    let daniel = try fixture.actor("daniel.kim@northwind.example")
    let ana = try fixture.actor("ana.lima@northwind.example")
    let company = try goals.createObjective(
      priya, title: "Grow internal mobility", description: "", period: "2027", team: "")
    let team = try goals.createObjective(
      daniel, title: "Zero-downtime deploys", description: "", period: "2027-Q1", team: "Engineering")
    // A manager naming another team is told so beside the field; nothing is saved.
    #expect(
      throws: ValidationError(
        field: "team", "must be your own team (Engineering): managers set objectives for their team")
    ) {
      try goals.createObjective(daniel, title: "Sales target", description: "", period: "2027", team: "Sales")
    }
    #expect(throws: AccessError.self) {
      try goals.createObjective(ana, title: "x", description: "", period: "2027", team: "")
    }
    #expect(throws: ValidationError.self) {
      try goals.createObjective(priya, title: "", description: "", period: "", team: "")
    }
    #expect(try goals.objectives(ana).items.map(\.title).contains("Zero-downtime deploys"))

    let goal = try goals.create(
      ana,
      GoalInput(
        title: "Lead the deploy pipeline work", horizon: .shortTerm, objectiveID: team.id,
        visibility: .manager))
    #expect(goal.objective?.title == "Zero-downtime deploys")
    let aspiration = try goals.create(
      ana,
      GoalInput(
        title: "Move to the platform team", horizon: .aspiration, objectiveID: company.id,
        visibility: .private))
    #expect(throws: ValidationError.self) {
      try goals.create(
        ana, GoalInput(title: "x", horizon: .shortTerm, objectiveID: 9999, visibility: .private))
    }

    _ = try goals.checkIn(daniel, goal: goal.id, progress: 40, note: "Pipeline design agreed")
    #expect(throws: NotFound.self) { try goals.checkIn(daniel, goal: aspiration.id, progress: 10, note: "") }
    #expect(throws: AccessError.self) {
      try goals.update(daniel, goal: goal.id, status: .dropped, visibility: nil)
    }
    let achieved = try goals.checkIn(ana, goal: goal.id, progress: 100, note: "Shipped")
    #expect(achieved.status == .achieved)
    #expect(achieved.checkIns.map(\.progress) == [100, 40])

    let managerSees = try goals.goals(daniel, of: ana.id, via: .web).map(\.title)
    #expect(managerSees.contains("Lead the deploy pipeline work"))
    #expect(!managerSees.contains("Move to the platform team"), "a private goal")
    #expect(try fixture.services.audit.accessHistory(ana, of: ana.id).items.first?.data == "goals")
    _ = try goals.update(ana, goal: aspiration.id, status: nil, visibility: .everyone)
    #expect(
      try goals.goals(try fixture.actor("grace.mensah@northwind.example"), of: ana.id, via: .web).map(\.title)
        == ["Move to the platform team"])
  }

  @Test(arguments: TestDatabases.available)
  func templatesGiveATeamTheSameGoalOnce(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let goals = fixture.services.goals
    let priya = try fixture.actor("priya.nair@northwind.example")
    let ana = try fixture.actor("ana.lima@northwind.example")
    #expect(throws: AccessError.self) {
      try goals.createTemplate(ana, title: "x", description: "", horizon: .shortTerm, objectiveID: nil)
    }
    let template = try goals.createTemplate(
      priya, title: "Pair with someone from another team", description: "", horizon: .shortTerm,
      objectiveID: nil)
    #expect(try goals.assign(priya, template: template.id, team: "Design") == 6)
    #expect(try goals.assign(priya, template: template.id, team: "Design") == 0, "nobody gets it twice")
    #expect(try goals.assign(priya, template: template.id, team: "") == 34)
    #expect(try goals.templates(priya).first?.assigned == 40)
    let mine = try goals.goals(ana, of: ana.id, via: .web).first {
      $0.title == "Pair with someone from another team"
    }
    #expect(mine?.visibility == .manager)
    #expect(throws: NotFound.self) { try goals.assign(priya, template: 9999, team: "") }
  }
}
