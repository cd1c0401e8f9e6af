import Foundation
import SQL

enum GoalStore {
  /// The facts the policy reads about a goal, given how the actor stands to its owner.
  static func facts(_ goal: Goal, _ toOwner: Relationship) -> Relationship {
    toOwner.with(\.isOwner, toOwner.isSelf).with(\.goalVisibility, goal.visibility)
  }

  /// Sets the goal's progress to the share of its milestones done (achieved when all are).
  @discardableResult
  static func countMilestones(_ connection: any Connection, goal: Int64, at now: Date) throws -> Int {
    let row = try connection.query(
      "SELECT count(*) AS total, count(done_on) AS done FROM goal_milestones WHERE goal_id = \(goal)")[0]
    let total = try row.decode("total", as: Int.self)
    let progress = total == 0 ? 0 : try row.decode("done", as: Int.self) * 100 / total
    try connection.execute(
      """
      UPDATE goals SET progress = \(progress),
        status = CASE WHEN \(progress) = 100 THEN 'achieved' ELSE status END, updated_at = \(now)
      WHERE id = \(goal)
      """)
    return progress
  }

  /// The objectives matching `condition`, the latest period first: all, or `limit` from `offset`.
  static func objectives(
    _ connection: any Connection, where condition: SQLQuery, limit: Int? = nil, offset: Int = 0
  ) throws -> [Objective] {
    try connection.read(objectives(where: condition, limit: limit, offset: offset))
  }

  static func objectives(where condition: SQLQuery, limit: Int? = nil, offset: Int = 0) -> Read<[Objective]> {
    Read(
      """
      SELECT objectives.id, objectives.title, objectives.description, objectives.period, objectives.team,
             people.given_name, people.family_name, people.preferred_name, people.email
      FROM objectives JOIN people ON people.id = objectives.owner_id
      WHERE \(condition) ORDER BY objectives.period DESC, objectives.team, objectives.title, objectives.id
      \(.window(limit, offset))
      """
    ) { rows in
      try rows.map { row in
        Objective(
          id: try row.decode("id"), title: try row.decode("title"),
          description: try row.decode("description"),
          period: try row.decode("period"), team: try row.decode("team"),
          ownerName: try PersonName.display(row))
      }
    }
  }

  static func goals(_ connection: any Connection, where condition: SQLQuery) throws -> [Goal] {
    try connection.read(goals(where: condition))
  }

  /// The goals matching `condition` (on `goals` alone) with their check-ins, milestones and
  /// objective: four statements sent together, whatever their number.
  static func goals(where condition: SQLQuery) -> Read<[Goal]> {
    let matching: SQLQuery = "SELECT goals.id FROM goals WHERE \(condition)"
    return Read.together(
      Read(
        """
        SELECT id, person_id, title, description, horizon, objective_id, status, progress, visibility, due_on
        FROM goals WHERE \(condition) ORDER BY status, created_at DESC, id DESC
        """
      ) { $0 },
      Read(
        """
        SELECT goal_checkins.goal_id, goal_checkins.progress, goal_checkins.note, goal_checkins.created_at,
               people.given_name, people.family_name, people.preferred_name, people.email
        FROM goal_checkins JOIN people ON people.id = goal_checkins.author_id
        WHERE goal_checkins.goal_id IN (\(matching)) ORDER BY goal_checkins.id DESC
        """
      ) { rows in
        var checkIns: [Int64: [GoalCheckIn]] = [:]
        for row in rows {
          checkIns[try row.decode("goal_id"), default: []].append(
            GoalCheckIn(
              authorName: try PersonName.display(row), progress: try row.decode("progress"),
              note: try row.decode("note"), createdAt: try row.decode("created_at")))
        }
        return checkIns
      },
      Read(
        "SELECT goal_id, id, title, done_on FROM goal_milestones WHERE goal_id IN (\(matching)) ORDER BY id"
      ) { rows in
        var milestones: [Int64: [GoalMilestone]] = [:]
        for row in rows {
          milestones[try row.decode("goal_id"), default: []].append(
            GoalMilestone(
              id: try row.decode("id"), title: try row.decode("title"), doneOn: try row.decode("done_on")))
        }
        return milestones
      },
      objectives(where: "objectives.id IN (SELECT goals.objective_id FROM goals WHERE \(condition))")
    ).map { rows, checkIns, milestones, objectives in
      let objectives = Dictionary(objectives.map { ($0.id, $0) }) { first, _ in first }
      return try rows.map { row in
        let id = try row.decode("id", as: Int64.self)
        let steps = milestones[id] ?? []
        return Goal(
          id: id, personID: try row.decode("person_id"), title: try row.decode("title"),
          description: try row.decode("description"),
          horizon: GoalHorizon(rawValue: try row.decode("horizon")) ?? .shortTerm,
          objective: try row.decode("objective_id", as: Int64?.self).flatMap { objectives[$0] },
          status: GoalStatus(rawValue: try row.decode("status")) ?? .active,
          progress: try row.decode("progress"),
          progressMode: steps.isEmpty ? .percent : .milestones,
          milestones: steps,
          visibility: GoalVisibility(rawValue: try row.decode("visibility")) ?? .private,
          dueOn: try row.decode("due_on"),
          checkIns: checkIns[id] ?? [])
      }
    }
  }
}
