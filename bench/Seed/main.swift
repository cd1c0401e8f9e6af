import Foundation
import SQL
import Trellis

// Seeds a large organization with two years of history for the load benchmark:
//   bench-seed DATABASE_URL [PEOPLE]
// Ten departments of heads, group managers, managers and their teams; conversations on
// cadence with action items and pulse answers; plans, milestones, goals, feedback and
// mentorships. Three people can sign in (password "trellis-bench"): an employee, a group
// manager and someone on the people team. Prints their emails and how long each step took.
// Rows are written in batches (`RowBatch`) with ids chosen here, so PostgreSQL over a socket
// seeds 100,000 people in minutes; each identity is moved past the ids used at the end.

struct Dice {
  var state: UInt64 = 0x1234_5678_9ABC_DEF1
  mutating func next(_ range: ClosedRange<Int>) -> Int {
    state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
    return range.lowerBound + Int((state >> 33) % UInt64(range.count))
  }
}

/// Each line is written as it is known, through a pipe too.
func say(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

/// Everything runs in one function: top-level variables would belong to the main actor.
enum BenchSeed {
  static func run() throws {
    let arguments = CommandLine.arguments
    guard arguments.count >= 2, let url = try? DatabaseURL(arguments[1]) else {
      FileHandle.standardError.write(Data("usage: bench-seed DATABASE_URL [PEOPLE]\n".utf8))
      exit(2)
    }
    let target = arguments.count > 2 ? Int(arguments[2]) ?? 10_000 : 10_000
    let database = Database(url: url, maxConnections: 2)
    try Schema.migrator.migrate(database)
    let services = Services(database: database)
    let now = Date()
    let today = CalendarDate(now)

    var dice = Dice()

    func timed(_ label: String, _ body: () throws -> Void) rethrows {
      let start = Date()
      try body()
      say(String(format: "%-44@ %7.1f s", label as NSString, Date().timeIntervalSince(start)))
    }

    let departments = [
      "Engineering", "Sales", "Customer Success", "Marketing", "Finance", "Operations", "Design", "Product",
      "Legal",
      "People",
    ]
    let locations = (1...30).map { "City \($0)" }
    var employee: Int64 = 0
    var groupManager: Int64 = 0
    var teamLead: Int64 = 0
    var peopleTeam: Int64 = 0

    /// The next free id of each table whose ids the seeder chooses.
    var nextID: [String: Int64] = [:]
    func newID(_ table: String, _ connection: any Connection) throws -> Int64 {
      if nextID[table] == nil {
        nextID[table] =
          (try connection.scalar("SELECT coalesce(max(id), 0) FROM \(raw: table)", as: Int64.self) ?? 0) + 1
      }
      defer { nextID[table]! += 1 }
      return nextID[table]!
    }

    /// The rows are consistent by construction: PostgreSQL need not check each foreign key row by
    /// row (the bench's database is its own, so the seeder is its superuser).
    func skipForeignKeyChecks(_ connection: any Connection) throws {
      if connection.dialect == .postgresql {
        try connection.execute("SET LOCAL session_replication_role = replica")
      }
    }

    try timed("people, reporting lines and relationships") {
      try database.transaction { connection in
        try skipForeignKeyChecks(connection)
        let people = RowBatch(
          connection,
          """
          INSERT INTO people (id, email, email_key, given_name, family_name, job_title, department, team, location,
            hire_date, manager_id, active, created_at, updated_at) VALUES
          """)
        let history = RowBatch(
          connection, "INSERT INTO manager_history (person_id, manager_id, started_on) VALUES",
          after: [people])
        let relationships = RowBatch(
          connection,
          "INSERT INTO relationships (kind, employee_id, partner_id, started_on, cadence_days, created_at) VALUES",
          after: [people])
        var count = 0
        func person(_ title: String, department: String, team: String, manager: Int64?) throws -> Int64 {
          count += 1
          let hired = today.adding(days: -dice.next(30...2_000))
          let id = try newID("people", connection)
          try people.append(
            """
            (\(id), \("person\(count)@bench.example"), \("person\(count)@bench.example"), \("Person"), \("Number \(count)"),
              \(title), \(department), \(team), \(locations[dice.next(0...29)]), \(hired), \(manager), TRUE, \(now), \(now))
            """)
          if let manager {
            try history.append("(\(id), \(manager), \(hired))")
            try relationships.append(
              "('manager', \(id), \(manager), \(hired), \(dice.next(1...3) == 1 ? 42 : nil), \(now))")
          }
          return id
        }
        let chief = try person("Chief Executive", department: "Leadership", team: "", manager: nil)
        // Per department: a head, group managers of 12 managers each, and teams of 8. A larger
        // organization has more groups, not larger teams: a manager's page stays a team's.
        let perTeam = 8
        let groups = max(1, (target / departments.count - 1) / (1 + 12 * (1 + perTeam)))
        for department in departments {
          let head = try person("Head of \(department)", department: department, team: "", manager: chief)
          for group in 1...groups {
            let lead = try person("Group Manager", department: department, team: "", manager: head)
            if groupManager == 0 { groupManager = lead }
            for unit in 1...12 {
              let team = "\(department) \(group)-\(unit)"
              let manager = try person("Manager", department: department, team: team, manager: lead)
              if teamLead == 0 { teamLead = manager }
              for _ in 0..<perTeam {
                let member = try person("Specialist", department: department, team: team, manager: manager)
                if employee == 0 { employee = member }
                if department == "People" && peopleTeam == 0 { peopleTeam = member }
              }
            }
          }
        }
        // A manager is written before their reports (foreign keys are checked per statement).
        try people.flush()
        try history.flush()
        try relationships.flush()
        say("people: \(count)")
      }
    }

    try timed("two years of conversations and action items") {
      try database.transaction { connection in
        try skipForeignKeyChecks(connection)
        let guide = try connection.scalar(
          "SELECT id FROM guide_versions ORDER BY id LIMIT 1", as: Int64.self)!
        let relationships = try connection.query(
          "SELECT relationships.id, employee_id, partner_id, started_on, cadence_days, people.department FROM relationships JOIN people ON people.id = employee_id"
        )
        var conversations = 0
        let held = RowBatch(
          connection,
          """
          INSERT INTO conversations (id, relationship_id, guide_version_id, scheduled_at, time_zone, duration_minutes,
            status, held_on, created_by, created_at, updated_at) VALUES
          """)
        let items = RowBatch(
          connection,
          """
          INSERT INTO action_items (conversation_id, relationship_id, title, owner_id, due_on, status, done_on,
            created_by, created_at, updated_at) VALUES
          """, after: [held])
        let pulses = RowBatch(
          connection,
          "INSERT INTO pulse_responses (felt_heard, clear_next_steps, partner_id, department, quarter) VALUES"
        )
        let scheduled = RowBatch(
          connection,
          """
          INSERT INTO conversations (id, relationship_id, guide_version_id, scheduled_at, time_zone, duration_minutes,
            status, created_by, created_at, updated_at) VALUES
          """)
        // A third of the conversations keep shared notes, indexed for search as the app indexes
        // them (conversation search then reads a full index, half of whose notes say "career").
        let notes = RowBatch(
          connection,
          "INSERT INTO shared_notes (conversation_id, body, revision, updated_by, updated_at) VALUES",
          after: [held])
        let indexed = RowBatch(
          connection,
          "INSERT INTO search_index (conversation_id, owner_id, source, kind, body, folded) VALUES",
          after: [held])
        let topics = [
          "career path and the next role", "feedback from the quarterly review",
          "a plan to present more often",
          "career goals: leading a project", "workload and priorities", "career growth through mentoring",
        ]
        for row in relationships {
          let relationship = try row.decode("id", as: Int64.self)
          let employee = try row.decode("employee_id", as: Int64.self)
          let partner = try row.decode("partner_id", as: Int64.self)
          let department = try row.decode("department", as: String.self)
          let cadence = try row.decode("cadence_days", as: Int?.self) ?? 91
          var day = max(try row.decode("started_on", as: CalendarDate.self), today.adding(days: -730))
            .adding(days: dice.next(5...30))
          let slipped = dice.next(1...6) == 1
          let stop = slipped ? today.adding(days: -(cadence + 20)) : today.adding(days: -2)
          while day < stop {
            let at = day.start.addingTimeInterval(10 * 3_600)
            let conversation = try newID("conversations", connection)
            try held.append(
              "(\(conversation), \(relationship), \(guide), \(at), 'UTC', 45, 'held', \(day), \(partner), \(at), \(at))"
            )
            conversations += 1
            if conversation % 3 == 0 {
              let body =
                "We talked about \(topics[dice.next(0...topics.count - 1)]) and agreed on next steps."
              try notes.append("(\(conversation), \(body), 1, \(partner), \(at))")
              try indexed.append(
                "(\(conversation), NULL, 'notes', 'shared notes', \(body), \(SearchIndex.fold(body)))")
            }
            for number in 1...2 {
              let due = day.adding(days: 14 * number)
              let done = due < today && dice.next(1...5) != 1
              try items.append(
                """
                (\(conversation), \(relationship), 'A next step', \(number == 1 ? employee : partner), \(due),
                  \(done ? "done" : "open"), \(done ? due : nil), \(partner), \(at), \(at))
                """)
            }
            if dice.next(1...4) != 1 {
              try pulses.append(
                "(\(dice.next(3...5)), \(dice.next(2...5)), \(partner), \(department), \(Quarter(day).description))"
              )
            }
            day = day.adding(days: cadence + dice.next(-10...15))
          }
          if !slipped && dice.next(1...2) == 1 {
            let next = today.adding(days: dice.next(1...30)).start.addingTimeInterval(10 * 3_600)
            try scheduled.append(
              "(\(try newID("conversations", connection)), \(relationship), \(guide), \(next), 'UTC', 45, 'scheduled', \(partner), \(now), \(now))"
            )
          }
        }
        try held.flush()
        try items.flush()
        try notes.flush()
        try indexed.flush()
        try pulses.flush()
        try scheduled.flush()
        say("conversations held: \(conversations)")
      }
    }

    try timed("plans, goals, feedback and mentorships") {
      try database.transaction { connection in
        try skipForeignKeyChecks(connection)
        let people = try connection.query("SELECT id FROM people").map { try $0.decode("id", as: Int64.self) }
        let plans = RowBatch(connection, "INSERT INTO plans (id, person_id, status, created_at) VALUES")
        let planItems = RowBatch(
          connection,
          """
          INSERT INTO plan_items (id, plan_id, skill, learning_mode, description, owner_id, start_on, target_on, status,
            created_by, created_at, updated_at) VALUES
          """, after: [plans])
        let milestones = RowBatch(
          connection, "INSERT INTO plan_milestones (item_id, title, target_on, done_on) VALUES",
          after: [planItems])
        let goals = RowBatch(
          connection,
          "INSERT INTO goals (person_id, title, horizon, status, progress, visibility, created_at, updated_at) VALUES"
        )
        let feedback = RowBatch(
          connection,
          """
          INSERT INTO feedback (giver_id, recipient_id, kind, situation, behaviour, impact, manager_may_see, created_at)
          VALUES
          """)
        let mentorships = RowBatch(
          connection,
          "INSERT INTO relationships (kind, employee_id, partner_id, started_on, ended_on, cadence_days, created_at) VALUES"
        )
        for person in people {
          if dice.next(1...10) <= 6 {
            let started = today.adding(days: -dice.next(10...700))
            let plan = try newID("plans", connection)
            try plans.append("(\(plan), \(person), 'active', \(started.start))")
            for _ in 1...2 {
              let item = try newID("plan_items", connection)
              try planItems.append(
                """
                (\(item), \(plan), 'A skill', 'self-study', 'Practice', \(person), \(started), \(started.adding(days: 180)),
                  'in progress', \(person), \(started.start), \(started.start))
                """)
              for month in 1...3 {
                let due = started.adding(days: 45 * month)
                let done = due < today && dice.next(1...4) != 1
                try milestones.append("(\(item), 'A step', \(due), \(done ? due : nil))")
              }
            }
          }
          for _ in 0..<dice.next(0...2) {
            let created = today.adding(days: -dice.next(1...700)).start
            try goals.append(
              "(\(person), 'A goal', 'short term', 'active', \(dice.next(0...10) * 10), 'manager', \(created), \(created))"
            )
          }
          for _ in 0..<dice.next(0...6) {
            let giver = people[dice.next(0...(people.count - 1))]
            guard giver != person else { continue }
            try feedback.append(
              """
              (\(giver), \(person), 'appreciation', 'At the review', 'You prepared well', 'It went fast', FALSE,
                \(today.adding(days: -dice.next(1...700)).start))
              """)
          }
        }
        for _ in 0..<(people.count / 20) {
          let mentor = people[dice.next(0...(people.count - 1))]
          let mentee = people[dice.next(0...(people.count - 1))]
          guard mentor != mentee else { continue }
          let started = today.adding(days: -dice.next(30...700))
          try mentorships.append(
            """
            ('mentor', \(mentee), \(mentor), \(started), \(dice.next(1...2) == 1 ? started.adding(days: 180) : nil),
              30, \(now))
            """)
        }
        // Parents before children: each batch is flushed before the next one refers to it.
        try plans.flush()
        try planItems.flush()
        try milestones.flush()
        try goals.flush()
        try feedback.flush()
        try mentorships.flush()
        if connection.dialect == .postgresql {
          for table in nextID.keys {
            _ = try connection.query(
              "SELECT setval(pg_get_serial_sequence(\(table), 'id'), (SELECT max(id) FROM \(raw: table)))")
          }
        }
        let hash = Secrets.hashPassword("trellis-bench", strength: .interactive)
        for person in [employee, teamLead, groupManager, peopleTeam] {
          try connection.execute(
            "INSERT INTO credentials (person_id, password_hash, changed_at) VALUES (\(person), \(hash), \(now))"
          )
        }
        try connection.execute(
          "INSERT INTO role_grants (person_id, role, granted_at) VALUES (\(peopleTeam), 'people_team', \(now))"
        )
      }
    }

    try timed("insights: eight quarters worked out") { try services.insights.refresh(everything: true) }
    try timed("insights: the regular refresh (two quarters), figures as stored") {
      try services.insights.refresh()
    }
    // As when both quarters changed since the last refresh: every figure is written again.
    _ = try database.withConnection { try $0.execute("UPDATE insight_refreshes SET digest = ''") }
    try timed("insights: the regular refresh (two quarters), every figure written") {
      try services.insights.refresh()
    }
    try timed("reminder scan: first (queues what two years left)") {
      _ = try services.notifications.enqueueReminders(daily: true)
    }
    try timed("reminder scan: the regular one") {
      _ = try services.notifications.enqueueReminders(daily: true)
    }
    for (role, id) in [
      ("employee", employee), ("manager", teamLead), ("group-manager", groupManager),
      ("people-team", peopleTeam),
    ] {
      let email = try database.withConnection {
        try $0.scalar("SELECT email FROM people WHERE id = \(id)", as: String.self)
      }
      say("sign-in \(role) \(email ?? "")")
    }
    // For the API's write path: the employee's token and next conversation with their manager.
    guard let actor = try services.accounts.actor(personID: employee) else { fatalError("no employee") }
    say(
      "token employee \(try services.accounts.createToken(actor, name: "bench", from: .commandLine).secret)")
    let upcoming = try database.withConnection { connection in
      try connection.scalar(
        """
        SELECT conversations.id FROM conversations JOIN relationships ON relationships.id = relationship_id
        WHERE employee_id = \(employee) AND kind = 'manager' ORDER BY scheduled_at DESC LIMIT 1
        """, as: Int64.self)
    }
    say("conversation employee \(upcoming ?? 0)")
    database.close()

  }
}

try BenchSeed.run()
