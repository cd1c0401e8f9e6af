import Foundation
import SQL

public enum LearningMode: String, Sendable, Codable, CaseIterable {
  case stretchAssignment = "stretch assignment"
  case mentorship
  case formalTraining = "formal training"
  case rotation
  case crossTraining = "cross-training"
  case learningCommunity = "learning community"
  case selfStudy = "self-study"
}

public enum PlanItemStatus: String, Sendable, Codable, CaseIterable {
  case planned
  case inProgress = "in progress"
  case done, paused, dropped
}

public struct Milestone: Sendable, Codable, Equatable {
  public let id: Int64
  public let title: String
  public let targetOn: CalendarDate
  public let doneOn: CalendarDate?
  public let evidence: String
}

public struct PlanUpdate: Sendable, Codable, Equatable {
  public let authorName: String
  public let body: String
  public let createdAt: Date
}

public struct Supporter: Sendable, Codable, Equatable {
  public let personID: Int64
  public let name: String
  public let kind: String
}

public struct PlanItem: Sendable, Codable, Equatable {
  public let id: Int64
  /// Whose plan it is.
  public let personID: Int64
  public let competencySlug: String?
  public let skill: String
  public let learningMode: LearningMode
  /// The learning community the item points at, if any.
  public let communityID: Int64?
  public let communityName: String?
  public let description: String
  public let ownerID: Int64
  public let startOn: CalendarDate
  public let targetOn: CalendarDate
  public let successCriteria: String
  public let status: PlanItemStatus
  public let statusReason: String
  public let supporters: [Supporter]
  public let milestones: [Milestone]
  public let updates: [PlanUpdate]
}

public struct Plan: Sendable, Codable, Equatable {
  public let id: Int64
  public let person: Person
  public let active: Bool
  public let createdAt: Date
  /// All items for the person and their manager; only the supported ones for a supporter.
  public let items: [PlanItem]
  /// True when the viewer sees (and may change) the whole plan, not only items they support.
  public let complete: Bool
}

/// What a new plan item says.
public struct PlanItemInput: Sendable, Codable, Equatable {
  public var competencySlug: String?
  public var skill: String
  public var learningMode: LearningMode
  public var description: String
  public var ownerID: Int64?
  public var startOn: String
  public var targetOn: String
  public var successCriteria: String?
  public var communityID: Int64?

  public init(
    competencySlug: String? = nil, skill: String, learningMode: LearningMode, description: String,
    ownerID: Int64? = nil, startOn: String, targetOn: String, successCriteria: String? = nil,
    communityID: Int64? = nil
  ) {
    self.communityID = communityID
    self.competencySlug = competencySlug
    self.skill = skill
    self.learningMode = learningMode
    self.description = description
    self.ownerID = ownerID
    self.startOn = startOn
    self.targetOn = targetOn
    self.successCriteria = successCriteria
  }
}

/// Development plans: one active plan per person, items that turn talk into measurable steps.
public struct PlanService: Sendable {
  let database: Database
  let clock: Clock

  private func standing(_ connection: any Connection, _ actor: Actor, person: Int64, item: Int64? = nil)
    throws -> Relationship
  {
    guard try PeopleStore.find(connection, id: person) != nil else { throw NotFound("person") }
    var relationship = try PeopleStore.relationship(connection, actor: actor.id, subject: person)
    if let item {
      relationship.isSupporter =
        try connection.scalar(
          "SELECT count(*) FROM plan_item_supporters WHERE item_id = \(item) AND person_id = \(actor.id)",
          as: Int.self) ?? 0 > 0
    }
    return relationship
  }

  /// The person's active plan (made on first need). Supporters see only the items they support.
  public func plan(_ actor: Actor, of personID: Int64, via: Channel) throws -> Plan {
    try database.reading { connection, recorded in
      let relationship = try standing(connection, actor, person: personID)
      let planID = try activePlan(connection, personID)
      var items = try PlanStore.items(connection, plan: planID)
      let complete = Policy.allows(actor, .viewPlan, relationship)
      if !complete {
        items = items.filter { item in
          var standing = relationship
          standing.isSupporter = item.supporters.contains { $0.personID == actor.id }
          return Policy.allows(actor, .viewPlanItem, standing)
        }
        guard !items.isEmpty else { throw AccessError.forbidden(.viewPlan) }
      }
      if Policy.isAudited(.viewPlan, relationship) {
        recorded.record(
          viewer: actor.id, subject: personID, data: "development plan", via: via, at: clock.now())
      }
      return Plan(
        id: planID, person: try PeopleStore.find(connection, id: personID).found("person"), active: true,
        createdAt: try connection.scalar("SELECT created_at FROM plans WHERE id = \(planID)", as: Date.self)
          .found("plan"),
        items: items, complete: complete)
    }
  }

