import Foundation
import SQL

/// Works out one quarter's figures for every group, to be stored in `insight_cells`. Each
/// query reads only that quarter's span (the follow-through one a cadence further back), so a
/// refresh costs what the quarter holds, and the dashboard afterwards reads a few hundred rows.
enum InsightRefresh {
  struct Key: Hashable {
    let dimension: Dimension
    let group: String
    let measure: Measure
  }

  /// One stored figure.
  struct Cell {
    let key: Key
    let value: Double?
    let people: Int
  }

  /// A relationship's action items that a following conversation looked back on, and how many
  /// of them were done by then: what its follow-through is worked out from.
  struct FollowThrough: Equatable {
    var followUps = 0
    var done = 0

    /// The share done; none when nothing was followed up.
    var share: Double? { followUps == 0 ? nil : Double(done) / Double(followUps) }
  }

  /// A quarter's figures, and each relationship's follow-through (a manager's team page adds up
  /// their reports').
  struct Figures {
    let cells: [Cell]
    let followThrough: [Int64: FollowThrough]
  }

  /// Works out a quarter's figures (reads only).
  static func compute(
    _ connection: any Connection, quarter: Quarter, today: CalendarDate, settings: ConversationSettings
  ) throws -> Figures {
    let start = quarter.firstDay
    let end = quarter.cutOff(today: today)
    var tally = Tally()
    for row in try connection.query(
      """
      SELECT id, department, team, location FROM people
      WHERE active = TRUE AND (hire_date IS NULL OR hire_date <= \(end))
      """)
    {
      tally.addMember(
        try row.decode("id"),
        department: try row.decode("department"), team: try row.decode("team"),
        location: try row.decode("location"))
    }
    tally.startCounting()

    // The rhythm at the quarter's end.
    for (relationship, lastHeld) in try InsightFacts.relationships(connection, where: "TRUE", on: end) {
      let overdue = settings.dueOn(relationship, lastHeld: lastHeld) < end
      tally.add(relationship.employeeID, .cadenceAdherence, overdue ? 0 : 1)
      tally.add(relationship.employeeID, .overdueRelationships, overdue ? 1 : 0, 0)
    }
    // New hires of the last four quarters: days to their first conversation held.
    for row in try connection.query(
      """
      SELECT people.id, people.hire_date, min(conversations.held_on) AS first_held
      FROM people
      JOIN relationships ON relationships.employee_id = people.id AND relationships.kind = 'manager'
      JOIN conversations ON conversations.relationship_id = relationships.id AND conversations.status = 'held'
        AND conversations.held_on >= people.hire_date AND conversations.held_on <= \(end)
      WHERE people.hire_date > \(quarter.previous.previous.previous.firstDay.adding(days: -1))
        AND people.hire_date <= \(end)
      GROUP BY people.id, people.hire_date
      """)
    {
      let hired = try row.decode("hire_date", as: CalendarDate.self)
      let first = try row.decode("first_held", as: CalendarDate.self)
      tally.add(try row.decode("id"), .daysToFirstConversation, Double(days(from: hired, to: first)))
    }
    var followThrough: [Int64: FollowThrough] = [:]
    for followUp in try InsightFacts.followUps(connection, where: "TRUE", from: start, to: end) {
      tally.add(followUp.employeeID, .followThrough, followUp.done ? 1 : 0)
      followThrough[followUp.relationshipID, default: FollowThrough()].followUps += 1
      if followUp.done { followThrough[followUp.relationshipID]!.done += 1 }
    }
    // Plans, milestones and goals.
    let endOfDay = end.adding(days: 1).start
    let planned = Set(
      try connection.query(
        """
        SELECT DISTINCT person_id FROM plans
        WHERE created_at < \(endOfDay) AND (archived_at IS NULL OR archived_at >= \(endOfDay))
        """
      ).map { try $0.decode("person_id", as: Int64.self) })
    for row in try connection.query(
      """
      SELECT plans.person_id, plan_milestones.done_on FROM plan_milestones
      JOIN plan_items ON plan_items.id = plan_milestones.item_id
      JOIN plans ON plans.id = plan_items.plan_id
      WHERE plan_milestones.target_on >= \(start) AND plan_milestones.target_on <= \(end)
      """)
    {
      let done = try row.decode("done_on", as: CalendarDate?.self).map { $0 <= end } ?? false
      tally.add(try row.decode("person_id"), .milestoneCompletion, done ? 1 : 0)
    }
    for row in try connection.query(
      """
      SELECT person_id, CASE WHEN objective_id IS NULL THEN 0 ELSE 1 END AS aligned FROM goals
      WHERE created_at < \(endOfDay) AND status <> 'dropped'
      """)
    {
      tally.add(try row.decode("person_id"), .goalAlignment, Double(try row.decode("aligned", as: Int.self)))
    }
    // Feedback, mentorship and moves.
    let received = try InsightFacts.feedbackReceived(connection, where: "TRUE", from: start, to: end)
    var mentoring = Set<Int64>()
    for row in try connection.query(
      """
      SELECT employee_id, partner_id FROM relationships
      WHERE kind = 'mentor' AND started_on <= \(end) AND (ended_on IS NULL OR ended_on >= \(start))
      """)
    {
      mentoring.insert(try row.decode("employee_id"))
      mentoring.insert(try row.decode("partner_id"))
    }
    var moved = Set<Int64>()
    for row in try connection.query(
      """
      SELECT opportunity_interests.person_id FROM opportunity_interests
      JOIN opportunities ON opportunities.id = opportunity_interests.opportunity_id
      WHERE opportunity_interests.status = 'selected' AND opportunities.outcome = 'filled internally'
        AND opportunities.closed_at >= \(start.start) AND opportunities.closed_at < \(endOfDay)
      UNION
      SELECT later.person_id FROM manager_history later
      WHERE later.started_on >= \(start) AND later.started_on <= \(end)
        AND EXISTS (SELECT 1 FROM manager_history earlier
          WHERE earlier.person_id = later.person_id AND earlier.started_on < later.started_on)
      """)
    {
      moved.insert(try row.decode("person_id"))
    }
    for person in tally.people {
      tally.add(person, .planCoverage, planned.contains(person) ? 1 : 0)
      tally.add(person, .feedbackPerPerson, Double(received[person] ?? 0))
      tally.add(person, .feedbackSpread, received[person] == nil ? 0 : 1)
      tally.add(person, .mentorshipReach, mentoring.contains(person) ? 1 : 0)
      tally.add(person, .internalMoves, moved.contains(person) ? 1 : 0, 0)
    }
    var cells = tally.cells()
    // The pulse is anonymous: responses, stored by department, are the people behind it.
    var organization = (responses: 0, heard: 0.0, steps: 0.0)
    for row in try connection.query(
      """
      SELECT department, count(*) AS responses, sum(felt_heard) AS heard, sum(clear_next_steps) AS steps
      FROM pulse_responses WHERE quarter = \(quarter.description) GROUP BY department
      """)
    {
      let department = try row.decode("department", as: String.self)
      let responses = try row.decode("responses", as: Int.self)
      let heard = try row.decode("heard", as: Double.self)
      let steps = try row.decode("steps", as: Double.self)
      organization = (
        organization.responses + responses, organization.heard + heard, organization.steps + steps
      )
      guard !department.isEmpty else { continue }
      for (measure, sum) in [(Measure.feltHeard, heard), (.clearNextSteps, steps)] {
        cells.append(
          Cell(
            key: Key(dimension: .department, group: department, measure: measure),
            value: sum / Double(responses), people: responses))
      }
    }
    if organization.responses > 0 {
      for (measure, sum) in [(Measure.feltHeard, organization.heard), (.clearNextSteps, organization.steps)] {
        cells.append(
          Cell(
            key: Key(dimension: .organization, group: "", measure: measure),
            value: sum / Double(organization.responses), people: organization.responses))
      }
    }
    return Figures(cells: cells, followThrough: followThrough)
  }

