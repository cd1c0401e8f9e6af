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

/// A read: its statement and how its rows become a value.
public struct Read<Value> {
  public let query: SQLQuery
  public let decode: ([Row]) throws -> Value

  public init(_ query: SQLQuery, decode: @escaping ([Row]) throws -> Value) {
    self.query = query
    self.decode = decode
  }
}

extension Connection {
  /// One statement at a time: a database without round trips gains nothing from more.
  public func queries(_ queries: [SQLQuery]) throws -> [[Row]] {
    try queries.map { try query($0) }
  }

  /// Runs one read.
  public func read<Value>(_ read: Read<Value>) throws -> Value {
    try read.decode(query(read.query))
  }

  /// Runs reads that do not depend on each other together: a page's parts cost one round trip
  /// to PostgreSQL instead of one each (each round trip wakes both processes, which costs more
  /// than running most of Trellis's statements).
  public func read<each Value>(_ reads: repeat Read<each Value>) throws -> (repeat each Value) {
    var statements: [SQLQuery] = []
    for read in repeat each reads { statements.append(read.query) }
    let results = try queries(statements)
    var index = 0
    func decode<V>(_ read: Read<V>) throws -> V {
      defer { index += 1 }
      return try read.decode(results[index])
    }
    return (repeat try decode(each reads))
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
