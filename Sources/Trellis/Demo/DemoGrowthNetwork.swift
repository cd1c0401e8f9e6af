import Foundation
import SQL

/// The growth network of the demo organization: learning communities with meetings and
/// resources, opportunities with interest, mentors and mentorships, and succession plans.
enum DemoGrowthNetwork {
  /// Key roles with their potential successors; people see the roles they are named for.
  static func succession(_ connection: any Connection, ids: [String: Int64], now: Date) throws {
    // (role, team, holder, why, successors (person, readiness, development))
    let roles: [(String, String, String, String, [(String, String, String)])] = [
      (
        "Engineering Manager", "Engineering", "Daniel",
        "Leads the largest team; a gap would stall the payments roadmap.",
        [
          ("Yusuf", "ready now", "Take over the hiring loop for a quarter"),
          ("Ana", "1-2 years", "Lead people through a full review cycle"),
        ]
      ),
      (
        "Design Manager", "Design", "Sofia", "The only design leader.",
        [("Kenji", "1-2 years", "Manage one designer")]
      ),
      (
        "Head of People", "People", "Priya", "Owns every people process.",
        [("Tom", "1-2 years", "Run the annual engagement survey end to end"), ("Laura", "3+ years", "")]
      ),
    ]
    for (title, team, holder, why, successors) in roles {
      let role = try connection.query(
        """
        INSERT INTO key_roles (title, team, holder_id, why_key, created_by, created_at)
        VALUES (\(title), \(team), \(ids[holder]!), \(why), \(ids["Priya"]!), \(now))
        RETURNING id
        """)[0].decode("id", as: Int64.self)
      for (person, readiness, development) in successors {
        try connection.execute(
          """
          INSERT INTO successors (key_role_id, person_id, readiness, development, updated_by, updated_at)
          VALUES (\(role), \(ids[person]!), \(readiness), \(development), \(ids["Priya"]!), \(now))
          """)
      }
    }
    try connection.execute(
      """
      INSERT INTO settings (key, value, updated_at) VALUES (\(SuccessionService.sharingKey), 'true', \(now))
      """)
  }

