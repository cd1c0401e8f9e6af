import Foundation
import SQL

/// Objectives and personal career goals. Each goal's owner chooses who sees it.
public struct GoalService: Sendable {
  let database: Database
  let clock: Clock

  /// Everyone sees the objectives, the latest period first; `team` "" keeps the organization's own.
  public func objectives(_ actor: Actor, team: String? = nil, limit: Int = 50, offset: Int = 0) throws
    -> Page<Objective>
  {
    try Policy.require(actor, .viewDirectory)
    try TextRule.department.validate(team, "team")
    let condition: SQLQuery = team.map { "objectives.team = \($0)" } ?? "TRUE"
    return try database.withConnection { connection in
      try Page.read(
        connection, limit: limit, offset: offset,
        counting: "objectives WHERE \(condition)",
        items: { try GoalStore.objectives(connection, where: condition, limit: $0, offset: $1) })
    }
  }

  /// The objectives a person's goal can serve: the organization's and their own team's.
  public func alignable(_ actor: Actor) throws -> [Objective] {
    try Policy.require(actor, .viewDirectory)
    return try database.withConnection {
      try GoalStore.objectives(
        $0, where: "(objectives.team = '' OR objectives.team = \(actor.person.department))")
    }
  }

  /// Whether the actor may add any objective (pages offer the form only then): the people team,
  /// or a manager for their own team.
  public func mayAddObjectives(_ actor: Actor) throws -> Bool {
    let managesTeam = try database.withConnection {
      try Self.managesTeam($0, actor, team: actor.person.department)
    }
    return Policy.allows(actor, .manageObjectives, Relationship(isCurrentManager: managesTeam))
  }

  /// A manager keeps the objectives of their own team: the department they have reports in.
  private static func managesTeam(_ connection: any Connection, _ actor: Actor, team: String) throws -> Bool {
    guard !team.isEmpty, team == actor.person.department else { return false }
    let reports =
      try connection.scalar(
        "SELECT count(*) FROM people WHERE manager_id = \(actor.id) AND active = TRUE", as: Int.self) ?? 0
    return reports > 0
  }

  /// An objective for the organization (people team) or for the actor's own team (managers).
  public func createObjective(
    _ actor: Actor, title: String, description: String, period: String, team: String
  ) throws -> Objective {
    try database.transaction { connection in
      let managesTeam = try Self.managesTeam(connection, actor, team: team)
      // A manager who names another team made a mistake in a field, not a forbidden request.
      if !managesTeam, !Policy.allows(actor, .manageObjectives),
        try Self.managesTeam(connection, actor, team: actor.person.department)
      {
        throw ValidationError(
          field: "team",
          "must be your own team (\(actor.person.department)): managers set objectives for their team")
      }
      try Policy.require(actor, .manageObjectives, Relationship(isCurrentManager: managesTeam))
      var validator = Validator()
      TextRule.goalTitle.check(title, "title", in: &validator)
      TextRule.goalDescription.check(description, "description", in: &validator)
      if period.trimmed.isEmpty {
        validator.add("period", "is required, e.g. 2027 or 2027-Q1")
      } else {
        TextRule.goalPeriod.check(period, "period", in: &validator)
      }
      TextRule.department.check(team, "team", in: &validator)
      try validator.throwIfInvalid()
      let id = try connection.query(
        """
        INSERT INTO objectives (title, description, period, team, owner_id, created_at)
        VALUES (\(title.trimmed), \(description.trimmed), \(period.trimmed), \(team.trimmed), \(actor.id), \(clock.now()))
        RETURNING id
        """)[0].decode("id", as: Int64.self)
      return try GoalStore.objectives(connection, where: "objectives.id = \(id)")[0]
    }
  }

