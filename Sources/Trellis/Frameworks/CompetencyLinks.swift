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
    var links: [Int64: [CompetencyRef]] = [:]
    for row in try connection.query(
      """
      SELECT \(raw: table).\(raw: column) AS subject, framework_competencies.slug, framework_competencies.name
      FROM \(raw: table) JOIN framework_competencies ON framework_competencies.slug = \(raw: table).competency_slug
      JOIN framework_areas ON framework_areas.id = framework_competencies.area_id
      WHERE \(raw: table).\(raw: column) IN (\(list: ids))
      ORDER BY framework_areas.position, framework_competencies.position
      """)
    {
      links[try row.decode("subject"), default: []].append(
        CompetencyRef(slug: try row.decode("slug"), name: try row.decode("name")))
    }
    return links
  }
}

extension ListRule {
  /// Competencies one mentor offer, community or opportunity names.
  public static let competencyLinks = ListRule(0...12)
}
