import Foundation
import SQL

/// The example career framework shipped with the demo organization.
enum DemoFramework {
  static let ic: [(String, String, String)] = [
    ("junior", "Junior", "Learns the craft with close support."),
    ("mid", "Mid-level", "Works independently on well-defined problems."),
    ("senior", "Senior", "Owns ambiguous problems end to end and lifts the team."),
    ("staff", "Staff", "Shapes direction across teams."),
  ]
  static let management: [(String, String, String)] = [
    ("manager", "Manager", "Grows a team of individual contributors."),
    ("senior-manager", "Senior manager", "Grows managers and a group of teams."),
    ("director", "Director", "Sets direction for a whole function."),
  ]

  /// (area, area slug, [(competency, slug, description, what changes with each step)])
  static let areas: [(String, String, [(String, String, String, [String])])] = [
    (
      "Craft", "craft",
      [
        (
          "Technical depth", "technical-depth",
          "Knowing the tools and the domain well enough to make good trade-offs.",
          [
            "Completes well-scoped tasks with guidance; asks good questions.",
            "Delivers features independently; explains the trade-offs chosen.",
            "Designs systems others build on; spots risks before they bite.",
            "Sets technical direction across teams; simplifies what others find hard.",
            "Judges technical quality across the team and makes room for depth.",
            "Builds the conditions for sound technical decisions across teams.",
            "Aligns the function's technical strategy with the organization's needs.",
          ]
        ),
        (
          "Quality", "quality",
          "Work that is correct, tested, understandable and kind to whoever comes next.",
          [
            "Follows the team's practices; writes tests for their own work.",
            "Improves practices where they work; reviews others' work usefully.",
            "Raises the bar for the team; makes quality the easy path.",
            "Makes quality a property of the organization, not of heroes.",
            "Protects time for quality in the team's plans.",
            "Holds teams to clear quality standards without micromanaging.",
            "Makes quality part of how the function is measured.",
          ]
        ),
      ]
    ),
    (
      "Collaboration", "collaboration",
      [
        (
          "Communication", "communication", "Sharing what matters, clearly, with the people who need it.",
          [
            "Shares progress and blockers early.",
            "Writes clear proposals and adapts to the audience.",
            "Aligns people with different views; writes decisions down.",
            "Communicates direction across the organization.",
            "Runs regular, honest conversations with each report.",
            "Creates clarity across several teams.",
            "Tells the function's story to the whole organization.",
          ]
        ),
        (
          "Mentoring", "mentoring", "Helping others grow.",
          [
            "Shares what they learn.",
            "Helps newcomers get productive.",
            "Mentors others deliberately; gives specific feedback.",
            "Grows the next seniors and staff.",
            "Makes a development plan with every report and follows it through.",
            "Grows managers.",
            "Builds a culture where everyone grows.",
          ]
        ),
      ]
    ),
    (
      "Impact", "impact",
      [
        (
          "Ownership", "ownership", "Caring about outcomes, not just output.",
          [
            "Finishes what they start.",
            "Owns a feature from idea to the customer.",
            "Owns outcomes for an area; follows through after launch.",
            "Owns outcomes that span teams.",
            "Owns the team's outcomes and commitments.",
            "Owns the outcomes of a group of teams.",
            "Owns the function's results.",
          ]
        ),
        (
          "Strategy", "strategy", "Choosing the right problems, for the organization's goals.",
          [
            "Understands why their work matters.",
            "Connects their work to the team's goals.",
            "Shapes the team's roadmap.",
            "Shapes strategy across teams.",
            "Turns the organization's goals into the team's priorities.",
            "Balances priorities across teams.",
            "Sets the function's strategy with leadership.",
          ]
        ),
      ]
    ),
  ]

  static let roles: [(String, String, String, String)] = [
    ("junior-software-engineer", "Junior Software Engineer", "individual-contributor", "junior"),
    ("software-engineer", "Software Engineer", "individual-contributor", "mid"),
    ("senior-software-engineer", "Senior Software Engineer", "individual-contributor", "senior"),
    ("staff-engineer", "Staff Engineer", "individual-contributor", "staff"),
    ("product-designer", "Product Designer", "individual-contributor", "mid"),
    ("senior-product-designer", "Senior Product Designer", "individual-contributor", "senior"),
    ("account-executive", "Account Executive", "individual-contributor", "mid"),
    ("engineering-manager", "Engineering Manager", "management", "manager"),
    ("design-manager", "Design Manager", "management", "manager"),
    ("head-of-people", "Head of People", "management", "senior-manager"),
    ("vp-product-engineering", "VP Product & Engineering", "management", "director"),
  ]

