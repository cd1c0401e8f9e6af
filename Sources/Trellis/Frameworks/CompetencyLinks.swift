import SQL

/// A competency of the framework, named where another capability points at it.
public struct CompetencyRef: Sendable, Codable, Equatable, Hashable {
  public let slug: String
  public let name: String

  public init(slug: String, name: String) {
    self.slug = slug
    self.name = name
  }
}

/// Communities, opportunities and mentors point at competencies by slug (like plan items), so a
/// replaced framework keeps the links whose slugs remain. One link table per capability, one way
/// to check, store and read them.
enum CompetencyLinks {
  static func names(_ connection: any Connection) throws -> [String: String] {
    var names: [String: String] = [:]
    for row in try connection.query("SELECT slug, name FROM framework_competencies") {
      names[try row.decode("slug")] = try row.decode("name")
    }
    return names
  }

  /// The distinct slugs, each checked against the framework (`field[index]` names a stranger).
  static func check(_ slugs: [String], known: [String: String], field: String, _ validator: inout Validator)
    -> [String]
  {
    ListRule.competencyLinks.check(slugs.count, field, in: &validator)
    var seen: [String] = []
    for (index, slug) in slugs.enumerated() where !seen.contains(slug) {
      validator.check(known[slug] != nil, "\(field)[\(index)]", "no competency \"\(slug)\" in the framework")
      seen.append(slug)
    }
    return seen
  }

  /// Replaces the links of one subject in `table` (whose subject column is `column`).
  static func replace(
    _ connection: any Connection, table: String, column: String, id: Int64, slugs: [String]
  ) throws {
    try connection.execute("DELETE FROM \(raw: table) WHERE \(raw: column) = \(id)")
    for slug in slugs {
      try connection.execute(
        "INSERT INTO \(raw: table) (\(raw: column), competency_slug) VALUES (\(id), \(slug))")
    }
  }

  /// The linked competencies of each subject, in the framework's order; links to slugs the
  /// framework no longer has are left out.
  static func load(_ connection: any Connection, table: String, column: String, ids: [Int64]) throws
    -> [Int64: [CompetencyRef]]
  {
    try load(connection, tables: [table], column: column, ids: ids)[table] ?? [:]
  }

  /// The same for several link tables of one kind of subject (an opportunity's needs and what it
  /// develops), in one statement: by table, then by subject.
  static func load(_ connection: any Connection, tables: [String], column: String, ids: [Int64]) throws
    -> [String: [Int64: [CompetencyRef]]]
  {
    guard !ids.isEmpty else { return [:] }
    return try connection.read(links(tables: tables, column: column, subjects: "\(list: ids)"))
  }

  /// The links of the subjects `subjects` selects (a list or a subquery of ids), as a read.
  static func links(tables: [String], column: String, subjects: SQLQuery) -> Read<
    [String: [Int64: [CompetencyRef]]]
  > {
    let links = tables.map {
      "SELECT '\($0)' AS link_table, \($0).\(column) AS subject, \($0).competency_slug FROM \($0)"
    }.joined(separator: " UNION ALL ")
    return Read(
      """
      SELECT links.link_table, links.subject, framework_competencies.slug, framework_competencies.name
      FROM (\(raw: links)) links
      JOIN framework_competencies ON framework_competencies.slug = links.competency_slug
      JOIN framework_areas ON framework_areas.id = framework_competencies.area_id
      WHERE links.subject IN (\(subjects))
      ORDER BY framework_areas.position, framework_competencies.position
      """
    ) { rows in
      var loaded: [String: [Int64: [CompetencyRef]]] = [:]
      for row in rows {
        loaded[try row.decode("link_table"), default: [:]][try row.decode("subject"), default: []].append(
          CompetencyRef(slug: try row.decode("slug"), name: try row.decode("name")))
      }
      return loaded
    }
  }
}

extension ListRule {
  /// Competencies one mentor offer, community or opportunity names.
  public static let competencyLinks = ListRule(0...12)
}
