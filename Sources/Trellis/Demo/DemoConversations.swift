import Foundation
import SQL

/// A year of career conversations for the demo organization, so every page has something to show.
enum DemoConversations {
  /// A small deterministic generator: the same demo on every installation.
  struct Dice {
    var state: UInt64 = 0x2545_F491_4F6C_DD1D
    mutating func next(_ range: ClosedRange<Int>) -> Int {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return range.lowerBound + Int((state >> 33) % UInt64(range.count))
    }
    mutating func pick<T>(_ items: [T]) -> T { items[next(0...(items.count - 1))] }
  }

  static let topics = [
    "growing towards a senior role", "the move to the new platform team",
    "presenting at the quarterly review",
    "mentoring the new hires", "balancing support work and deep work", "learning the data pipeline",
    "leading the next customer workshop", "getting better at estimating", "a possible rotation into design",
    "taking on the on-call lead",
  ]
  static let actions = [
    "Draft a one-page proposal for the team", "Pair with a senior colleague for two sessions",
    "Sign up for the facilitation course", "Share the workshop notes with the team",
    "Book a coffee chat with someone in Design", "Write down three goals for next quarter",
    "Ask two peers for feedback on the last presentation", "Read the first chapters of the book we discussed",
    "Shadow a customer call", "Set up a weekly focus block",
  ]

  static func load(_ connection: any Connection, today: CalendarDate) throws {
    var dice = Dice()
    let relationships = try connection.query(
      "SELECT id, employee_id, partner_id, started_on, ended_on FROM relationships ORDER BY id")
    let guideVersion = try connection.scalar(
      "SELECT guide_versions.id FROM guide_versions JOIN guides ON guides.id = guide_versions.guide_id WHERE guides.is_default = TRUE",
      as: Int64.self)!
    let prompts = GuidesSchema.shipped.first { $0.isDefault }!.sections.flatMap(\.prompts)
    let departments = Dictionary(
      uniqueKeysWithValues: try connection.query("SELECT id, department FROM people").map {
        (try $0.decode("id", as: Int64.self), try $0.decode("department", as: String.self))
      })
    for row in relationships {
      let relationship = try row.decode("id", as: Int64.self)
      let employee = try row.decode("employee_id", as: Int64.self)
      let partner = try row.decode("partner_id", as: Int64.self)
      let started = try row.decode("started_on", as: CalendarDate.self)
      let ended = try row.decode("ended_on", as: CalendarDate?.self)
      // Engineering meets every six weeks; everyone else on the quarterly default.
      let cadence = departments[employee] == "Engineering" ? 42 : 91
      if cadence != 91 {
        try connection.execute(
          "UPDATE relationships SET cadence_days = \(cadence) WHERE id = \(relationship)")
      }
      let last = ended ?? today
      var day = max(started, today.adding(days: -365)).adding(days: dice.next(5...25))
      // About one relationship in six has let its rhythm slip: nothing in the last cadence and more.
      let slipped = ended == nil && dice.next(1...6) == 1
      let stop = slipped ? last.adding(days: -(cadence + dice.next(10...40))) : last.adding(days: -3)
      var held: [Int64] = []
      while day < stop {
        held.append(
          try conversation(
            connection, relationship: relationship, employee: employee, partner: partner, on: day,
            status: "held",
            guideVersion: guideVersion, prompts: prompts, dice: &dice, today: today))
        day = day.adding(days: cadence + dice.next(-10...12))
      }
      // Open action items of the latest conversation; earlier ones mostly done.
      for (index, id) in held.enumerated() {
        let latest = index == held.count - 1
        let items = try connection.query("SELECT id FROM action_items WHERE conversation_id = \(id)")
        for item in items {
          let itemID = try item.decode("id", as: Int64.self)
          if !latest || dice.next(1...4) == 1 {
            let done = dice.next(1...8) == 1 ? "dropped" : "done"
            try connection.execute(
              """
              UPDATE action_items SET status = \(done), drop_reason = \(done == "dropped" ? "Priorities changed after the reorganisation" : ""),
                done_on = \(done == "done" ? try connection.scalar("SELECT due_on FROM action_items WHERE id = \(itemID)", as: CalendarDate.self) : nil)
              WHERE id = \(itemID)
              """)
          }
        }
        if dice.next(1...5) != 1 {
          try connection.execute(
            "INSERT INTO pulse_given (conversation_id, given_at) VALUES (\(id), \(today))")
          let quarter = try connection.scalar(
            "SELECT held_on FROM conversations WHERE id = \(id)", as: CalendarDate.self)!
          try connection.execute(
            """
            INSERT INTO pulse_responses (felt_heard, clear_next_steps, partner_id, department, quarter)
            VALUES (\(dice.next(3...5)), \(dice.next(2...5)), \(partner), \(departments[employee] ?? ""),
              \("\(quarter.year)-Q\((quarter.month - 1) / 3 + 1)"))
            """)
        }
      }
      // Most active relationships have the next one on the calendar.
      if ended == nil && !slipped && dice.next(1...3) != 1 {
        _ = try conversation(
          connection, relationship: relationship, employee: employee, partner: partner,
          on: today.adding(days: dice.next(2...20)), status: "scheduled", guideVersion: guideVersion,
          prompts: prompts, dice: &dice, today: today)
      }
    }
  }

