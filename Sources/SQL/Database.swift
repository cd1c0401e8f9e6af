import Foundation

/// Where the data lives: `sqlite:PATH` or `postgres://user@host:port/name`.
public enum DatabaseURL: Sendable, Equatable {
  case sqlite(path: String)
  case postgresql(String)

  public init(_ text: String) throws {
    if text.hasPrefix("sqlite:") {
      var path = String(text.dropFirst("sqlite:".count))
      if path.hasPrefix("//") { path = String(path.dropFirst(2)) }
      guard !path.isEmpty else {
        throw SQLError(kind: .configuration, message: "'\(text)' names no file: use sqlite:PATH")
      }
      self = .sqlite(path: path)
    } else if text.hasPrefix("postgres://") || text.hasPrefix("postgresql://") {
      self = .postgresql(text)
    } else {
      throw SQLError(
        kind: .configuration,
        message: "unsupported database URL '\(text)': use sqlite:PATH or postgres://USER@HOST/NAME")
    }
  }

  public var dialect: SQLDialect {
    switch self {
    case .sqlite: .sqlite
    case .postgresql: .postgresql
    }
  }

  /// The URL without any password, for logs and messages.
  public var redacted: String {
    switch self {
    case .sqlite(let path): return "sqlite:\(path)"
    case .postgresql(let url):
      guard var components = URLComponents(string: url), components.password != nil else { return url }
      components.password = "***"
      return components.string ?? "postgres://***"
    }
  }
}

/// A pool of connections to one database. Each worker thread borrows one connection per
/// request; a thread that already holds one (a transaction inside a read) gets the same one back.
public final class Database: @unchecked Sendable {
  public let url: DatabaseURL
  public var dialect: SQLDialect { url.dialect }
  private let maxConnections: Int
  private let lock = NSLock()
  private var idle: [any Connection] = []
  private var open = 0
  /// Threads waiting for a connection, first come first served.
  private var waiting: [Waiter] = []
  private var closed = false

  /// A thread waiting for a connection: it is handed one, or the right to open one, and woken
  /// alone (waking every waiting thread each time one came back cost more than the requests).
  private final class Waiter: @unchecked Sendable {
    let woken = DispatchSemaphore(value: 0)
    var connection: (any Connection)?
    var mayOpen = false
  }

  /// A connection a thread holds while in `withConnection`.
  private final class Held: @unchecked Sendable {
    let connection: any Connection
    init(_ connection: any Connection) { self.connection = connection }
  }
  @TaskLocal private static var held: [ObjectIdentifier: Held] = [:]

  /// Opens a connection to `url` in place of the driver's own (a test that counts round trips).
  public typealias Opener = @Sendable (DatabaseURL) throws -> any Connection
  private let opener: Opener?

  public init(url: DatabaseURL, maxConnections: Int = 8, opener: Opener? = nil) {
    self.url = url
    self.maxConnections = max(1, maxConnections)
    self.opener = opener
  }

  public convenience init(_ text: String, maxConnections: Int = 8) throws {
    self.init(url: try DatabaseURL(text), maxConnections: maxConnections)
  }

  /// Opens a new connection (not pooled), e.g. for a migration lock that must outlive others.
  public func connect() throws -> any Connection {
    if let opener { return try opener(url) }
    return try Database.open(url)
  }

  /// A new connection by the driver `url` names.
  public static func open(_ url: DatabaseURL) throws -> any Connection {
    switch url {
    case .sqlite(let path): return try SQLiteConnection(path: path)
    case .postgresql(let text): return try PostgresConnection(url: text)
    }
  }

  /// Borrows a connection for the duration of `body`.
  public func withConnection<T>(_ body: (any Connection) throws -> T) throws -> T {
    let key = ObjectIdentifier(self)
    if let current = Database.held[key] { return try body(current.connection) }
    let connection = try checkOut()
    var healthy = true
    defer { checkIn(connection, healthy: healthy && connection.isHealthy) }
    var held = Database.held
    held[key] = Held(connection)
    do {
      return try Database.$held.withValue(held) { try body(connection) }
    } catch let error as SQLError where error.kind == .connection {
      healthy = false
      throw error
    }
  }

  /// Runs `body` in one transaction: all of it is written, or none of it.
  public func transaction<T>(_ body: (any Connection) throws -> T) throws -> T {
    try withConnection { connection in try connection.transaction { try body(connection) } }
  }

  /// Closes idle connections and refuses new ones; borrowed ones close as they come back.
  public func close() {
    lock.lock()
    closed = true
    idle.removeAll()
    let woken = waiting
    waiting.removeAll()
    lock.unlock()
    for waiter in woken { waiter.woken.signal() }
  }

  /// Threads waiting for a connection are served in the order they came: under load no request
  /// waits while later ones go ahead.
  private func checkOut() throws -> any Connection {
    lock.lock()
    if closed {
      lock.unlock()
      throw Database.closedError
    }
    if waiting.isEmpty, let connection = idle.popLast() {
      lock.unlock()
      return connection
    }
    if waiting.isEmpty && open < maxConnections {
      open += 1
      lock.unlock()
      return try openCounted()
    }
    let waiter = Waiter()
    waiting.append(waiter)
    lock.unlock()
    waiter.woken.wait()
    if let connection = waiter.connection { return connection }
    if waiter.mayOpen { return try openCounted() }
    throw Database.closedError
  }

  private func checkIn(_ connection: any Connection, healthy: Bool) {
    lock.lock()
    if healthy && !closed && connection.transactionDepth == 0 {
      if waiting.isEmpty {
        idle.append(connection)
        lock.unlock()
      } else {
        let next = waiting.removeFirst()
        lock.unlock()
        next.connection = connection
        next.woken.signal()
      }
    } else {
      releaseSlot()
    }
  }

  /// Opens a connection in a slot already counted in `open`, giving the slot back if it fails.
  private func openCounted() throws -> any Connection {
    do {
      return try connect()
    } catch {
      lock.lock()
      releaseSlot()
      throw error
    }
  }

  /// A connection closed (called locked; unlocks): the first waiting thread may open another.
  private func releaseSlot() {
    open -= 1
    guard !closed, !waiting.isEmpty else {
      lock.unlock()
      return
    }
    let next = waiting.removeFirst()
    open += 1
    lock.unlock()
    next.mayOpen = true
    next.woken.signal()
  }

  private static let closedError = SQLError(kind: .connection, message: "the database has been closed")
}
