import Foundation
import SQL

public enum Readiness: String, Sendable, Codable, CaseIterable {
  case readyNow = "ready now"
  case oneToTwoYears = "1-2 years"
  case threePlusYears = "3+ years"
}

public struct Successor: Sendable, Codable, Equatable {
  public let id: Int64
  public let personID: Int64
  public let name: String
  public let readiness: Readiness
  public let development: String
}

/// A role the organization cannot leave empty, with the people who could step into it.
public struct KeyRole: Sendable, Codable, Equatable {
  public let id: Int64
  public let title: String
  public let team: String
  public let holderID: Int64?
  public let holderName: String?
  public let whyKey: String
  public let successors: [Successor]
}

public struct KeyRoleInput: Sendable, Codable, Equatable {
  public var title: String
  public var team: String?
  public var holderID: Int64?
  public var whyKey: String?

  public init(title: String, team: String? = nil, holderID: Int64? = nil, whyKey: String? = nil) {
    self.title = title
    self.team = team
    self.holderID = holderID
    self.whyKey = whyKey
  }
}

/// A role the actor is named for, without anyone else on its list.
public struct Nomination: Sendable, Codable, Equatable {
  public let roleTitle: String
  public let team: String
  public let readiness: Readiness
  public let development: String
}

/// What a person may see of succession: their own nominations, if the organization shares them.
public struct MySuccession: Sendable, Codable, Equatable {
  public let shared: Bool
  public let nominations: [Nomination]
}

/// Succession plans: the people team's alone. A person sees the roles they are named for only
/// when the organization chooses to share that, and never the other names.
///
/// Reads by the people team are not written to the named people's access history: an entry
/// there would tell them of a nomination the organization chose not to share.
public struct SuccessionService: Sendable {
  let database: Database
  let clock: Clock
  static let sharingKey = "succession_shared_with_people"

  /// The key roles by team and title, a page at a time.
  public func keyRoles(_ actor: Actor, limit: Int = 50, offset: Int = 0) throws -> Page<KeyRole> {
    try Policy.require(actor, .manageSuccession)
    return try database.withConnection { connection in
      try Page.read(
        connection, limit: limit, offset: offset,
        counting: "key_roles",
        items: { try SuccessionStore.keyRoles(connection, where: "TRUE", limit: $0, offset: $1) })
    }
  }

  public func createKeyRole(_ actor: Actor, _ input: KeyRoleInput) throws -> KeyRole {
    try Policy.require(actor, .manageSuccession)
    return try database.transaction { connection in
      var validator = Validator()
      TextRule.keyRoleTitle.check(input.title, "title", in: &validator)
      TextRule.department.check(input.team, "team", in: &validator)
      TextRule.whyKey.check(input.whyKey, "whyKey", in: &validator)
      if let holder = input.holderID {
        validator.check(
          try PeopleStore.find(connection, id: holder)?.active == true, "holderID", "no such person")
      }
      try validator.throwIfInvalid()
      let id = try connection.query(
        """
        INSERT INTO key_roles (title, team, holder_id, why_key, created_by, created_at)
        VALUES (\(input.title.trimmed), \(input.team?.trimmed ?? ""), \(input.holderID), \(input.whyKey?.trimmed ?? ""),
          \(actor.id), \(clock.now()))
        RETURNING id
        """)[0].decode("id", as: Int64.self)
      return try SuccessionStore.keyRoles(connection, where: "key_roles.id = \(id)")[0]
    }
  }

  /// Names (or re-rates) a potential successor for a key role.
  public func nameSuccessor(
    _ actor: Actor, role id: Int64, person personID: Int64, readiness: Readiness, development: String
  ) throws -> KeyRole {
    try Policy.require(actor, .manageSuccession)
    return try database.transaction { connection in
      guard let role = try SuccessionStore.keyRoles(connection, where: "key_roles.id = \(id)").first else {
        throw NotFound("key role")
      }
      var validator = Validator()
      validator.check(
        try PeopleStore.find(connection, id: personID)?.active == true, "personID", "no such person")
      validator.check(personID != role.holderID, "personID", "holds the role already")
      TextRule.successorDevelopment.check(development, "development", in: &validator)
      try validator.throwIfInvalid()
      let now = clock.now()
      try connection.execute(
        """
        INSERT INTO successors (key_role_id, person_id, readiness, development, updated_by, updated_at)
        VALUES (\(id), \(personID), \(readiness.rawValue), \(development.trimmed), \(actor.id), \(now))
        ON CONFLICT (key_role_id, person_id) DO UPDATE SET readiness = excluded.readiness,
          development = excluded.development, updated_by = excluded.updated_by, updated_at = excluded.updated_at
        """)
      return try SuccessionStore.keyRoles(connection, where: "key_roles.id = \(id)")[0]
    }
  }

