import Foundation
import SQL

/// One saved framework: when, by whom, and what changed from the one saved before it.
public struct FrameworkVersion: Sendable, Codable, Equatable {
  public let number: Int64
  public let savedAt: Date
  /// Nil for the framework as it stood when its history began.
  public let savedBy: String?
  public let changes: [String]
  /// The framework as it is now.
  public let current: Bool
}

extension FrameworkService {
  /// The saved versions, newest first (people team).
  public func history(_ actor: Actor, limit: Int = 50, offset: Int = 0) throws -> Page<FrameworkVersion> {
    try Policy.require(actor, .manageGuides)
    return try database.withConnection { connection in
      try Page.read(connection, limit: limit, offset: offset, counting: "framework_versions") {
        limit, offset in
        try FrameworkHistoryStore.versions(
          connection, "ORDER BY framework_versions.id DESC \(.window(limit, offset))"
        ).map(\.version)
      }
    }
  }

  /// The framework as saved at version `number` (people team).
  public func version(_ actor: Actor, number: Int64) throws -> (
    version: FrameworkVersion, framework: Framework
  ) {
    try Policy.require(actor, .manageGuides)
    return try database.withConnection { connection in
      guard
        let saved = try FrameworkHistoryStore.versions(
          connection, "WHERE framework_versions.id = \(number)", whole: true
        ).first
      else { throw NotFound("framework version") }
      return (saved.version, try saved.framework.found("framework"))
    }
  }

  /// Saves version `number` again as the newest (people team): nothing earlier is lost.
  public func restore(_ actor: Actor, number: Int64) throws {
    try replace(actor, with: try version(actor, number: number).framework)
  }
}

enum FrameworkHistoryStore {
  /// Records `framework` as a version, after `previous` (the caller holds the transaction and has
  /// just saved it). The framework as it stood before history began is kept first, so the first
  /// edit can be undone too. Saving the same framework again records nothing.
  static func record(
    _ connection: any Connection, _ framework: Framework, previous: Framework, by actor: Int64, at now: Date
  ) throws {
    guard framework != previous else { return }
    let empty = (try connection.scalar("SELECT count(*) FROM framework_versions", as: Int.self) ?? 0) == 0
    if empty && previous != .empty {
      try insert(
        connection, previous, changes: ["The framework as it stood when its history began."], by: nil, at: now
      )
    }
    try insert(connection, framework, changes: framework.changes(from: previous), by: actor, at: now)
  }

  /// The versions the rest of the query (`WHERE …`, `ORDER BY …`) selects, each with who saved
  /// it; with the framework itself when `whole`.
  static func versions(_ connection: any Connection, _ rest: SQLQuery, whole: Bool = false) throws
    -> [(version: FrameworkVersion, framework: Framework?)]
  {
    try connection.query(
      """
      SELECT framework_versions.id, framework_versions.changes, framework_versions.saved_at,
             framework_versions.saved_by, \(raw: whole ? "framework_versions.framework," : "")
             framework_versions.id = (SELECT max(id) FROM framework_versions) AS current,
             people.given_name, people.family_name, people.preferred_name, people.email
      FROM framework_versions LEFT JOIN people ON people.id = framework_versions.saved_by
      \(rest)
      """
    ).map { row in
      let savedBy = try row.decode("saved_by", as: Int64?.self)
      let version = FrameworkVersion(
        number: try row.decode("id"), savedAt: try row.decode("saved_at"),
        savedBy: savedBy == nil ? nil : try PersonName.display(row),
        changes: try JSONDecoder().decode(
          [String].self, from: Data(try row.decode("changes", as: String.self).utf8)),
        current: try row.decode("current"))
      let framework =
        try whole
        ? JSONDecoder().decode(Framework.self, from: Data(try row.decode("framework", as: String.self).utf8))
        : nil
      return (version, framework)
    }
  }

  private static func insert(
    _ connection: any Connection, _ framework: Framework, changes: [String], by actor: Int64?, at now: Date
  ) throws {
    let json = String(decoding: try JSONEncoder.sorted.encode(framework), as: UTF8.self)
    let changes = String(decoding: try JSONEncoder.sorted.encode(changes), as: UTF8.self)
    try connection.execute(
      """
      INSERT INTO framework_versions (framework, changes, saved_by, saved_at)
      VALUES (\(json), \(changes), \(actor), \(now))
      """)
  }
}

