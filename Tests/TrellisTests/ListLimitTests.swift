import Foundation
import SQL
import TestSupport
import Testing

@testable import Trellis

/// The lists people grow one entry at a time stop at their rule: one more is refused beside the
/// field it was typed in, and nothing is written.
@Suite("Lists that take at most so many")
struct ListLimitTests {
  /// Writes `row` until the stored list holds as many as `rule` takes.
  func fill(_ fixture: Fixture, _ rule: ListRule, _ row: SQLQuery, counting rows: SQLQuery) throws {
    try fixture.database.transaction { connection in
      let held = try connection.scalar("SELECT count(*) FROM \(rows)", as: Int.self) ?? 0
      for _ in held..<rule.count.upperBound { try connection.execute(row) }
    }
  }

  /// `add` is refused on `field`, naming the limit, and the list keeps its size.
  func expectFull(
    _ fixture: Fixture, _ rule: ListRule, field: String, counting rows: SQLQuery, _ add: () throws -> Void
  ) throws {
    let refusal = #expect(throws: ValidationError.self) { try add() }
    #expect(refusal?.problems.map(\.field) == [field])
    #expect(refusal?.problems.first?.message.contains(rule.count.upperBound.grouped) == true)
    let held = try fixture.database.withConnection {
      try $0.scalar("SELECT count(*) FROM \(rows)", as: Int.self)
    }
    #expect(held == rule.count.upperBound)
  }

  @Test(arguments: TestDatabases.available)
  func goalsPlansAndMentorshipsRefuseOneMorePastTheirRules(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let services = fixture.services
    let mei = try fixture.actor("mei.chen@northwind.example")
    let now = fixture.clock.now()

    let goal = try services.goals.create(
      mei, GoalInput(title: "Read more", horizon: .longTerm, visibility: .private))
    let checkIns: SQLQuery = "goal_checkins WHERE goal_id = \(goal.id)"
    try fill(
      fixture, .goalCheckIns,
      "INSERT INTO goal_checkins (goal_id, author_id, progress, note, created_at) VALUES (\(goal.id), \(mei.id), 10, 'x', \(now))",
      counting: checkIns)
    try expectFull(fixture, .goalCheckIns, field: "note", counting: checkIns) {
      _ = try services.goals.checkIn(mei, goal: goal.id, progress: 20, note: "One more")
    }

    let item = try services.plans.addItem(
      mei, for: mei.id,
      PlanItemInput(
        skill: "Facilitation", learningMode: .stretchAssignment, description: "Run the design critique",
        startOn: "2026-01-01", targetOn: "2026-06-01"))
    let plan = try #require(
      try fixture.database.withConnection {
        try $0.scalar("SELECT plan_id FROM plan_items WHERE id = \(item.id)", as: Int64.self)
      })
    let items: SQLQuery = "plan_items WHERE plan_id = \(plan)"
    try fill(
      fixture, .planItems,
      """
      INSERT INTO plan_items (plan_id, competency_slug, skill, learning_mode, community_id, description, owner_id,
        start_on, target_on, success_criteria, status, created_by, created_at, updated_at)
      SELECT plan_id, competency_slug, skill, learning_mode, community_id, description, owner_id,
        start_on, target_on, success_criteria, status, created_by, created_at, updated_at
      FROM plan_items WHERE id = \(item.id)
      """, counting: items)
    try expectFull(fixture, .planItems, field: "skill", counting: items) {
      _ = try services.plans.addItem(
        mei, for: mei.id,
        PlanItemInput(
          skill: "One more", learningMode: .formalTraining, description: "A course", startOn: "2026-01-01",
          targetOn: "2026-06-01"))
    }
    let milestones: SQLQuery = "plan_milestones WHERE item_id = \(item.id)"
    try fill(
      fixture, .planMilestones,
      "INSERT INTO plan_milestones (item_id, title, target_on) VALUES (\(item.id), 'x', \(CalendarDate("2026-02-01")!))",
      counting: milestones)
    try expectFull(fixture, .planMilestones, field: "title", counting: milestones) {
      _ = try services.plans.addMilestone(mei, item: item.id, title: "One more", targetOn: "2026-03-01")
    }
    let updates: SQLQuery = "plan_updates WHERE item_id = \(item.id)"
    try fill(
      fixture, .planUpdates,
      "INSERT INTO plan_updates (item_id, author_id, body, created_at) VALUES (\(item.id), \(mei.id), 'x', \(now))",
      counting: updates)
    try expectFull(fixture, .planUpdates, field: "body", counting: updates) {
      _ = try services.plans.addUpdate(mei, item: item.id, body: "One more")
    }

    let tomas = try fixture.actor("tomas.ferreira@northwind.example")
    let mentorship = try #require(
      try services.mentorship.overview(tomas).mentorships.items.first { $0.endedOn == nil })
    let goals: SQLQuery = "mentorship_goals WHERE relationship_id = \(mentorship.id)"
    try fill(
      fixture, .mentorshipGoals,
      "INSERT INTO mentorship_goals (relationship_id, title, created_by, created_at) VALUES (\(mentorship.id), 'x', \(tomas.id), \(now))",
      counting: goals)
    try expectFull(fixture, .mentorshipGoals, field: "title", counting: goals) {
      _ = try services.mentorship.addGoal(tomas, mentorship: mentorship.id, title: "One more")
    }
  }
}
