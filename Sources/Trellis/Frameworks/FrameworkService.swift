import Foundation
import SQL

/// One competency's expectations at two roles' levels, for the side-by-side comparison.
public struct RoleComparisonRow: Sendable, Codable, Equatable {
  public let area: String
  public let competency: String
  public let from: Framework.Expectation?
  public let to: Framework.Expectation?
  public var changes: Bool { from != to }
}

public struct RoleComparison: Sendable, Codable, Equatable {
  public let from: Framework.Role
  public let to: Framework.Role
  public let rows: [RoleComparisonRow]
}

/// The career framework: visible to everyone, kept by the people team.
public struct FrameworkService: Sendable {
  let database: Database
  let clock: Clock

  /// The whole framework, in its exchange format.
  public func framework(_ actor: Actor) throws -> Framework {
    try Policy.require(actor, .viewDirectory)
    return try database.withConnection { try FrameworkStore.load($0) }
  }

  /// Replaces the framework with `framework` (people team): all of it, or nothing if it has
  /// problems. The one before stays in the history.
  public func replace(_ actor: Actor, with framework: Framework) throws {
    try Policy.require(actor, .manageGuides)
    try ValidationError.throwing(framework.problems())
    try database.transaction { connection in
      let previous = try FrameworkStore.load(connection)
      try FrameworkStore.replace(connection, with: framework)
      try FrameworkHistoryStore.record(
        connection, framework, previous: previous, by: actor.id, at: clock.now())
      try AuditService.recordAdmin(
        connection, actor: actor.id, action: "replaced the career framework", subject: nil,
        detail:
          "\(framework.tracks.count) tracks, \(framework.areas.flatMap(\.competencies).count) competencies, \(framework.roles.count) roles",
        at: clock.now())
    }
  }

  /// What changes between two roles, competency by competency.
  public func compare(_ actor: Actor, from: String, to: String) throws -> RoleComparison {
    let framework = try framework(actor)
    guard let fromRole = framework.role(from) else { throw NotFound("role \(from)") }
    guard let toRole = framework.role(to) else { throw NotFound("role \(to)") }
    var rows: [RoleComparisonRow] = []
    for area in framework.areas {
      for competency in area.competencies {
        rows.append(
          RoleComparisonRow(
            area: area.name, competency: competency.name,
            from: competency.expectations["\(fromRole.track)/\(fromRole.level)"],
            to: competency.expectations["\(toRole.track)/\(toRole.level)"]))
      }
    }
    return RoleComparison(from: fromRole, to: toRole, rows: rows)
  }
}