extension Framework {
  /// What changed from `old`, in words for the people team: added, removed, renamed and moved
  /// parts, changed descriptions and expectations. At most 30 lines, then how many more.
  public func changes(from old: Framework) -> [String] {
    if old == .empty {
      return [
        "The first framework: \(tracks.count) tracks, \(areas.flatMap(\.competencies).count) competencies, \(roles.count) roles."
      ]
    }
    var lines: [String] = []
    /// A part's place: what tells a move apart (`key`) and how it reads (`words`).
    typealias Place = (key: String, words: String)
    func compare<Part>(
      _ kind: String, _ plural: String, _ before: [Part], _ after: [Part], key: (Part) -> String,
      name: (Part) -> String, place: (Part) -> Place = { _ in ("", "") },
      details: (Part, Part) -> [String] = { _, _ in [] }
    ) {
      let oldByKey = Dictionary(before.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
      let newKeys = Set(after.map(key))
      for part in after {
        guard let earlier = oldByKey[key(part)] else {
          lines.append("Added the \(kind) “\(name(part))”\(place(part).words).")
          continue
        }
        if name(earlier) != name(part) {
          lines.append("Renamed the \(kind) “\(name(earlier))”\(place(earlier).words) to “\(name(part))”.")
        }
        if place(earlier).key != place(part).key {
          lines.append("Moved the \(kind) “\(name(part))”\(place(part).words).")
        }
        lines += details(earlier, part)
      }
      for part in before where !newKeys.contains(key(part)) {
        lines.append("Removed the \(kind) “\(name(part))”\(place(part).words).")
      }
      let kept = before.map(key).filter(newKeys.contains)
      if kept != after.map(key).filter(Set(before.map(key)).contains) {
        lines.append("Reordered the \(plural).")
      }
    }
    compare(
      "track", "tracks", old.tracks, tracks, key: \.slug, name: \.name,
      details: { before, after in
        before.description == after.description
          ? [] : ["Changed the description of the track “\(after.name)”."]
      })
    for track in tracks {
      guard let before = old.track(track.slug) else { continue }
      compare(
        "level", "levels of “\(track.name)”", before.levels, track.levels, key: \.slug, name: \.name,
        place: { _ in ("", " of “\(track.name)”") },
        details: { before, after in
          before.summary == after.summary
            ? [] : ["Changed the summary of the level “\(after.name)” of “\(track.name)”."]
        })
    }
    compare("area", "areas", old.areas, areas, key: \.slug, name: \.name)
    typealias Placed = (area: Area, competency: Competency)
    let oldCompetencies: [Placed] = old.areas.flatMap { area in area.competencies.map { (area, $0) } }
    let newCompetencies: [Placed] = areas.flatMap { area in area.competencies.map { (area, $0) } }
    compare(
      "competency", "competencies", oldCompetencies, newCompetencies, key: \.competency.slug,
      name: \.competency.name, place: { ($0.area.slug, " in “\($0.area.name)”") },
      details: { before, after in
        var lines: [String] = []
        if before.competency.description != after.competency.description {
          lines.append("Changed the description of the competency “\(after.competency.name)”.")
        }
        let keys = Set(before.competency.expectations.keys).union(after.competency.expectations.keys)
        let changed = keys.filter {
          before.competency.expectations[$0] != after.competency.expectations[$0]
        }.count
        if changed > 0 {
          lines.append(
            "Changed what “\(after.competency.name)” expects at \(changed == 1 ? "one level" : "\(changed) levels")."
          )
        }
        return lines
      })
    func place(_ role: Role) -> Place {
      let track = track(role.track) ?? old.track(role.track)
      let level = track?.levels.first { $0.slug == role.level }
      return (
        "\(role.track)/\(role.level)", " at \(track?.name ?? role.track) · \(level?.name ?? role.level)"
      )
    }
    compare(
      "role", "roles", old.roles, roles, key: \.slug, name: \.title, place: place,
      details: { before, after in
        before.description == after.description
          ? [] : ["Changed the description of the role “\(after.title)”."]
      })
    if lines.count > 30 {
      let more = lines.count - 30
      lines = Array(lines.prefix(30)) + ["And \(more) more \(more == 1 ? "change" : "changes")."]
    }
    return lines
  }
}