  /// One conversation; a held one gets an agenda, a shared reflection, notes, a summary and next steps.
  static func conversation(
    _ connection: any Connection, relationship: Int64, employee: Int64, partner: Int64, on day: CalendarDate,
    status: String, guideVersion: Int64, prompts: [String], dice: inout Dice, today: CalendarDate
  ) throws -> Int64 {
    let at = day.start.addingTimeInterval(TimeInterval((9 + dice.next(0...7)) * 3600))
    let id = try connection.query(
      """
      INSERT INTO conversations (relationship_id, guide_version_id, scheduled_at, time_zone, duration_minutes,
        location, status, held_on, created_by, created_at, updated_at)
      VALUES (\(relationship), \(guideVersion), \(at), 'UTC', \(dice.pick([30, 45, 60])),
        \(dice.pick(["Meeting room 2", "Video call", "Coffee corner, 3rd floor", "Walk around the park"])),
        \(status), \(status == "held" ? day : nil), \(partner), \(at.addingTimeInterval(-7 * 86_400)),
        \(at.addingTimeInterval(-7 * 86_400)))
      RETURNING id
      """)[0].decode("id", as: Int64.self)
    let topic = dice.pick(topics)
    try connection.execute(
      "INSERT INTO agenda_items (conversation_id, author_id, text, created_at) VALUES (\(id), \(employee), \("Talk about \(topic)"), \(at))"
    )
    guard status == "held" else { return id }
    let answers = [
      prompts[0]: "Mostly about \(topic). It took longer than I hoped, but I understand it now.",
      prompts[2]: "Ask for help earlier instead of waiting until the deadline.",
      prompts[5]:
        "I would like to take on more \(dice.pick(["facilitation", "architecture", "customer work", "coaching"])).",
    ]
    let json = String(decoding: try JSONEncoder.sorted.encode(answers), as: UTF8.self)
    try connection.execute(
      "INSERT INTO reflections (conversation_id, author_id, answers, shared_at, updated_at) VALUES (\(id), \(employee), \(json), \(at), \(at))"
    )
    let notes = """
      ## What we discussed
      - Progress on \(topic)
      - What support would help most in the next \(dice.pick(["month", "six weeks", "quarter"]))

      ## Agreed
      Focus on one stretch goal and review it next time.
      """
    try connection.execute(
      "INSERT INTO shared_notes (conversation_id, body, revision, updated_by, updated_at) VALUES (\(id), \(notes), 1, \(partner), \(at))"
    )
    try connection.execute(
      "INSERT INTO note_revisions (conversation_id, revision, body, author_id, created_at) VALUES (\(id), 1, \(notes), \(partner), \(at))"
    )
    let confirmed = dice.next(1...5) != 1
    try connection.execute(
      """
      INSERT INTO summaries (conversation_id, body, author_id, written_at, response, responded_by, responded_at)
      VALUES (\(id), \("We agreed to focus on \(topic), with a check-in on progress next time."), \(partner), \(at),
        \(confirmed ? "confirmed" : nil), \(confirmed ? employee : nil), \(confirmed ? at.addingTimeInterval(86_400) : nil))
      """)
    for index in 0..<dice.next(1...3) {
      let owner = index == 1 ? partner : employee
      try connection.execute(
        """
        INSERT INTO action_items (conversation_id, relationship_id, title, owner_id, due_on, status, created_by,
          created_at, updated_at)
        VALUES (\(id), \(relationship), \(dice.pick(actions)), \(owner), \(day.adding(days: dice.next(10...40))), 'open',
          \(partner), \(at), \(at))
        """)
    }
    return id
  }
}
