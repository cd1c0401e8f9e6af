/// Rows written as multi-row `INSERT … VALUES (…), (…)` statements: one round trip per batch
/// instead of per row. `head` is `INSERT INTO table (columns) VALUES`, each row `(a, b, …)`,
/// `tail` anything after the values (e.g. `ON CONFLICT …`). Rows that refer to rows of other
/// batches name them in `after`: those are written first, so foreign keys hold at each statement.
public final class RowBatch {
  private let connection: any Connection
  private let head: SQLQuery
  private let tail: SQLQuery
  private let size: Int
  private let after: [RowBatch]
  private var rows: [SQLQuery] = []

  /// 500 rows of up to a dozen values stay far below both databases' limit of bound values.
  public init(
    _ connection: any Connection, _ head: SQLQuery, tail: SQLQuery = "", after: [RowBatch] = [],
    size: Int = 500
  ) {
    self.connection = connection
    self.head = head
    self.tail = tail
    self.after = after
    self.size = size
    rows.reserveCapacity(size)
  }

  /// Adds a row; writes the batch once it is full.
  public func append(_ row: SQLQuery) throws {
    rows.append(row)
    if rows.count >= size { try flush() }
  }

  /// Writes what is buffered (and first what it refers to); call it once the last row is appended.
  public func flush() throws {
    for batch in after { try batch.flush() }
    guard !rows.isEmpty else { return }
    try connection.execute("\(head) \(SQLQuery.joined(rows, separator: ", ")) \(tail)")
    rows.removeAll(keepingCapacity: true)
  }
}

extension Connection {
  /// Writes every row in batches (see `RowBatch`).
  public func insert(_ head: SQLQuery, rows: [SQLQuery], tail: SQLQuery = "") throws {
    let batch = RowBatch(self, head, tail: tail)
    for row in rows { try batch.append(row) }
    try batch.flush()
  }
}