  /// The goals of a person the actor may see; reads by others are recorded.
  public func goals(_ actor: Actor, of personID: Int64, via: Channel) throws -> [Goal] {
    try database.reading { connection, recorded in
      // The person and their goals together; only what the policy allows is kept.
      let (people, goals) = try connection.read(
        PeopleStore.find(ids: [personID]), GoalStore.goals(where: "goals.person_id = \(personID)"))
      guard let person = people[personID] else { throw NotFound("person") }
      let relationship = try PeopleStore.relationship(connection, actor: actor.id, subject: person)
      return Self.visible(goals, of: personID, to: actor, relationship, via: via, at: clock.now(), &recorded)
    }
  }

  /// The person's goals the policy lets the actor see; someone else's read is recorded.
  static func visible(
    _ goals: [Goal], of personID: Int64, to actor: Actor, _ relationship: Relationship, via: Channel,
    at now: Date,
    _ recorded: inout RecordedReads
  ) -> [Goal] {
    let visible = goals.filter { Policy.allows(actor, .viewGoal, GoalStore.facts($0, relationship)) }
    if !relationship.isSelf && !visible.isEmpty {
      recorded.record(viewer: actor.id, subject: personID, data: "goals", via: via, at: now)
    }
    return visible
  }

  /// A goal of the actor's own.
  public func create(_ actor: Actor, _ input: GoalInput) throws -> Goal {
    try database.transaction { connection in
      var validator = Validator()
      TextRule.goalTitle.check(input.title, "title", in: &validator)
      TextRule.goalDescription.check(input.description, "description", in: &validator)
      if let due = input.dueOn, !due.isEmpty {
        validator.check(CalendarDate(due) != nil, "dueOn", "must be a date as YYYY-MM-DD")
      }
      if let objective = input.objectiveID {
        let exists =
          try connection.scalar("SELECT count(*) FROM objectives WHERE id = \(objective)", as: Int.self) ?? 0
        validator.check(exists > 0, "objectiveID", "no such objective")
      }
      let milestones = (input.milestones ?? []).map(\.trimmed)
      for (index, title) in milestones.enumerated() {
        TextRule.goalTitle.check(title, "milestones[\(index)]", in: &validator)
      }
      ListRule.goalMilestones.check(milestones.count, "milestones", in: &validator)
      try validator.throwIfInvalid()
      let now = clock.now()
      let id = try connection.query(
        """
        INSERT INTO goals (person_id, title, description, horizon, objective_id, status, progress, visibility, due_on,
          created_at, updated_at)
        VALUES (\(actor.id), \(input.title.trimmed), \(input.description?.trimmed ?? ""), \(input.horizon.rawValue),
          \(input.objectiveID), 'active', 0, \(input.visibility.rawValue),
          \(input.dueOn.flatMap(CalendarDate.init)), \(now), \(now))
        RETURNING id
        """)[0].decode("id", as: Int64.self)
      for title in milestones {
        try connection.execute("INSERT INTO goal_milestones (goal_id, title) VALUES (\(id), \(title))")
      }
      return try GoalStore.goals(connection, where: "goals.id = \(id)")[0]
    }
  }

  /// The goal, if the actor may see it; someone else's goal they may not see is "not found".
  private func visibleGoal(_ connection: any Connection, _ actor: Actor, _ id: Int64) throws -> (
    Goal, Relationship
  ) {
    guard let goal = try GoalStore.goals(connection, where: "goals.id = \(id)").first else {
      throw NotFound("goal")
    }
    let facts = GoalStore.facts(
      goal, try PeopleStore.relationship(connection, actor: actor.id, subject: goal.personID))
    guard Policy.allows(actor, .viewGoal, facts) else { throw NotFound("goal") }
    return (goal, facts)
  }

  /// The owner changes status or visibility.
  public func update(_ actor: Actor, goal id: Int64, status: GoalStatus?, visibility: GoalVisibility?) throws
    -> Goal
  {
    try database.transaction { connection in
      let (goal, relationship) = try visibleGoal(connection, actor, id)
      try Policy.require(actor, .changeGoal, relationship)
      try connection.execute(
        """
        UPDATE goals SET status = \((status ?? goal.status).rawValue), visibility = \((visibility ?? goal.visibility).rawValue),
          progress = \(status == .achieved ? 100 : goal.progress), updated_at = \(clock.now())
        WHERE id = \(id)
        """)
      return try GoalStore.goals(connection, where: "goals.id = \(id)")[0]
    }
  }