  /// What must be written so that the stored follow-through of `quarter` is `computed` (a read,
  /// done before the write transaction): between two refreshes few relationships change.
  static func changes(
    _ connection: any Connection, quarter: Quarter, from computed: [Int64: FollowThrough]
  ) throws -> (changed: [Int64: FollowThrough], gone: [Int64]) {
    var stored: [Int64: FollowThrough] = [:]
    for row in try connection.query(
      "SELECT relationship_id, follow_ups, done FROM follow_through WHERE quarter = \(quarter.description)")
    {
      stored[try row.decode("relationship_id")] = try FollowThrough(row)
    }
    return (
      computed.filter { stored[$0.key] != $0.value }, stored.keys.filter { computed[$0] == nil }.sorted()
    )
  }

  /// What a quarter's figures add up to, whatever order they were worked out in.
  static func digest(_ cells: [Cell]) -> String {
    let digest = Secrets.Digest()
    for cell in cells.sorted(by: {
      ($0.key.dimension.rawValue, $0.key.group, $0.key.measure.rawValue)
        < ($1.key.dimension.rawValue, $1.key.group, $1.key.measure.rawValue)
    }) {
      digest.add(
        "\(cell.key.dimension.rawValue)\t\(cell.key.group)\t\(cell.key.measure.rawValue)\t"
          + "\(cell.value.map { "\($0)" } ?? "-")\t\(cell.people)\n")
    }
    return digest.finish()
  }

