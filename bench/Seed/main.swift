import Foundation
import SQL
import Trellis

// Seeds a large organization with two years of history for the load benchmark:
//   bench-seed DATABASE_URL [PEOPLE]
// Ten departments of heads, group managers, managers and their teams; conversations on
// cadence with action items and pulse answers; plans, milestones, goals, feedback and
// mentorships. Three people can sign in (password "trellis-bench"): an employee, a group
// manager and someone on the people team. Prints their emails and how long each step took.

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

    try timed("people, reporting lines and relationships") {
      try database.transaction { connection in
        var count = 0
        func person(_ title: String, department: String, team: String, manager: Int64?) throws -> Int64 {
          count += 1
          let hired = today.adding(days: -dice.next(30...2_000))
          let id = try connection.query(
            """
            INSERT INTO people (email, email_key, given_name, family_name, job_title, department, team, location,
              hire_date, manager_id, active, created_at, updated_at)
            VALUES (\("person\(count)@bench.example"), \("person\(count)@bench.example"), \("Person"), \("Number \(count)"),
              \(title), \(department), \(team), \(locations[dice.next(0...29)]), \(hired), \(manager), TRUE, \(now), \(now))
            RETURNING id
            """)[0].decode("id", as: Int64.self)
          if let manager {
            try connection.execute(
              "INSERT INTO manager_history (person_id, manager_id, started_on) VALUES (\(id), \(manager), \(hired))"
            )
            try connection.execute(
              """
              INSERT INTO relationships (kind, employee_id, partner_id, started_on, cadence_days, created_at)
              VALUES ('manager', \(id), \(manager), \(hired), \(dice.next(1...3) == 1 ? 42 : nil), \(now))
              """)
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
        say("people: \(count)")
      }
    }

    try timed("two years of conversations and action items") {
      try database.transaction { connection in
        let guide = try connection.scalar(
          "SELECT id FROM guide_versions ORDER BY id LIMIT 1", as: Int64.self)!
        let relationships = try connection.query(
          "SELECT relationships.id, employee_id, partner_id, started_on, cadence_days, people.department FROM relationships JOIN people ON people.id = employee_id"
        )
        var conversations = 0
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
            let conversation = try connection.query(
              """
              INSERT INTO conversations (relationship_id, guide_version_id, scheduled_at, time_zone, duration_minutes,
                status, held_on, created_by, created_at, updated_at)
              VALUES (\(relationship), \(guide), \(at), 'UTC', 45, 'held', \(day), \(partner), \(at), \(at))
              RETURNING id
              """)[0].decode("id", as: Int64.self)
            conversations += 1
            for number in 1...2 {
              let due = day.adding(days: 14 * number)
              let done = due < today && dice.next(1...5) != 1
              try connection.execute(
                """
                INSERT INTO action_items (conversation_id, relationship_id, title, owner_id, due_on, status, done_on,
                  created_by, created_at, updated_at)
                VALUES (\(conversation), \(relationship), 'A next step', \(number == 1 ? employee : partner), \(due),
                  \(done ? "done" : "open"), \(done ? due : nil), \(partner), \(at), \(at))
                """)
            }
            if dice.next(1...4) != 1 {
              try connection.execute(
                """
                INSERT INTO pulse_responses (felt_heard, clear_next_steps, partner_id, department, quarter)
                VALUES (\(dice.next(3...5)), \(dice.next(2...5)), \(partner), \(department), \(Quarter(day).description))
                """)
            }
            day = day.adding(days: cadence + dice.next(-10...15))
          }
          if !slipped && dice.next(1...2) == 1 {
            let next = today.adding(days: dice.next(1...30)).start.addingTimeInterval(10 * 3_600)
            try connection.execute(
              """
              INSERT INTO conversations (relationship_id, guide_version_id, scheduled_at, time_zone, duration_minutes,
                status, created_by, created_at, updated_at)
              VALUES (\(relationship), \(guide), \(next), 'UTC', 45, 'scheduled', \(partner), \(now), \(now))
              """)
          }
        }
        say("conversations held: \(conversations)")
      }
    }

    try timed("plans, goals, feedback and mentorships") {
      try database.transaction { connection in
        let people = try connection.query("SELECT id FROM people").map { try $0.decode("id", as: Int64.self) }
        for person in people {
          if dice.next(1...10) <= 6 {
            let started = today.adding(days: -dice.next(10...700))
            let plan = try connection.query(
              "INSERT INTO plans (person_id, status, created_at) VALUES (\(person), 'active', \(started.start)) RETURNING id"
            )[0].decode("id", as: Int64.self)
            for _ in 1...2 {
              let item = try connection.query(
                """
                INSERT INTO plan_items (plan_id, skill, learning_mode, description, owner_id, start_on, target_on, status,
                  created_by, created_at, updated_at)
                VALUES (\(plan), 'A skill', 'self-study', 'Practice', \(person), \(started), \(started.adding(days: 180)),
                  'in progress', \(person), \(started.start), \(started.start))
                RETURNING id
                """)[0].decode("id", as: Int64.self)
              for month in 1...3 {
                let due = started.adding(days: 45 * month)
                let done = due < today && dice.next(1...4) != 1
                try connection.execute(
                  "INSERT INTO plan_milestones (item_id, title, target_on, done_on) VALUES (\(item), 'A step', \(due), \(done ? due : nil))"
                )
              }
            }
          }
          for _ in 0..<dice.next(0...2) {
            let created = today.adding(days: -dice.next(1...700)).start
            try connection.execute(
              """
              INSERT INTO goals (person_id, title, horizon, status, progress, visibility, created_at, updated_at)
              VALUES (\(person), 'A goal', 'short term', 'active', \(dice.next(0...10) * 10), 'manager', \(created), \(created))
              """)
          }
          for _ in 0..<dice.next(0...6) {
            let giver = people[dice.next(0...(people.count - 1))]
            guard giver != person else { continue }
            try connection.execute(
              """
              INSERT INTO feedback (giver_id, recipient_id, kind, situation, behaviour, impact, manager_may_see, created_at)
              VALUES (\(giver), \(person), 'appreciation', 'At the review', 'You prepared well', 'It went fast', FALSE,
                \(today.adding(days: -dice.next(1...700)).start))
              """)
          }
        }
        for _ in 0..<(people.count / 20) {
          let mentor = people[dice.next(0...(people.count - 1))]
          let mentee = people[dice.next(0...(people.count - 1))]
          guard mentor != mentee else { continue }
          let started = today.adding(days: -dice.next(30...700))
          try connection.execute(
            """
            INSERT INTO relationships (kind, employee_id, partner_id, started_on, ended_on, cadence_days, created_at)
            VALUES ('mentor', \(mentee), \(mentor), \(started), \(dice.next(1...2) == 1 ? started.adding(days: 180) : nil),
              30, \(now))
            """)
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
    try timed("insights: the regular refresh (two quarters)") { try services.insights.refresh() }
    for (role, id) in [
      ("employee", employee), ("manager", teamLead), ("group-manager", groupManager),
      ("people-team", peopleTeam),
    ] {
      let email = try database.withConnection {
        try $0.scalar("SELECT email FROM people WHERE id = \(id)", as: String.self)
      }
      say("sign-in \(role) \(email ?? "")")
    }
    database.close()

  }
}

try BenchSeed.run()