  /// Places everyone whose job title is a role's title; Ana aims for staff and has both views.
  static func place(
    _ connection: any Connection, ids: [String: Int64], people: [String: Person], by placer: Int64,
    at now: Date
  ) throws {
    for (given, person) in people {
      guard let role = roles.first(where: { $0.1 == person.jobTitle }) else { continue }
      let target: String? =
        given == "Ana" ? "staff-engineer" : given == "Tomás" ? "senior-software-engineer" : nil
      try connection.execute(
        """
        INSERT INTO role_placements (person_id, role_slug, target_role_slug, updated_by, updated_at)
        VALUES (\(person.id), \(role.0), \(target), \(placer), \(now))
        """)
    }
    let ratings: [(String, [String: Int])] = [
      (
        "self",
        [
          "technical-depth": 3, "quality": 3, "communication": 2, "mentoring": 3, "ownership": 3,
          "strategy": 2,
        ]
      ),
      (
        "manager",
        [
          "technical-depth": 3, "quality": 4, "communication": 3, "mentoring": 2, "ownership": 3,
          "strategy": 2,
        ]
      ),
    ]
    for (perspective, values) in ratings {
      try connection.execute(
        """
        INSERT INTO assessments (person_id, assessor_id, perspective, ratings, note, updated_at)
        VALUES (\(ids["Ana"]!), \(perspective == "self" ? ids["Ana"]! : ids["Daniel"]!), \(perspective),
          \(String(decoding: try JSONEncoder.sorted.encode(values), as: UTF8.self)),
          \(perspective == "self" ? "I want to lead cross-team design reviews." : "Strong on quality; next is influence beyond the team."), \(now))
        """)
    }
  }

  /// Ana's plan towards staff engineer, with Yusuf as her mentor on one item.
  static func plan(_ connection: any Connection, ids: [String: Int64], today: CalendarDate, now: Date) throws
  {
    let ana = ids["Ana"]!
    let plan = try connection.query(
      "INSERT INTO plans (person_id, status, created_at) VALUES (\(ana), 'active', \(now)) RETURNING id"
    )[0].decode("id", as: Int64.self)
    let items: [(String, String, String, String, Int, Int, String)] = [
      (
        "communication", "Communicating direction across teams", "stretch assignment",
        "Lead the cross-team design review for the payments redesign.", -40, 80,
        "Two teams adopt the agreed design."
      ),
      (
        "mentoring", "Mentoring", "mentorship", "Mentor Noah through his first quarter.", -20, 70,
        "Noah ships a feature on his own."
      ),
    ]
    for (slug, skill, mode, description, start, target, success) in items {
      let item = try connection.query(
        """
        INSERT INTO plan_items (plan_id, competency_slug, skill, learning_mode, description, owner_id, start_on, target_on,
          success_criteria, status, created_by, created_at, updated_at)
        VALUES (\(plan), \(slug), \(skill), \(mode), \(description), \(ana), \(today.adding(days: start)),
          \(today.adding(days: target)), \(success), 'in progress', \(ids["Daniel"]!), \(now), \(now))
        RETURNING id
        """)[0].decode("id", as: Int64.self)
      let milestone = try connection.query(
        "INSERT INTO plan_milestones (item_id, title, target_on, done_on, evidence) VALUES (\(item), 'Agree the scope with both teams', \(today.adding(days: start + 20)), \(today.adding(days: start + 18)), 'Kick-off notes shared') RETURNING id"
      )[0].decode("id", as: Int64.self)
      try connection.execute(
        "INSERT INTO plan_milestones (item_id, title, target_on) VALUES (\(item), 'Halfway review with Daniel', \(today.adding(days: (start + target) / 2)))"
      )
      if slug == "communication" {
        try connection.execute(
          "INSERT INTO plan_item_supporters (item_id, person_id, kind) VALUES (\(item), \(ids["Yusuf"]!), 'mentor')"
        )
        try connection.execute(
          "INSERT INTO plan_updates (item_id, author_id, body, created_at) VALUES (\(item), \(ids["Yusuf"]!), 'First review went well; prepare the trade-offs table next.', \(now))"
        )
        try celebrate(
          connection, ids["Ana"]!, "milestone", milestone, "Agree the scope with both teams",
          "Both teams signed up to one scope. Thanks Yusuf for the prep!", "team",
          kudos: [ids["Daniel"]!, ids["Grace"]!, ids["Yusuf"]!], at: now.addingTimeInterval(-86_400 * 20))
      }
    }
  }