  func activePlan(_ connection: any Connection, _ personID: Int64) throws -> Int64 {
    if let id = try connection.scalar(
      "SELECT id FROM plans WHERE person_id = \(personID) AND status = 'active'", as: Int64.self)
    {
      return id
    }
    // Its own short transaction when the caller only reads; a plan made meanwhile is kept.
    _ = try connection.transaction {
      try connection.execute(
        """
        INSERT INTO plans (person_id, status, created_at) VALUES (\(personID), 'active', \(clock.now()))
        ON CONFLICT (person_id) WHERE status = 'active' DO NOTHING
        """)
    }
    return try connection.scalar(
      "SELECT id FROM plans WHERE person_id = \(personID) AND status = 'active'", as: Int64.self
    ).found("plan")
  }

  /// Adds an item to the person's active plan (the person or their manager).
  public func addItem(_ actor: Actor, for personID: Int64, _ input: PlanItemInput) throws -> PlanItem {
    try database.transaction { connection in
      try Policy.require(actor, .viewPlan, try standing(connection, actor, person: personID))
      var validator = Validator()
      let skill = input.skill.trimmed
      TextRule.planSkill.check(skill, "skill", in: &validator)
      TextRule.planDescription.check(input.description, "description", in: &validator)
      TextRule.successCriteria.check(input.successCriteria, "successCriteria", in: &validator)
      let start = CalendarDate(input.startOn)
      let target = CalendarDate(input.targetOn)
      validator.check(start != nil, "startOn", "must be a date as YYYY-MM-DD")
      validator.check(target != nil, "targetOn", "must be a date as YYYY-MM-DD")
      if let start, let target {
        validator.check(start <= target, "targetOn", "must not be before the start")
      }
      if let slug = input.competencySlug {
        let known = try FrameworkStore.load(connection).areas.flatMap(\.competencies).contains {
          $0.slug == slug
        }
        validator.check(known, "competencySlug", "no competency \"\(slug)\" in the framework")
      }
      if let community = input.communityID {
        validator.check(
          try connection.scalar("SELECT count(*) FROM communities WHERE id = \(community)", as: Int.self) ?? 0
            > 0,
          "communityID", "no such learning community")
      }
      let owner = input.ownerID ?? personID
      if owner != personID {
        validator.check(try PeopleStore.find(connection, id: owner) != nil, "ownerID", "no such person")
      }
      try validator.throwIfInvalid()
      let plan = try activePlan(connection, personID)
      try ListRule.planItems.ensureRoom(
        connection, for: "plans", plan, in: "plan_items", by: "plan_id", field: "skill"
      ) { "the plan has \($0) items, the most it takes; archive it to start a new one" }
      let now = clock.now()
      let id = try connection.query(
        """
        INSERT INTO plan_items (plan_id, competency_slug, skill, learning_mode, community_id, description, owner_id,
          start_on, target_on, success_criteria, status, created_by, created_at, updated_at)
        VALUES (\(plan), \(input.competencySlug), \(skill), \(input.learningMode.rawValue),
          \(input.communityID), \(input.description.trimmed), \(owner), \(start!), \(target!),
          \(input.successCriteria?.trimmed ?? ""), 'planned', \(actor.id), \(now), \(now))
        RETURNING id
        """)[0].decode("id", as: Int64.self)
      return try PlanStore.item(connection, id)
    }
  }

  /// The plan's owner and item; throws unless the actor may work on it (person, manager, supporter).
  private func itemContext(_ connection: any Connection, _ actor: Actor, _ item: Int64) throws -> (
    person: Int64, relationship: Relationship
  ) {
    guard
      let person = try connection.scalar(
        "SELECT plans.person_id FROM plan_items JOIN plans ON plans.id = plan_items.plan_id WHERE plan_items.id = \(item)",
        as: Int64.self)
    else { throw NotFound("plan item") }
    let relationship = try standing(connection, actor, person: person, item: item)
    try Policy.require(actor, .viewPlanItem, relationship)
    return (person, relationship)
  }

  /// A change of course is recorded with why, without blame.
  public func setStatus(_ actor: Actor, item: Int64, to status: PlanItemStatus, reason: String) throws
    -> PlanItem
  {
    try database.transaction { connection in
      let (_, relationship) = try itemContext(connection, actor, item)
      try Policy.require(actor, .viewPlan, relationship)
      if [.paused, .dropped].contains(status) && reason.trimmed.isEmpty {
        throw ValidationError(field: "reason", "say briefly why the course changes")
      }
      try TextRule.reason.validate(reason, "reason")
      try connection.execute(
        "UPDATE plan_items SET status = \(status.rawValue), status_reason = \(reason.trimmed), updated_at = \(clock.now()) WHERE id = \(item)"
      )
      return try PlanStore.item(connection, item)
    }
  }