  static func mentoring(_ connection: any Connection, ids: [String: Int64], today: CalendarDate, now: Date)
    throws
  {
    // (mentor, topics, competencies, capacity, cadence)
    let offers: [(String, String, [String], Int, Int)] = [
      (
        "Yusuf", "Technical direction, design reviews, becoming a staff engineer",
        ["technical-depth", "strategy", "communication"], 3, 30
      ),
      ("Kenji", "Product thinking for engineers, giving and taking critique", ["communication"], 2, 30),
      (
        "Laura", "Your first years as a manager: one-to-ones, feedback, growing people",
        ["mentoring", "communication"], 3, 42
      ),
      ("Marcus", "Strategy, prioritisation and working with leadership", ["strategy"], 1, 42),
      ("Aisha", "Owning customer outcomes end to end", ["ownership", "communication"], 2, 30),
    ]
    for (person, topics, competencies, capacity, cadence) in offers {
      try connection.execute(
        """
        INSERT INTO mentor_offers (person_id, topics, capacity, cadence_days, active, updated_at)
        VALUES (\(ids[person]!), \(topics), \(capacity), \(cadence), TRUE, \(now))
        """)
      try CompetencyLinks.replace(
        connection, table: "mentor_competencies", column: "person_id", id: ids[person]!, slugs: competencies)
    }
    let guide = try connection.scalar(
      """
      SELECT guide_versions.id FROM guide_versions JOIN guides ON guides.id = guide_versions.guide_id
      WHERE guides.slug = \(GuidesSchema.mentoringGuide) ORDER BY guide_versions.version DESC
      """, as: Int64.self)!
    // (mentor, mentee, started days ago, note, goals with days ago reached)
    let mentorships: [(String, String, Int, String, [(String, Int?)])] = [
      (
        "Yusuf", "Tomás", 75, "I want to grow towards senior and lead technical decisions.",
        [("Lead one design review", 20), ("Write a design document others build on", nil)]
      ),
      (
        "Kenji", "Noah", 40, "I'd like to understand how product and design decide what to build.",
        [("Sit in on three critiques", nil)]
      ),
      (
        "Laura", "Sofia", 120, "Help me grow as a manager of a growing team.",
        [("Run a calibrated growth conversation with each report", 30)]
      ),
    ]
    for (mentor, mentee, daysAgo, note, goals) in mentorships {
      let started = today.adding(days: -daysAgo)
      let request = try connection.query(
        """
        INSERT INTO mentorship_requests (mentee_id, mentor_id, note, status, created_at, decided_at)
        VALUES (\(ids[mentee]!), \(ids[mentor]!), \(note), 'accepted', \(started.start), \(started.start))
        RETURNING id
        """)[0].decode("id", as: Int64.self)
      let relationship = try connection.query(
        """
        INSERT INTO relationships (kind, employee_id, partner_id, started_on, cadence_days, created_at)
        VALUES ('mentor', \(ids[mentee]!), \(ids[mentor]!), \(started), 30, \(started.start))
        RETURNING id
        """)[0].decode("id", as: Int64.self)
      try connection.execute(
        "INSERT INTO mentorships (relationship_id, request_id) VALUES (\(relationship), \(request))")
      for (title, reached) in goals {
        try connection.execute(
          """
          INSERT INTO mentorship_goals (relationship_id, title, reached_on, created_by, created_at)
          VALUES (\(relationship), \(title), \(reached.map { today.adding(days: -$0) }), \(ids[mentee]!), \(started.start))
          """)
      }
      // A session held a couple of weeks ago and the next one on the calendar.
      for (offset, status) in [(-14, "held"), (9, "scheduled")] {
        let at = today.adding(days: offset).start.addingTimeInterval(15 * 3_600)
        try connection.execute(
          """
          INSERT INTO conversations (relationship_id, guide_version_id, scheduled_at, time_zone, duration_minutes, location,
            status, held_on, created_by, created_at, updated_at)
          VALUES (\(relationship), \(guide), \(at), 'Europe/London', 45, 'Video call', \(status),
            \(status == "held" ? today.adding(days: offset) : nil), \(ids[mentor]!), \(started.start), \(started.start))
          """)
      }
    }
    // One request still waiting for an answer.
    try connection.execute(
      """
      INSERT INTO mentorship_requests (mentee_id, mentor_id, note, status, created_at)
      VALUES (\(ids["Ravi"]!), \(ids["Yusuf"]!), 'I want to get better at explaining reliability trade-offs.', 'pending', \(now))
      """)
  }

