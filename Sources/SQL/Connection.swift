/// One open database connection, used by one thread at a time.
public protocol Connection: AnyObject {
  var dialect: SQLDialect { get }
  /// Runs a statement; returns the number of rows it changed.
  @discardableResult func execute(_ query: SQLQuery) throws -> Int
  /// Runs a statement and returns every row it produced.
  func query(_ query: SQLQuery) throws -> [Row]
  /// Runs statements that do not depend on each other and returns each one's rows, in order;
  /// PostgreSQL gets them in one round trip (see `read`).
  func queries(_ queries: [SQLQuery]) throws -> [[Row]]
  /// Runs several statements without parameters (migrations).
  func executeScript(_ sql: String) throws
  /// How many transactions are open on this connection (nested ones are savepoints).
  var transactionDepth: Int { get set }
  /// Whether the connection can still be used after an error.
  var isHealthy: Bool { get }
}

/// A read: its statements and how their rows become a value. Most reads are one statement; a
/// read made of others (`together`, or a part that needs several) sends them all at once.
public struct Read<Value> {
  public let queries: [SQLQuery]
  private let decodeRows: ([[Row]]) throws -> Value

  public init(_ query: SQLQuery, decode: @escaping ([Row]) throws -> Value) {
    queries = [query]
    decodeRows = { try decode($0[0]) }
  }

  private init(queries: [SQLQuery], decodeRows: @escaping ([[Row]]) throws -> Value) {
    self.queries = queries
    self.decodeRows = decodeRows
  }

  /// A value known without asking the database (a part a page does not need this time).
  public static func known(_ value: Value) -> Read<Value> {
    Read(queries: []) { _ in value }
  }

  /// The value from each statement's rows, given in the order of `queries`.
  public func decode(_ results: [[Row]]) throws -> Value {
    try decodeRows(results)
  }

  /// The same statements, their value transformed (e.g. reads of one page part put together).
  public func map<T>(_ transform: @escaping (Value) throws -> T) -> Read<T> {
    Read<T>(queries: queries) { try transform(self.decodeRows($0)) }
  }

  /// Reads that do not depend on each other as one read: their statements go together.
  public static func together<each Part>(_ parts: repeat Read<each Part>) -> Read<(repeat each Part)>
  where Value == (repeat each Part) {
    var queries: [SQLQuery] = []
    var counts: [Int] = []
    for part in repeat each parts {
      queries.append(contentsOf: part.queries)
      counts.append(part.queries.count)
    }
    return Read<(repeat each Part)>(queries: queries) { results in
      var start = 0
      var index = 0
      func decode<V>(_ part: Read<V>) throws -> V {
        defer {
          start += counts[index]
          index += 1
        }
        return try part.decode(Array(results[start..<start + counts[index]]))
      }
      return (repeat try decode(each parts))
    }
  }
}

extension Connection {
  /// One statement at a time: a database without round trips gains nothing from more.
  public func queries(_ queries: [SQLQuery]) throws -> [[Row]] {
    try queries.map { try query($0) }
  }

  /// Runs one read: its statements in one round trip. A statement that several parts need (the
  /// reader's match profile, say) runs once.
  public func read<Value>(_ read: Read<Value>) throws -> Value {
    let all = read.queries
    if all.count == 1 { return try read.decode([query(all[0])]) }
    var distinct: [SQLQuery] = []
    let positions = all.map { query in
      if let index = distinct.firstIndex(of: query) { return index }
      distinct.append(query)
      return distinct.count - 1
    }
    let results = try queries(distinct)
    return try read.decode(positions.map { results[$0] })
  }

  /// Runs reads that do not depend on each other together: a page's parts cost one round trip
  /// to PostgreSQL instead of one each (each round trip wakes both processes, which costs more
  /// than running most of Trellis's statements).
  public func read<each Value>(_ reads: repeat Read<each Value>) throws -> (repeat each Value) {
    try read(Read.together(repeat each reads))
  }

  /// The first row, or nil.
  public func queryFirst(_ query: SQLQuery) throws -> Row? {
    try self.query(query).first
  }

  /// The first column of the first row (for counts and existence checks).
  public func scalar<T: SQLDecodable>(_ query: SQLQuery, as type: T.Type = T.self) throws -> T? {
    try self.query(query).first.map { try $0.decodeFirst(as: T.self) }
  }

  /// Decodes every row.
  public func fetch<T: RowDecodable>(_ type: T.Type, _ query: SQLQuery) throws -> [T] {
    try self.query(query).map { try T(row: $0) }
  }

  /// Runs `body` in a transaction: committed when it returns, rolled back when it throws.
  /// Nested calls become savepoints, so an inner failure undoes only the inner part.
  public func transaction<T>(_ body: () throws -> T) throws -> T {
    let depth = transactionDepth
    let savepoint = "trellis_savepoint_\(depth)"
    if depth == 0 {
      try executeScript(dialect == .sqlite ? "BEGIN IMMEDIATE" : "BEGIN")
    } else {
      try executeScript("SAVEPOINT \(savepoint)")
    }
    transactionDepth = depth + 1
    do {
      let result = try body()
      transactionDepth = depth
      try executeScript(depth == 0 ? "COMMIT" : "RELEASE SAVEPOINT \(savepoint)")
      return result
    } catch {
      transactionDepth = depth
      if isHealthy {
        try? executeScript(
          depth == 0 ? "ROLLBACK" : "ROLLBACK TO SAVEPOINT \(savepoint); RELEASE SAVEPOINT \(savepoint)")
      }
      throw error
    }
  }
}