enum FrameworkStore {
  static func load(_ connection: any Connection) throws -> Framework {
    let levelRows = try connection.query(
      """
      SELECT framework_levels.id, framework_levels.slug, framework_levels.name, framework_levels.summary,
             framework_tracks.slug AS track
      FROM framework_levels JOIN framework_tracks ON framework_tracks.id = framework_levels.track_id
      ORDER BY framework_levels.position
      """)
    var levelsByTrack: [String: [Framework.Level]] = [:]
    var levelKey: [Int64: String] = [:]
    for row in levelRows {
      let track = try row.decode("track", as: String.self)
      let level = Framework.Level(
        slug: try row.decode("slug"), name: try row.decode("name"),
        summary: try row.decode("summary", as: String.self).nilIfEmpty)
      levelsByTrack[track, default: []].append(level)
      levelKey[try row.decode("id")] = "\(track)/\(level.slug)"
    }
    let tracks = try connection.query(
      "SELECT slug, name, description FROM framework_tracks ORDER BY position"
    ).map { row in
      Framework.Track(
        slug: try row.decode("slug"), name: try row.decode("name"),
        description: try row.decode("description", as: String.self).nilIfEmpty,
        levels: levelsByTrack[try row.decode("slug", as: String.self)] ?? [])
    }
    var expectations: [Int64: [String: Framework.Expectation]] = [:]
    for row in try connection.query(
      "SELECT competency_id, level_id, description, examples FROM framework_expectations")
    {
      guard let key = levelKey[try row.decode("level_id")] else { continue }
      let examples = try JSONDecoder().decode(
        [String].self, from: Data(try row.decode("examples", as: String.self).utf8))
      expectations[try row.decode("competency_id"), default: [:]][key] = Framework.Expectation(
        description: try row.decode("description"), examples: examples.isEmpty ? nil : examples)
    }
    var competencies: [Int64: [Framework.Competency]] = [:]
    for row in try connection.query(
      "SELECT id, area_id, slug, name, description FROM framework_competencies ORDER BY position")
    {
      competencies[try row.decode("area_id"), default: []].append(
        Framework.Competency(
          slug: try row.decode("slug"), name: try row.decode("name"),
          description: try row.decode("description", as: String.self).nilIfEmpty,
          expectations: expectations[try row.decode("id")] ?? [:]))
    }
    let areas = try connection.query("SELECT id, slug, name FROM framework_areas ORDER BY position").map {
      row in
      Framework.Area(
        slug: try row.decode("slug"), name: try row.decode("name"),
        competencies: competencies[try row.decode("id")] ?? [])
    }
    let roles = try connection.query(
      "SELECT slug, title, level_id, description FROM framework_roles ORDER BY id"
    ).compactMap { row -> Framework.Role? in
      guard let key = levelKey[try row.decode("level_id")] else { return nil }
      let parts = key.split(separator: "/")
      return Framework.Role(
        slug: try row.decode("slug"), title: try row.decode("title"), track: String(parts[0]),
        level: String(parts[1]),
        description: try row.decode("description", as: String.self).nilIfEmpty)
    }
    return Framework(tracks: tracks, areas: areas, roles: roles)
  }

  /// Deletes the framework and writes the new one (the caller holds the transaction).
  static func replace(_ connection: any Connection, with framework: Framework) throws {
    for table in [
      "framework_roles", "framework_expectations", "framework_competencies", "framework_areas",
      "framework_levels", "framework_tracks",
    ] {
      try connection.execute("DELETE FROM \(raw: table)")
    }
    var levelIDs: [String: Int64] = [:]
    for (t, track) in framework.tracks.enumerated() {
      let trackID = try connection.query(
        "INSERT INTO framework_tracks (slug, name, description, position) VALUES (\(track.slug), \(track.name), \(track.description ?? ""), \(t)) RETURNING id"
      )[0].decode("id", as: Int64.self)
      for (l, level) in track.levels.enumerated() {
        levelIDs["\(track.slug)/\(level.slug)"] = try connection.query(
          "INSERT INTO framework_levels (track_id, slug, name, summary, position) VALUES (\(trackID), \(level.slug), \(level.name), \(level.summary ?? ""), \(l)) RETURNING id"
        )[0].decode("id", as: Int64.self)
      }
    }
    var position = 0
    for (a, area) in framework.areas.enumerated() {
      let areaID = try connection.query(
        "INSERT INTO framework_areas (slug, name, position) VALUES (\(area.slug), \(area.name), \(a)) RETURNING id"
      )[0].decode("id", as: Int64.self)
      for competency in area.competencies {
        position += 1
        let competencyID = try connection.query(
          """
          INSERT INTO framework_competencies (area_id, slug, name, description, position)
          VALUES (\(areaID), \(competency.slug), \(competency.name), \(competency.description ?? ""), \(position)) RETURNING id
          """)[0].decode("id", as: Int64.self)
        for (key, expectation) in competency.expectations {
          let examples = String(
            decoding: try JSONEncoder.sorted.encode(expectation.examples ?? []), as: UTF8.self)
          try connection.execute(
            """
            INSERT INTO framework_expectations (competency_id, level_id, description, examples)
            VALUES (\(competencyID), \(try levelIDs[key].found("level")), \(expectation.description), \(examples))
            """)
        }
      }
    }
    for role in framework.roles {
      try connection.execute(
        """
        INSERT INTO framework_roles (slug, title, level_id, description)
        VALUES (\(role.slug), \(role.title), \(try levelIDs["\(role.track)/\(role.level)"].found("level")), \(role.description ?? ""))
        """)
    }
  }
}