  static func opportunities(
    _ connection: any Connection, ids: [String: Int64], today: CalendarDate, now: Date
  )
    throws
  {
    // (title, kind, description, commitment, team, owner, deadline in days, needs, develops)
    let opportunities: [(String, String, String, String, String, String, Int, [String], [String])] = [
      (
        "Payments reliability tiger team", "project",
        "Six weeks to halve payment failures: tracing, retries, and a runbook the on-call rota trusts.",
        "Two days a week for 6 weeks", "Engineering", "Daniel", 20, ["technical-depth"],
        ["ownership", "quality"]
      ),
      (
        "Design systems rotation", "rotation",
        "Three months with the design systems group, shipping the new form components with engineering.",
        "Full time for 3 months", "Design", "Sofia", 25, ["communication"], ["technical-depth", "strategy"]
      ),
      (
        "People analytics gig", "gig",
        "Help the people team turn survey results into a short story for the leadership offsite.",
        "4 hours a week for a month", "People", "Priya", 12, [], ["strategy", "communication"]
      ),
      (
        "Shadow the VP for a week", "shadowing",
        "Sit in on planning, hiring and portfolio reviews with Marcus to see how product and engineering decisions are made.",
        "One week", "Leadership", "Marcus", 30, [], ["strategy"]
      ),
      (
        "Solutions engineer", "open role",
        "Join Sales as a solutions engineer: demos, proofs of concept and technical discovery with customers.",
        "Permanent role", "Sales", "Carlos", 35, ["communication", "technical-depth"], ["ownership"]
      ),
    ]
    for (title, kind, description, commitment, team, owner, deadline, needs, develops) in opportunities {
      let id = try connection.query(
        """
        INSERT INTO opportunities (title, kind, description, time_commitment, team, starts_on, interest_deadline, places,
          owner_id, status, created_by, created_at)
        VALUES (\(title), \(kind), \(description), \(commitment), \(team), \(today.adding(days: deadline + 14)),
          \(today.adding(days: deadline)), 1, \(ids[owner]!), 'open', \(ids[owner]!), \(now.addingTimeInterval(-86_400 * 6)))
        RETURNING id
        """)[0].decode("id", as: Int64.self)
      try CompetencyLinks.replace(
        connection, table: "opportunity_needs", column: "opportunity_id", id: id, slugs: needs)
      try CompetencyLinks.replace(
        connection, table: "opportunity_develops", column: "opportunity_id", id: id, slugs: develops)
    }
    // A filled one, for the record of internal moves.
    let filled = try connection.query(
      """
      INSERT INTO opportunities (title, kind, description, time_commitment, team, interest_deadline, places, owner_id,
        status, outcome, outcome_note, created_by, created_at, closed_at)
      VALUES ('Customer onboarding revamp', 'project', 'Rework the first 30 days for new customers with Customer Success.',
        'One day a week for 2 months', 'Customer Success', \(today.adding(days: -40)), 1, \(ids["Aisha"]!), 'closed',
        'filled internally', 'Lena joined from Engineering.', \(ids["Aisha"]!), \(now.addingTimeInterval(-86_400 * 70)),
        \(now.addingTimeInterval(-86_400 * 35)))
      RETURNING id
      """)[0].decode("id", as: Int64.self)
    // (opportunity, person, note, shared with manager, status)
    let interest: [(String, String, String, Bool, String)] = [
      (
        "Payments reliability tiger team", "Tomás", "I carried the last two payment incidents.", true,
        "interested"
      ),
      (
        "Payments reliability tiger team", "Grace", "I'd like to learn tracing properly.", false,
        "shortlisted"
      ),
      ("Design systems rotation", "Ana", "Front-end depth and a closer view of design.", false, "interested"),
      ("Solutions engineer", "Chloé", "I enjoy the customer side of QA.", false, "interested"),
    ]
    for (title, person, note, shared, status) in interest {
      try connection.execute(
        """
        INSERT INTO opportunity_interests (opportunity_id, person_id, note, share_with_manager, status, created_at,
          updated_at)
        SELECT id, \(ids[person]!), \(note), \(shared), \(status), \(now), \(now) FROM opportunities WHERE title = \(title)
        """)
    }
    try connection.execute(
      """
      INSERT INTO opportunity_interests (opportunity_id, person_id, note, share_with_manager, status, created_at, updated_at)
      VALUES (\(filled), \(ids["Lena"]!), 'Customers are why I joined.', TRUE, 'selected', \(now), \(now))
      """)
    for (person, kind) in [
      ("Ana", "project"), ("Ana", "rotation"), ("Noah", "project"), ("Mei", "shadowing"),
    ] {
      try connection.execute(
        "INSERT INTO opportunity_subscriptions (person_id, kind, created_at) VALUES (\(ids[person]!), \(kind), \(now))"
      )
    }
  }

