import Foundation
import SQL

public enum CelebrationKind: String, Sendable, Codable, CaseIterable {
  case milestone
  case planItem = "plan item"
  case goal
}

/// Who sees a celebration, as its person chose.
public enum CelebrationAudience: String, Sendable, Codable, CaseIterable {
  /// Their current manager.
  case manager
  /// Their manager and the people they work with: same team, same manager, their reports.
  case team
  case everyone
}

public struct Celebration: Sendable, Codable, Equatable {
  public let id: Int64
  public let personID: Int64
  public let personName: String
  public let kind: CelebrationKind
  public let subjectID: Int64
  /// What was finished: the milestone, plan item or goal's title.
  public let title: String
  public let message: String
  public let audience: CelebrationAudience
  public let createdAt: Date
  /// Who gave kudos, oldest first.
  public let kudos: [String]
  /// Whether the viewer gave kudos.
  public let kudosGiven: Bool
}

extension TextRule {
  /// What a person says with a celebration (checked here, stated by the API).
  public static let celebrationMessage = TextRule.optional(1_000)
}

/// Celebrating progress: a finished milestone, plan item or goal, shared by its person with the
/// audience they choose; colleagues who see it can give kudos.
public struct CelebrationService: Sendable {
  let database: Database
  let clock: Clock
  let mail: MailSettings

  /// The person celebrates something of theirs that is finished. Each thing is celebrated once.
  public func celebrate(
    _ actor: Actor, kind: CelebrationKind, subject: Int64, audience: CelebrationAudience, message: String
  ) throws -> Celebration {
    try database.transaction { connection in
      try TextRule.celebrationMessage.validate(message, "message")
      let query: SQLQuery =
        switch kind {
        case .milestone:
          """
          SELECT plan_milestones.title, plans.person_id, plan_milestones.done_on IS NOT NULL AS finished
          FROM plan_milestones JOIN plan_items ON plan_items.id = plan_milestones.item_id
          JOIN plans ON plans.id = plan_items.plan_id WHERE plan_milestones.id = \(subject)
          """
        case .planItem:
          """
          SELECT plan_items.skill AS title, plans.person_id, plan_items.status = 'done' AS finished
          FROM plan_items JOIN plans ON plans.id = plan_items.plan_id WHERE plan_items.id = \(subject)
          """
        case .goal:
          "SELECT title, person_id, status = 'achieved' AS finished FROM goals WHERE id = \(subject)"
        }
      // Someone else's plan or goal is not the actor's to celebrate, nor to learn of.
      guard let row = try connection.queryFirst(query),
        Policy.allows(
          actor, .celebrate, .only(\.isOwner, try row.decode("person_id", as: Int64.self) == actor.id))
      else { throw NotFound(kind.rawValue) }
      guard try row.decode("finished", as: Bool.self) else {
        throw ValidationError(
          field: "subject",
          kind == .goal
            ? "only an achieved goal can be celebrated" : "only a finished \(kind.rawValue) can be celebrated"
        )
      }
      let existing = try connection.scalar(
        "SELECT id FROM celebrations WHERE kind = \(kind.rawValue) AND subject_id = \(subject)",
        as: Int64.self)
      guard existing == nil else { throw Conflict(field: "subject", "this is celebrated already") }
      let id = try connection.query(
        """
        INSERT INTO celebrations (person_id, kind, subject_id, title, message, audience, created_at)
        VALUES (\(actor.id), \(kind.rawValue), \(subject), \(try row.decode("title", as: String.self)),
          \(message.trimmed), \(audience.rawValue), \(clock.now()))
        RETURNING id
        """)[0].decode("id", as: Int64.self)
      if Policy.mayAnnounce(audience) {
        try Outbox.announce(
          connection, .celebration, key: "celebration:\(id)",
          text: "🎉 \(actor.person.displayName) celebrates: \(try row.decode("title", as: String.self))",
          link: "\(mail.url(.celebration(id)))", now: clock.now())
      }
      return try CelebrationStore.celebrations(
        connection, viewer: actor.id, where: "celebrations.id = \(id)")[0]
    }
  }

  /// The celebrations the actor may see, newest first; `before` pages back by id.
  public func feed(_ actor: Actor, before: Int64? = nil, limit: Int = 30) throws -> [Celebration] {
    let feed = try feed(of: actor, before: before, limit: limit)
    return try database.withConnection { try $0.read(feed) }
  }

  /// The feed as a read, to send with a page's other reads.
  func feed(of actor: Actor, before: Int64? = nil, limit: Int) throws -> Read<[Celebration]> {
    try Policy.require(actor, .viewDirectory)
    let manager = actor.person.managerID ?? 0
    let department = actor.person.department
    // Policy.canSeeCelebration with PeopleStore.areTeammates, as a query, so a page costs what
    // it shows. A test checks the two agree.
    let condition: SQLQuery = """
      people.active = TRUE AND celebrations.id < \(before ?? Int64.max) AND (
        celebrations.person_id = \(actor.id) OR people.manager_id = \(actor.id)
        OR celebrations.audience = 'everyone'
        OR (celebrations.audience = 'team' AND (
          (people.department <> '' AND people.department = \(department))
          OR people.manager_id = \(manager) OR people.id = \(manager))))
      """
    return CelebrationStore.celebrations(viewer: actor.id, where: condition, limit: max(1, min(limit, 100)))
  }

  /// The actor's own celebrations (to know what is celebrated already).
  public func mine(_ actor: Actor) throws -> [Celebration] {
    try database.withConnection { connection in
      try CelebrationStore.celebrations(
        connection, viewer: actor.id, where: "celebrations.person_id = \(actor.id)", limit: Int(Int32.max))
    }
  }