  public func removeSuccessor(_ actor: Actor, successor id: Int64) throws {
    try Policy.require(actor, .manageSuccession)
    try database.transaction { connection in
      guard try connection.execute("DELETE FROM successors WHERE id = \(id)") == 1 else {
        throw NotFound("successor")
      }
    }
  }

  /// Whether people may see the roles they are named for (the people team asks).
  public func sharing(_ actor: Actor) throws -> Bool {
    try Policy.require(actor, .manageSuccession)
    return try isShared()
  }

  func isShared() throws -> Bool {
    try database.withConnection {
      try $0.scalar("SELECT value FROM settings WHERE key = \(Self.sharingKey)", as: String.self) == "true"
    }
  }

  public func setShared(_ actor: Actor, _ shared: Bool) throws {
    try Policy.require(actor, .manageSuccession)
    _ = try database.withConnection { connection in
      try connection.execute(
        """
        INSERT INTO settings (key, value, updated_at) VALUES (\(Self.sharingKey), \(shared ? "true" : "false"), \(clock.now()))
        ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
        """)
    }
  }

  /// The roles the actor is named for, when shared; never who else is named.
  public func mine(_ actor: Actor) throws -> MySuccession {
    let shared = try isShared()
    guard Policy.allows(actor, .viewNominations, Relationship(isSelf: true).with(\.nominationsShared, shared))
    else {
      return MySuccession(shared: shared, nominations: [])
    }
    return try database.withConnection { connection in
      MySuccession(
        shared: shared,
        nominations: try connection.query(
          """
          SELECT key_roles.title, key_roles.team, successors.readiness, successors.development
          FROM successors JOIN key_roles ON key_roles.id = successors.key_role_id
          WHERE successors.person_id = \(actor.id) ORDER BY key_roles.title
          """
        ).map {
          Nomination(
            roleTitle: try $0.decode("title"), team: try $0.decode("team"),
            readiness: Readiness(rawValue: try $0.decode("readiness")) ?? .threePlusYears,
            development: try $0.decode("development"))
        })
    }
  }
}

enum SuccessionStore {
  /// The key roles matching `condition` by team and title: all of them, or `limit` from `offset`.
  static func keyRoles(
    _ connection: any Connection, where condition: SQLQuery, limit: Int? = nil, offset: Int = 0
  ) throws -> [KeyRole] {
    let rows = try connection.query(
      """
      SELECT key_roles.*, \(PersonName.columns(of: "holder", prefix: "holder_"))
      FROM key_roles LEFT JOIN people holder ON holder.id = key_roles.holder_id
      WHERE \(condition) ORDER BY key_roles.team, key_roles.title, key_roles.id \(.window(limit, offset))
      """)
    let ids = try rows.map { try $0.decode("id", as: Int64.self) }
    var successors: [Int64: [Successor]] = [:]
    for row in try connection.query(
      """
      SELECT successors.*, \(PersonName.columns(of: "people"))
      FROM successors JOIN people ON people.id = successors.person_id
      WHERE successors.key_role_id IN (\(list: ids))
      ORDER BY CASE successors.readiness WHEN 'ready now' THEN 0 WHEN '1-2 years' THEN 1 ELSE 2 END, people.family_name
      """)
    {
      successors[try row.decode("key_role_id"), default: []].append(
        Successor(
          id: try row.decode("id"), personID: try row.decode("person_id"), name: try PersonName.display(row),
          readiness: Readiness(rawValue: try row.decode("readiness")) ?? .threePlusYears,
          development: try row.decode("development")))
    }
    return try rows.map { row in
      let id: Int64 = try row.decode("id")
      return KeyRole(
        id: id, title: try row.decode("title"), team: try row.decode("team"),
        holderID: try row.decode("holder_id"),
        holderName: try PersonName.displayIfPresent(row, prefix: "holder_"),
        whyKey: try row.decode("why_key"),
        successors: successors[id] ?? [])
    }
  }
}