  /// A check-in with progress, by the owner or their manager (when the goal is theirs to see).
  /// A goal counted in milestones keeps the progress its milestones give.
  public func checkIn(_ actor: Actor, goal id: Int64, progress: Int?, note: String) throws -> Goal {
    try database.transaction { connection in
      let (goal, relationship) = try visibleGoal(connection, actor, id)
      guard Policy.allows(actor, .checkInGoal, relationship) else {
        throw AccessError.forbidden(.checkInGoal)
      }
      // A progress given is checked even where milestones decide it, as the API's schema says.
      try NumberRule.progress.validate(progress, "progress")
      try TextRule.checkInNote.validate(note, "note")
      let progress = goal.progressMode == .milestones ? goal.progress : progress ?? -1
      try NumberRule.progress.validate(progress, "progress")
      try ListRule.goalCheckIns.ensureRoom(
        connection, for: "goals", id, in: "goal_checkins", by: "goal_id", field: "note"
      ) { "the goal has \($0) check-ins, the most it takes; close it and set a new one" }
      try connection.execute(
        "INSERT INTO goal_checkins (goal_id, author_id, progress, note, created_at) VALUES (\(id), \(actor.id), \(progress), \(note.trimmed), \(clock.now()))"
      )
      try connection.execute(
        """
        UPDATE goals SET progress = \(progress), status = \(progress == 100 ? "achieved" : goal.status.rawValue),
          updated_at = \(clock.now())
        WHERE id = \(id)
        """)
      return try GoalStore.goals(connection, where: "goals.id = \(id)")[0]
    }
  }
}

extension GoalService {
  /// A milestone on the owner's goal; from then on its progress counts milestones done.
  public func addMilestone(_ actor: Actor, goal id: Int64, title: String) throws -> Goal {
    try database.transaction { connection in
      let (_, relationship) = try visibleGoal(connection, actor, id)
      try Policy.require(actor, .changeGoal, relationship)
      try TextRule.goalTitle.validate(title, "title")
      try ListRule.goalMilestones.ensureRoom(
        connection, for: "goals", id, in: "goal_milestones", by: "goal_id", field: "title"
      ) { "the goal has \($0) milestones, the most it takes" }
      try connection.execute("INSERT INTO goal_milestones (goal_id, title) VALUES (\(id), \(title.trimmed))")
      try GoalStore.countMilestones(connection, goal: id, at: clock.now())
      return try GoalStore.goals(connection, where: "goals.id = \(id)")[0]
    }
  }

  /// Marks a milestone done today (the owner, or their manager on a goal they see); the goal's
  /// progress follows, and a check-in records it.
  public func completeMilestone(_ actor: Actor, milestone: Int64) throws -> Goal {
    try database.transaction { connection in
      guard
        let row = try connection.queryFirst(
          "SELECT goal_id, title, done_on FROM goal_milestones WHERE id = \(milestone)")
      else { throw NotFound("milestone") }
      let id = try row.decode("goal_id", as: Int64.self)
      let (goal, relationship) = try visibleGoal(connection, actor, id)
      guard Policy.allows(actor, .checkInGoal, relationship) else {
        throw AccessError.forbidden(.checkInGoal)
      }
      guard try row.decode("done_on", as: CalendarDate?.self) == nil else { return goal }
      let now = clock.now()
      try connection.execute("UPDATE goal_milestones SET done_on = \(clock.today()) WHERE id = \(milestone)")
      let progress = try GoalStore.countMilestones(connection, goal: id, at: now)
      try connection.execute(
        """
        INSERT INTO goal_checkins (goal_id, author_id, progress, note, created_at)
        VALUES (\(id), \(actor.id), \(progress), \("Milestone done: " + (try row.decode("title", as: String.self))), \(now))
        """)
      return try GoalStore.goals(connection, where: "goals.id = \(id)")[0]
    }
  }
}