  /// Replaces a quarter's stored figures (a short write, after the reads), unless they are the
  /// ones stored already (`digest`): then only the time they were worked out changes.
  static func store(
    _ connection: any Connection, quarter: Quarter, _ cells: [Cell], digest: String,
    followThrough: (changed: [Int64: FollowThrough], gone: [Int64]), now: Date
  ) throws {
    let stored = try connection.scalar(
      "SELECT digest FROM insight_refreshes WHERE quarter = \(quarter.description)", as: String.self)
    if stored != digest {
      try connection.execute("DELETE FROM insight_cells WHERE quarter = \(quarter.description)")
      // Written as they are read, in batches: a quarter has a row per team and figure.
      let batch = RowBatch(
        connection,
        "INSERT INTO insight_cells (quarter, dimension, group_name, measure, value, people) VALUES",
        tail:
          "ON CONFLICT (dimension, quarter, group_name, measure) DO UPDATE SET value = excluded.value, people = excluded.people"
      )
      for cell in cells {
        try batch.append(
          """
          (\(quarter.description), \(cell.key.dimension.rawValue), \(cell.key.group), \(cell.key.measure.rawValue),
            \(cell.value), \(cell.people))
          """)
      }
      try batch.flush()
    }
    let changed = RowBatch(
      connection, "INSERT INTO follow_through (relationship_id, quarter, follow_ups, done) VALUES",
      tail:
        "ON CONFLICT (quarter, relationship_id) DO UPDATE SET follow_ups = excluded.follow_ups, done = excluded.done"
    )
    for (relationship, figure) in followThrough.changed.sorted(by: { $0.key < $1.key }) {
      try changed.append("(\(relationship), \(quarter.description), \(figure.followUps), \(figure.done))")
    }
    try changed.flush()
    for start in stride(from: 0, to: followThrough.gone.count, by: 500) {
      let gone = followThrough.gone[start..<min(start + 500, followThrough.gone.count)]
      try connection.execute(
        """
        DELETE FROM follow_through WHERE quarter = \(quarter.description)
          AND relationship_id IN (\(list: Array(gone)))
        """)
    }
    try connection.execute(
      """
      INSERT INTO insight_refreshes (quarter, refreshed_at, digest) VALUES (\(quarter.description), \(now), \(digest))
      ON CONFLICT (quarter) DO UPDATE SET refreshed_at = excluded.refreshed_at, digest = excluded.digest
      """)
  }

  static func days(from: CalendarDate, to: CalendarDate) -> Int {
    Int(((to.start.timeIntervalSince(from.start)) / 86_400).rounded())
  }
}

extension InsightRefresh.FollowThrough {
  /// As stored (or summed) in `follow_through`: `follow_ups` and `done`.
  init(_ row: Row) throws {
    self.init(followUps: try row.decode("follow_ups"), done: try row.decode("done"))
  }

  /// Several quarters or relationships together.
  init(adding figures: [Self]) {
    self.init(followUps: figures.map(\.followUps).reduce(0, +), done: figures.map(\.done).reduce(0, +))
  }
}