  /// Names a supporter of one item (the person or their manager); they then see that item only.
  @discardableResult
  public func addSupporter(_ actor: Actor, item: Int64, person supporter: Int64, kind: String) throws
    -> PlanItem
  {
    try database.transaction { connection in
      let (person, relationship) = try itemContext(connection, actor, item)
      try Policy.require(actor, .viewPlan, relationship)
      guard ["mentor", "sponsor", "peer"].contains(kind) else {
        throw ValidationError(field: "kind", "must be mentor, sponsor or peer")
      }
      guard supporter != person, try PeopleStore.find(connection, id: supporter) != nil else {
        throw ValidationError(field: "person", "name someone else in the organization")
      }
      try connection.execute(
        "INSERT INTO plan_item_supporters (item_id, person_id, kind) VALUES (\(item), \(supporter), \(kind)) ON CONFLICT (item_id, person_id) DO UPDATE SET kind = excluded.kind"
      )
      return try PlanStore.item(connection, item)
    }
  }

  public func addMilestone(_ actor: Actor, item: Int64, title: String, targetOn: String) throws -> PlanItem {
    try database.transaction { connection in
      let (_, relationship) = try itemContext(connection, actor, item)
      try Policy.require(actor, .viewPlan, relationship)
      var validator = Validator()
      TextRule.planMilestoneTitle.check(title, "title", in: &validator)
      validator.check(CalendarDate(targetOn) != nil, "targetOn", "must be a date as YYYY-MM-DD")
      try validator.throwIfInvalid()
      try ListRule.planMilestones.ensureRoom(
        connection, for: "plan_items", item, in: "plan_milestones", by: "item_id", field: "title"
      ) { "the item has \($0) milestones, the most it takes" }
      try connection.execute(
        "INSERT INTO plan_milestones (item_id, title, target_on) VALUES (\(item), \(title.trimmed), \(CalendarDate(targetOn)!))"
      )
      return try PlanStore.item(connection, item)
    }
  }

  /// Marks a milestone done today, with a note of the evidence.
  public func completeMilestone(_ actor: Actor, milestone: Int64, evidence: String) throws -> PlanItem {
    try database.transaction { connection in
      guard
        let item = try connection.scalar(
          "SELECT item_id FROM plan_milestones WHERE id = \(milestone)", as: Int64.self)
      else {
        throw NotFound("milestone")
      }
      let (_, relationship) = try itemContext(connection, actor, item)
      try Policy.require(actor, .viewPlan, relationship)
      try TextRule.evidence.validate(evidence, "evidence")
      try connection.execute(
        "UPDATE plan_milestones SET done_on = \(clock.today()), evidence = \(evidence.trimmed) WHERE id = \(milestone)"
      )
      return try PlanStore.item(connection, item)
    }
  }

  /// A progress note by the person, their manager or a supporter of the item.
  public func addUpdate(_ actor: Actor, item: Int64, body: String) throws -> PlanItem {
    try database.transaction { connection in
      _ = try itemContext(connection, actor, item)
      try TextRule.planUpdate.validate(body, "body")
      try ListRule.planUpdates.ensureRoom(
        connection, for: "plan_items", item, in: "plan_updates", by: "item_id", field: "body"
      ) { "the item has \($0) progress notes, the most it takes" }
      try connection.execute(
        "INSERT INTO plan_updates (item_id, author_id, body, created_at) VALUES (\(item), \(actor.id), \(body.trimmed), \(clock.now()))"
      )
      return try PlanStore.item(connection, item)
    }
  }

  /// Archives the active plan (kept and readable); the next item starts a new one.
  public func archive(_ actor: Actor, of personID: Int64) throws {
    try database.transaction { connection in
      try Policy.require(actor, .viewPlan, try standing(connection, actor, person: personID))
      try connection.execute(
        "UPDATE plans SET status = 'archived', archived_at = \(clock.now()) WHERE person_id = \(personID) AND status = 'active'"
      )
    }
  }

  /// Earlier plans, newest first (the person and their manager).
  public func archived(_ actor: Actor, of personID: Int64) throws -> [Plan] {
    try database.transaction { connection in
      try Policy.require(actor, .viewPlan, try standing(connection, actor, person: personID))
      let person = try PeopleStore.find(connection, id: personID).found("person")
      return try connection.query(
        "SELECT id, created_at FROM plans WHERE person_id = \(personID) AND status = 'archived' ORDER BY id DESC"
      ).map { row in
        Plan(
          id: try row.decode("id"), person: person, active: false, createdAt: try row.decode("created_at"),
          items: try PlanStore.items(connection, plan: try row.decode("id")), complete: true)
      }
    }
  }
}

