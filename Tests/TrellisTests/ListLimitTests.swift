import Foundation
import SQL
import TestSupport
import Testing

@testable import Trellis

/// The lists people grow one entry at a time stop at their rule: one more is refused beside the
/// field it was typed in, and nothing is written.
@Suite("Lists that take at most so many")
struct ListLimitTests {
  /// One list: its rule, the field one more is typed in, its stored rows (what follows
  /// `SELECT count(*) FROM`), a row that fills it in SQL, and the service's way to add one more.
  struct Limited {
    let rule: ListRule
    let field: String
    let rows: SQLQuery
    let filler: SQLQuery
    let addOneMore: () throws -> Void
  }

  @Test(arguments: TestDatabases.available)
  func goalsPlansAndMentorshipsRefuseOneMorePastTheirRules(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let services = fixture.services
    let mei = try fixture.actor("mei.chen@northwind.example")
    let tomas = try fixture.actor("tomas.ferreira@northwind.example")
    let now = fixture.clock.now()
    let goal = try services.goals.create(
      mei, GoalInput(title: "Read more", horizon: .longTerm, visibility: .private))
    func planItem(_ skill: String) throws -> PlanItem {
      try services.plans.addItem(
        mei, for: mei.id,
        PlanItemInput(
          skill: skill, learningMode: .stretchAssignment, description: "Run the design critique",
          startOn: "2026-01-01", targetOn: "2026-06-01"))
    }
    let item = try planItem("Facilitation")
    let plan = try #require(
      try fixture.database.withConnection {
        try $0.scalar("SELECT plan_id FROM plan_items WHERE id = \(item.id)", as: Int64.self)
      })
    let mentorship = try #require(
      try services.mentorship.overview(tomas).mentorships.items.first { $0.endedOn == nil }
    ).id

    let lists = [
      Limited(
        rule: .goalCheckIns, field: "note", rows: "goal_checkins WHERE goal_id = \(goal.id)",
        filler:
          "INSERT INTO goal_checkins (goal_id, author_id, progress, note, created_at) VALUES (\(goal.id), \(mei.id), 10, 'x', \(now))"
      ) { _ = try services.goals.checkIn(mei, goal: goal.id, progress: 20, note: "One more") },
      Limited(
        rule: .planItems, field: "skill", rows: "plan_items WHERE plan_id = \(plan)",
        filler: """
          INSERT INTO plan_items (plan_id, competency_slug, skill, learning_mode, community_id, description, owner_id,
            start_on, target_on, success_criteria, status, created_by, created_at, updated_at)
          SELECT plan_id, competency_slug, skill, learning_mode, community_id, description, owner_id,
            start_on, target_on, success_criteria, status, created_by, created_at, updated_at
          FROM plan_items WHERE id = \(item.id)
          """
      ) { _ = try planItem("One more") },
      Limited(
        rule: .planMilestones, field: "title", rows: "plan_milestones WHERE item_id = \(item.id)",
        filler:
          "INSERT INTO plan_milestones (item_id, title, target_on) VALUES (\(item.id), 'x', \(CalendarDate("2026-02-01")!))"
      ) {
        _ = try services.plans.addMilestone(mei, item: item.id, title: "One more", targetOn: "2026-03-01")
      },
      Limited(
        rule: .planUpdates, field: "body", rows: "plan_updates WHERE item_id = \(item.id)",
        filler:
          "INSERT INTO plan_updates (item_id, author_id, body, created_at) VALUES (\(item.id), \(mei.id), 'x', \(now))"
      ) { _ = try services.plans.addUpdate(mei, item: item.id, body: "One more") },
      Limited(
        rule: .mentorshipGoals, field: "title",
        rows: "mentorship_goals WHERE relationship_id = \(mentorship)",
        filler:
          "INSERT INTO mentorship_goals (relationship_id, title, created_by, created_at) VALUES (\(mentorship), 'x', \(tomas.id), \(now))"
      ) { _ = try services.mentorship.addGoal(tomas, mentorship: mentorship, title: "One more") },
    ]
    for list in lists {
      let most = list.rule.count.upperBound
      let held = {
        try fixture.database.withConnection {
          try $0.scalar("SELECT count(*) FROM \(list.rows)", as: Int.self)
        }
      }
      let before = try held() ?? 0
      try fixture.database.transaction { connection in
        for _ in before..<most { try connection.execute(list.filler) }
      }
      let refusal = #expect(throws: ValidationError.self, "\(list.rows)") { try list.addOneMore() }
      #expect(refusal?.problems.map(\.field) == [list.field], "\(list.rows)")
      #expect(refusal?.problems.first?.message.contains(most.grouped) == true, "\(list.rows)")
      #expect(try held() == most, "nothing more is written: \(list.rows)")
    }
  }
}