  /// The celebrations the actor gave kudos to (for their own records), newest first.
  public func kudosGiven(_ actor: Actor) throws -> [Celebration] {
    try database.withConnection { connection in
      try CelebrationStore.celebrations(
        connection, viewer: actor.id,
        where:
          "celebrations.id IN (SELECT celebration_id FROM celebration_kudos WHERE person_id = \(actor.id))",
        limit: Int(Int32.max))
    }
  }

  /// Kudos on a celebration the actor sees (not their own); giving twice is giving once.
  public func giveKudos(_ actor: Actor, celebration id: Int64) throws -> Celebration {
    try database.transaction { connection in
      let celebration = try visible(connection, actor, id)
      guard celebration.personID != actor.id else {
        throw ValidationError(field: "celebration", "kudos are for someone else's celebration")
      }
      try connection.execute(
        """
        INSERT INTO celebration_kudos (celebration_id, person_id, created_at) VALUES (\(id), \(actor.id), \(clock.now()))
        ON CONFLICT (celebration_id, person_id) DO NOTHING
        """)
      return try CelebrationStore.celebrations(
        connection, viewer: actor.id, where: "celebrations.id = \(id)")[0]
    }
  }

  public func withdrawKudos(_ actor: Actor, celebration id: Int64) throws -> Celebration {
    try database.transaction { connection in
      _ = try visible(connection, actor, id)
      try connection.execute(
        "DELETE FROM celebration_kudos WHERE celebration_id = \(id) AND person_id = \(actor.id)")
      return try CelebrationStore.celebrations(
        connection, viewer: actor.id, where: "celebrations.id = \(id)")[0]
    }
  }

  /// The person takes their celebration back, kudos and all.
  public func withdraw(_ actor: Actor, celebration id: Int64) throws {
    try database.transaction { connection in
      let celebration = try visible(connection, actor, id)
      try Policy.require(actor, .celebrate, .only(\.isOwner, celebration.personID == actor.id))
      try connection.execute("DELETE FROM celebration_kudos WHERE celebration_id = \(id)")
      try connection.execute("DELETE FROM celebrations WHERE id = \(id)")
    }
  }

  /// The celebration, if the actor may see it; otherwise it is not found.
  private func visible(_ connection: any Connection, _ actor: Actor, _ id: Int64) throws -> Celebration {
    guard
      let celebration = try CelebrationStore.celebrations(
        connection, viewer: actor.id, where: "celebrations.id = \(id) AND people.active = TRUE"
      ).first,
      let person = try PeopleStore.find(connection, id: celebration.personID)
    else { throw NotFound("celebration") }
    var relationship = try PeopleStore.relationship(connection, actor: actor.id, subject: person.id)
    relationship.isTeammate = PeopleStore.areTeammates(actor.person, person)
    relationship.isOwner = celebration.personID == actor.id
    relationship.celebrationAudience = celebration.audience
    guard Policy.allows(actor, .viewCelebration, relationship) else {
      throw NotFound("celebration")
    }
    return celebration
  }
}

enum CelebrationStore {
  static func celebrations(
    _ connection: any Connection, viewer: Int64, where condition: SQLQuery, limit: Int = 1
  ) throws -> [Celebration] {
    try connection.read(celebrations(viewer: viewer, where: condition, limit: limit))
  }

  /// The celebrations matching `condition` (on `celebrations` and their `people`), newest
  /// first, with their kudos: two statements sent together.
  static func celebrations(viewer: Int64, where condition: SQLQuery, limit: Int = 1) -> Read<[Celebration]> {
    let shown: SQLQuery = """
      FROM celebrations JOIN people ON people.id = celebrations.person_id
      WHERE \(condition) ORDER BY celebrations.id DESC LIMIT \(limit)
      """
    return Read.together(
      Read(
        """
        SELECT celebrations.id, celebrations.person_id, celebrations.kind, celebrations.subject_id, celebrations.title,
               celebrations.message, celebrations.audience, celebrations.created_at,
               people.given_name, people.family_name, people.preferred_name, people.email
        \(shown)
        """
      ) { $0 },
      Read(
        """
        SELECT celebration_kudos.celebration_id, celebration_kudos.person_id, people.given_name, people.family_name,
               people.preferred_name, people.email
        FROM celebration_kudos JOIN people ON people.id = celebration_kudos.person_id
        WHERE celebration_kudos.celebration_id IN (SELECT celebrations.id \(shown))
        ORDER BY celebration_kudos.created_at, celebration_kudos.person_id
        """
      ) { rows in
        var kudos: [Int64: [(Int64, String)]] = [:]
        for row in rows {
          kudos[try row.decode("celebration_id"), default: []].append(
            (try row.decode("person_id"), try PersonName.display(row)))
        }
        return kudos
      }
    ).map { rows, kudos in
      try rows.map { row in
        let id = try row.decode("id", as: Int64.self)
        let given = kudos[id] ?? []
        return Celebration(
          id: id, personID: try row.decode("person_id"), personName: try PersonName.display(row),
          kind: CelebrationKind(rawValue: try row.decode("kind")) ?? .goal,
          subjectID: try row.decode("subject_id"),
          title: try row.decode("title"), message: try row.decode("message"),
          audience: CelebrationAudience(rawValue: try row.decode("audience")) ?? .manager,
          createdAt: try row.decode("created_at"), kudos: given.map(\.1),
          kudosGiven: given.contains { $0.0 == viewer })
      }
    }
  }
}
