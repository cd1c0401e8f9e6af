import Foundation
import SQL

/// A connection that counts the statements sent through it, and the round trips they took.
public final class CountingConnection: Connection {
  public let wrapped: any Connection
  public private(set) var statements = 0
  public private(set) var roundTrips = 0
  public init(_ wrapped: any Connection) { self.wrapped = wrapped }
  public var dialect: SQLDialect { wrapped.dialect }
  public var transactionDepth: Int {
    get { wrapped.transactionDepth }
    set { wrapped.transactionDepth = newValue }
  }
  public var isHealthy: Bool { wrapped.isHealthy }
  public func execute(_ query: SQLQuery) throws -> Int {
    statements += 1
    roundTrips += 1
    return try wrapped.execute(query)
  }
  public func query(_ query: SQLQuery) throws -> [Row] {
    statements += 1
    roundTrips += 1
    return try wrapped.query(query)
  }
  public func queries(_ queries: [SQLQuery]) throws -> [[Row]] {
    statements += queries.count
    roundTrips += 1
    return try wrapped.queries(queries)
  }
  public func executeScript(_ sql: String) throws {
    statements += 1
    roundTrips += 1
    try wrapped.executeScript(sql)
  }
}

/// Every connection a database opens, counting: pass `open` as `Database`'s opener.
public final class CountedConnections: @unchecked Sendable {
  private let lock = NSLock()
  private var connections: [CountingConnection] = []

  public init() {}

  public func open(_ url: DatabaseURL) throws -> any Connection {
    let connection = CountingConnection(try Database.open(url))
    lock.withLock { connections.append(connection) }
    return connection
  }

  /// Round trips on every connection so far.
  public var roundTrips: Int { lock.withLock { connections.reduce(0) { $0 + $1.roundTrips } } }
}
