import Foundation
import SQL

/// A year of growth in the demo organization, so every dashboard chart has a story: plans
/// started quarter by quarter with milestones met, goals increasingly tied to objectives, and
/// appreciation given more often as the habit spreads. Only people the guided tour does not
/// follow are given this history, so the tour's own examples stay as they are.
enum DemoHistory {
  static let people = [
    "Chloé", "Amara", "Oscar", "Liam", "Fatima", "Priyanka", "Mateo", "Lucas", "Sara", "Omar", "Ethan",
    "Zanele",
    "Tom", "Kwame", "Nina", "Emma",
  ]
  static let skills: [(String, String, String)] = [
    ("communication", "Presenting to customers", "stretch assignment"),
    ("mentoring", "Onboarding newcomers", "mentorship"),
    ("ownership", "Planning work in slices", "self-study"),
    ("communication", "Writing clear proposals", "formal training"),
  ]
  static let goals = [
    "Run a workshop for another team", "Own a customer onboarding end to end", "Learn the basics of SQL",
    "Shadow a product manager for a sprint", "Lead the next quarterly planning session",
  ]
  static let praise = [
    (
      "In the customer call on Tuesday", "You summarised the open questions before we hung up",
      "Everyone left knowing what came next"
    ),
    (
      "During the handover last week", "You wrote down every step with screenshots",
      "The new colleague finished it alone"
    ),
    ("At the team retro", "You named the problem without blaming anyone", "We agreed a fix in ten minutes"),
  ]

  static func load(_ connection: any Connection, ids: [String: Int64], today: CalendarDate, now: Date) throws
  {
    var dice = DemoConversations.Dice(state: 0x9E37_79B9_7F4A_7C15)
    let objectives = try connection.query("SELECT id FROM objectives ORDER BY id").map {
      try $0.decode("id", as: Int64.self)
    }
    for (index, name) in people.enumerated() {
      guard let person = ids[name] else { continue }
      let hired =
        try connection.scalar("SELECT hire_date FROM people WHERE id = \(person)", as: CalendarDate.self)
        ?? today
      // Three in four have a plan, started at a different point of the year.
      if index % 4 != 3 {
        let started = max(hired, today.adding(days: -340 + index * 18))
        let plan = try connection.query(
          "INSERT INTO plans (person_id, status, created_at) VALUES (\(person), 'active', \(started.start)) RETURNING id"
        )[0].decode("id", as: Int64.self)
        let (slug, skill, mode) = skills[index % skills.count]
        let item = try connection.query(
          """
          INSERT INTO plan_items (plan_id, competency_slug, skill, learning_mode, description, owner_id, start_on,
            target_on, success_criteria, status, created_by, created_at, updated_at)
          VALUES (\(plan), \(slug), \(skill), \(mode), \(skill), \(person), \(started), \(started.adding(days: 180)),
            'Done twice without help', 'in progress', \(person), \(started.start), \(started.start))
          RETURNING id
          """)[0].decode("id", as: Int64.self)
        // A milestone a month: most of those already due are met, a few slipped.
        for month in 1...5 {
          let target = started.adding(days: 30 * month)
          let future = target > today
          if future && target <= today.adding(days: 14) { continue }  // no reminders fall due in the tour
          let done = !future && dice.next(1...5) != 1
          try connection.execute(
            """
            INSERT INTO plan_milestones (item_id, title, target_on, done_on, evidence)
            VALUES (\(item), \("Step \(month) of \(skill.lowercased())"), \(target),
              \(done ? target.adding(days: -dice.next(0...6)) : nil), \(done ? "Shared with the team" : ""))
            """)
        }
      }
      // Goals: more of the recent ones are tied to what the organization needs.
      let created = max(hired, today.adding(days: -dice.next(10...350)))
      let recent = created > today.adding(days: -150)
      let aligned = !objectives.isEmpty && dice.next(1...10) <= (recent ? 8 : 3)
      try connection.execute(
        """
        INSERT INTO goals (person_id, title, horizon, objective_id, status, progress, visibility, created_at, updated_at)
        VALUES (\(person), \(dice.pick(goals)), 'short term', \(aligned ? dice.pick(objectives) : nil), 'active',
          \(dice.next(0...8) * 10), 'manager', \(created.start), \(created.start))
        """)
    }
    // Appreciation among them, more of it each quarter.
    for week in 0..<52 {
      let day = today.adding(days: -7 * (51 - week))
      for _ in 0..<(1 + week / 13) {
        let giver = ids[dice.pick(people)]!
        let recipient = ids[dice.pick(people)]!
        guard giver != recipient else { continue }
        let (situation, behaviour, impact) = dice.pick(praise)
        try connection.execute(
          """
          INSERT INTO feedback (giver_id, recipient_id, kind, situation, behaviour, impact, manager_may_see, created_at)
          VALUES (\(giver), \(recipient), 'appreciation', \(situation), \(behaviour), \(impact), FALSE,
            \(day.start.addingTimeInterval(Double(dice.next(9...17)) * 3_600)))
          """)
      }
    }
  }
}