  static func communities(_ connection: any Connection, ids: [String: Int64], now: Date) throws {
    let day = 86_400.0
    // (name, kind, description, open, competencies, organisers, members)
    let communities: [(String, String, String, Bool, [String], [String], [String])] = [
      (
        "Staff+ engineering guild", "guild",
        "Senior and aspiring staff engineers compare notes on technical direction, design reviews and influence beyond a team. Every other Thursday.",
        true, ["technical-depth", "strategy"], ["Yusuf"], ["Ana", "Ravi", "Tomás"]
      ),
      (
        "Design critique circle", "cross-training circle",
        "Designers, engineers and researchers critique work in progress together, and learn to give and take critique well.",
        true, ["communication"], ["Kenji"], ["Mei", "Amara", "Elif", "Ana"]
      ),
      (
        "New managers cohort", "cohort",
        "Six months of monthly sessions for people in their first two years of managing: one-to-ones, feedback, hiring, growing people.",
        false, ["mentoring", "communication"], ["Laura"], ["Sofia", "Carlos", "Aisha"]
      ),
      (
        "Product book club", "book club",
        "One book a month about products, strategy and decisions; anyone welcome, whether you finished the book or not.",
        true, ["strategy"], ["Elif"], ["Kenji", "Hannah", "Wei"]
      ),
    ]
    for (index, entry) in communities.enumerated() {
      let (name, kind, description, open, competencies, organisers, members) = entry
      let id = try connection.query(
        """
        INSERT INTO communities (name, kind, description, is_open, created_by, created_at)
        VALUES (\(name), \(kind), \(description), \(open), \(ids[organisers[0]]!), \(now.addingTimeInterval(-day * 120)))
        RETURNING id
        """)[0].decode("id", as: Int64.self)
      try CompetencyLinks.replace(
        connection, table: "community_competencies", column: "community_id", id: id, slugs: competencies)
      for person in organisers + members {
        try connection.execute(
          """
          INSERT INTO community_members (community_id, person_id, is_organiser, joined_at)
          VALUES (\(id), \(ids[person]!), \(organisers.contains(person)), \(now.addingTimeInterval(-day * 90)))
          """)
      }
      // The last meeting and the next, on the community's own rhythm in London.
      let rhythm = meetingRhythms[index]
      let next = nextMeeting(after: now, weekday: rhythm.weekday, hour: rhythm.hour, minute: rhythm.minute)
      for (title, startsAt) in [
        (rhythm.last, next.addingTimeInterval(-day * Double(rhythm.everyDays))), (rhythm.next, next),
      ] {
        try connection.execute(
          """
          INSERT INTO community_meetings (community_id, title, starts_at, time_zone, duration_minutes, location,
            created_by, created_at)
          VALUES (\(id), \(title), \(startsAt), 'Europe/London', 60, 'Video call', \(ids[organisers[0]]!), \(now))
          """)
      }
    }
    let resources: [(String, String, String, String, String)] = [
      (
        "Staff+ engineering guild", "Yusuf", "Writing design documents that get read",
        "https://example.org/design-docs", "Our template and three good examples"
      ),
      (
        "Design critique circle", "Kenji", "How to give critique", "",
        "The one-page guide we use at each session"
      ),
      (
        "Product book club", "Elif", "This month: Good Strategy Bad Strategy", "",
        "Chapters 1–5 for the next session"
      ),
    ]
    for (community, person, title, url, note) in resources {
      try connection.execute(
        """
        INSERT INTO community_resources (community_id, title, url, note, added_by, created_at)
        SELECT id, \(title), \(url), \(note), \(ids[person]!), \(now) FROM communities WHERE name = \(community)
        """)
    }
  }
}

extension DemoGrowthNetwork {
  /// When each demo community meets (weekday 1 is Sunday), in the order of `communities`, and the
  /// topics of its last and next meeting.
  static let meetingRhythms:
    [(weekday: Int, hour: Int, minute: Int, everyDays: Int, last: String, next: String)] = [
      (5, 16, 0, 14, "How we review design documents", "Influence without authority"),
      (3, 14, 0, 7, "Critique: the onboarding flow", "Critique: the billing settings page"),
      (4, 10, 0, 28, "Running one-to-ones that matter", "Hiring well"),
      (
        2, 17, 30, 28, "Good Strategy Bad Strategy, chapters 1–5", "Good Strategy Bad Strategy, chapters 6–10"
      ),
    ]

  /// The first such weekday and time in London after `now`.
  static func nextMeeting(after now: Date, weekday: Int, hour: Int, minute: Int) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "Europe/London") ?? .gmt
    let wanted = DateComponents(hour: hour, minute: minute, second: 0, weekday: weekday)
    return calendar.nextDate(after: now, matching: wanted, matchingPolicy: .nextTime) ?? now
  }
}
