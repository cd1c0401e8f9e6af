import Foundation
import SQL

/// A connection that keeps the statements sent through it, and counts the round trips they took.
public final class CountingConnection: Connection {
  public let wrapped: any Connection
  /// Each statement as sent, with its values (scripts by their text).
  public private(set) var sent: [String] = []
  public var statements: Int { sent.count }
  public private(set) var roundTrips = 0
  public init(_ wrapped: any Connection) { self.wrapped = wrapped }
  public var dialect: SQLDialect { wrapped.dialect }
  public var transactionDepth: Int {
    get { wrapped.transactionDepth }
    set { wrapped.transactionDepth = newValue }
  }
  public var isHealthy: Bool { wrapped.isHealthy }
  public func execute(_ query: SQLQuery) throws -> Int {
    sent.append(Self.text(query))
    roundTrips += 1
    return try wrapped.execute(query)
  }
  public func query(_ query: SQLQuery) throws -> [Row] {
    sent.append(Self.text(query))
    roundTrips += 1
    return try wrapped.query(query)
  }
  public func queries(_ queries: [SQLQuery]) throws -> [[Row]] {
    sent.append(contentsOf: queries.map(Self.text))
    roundTrips += 1
    return try wrapped.queries(queries)
  }
  public func executeScript(_ sql: String) throws {
    sent.append(sql)
    roundTrips += 1
    try wrapped.executeScript(sql)
  }

  private static func text(_ query: SQLQuery) -> String {
    let (sql, values) = query.render(for: .sqlite)
    return "\(sql) \(values)"
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

  /// Statements sent on every connection so far.
  public var sent: [String] { lock.withLock { connections.flatMap(\.sent) } }

  /// Round trips on every connection so far.
  public var roundTrips: Int { lock.withLock { connections.reduce(0) { $0 + $1.roundTrips } } }
}