extension GoalService {
  public func templates(_ actor: Actor) throws -> [GoalTemplate] {
    try Policy.require(actor, .manageGuides)
    return try database.withConnection { connection in
      try connection.query(
        """
        SELECT goal_templates.id, goal_templates.title, goal_templates.description, goal_templates.horizon,
               goal_templates.objective_id, (SELECT count(*) FROM goals WHERE goals.template_id = goal_templates.id) AS assigned
        FROM goal_templates ORDER BY goal_templates.id DESC
        """
      ).map { row in
        GoalTemplate(
          id: try row.decode("id"), title: try row.decode("title"),
          description: try row.decode("description"),
          horizon: GoalHorizon(rawValue: try row.decode("horizon")) ?? .shortTerm,
          objectiveID: try row.decode("objective_id"),
          assigned: try row.decode("assigned"))
      }
    }
  }

  /// A template (people team).
  public func createTemplate(
    _ actor: Actor, title: String, description: String, horizon: GoalHorizon, objectiveID: Int64?
  ) throws
    -> GoalTemplate
  {
    try Policy.require(actor, .manageGuides)
    let id = try database.transaction { connection -> Int64 in
      var validator = Validator()
      TextRule.goalTitle.check(title, "title", in: &validator)
      TextRule.goalDescription.check(description, "description", in: &validator)
      if let objectiveID {
        let exists =
          try connection.scalar("SELECT count(*) FROM objectives WHERE id = \(objectiveID)", as: Int.self)
          ?? 0
        validator.check(exists > 0, "objectiveID", "no such objective")
      }
      try validator.throwIfInvalid()
      return try connection.query(
        """
        INSERT INTO goal_templates (title, description, horizon, objective_id, created_by, created_at)
        VALUES (\(title.trimmed), \(description.trimmed), \(horizon.rawValue), \(objectiveID), \(actor.id), \(clock.now()))
        RETURNING id
        """)[0].decode("id", as: Int64.self)
    }
    return try templates(actor).first { $0.id == id }!
  }

  /// Gives everyone active in `team` (or everyone, when empty) a goal from the template, visible
  /// to them and their manager. People who already have one are left as they are. Returns how many got one.
  public func assign(_ actor: Actor, template id: Int64, team: String) throws -> Int {
    try Policy.require(actor, .manageGuides)
    try TextRule.department.validate(team, "team")
    return try database.transaction { connection in
      guard let template = try templates(actor).first(where: { $0.id == id }) else {
        throw NotFound("goal template")
      }
      let filter: SQLQuery = team.trimmed.isEmpty ? "" : "AND department = \(team.trimmed)"
      // A team no one is in is a mistake (a typo, a team renamed), not "nobody to give it to".
      if !team.trimmed.isEmpty,
        try connection.scalar("SELECT count(*) FROM people WHERE active = TRUE \(filter)", as: Int.self) ?? 0
          == 0
      {
        throw ValidationError(field: "team", "no one active is in the team “\(team.trimmed)”")
      }
      let people = try connection.query(
        """
        SELECT id FROM people WHERE active = TRUE \(filter)
          AND id NOT IN (SELECT person_id FROM goals WHERE template_id = \(id))
        """
      ).map { try $0.decode("id", as: Int64.self) }
      let now = clock.now()
      for person in people {
        try connection.execute(
          """
          INSERT INTO goals (person_id, title, description, horizon, objective_id, status, progress, visibility,
            created_at, updated_at, template_id)
          VALUES (\(person), \(template.title), \(template.description), \(template.horizon.rawValue), \(template.objectiveID),
            'active', 0, 'manager', \(now), \(now), \(id))
          """)
      }
      try AuditService.recordAdmin(
        connection, actor: actor.id, action: "assigned goal template", subject: nil,
        detail: "\(template.title): \(people.count) people in \(team.isEmpty ? "the organization" : team)",
        at: now)
      return people.count
    }
  }
}