enum PlanStore {
  static func items(_ connection: any Connection, plan: Int64) throws -> [PlanItem] {
    try items(connection, where: "plan_items.plan_id = \(plan)")
  }

  static func item(_ connection: any Connection, _ id: Int64) throws -> PlanItem {
    guard let item = try items(connection, where: "plan_items.id = \(id)").first else {
      throw NotFound("plan item")
    }
    return item
  }

  /// The items that match, by target date, with their supporters, milestones and updates: four
  /// statements however many items there are.
  static func items(_ connection: any Connection, where condition: SQLQuery) throws -> [PlanItem] {
    try connection.read(items(where: condition))
  }

  /// The same as one read: the supporters, milestones and updates select the items again.
  static func items(where condition: SQLQuery) -> Read<[PlanItem]> {
    let matching: SQLQuery = """
      FROM plan_items JOIN plans ON plans.id = plan_items.plan_id
      LEFT JOIN communities ON communities.id = plan_items.community_id
      WHERE \(condition)
      """
    let ids: SQLQuery = "SELECT plan_items.id \(matching)"
    return Read.together(
      Read(
        """
        SELECT plan_items.id, plans.person_id, plan_items.competency_slug, plan_items.skill, plan_items.learning_mode,
               plan_items.description, plan_items.owner_id, plan_items.start_on, plan_items.target_on,
               plan_items.success_criteria, plan_items.status, plan_items.status_reason, plan_items.community_id,
               communities.name AS community_name
        \(matching) ORDER BY plan_items.target_on, plan_items.id
        """
      ) { $0 },
      Read(
        """
        SELECT plan_item_supporters.item_id, plan_item_supporters.person_id, plan_item_supporters.kind,
               people.given_name, people.family_name, people.preferred_name, people.email
        FROM plan_item_supporters JOIN people ON people.id = plan_item_supporters.person_id
        WHERE plan_item_supporters.item_id IN (\(ids)) ORDER BY people.family_name
        """
      ) { rows in
        var supporters: [Int64: [Supporter]] = [:]
        for row in rows {
          supporters[try row.decode("item_id"), default: []].append(
            Supporter(
              personID: try row.decode("person_id"), name: try PersonName.display(row),
              kind: try row.decode("kind")))
        }
        return supporters
      },
      Read(
        """
        SELECT item_id, id, title, target_on, done_on, evidence FROM plan_milestones
        WHERE item_id IN (\(ids)) ORDER BY target_on, id
        """
      ) { rows in
        var milestones: [Int64: [Milestone]] = [:]
        for row in rows {
          milestones[try row.decode("item_id"), default: []].append(
            Milestone(
              id: try row.decode("id"), title: try row.decode("title"), targetOn: try row.decode("target_on"),
              doneOn: try row.decode("done_on"), evidence: try row.decode("evidence")))
        }
        return milestones
      },
      Read(
        """
        SELECT plan_updates.item_id, plan_updates.body, plan_updates.created_at, people.given_name, people.family_name,
               people.preferred_name, people.email
        FROM plan_updates JOIN people ON people.id = plan_updates.author_id
        WHERE plan_updates.item_id IN (\(ids)) ORDER BY plan_updates.id DESC
        """
      ) { rows in
        var updates: [Int64: [PlanUpdate]] = [:]
        for row in rows {
          updates[try row.decode("item_id"), default: []].append(
            PlanUpdate(
              authorName: try PersonName.display(row), body: try row.decode("body"),
              createdAt: try row.decode("created_at")))
        }
        return updates
      }
    ).map { rows, supporters, milestones, updates in
      try rows.map { row in
        let id: Int64 = try row.decode("id")
        return PlanItem(
          id: id, personID: try row.decode("person_id"), competencySlug: try row.decode("competency_slug"),
          skill: try row.decode("skill"),
          learningMode: LearningMode(rawValue: try row.decode("learning_mode")) ?? .selfStudy,
          communityID: try row.decode("community_id"), communityName: try row.decode("community_name"),
          description: try row.decode("description"), ownerID: try row.decode("owner_id"),
          startOn: try row.decode("start_on"), targetOn: try row.decode("target_on"),
          successCriteria: try row.decode("success_criteria"),
          status: PlanItemStatus(rawValue: try row.decode("status")) ?? .planned,
          statusReason: try row.decode("status_reason"),
          supporters: supporters[id] ?? [], milestones: milestones[id] ?? [], updates: updates[id] ?? [])
      }
    }
  }
}
