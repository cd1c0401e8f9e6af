import SQL

/// One page of a listing: every list that can grow is read this way, so none stops silently.
public struct Page<Item: Sendable & Codable & Equatable>: Sendable, Codable, Equatable {
  public let items: [Item]
  public let total: Int
  public let limit: Int
  public let offset: Int

  public init(items: [Item], total: Int, limit: Int, offset: Int) {
    self.items = items
    self.total = total
    self.limit = limit
    self.offset = offset
  }

  /// The page of at most 500 items from `offset` (both kept in range): `items` reads them and
  /// `total` counts every row of `rows` (what follows `SELECT count(*) FROM`). `items` is not
  /// called past the end.
  static func read(
    _ connection: any Connection, limit: Int, offset: Int, counting rows: SQLQuery,
    items: (_ limit: Int, _ offset: Int) throws -> [Item]
  ) throws -> Page {
    try read(limit: limit, offset: offset, total: try connection.count(rows), items: items)
  }

  /// The page as one read: the count of `rows` and the items `items` reads, sent together.
  static func read(
    limit: Int, offset: Int, counting rows: SQLQuery, items: (_ limit: Int, _ offset: Int) -> Read<[Item]>
  ) -> Read<Page> {
    let (limit, offset) = inRange(limit, offset)
    return Read.together(
      Read("SELECT count(*) AS total FROM \(rows)") { try $0[0].decode("total", as: Int.self) },
      items(limit, offset)
    )
    .map { total, items in
      Page(items: offset < total ? items : [], total: total, limit: limit, offset: offset)
    }
  }

  /// The page of the rows `matching` finds, in `order`, with their total, in one statement: the
  /// rows are found once for both. For searches, where finding the rows is most of the cost (a
  /// count beside every row would sort them all instead of one page). `matching` selects each
  /// row's `match_id` and the keys `order` sorts by, named apart from `table`'s columns; only the
  /// page's rows are read whole (`columns` of `table`), not every match.
  static func read(
    _ connection: any Connection, limit: Int, offset: Int, matching: SQLQuery, order: SQLQuery,
    columns: String, of table: String, decode: (Row) throws -> Item
  ) throws -> Page {
    let (limit, offset) = inRange(limit, offset)
    let rows = try connection.query(
      """
      WITH matches AS MATERIALIZED (\(matching)),
      page AS (SELECT * FROM matches ORDER BY \(order) LIMIT \(limit) OFFSET \(offset))
      SELECT \(raw: columns), (SELECT count(*) FROM matches) AS matches_total
      FROM page JOIN \(raw: table) ON \(raw: table).id = page.match_id ORDER BY \(order)
      """)
    guard let first = rows.first else {
      // Past the end no row carries the total.
      let total = offset == 0 ? 0 : try connection.count("(\(matching)) AS matches")
      return Page(items: [], total: total, limit: limit, offset: offset)
    }
    return Page(
      items: try rows.map(decode), total: try first.decode("matches_total", as: Int.self), limit: limit,
      offset: offset)
  }

  /// The page of a list already counted (`total`), as when one statement counts several lists.
  static func read(
    limit: Int, offset: Int, total: Int, items: (_ limit: Int, _ offset: Int) throws -> [Item]
  ) throws -> Page {
    let (limit, offset) = inRange(limit, offset)
    // Past the end (an empty list, most often) there is nothing to read.
    return Page(
      items: offset < total ? try items(limit, offset) : [], total: total, limit: limit, offset: offset)
  }

  /// At most 500 items, from an offset of 0 or more.
  static func inRange(_ limit: Int, _ offset: Int) -> (limit: Int, offset: Int) {
    (min(max(limit, 1), 500), max(offset, 0))
  }

  /// A whole list as one page (a person's copy of their data).
  static func whole(_ items: [Item]) -> Page {
    Page(items: items, total: items.count, limit: items.count, offset: 0)
  }
}

extension Connection {
  /// How many rows `rows` (what follows `SELECT count(*) FROM`) holds: the total of a list.
  func count(_ rows: SQLQuery) throws -> Int {
    try scalar("SELECT count(*) FROM \(rows)", as: Int.self) ?? 0
  }
}

extension SQLQuery {
  /// The rows of one page (`LIMIT` and `OFFSET`), or every row when there is no limit.
  static func window(_ limit: Int?, _ offset: Int) -> SQLQuery {
    guard let limit else { return "" }
    return "LIMIT \(limit) OFFSET \(offset)"
  }
}