  /// A few objectives and goals, so the goals pages have something to show.
  static func goals(_ connection: any Connection, ids: [String: Int64], today: CalendarDate, now: Date) throws
  {
    let year = String(today.year + 1)
    let objectives: [(String, String, String)] = [
      ("Grow internal mobility: fill half of open roles from within", "", "Priya"),
      ("Zero-downtime deploys", "Engineering", "Daniel"),
      ("Customer onboarding in under two weeks", "Customer Success", "Aisha"),
    ]
    var objectiveIDs: [Int64] = []
    for (title, team, owner) in objectives {
      objectiveIDs.append(
        try connection.query(
          "INSERT INTO objectives (title, description, period, team, owner_id, created_at) VALUES (\(title), '', \(year), \(team), \(ids[owner]!), \(now)) RETURNING id"
        )[0].decode("id", as: Int64.self))
    }
    let goals: [(String, String, String, Int64?, String, Int)] = [
      ("Ana", "Lead the deploy pipeline redesign", "short term", objectiveIDs[1], "manager", 40),
      ("Ana", "Become a staff engineer", "long term", nil, "manager", 20),
      ("Tomás", "Try a rotation in Design", "aspiration", objectiveIDs[0], "private", 0),
      ("Grace", "Speak at a meetup", "long term", nil, "everyone", 10),
    ]
    for (person, title, horizon, objective, visibility, progress) in goals {
      try connection.execute(
        """
        INSERT INTO goals (person_id, title, horizon, objective_id, status, progress, visibility, created_at, updated_at)
        VALUES (\(ids[person]!), \(title), \(horizon), \(objective), 'active', \(progress), \(visibility), \(now), \(now))
        """)
    }
    // Goals counted in milestones: one under way, one achieved and celebrated.
    let milestoneGoals: [(String, String, String, [(String, Bool)])] = [
      (
        "Amara", "Run my first usability study", "everyone",
        [("Write the test plan", true), ("Recruit five participants", true), ("Share the findings", true)]
      ),
      (
        "Kenji", "Publish the design system guidelines", "manager",
        [("Audit the components", true), ("Draft the guidelines", false), ("Review with engineering", false)]
      ),
    ]
    for (person, title, visibility, milestones) in milestoneGoals {
      let done = milestones.filter(\.1).count
      let progress = done * 100 / milestones.count
      let goal = try connection.query(
        """
        INSERT INTO goals (person_id, title, horizon, status, progress, visibility, created_at, updated_at)
        VALUES (\(ids[person]!), \(title), 'short term', \(progress == 100 ? "achieved" : "active"), \(progress),
          \(visibility), \(now), \(now))
        RETURNING id
        """)[0].decode("id", as: Int64.self)
      for (index, (milestone, isDone)) in milestones.enumerated() {
        let doneOn = isDone ? today.adding(days: -30 + index * 10) : nil
        try connection.execute(
          "INSERT INTO goal_milestones (goal_id, title, done_on) VALUES (\(goal), \(milestone), \(doneOn))")
      }
      if progress == 100 {
        try celebrate(
          connection, ids[person]!, "goal", goal, title, "Five sessions, three big surprises.", "everyone",
          kudos: [ids["Sofia"]!, ids["Mei"]!, ids["Kenji"]!, ids["Priya"]!],
          at: now.addingTimeInterval(-86_400 * 3))
      }
    }
  }

  static func celebrate(
    _ connection: any Connection, _ person: Int64, _ kind: String, _ subject: Int64, _ title: String,
    _ message: String, _ audience: String, kudos: [Int64], at time: Date
  ) throws {
    let id = try connection.query(
      """
      INSERT INTO celebrations (person_id, kind, subject_id, title, message, audience, created_at)
      VALUES (\(person), \(kind), \(subject), \(title), \(message), \(audience), \(time))
      RETURNING id
      """)[0].decode("id", as: Int64.self)
    for (index, giver) in kudos.enumerated() {
      try connection.execute(
        "INSERT INTO celebration_kudos (celebration_id, person_id, created_at) VALUES (\(id), \(giver), \(time.addingTimeInterval(Double(index + 1) * 3_600)))"
      )
    }
  }

  static var framework: Framework {
    let tracks = [
      Framework.Track(
        slug: "individual-contributor", name: "Individual contributor",
        description: "Growing impact through craft, without managing people.",
        levels: ic.map { Framework.Level(slug: $0.0, name: $0.1, summary: $0.2) }),
      Framework.Track(
        slug: "management", name: "Management", description: "Growing impact through people and teams.",
        levels: management.map { Framework.Level(slug: $0.0, name: $0.1, summary: $0.2) }),
    ]
    let keys = ic.map { "individual-contributor/\($0.0)" } + management.map { "management/\($0.0)" }
    let areas = self.areas.map { area in
      Framework.Area(
        slug: area.1, name: area.0,
        competencies: area.2.map { competency in
          Framework.Competency(
            slug: competency.1, name: competency.0, description: competency.2,
            expectations: Dictionary(
              uniqueKeysWithValues: zip(keys, competency.3).map {
                ($0, Framework.Expectation(description: $1, examples: nil))
              }))
        })
    }
    return Framework(
      tracks: tracks, areas: areas,
      roles: roles.map { Framework.Role(slug: $0.0, title: $0.1, track: $0.2, level: $0.3, description: nil) }
    )
  }
}
