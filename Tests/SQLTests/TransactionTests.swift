import Foundation
import SQL
import TestSupport
import Testing

struct Boom: Error {}

@Suite("Transactions and the connection pool")
struct TransactionTests {
  private func makeTable(_ database: Database) throws {
    try database.withConnection {
      try $0.executeScript("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
    }
  }

  private func count(_ database: Database) throws -> Int {
    try database.withConnection { try $0.scalar("SELECT count(*) FROM notes", as: Int.self) ?? -1 }
  }

  @Test(arguments: TestDatabases.available)
  func commitsWhenTheBodyReturns(kind: TestDatabases.Kind) throws {
    try TestDatabases.withFresh(kind) { database in
      try makeTable(database)
      let value = try database.transaction { connection in
        try connection.execute("INSERT INTO notes (id, body) VALUES (1, \("a"))")
        try connection.execute("INSERT INTO notes (id, body) VALUES (2, \("b"))")
        return 42
      }
      #expect(value == 42)
      #expect(try count(database) == 2)
    }
  }

  @Test(arguments: TestDatabases.available)
  func rollsBackEverythingWhenTheBodyThrows(kind: TestDatabases.Kind) throws {
    try TestDatabases.withFresh(kind) { database in
      try makeTable(database)
      #expect(throws: Boom.self) {
        try database.transaction { connection in
          try connection.execute("INSERT INTO notes (id, body) VALUES (1, \("a"))")
          throw Boom()
        }
      }
      #expect(try count(database) == 0)
      // A failing statement inside also undoes the earlier ones.
      #expect(throws: SQLError.self) {
        try database.transaction { connection in
          try connection.execute("INSERT INTO notes (id, body) VALUES (1, \("a"))")
          try connection.execute("INSERT INTO notes (id, body) VALUES (1, \("duplicate"))")
        }
      }
      #expect(try count(database) == 0)
    }
  }

  @Test(arguments: TestDatabases.available)
  func nestedTransactionsAreSavepoints(kind: TestDatabases.Kind) throws {
    try TestDatabases.withFresh(kind) { database in
      try makeTable(database)
      try database.transaction { connection in
        try connection.execute("INSERT INTO notes (id, body) VALUES (1, \("outer"))")
        _ = try? connection.transaction {
          try connection.execute("INSERT INTO notes (id, body) VALUES (2, \("inner"))")
          throw Boom()
        }
        // A nested `database.transaction` reuses this thread's connection.
        try database.transaction { inner in
          try inner.execute("INSERT INTO notes (id, body) VALUES (3, \("reused"))")
        }
      }
      let ids = try database.withConnection {
        try $0.query("SELECT id FROM notes ORDER BY id").map { try $0.decode("id", as: Int.self) }
      }
      #expect(ids == [1, 3])
    }
  }

  @Test(arguments: TestDatabases.available)
  func poolServesManyThreadsWithinItsLimit(kind: TestDatabases.Kind) throws {
    try TestDatabases.withFresh(kind, maxConnections: 3) { database in
      try makeTable(database)
      let failures = LockedCounter()
      DispatchQueue.concurrentPerform(iterations: 40) { index in
        do {
          try database.transaction { connection in
            try connection.execute("INSERT INTO notes (id, body) VALUES (\(index), \("n\(index)"))")
          }
        } catch {
          failures.increment()
        }
      }
      #expect(failures.value == 0)
      #expect(try count(database) == 40)
    }
  }

  @Test func nestedUseOfAOneConnectionPoolDoesNotDeadlock() throws {
    try TestDatabases.withFresh(.sqlite, maxConnections: 1) { database in
      let value = try database.withConnection { _ in
        try database.withConnection { try $0.scalar("SELECT 7", as: Int.self) }
      }
      #expect(value == 7)
    }
  }

  /// A thread that gives its connection back and asks again at once goes behind those already
  /// waiting: under load, no request waits while later ones go ahead.
  @Test func waitingThreadsAreServedInTheOrderTheyCame() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let database = Database(
      url: .sqlite(path: folder.appendingPathComponent("pool.db").path), maxConnections: 1)
    let order = LockedList()
    let held = DispatchSemaphore(value: 0)
    let release = DispatchSemaphore(value: 0)
    let done = DispatchGroup()
    func run(_ body: @escaping @Sendable () throws -> Void) {
      done.enter()
      Thread.detachNewThread {
        try? body()
        done.leave()
      }
    }
    run {
      try database.withConnection { _ in
        held.signal()
        release.wait()
      }
      try database.withConnection { _ in order.append("holder again") }
    }
    held.wait()
    for name in ["first waiting", "second waiting"] {
      run { try database.withConnection { _ in order.append(name) } }
      Thread.sleep(forTimeInterval: 0.2)  // waiting for the connection by now
    }
    release.signal()
    #expect(done.wait(timeout: .now() + 10) == .success)
    #expect(order.values == ["first waiting", "second waiting", "holder again"])
  }

  /// A connection that is lost, or a database that closes, wakes the thread waiting for it: it
  /// opens a new connection in the lost one's place, or learns the database is closed.
  @Test func aLostConnectionOrAClosedDatabaseWakesTheWaitingThread() throws {
    let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
    try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: folder) }
    let database = Database(
      url: .sqlite(path: folder.appendingPathComponent("pool.db").path), maxConnections: 1)
    let outcomes = LockedList()
    let held = DispatchSemaphore(value: 0)
    let release = DispatchSemaphore(value: 0)
    let done = DispatchGroup()
    func waitFor(_ name: String) {
      done.enter()
      Thread.detachNewThread {
        do {
          let seven = try database.withConnection { try $0.scalar("SELECT 7", as: Int.self) }
          outcomes.append("\(name): \(seven ?? 0)")
        } catch {
          outcomes.append("\(name): \((error as? SQLError)?.kind == .connection ? "closed" : "\(error)")")
        }
        done.leave()
      }
    }
    done.enter()
    Thread.detachNewThread {
      _ = try? database.withConnection { _ in
        held.signal()
        release.wait()
        throw SQLError(kind: .connection, message: "lost")
      }
      done.leave()
    }
    held.wait()
    waitFor("after a lost one")
    Thread.sleep(forTimeInterval: 0.2)  // waiting for the connection by now
    release.signal()
    #expect(done.wait(timeout: .now() + 10) == .success)
    #expect(outcomes.values == ["after a lost one: 7"])

    try database.withConnection { _ in
      waitFor("when closed")
      Thread.sleep(forTimeInterval: 0.2)
      database.close()
      #expect(done.wait(timeout: .now() + 10) == .success)
    }
    #expect(outcomes.values == ["after a lost one: 7", "when closed: closed"])
  }

  @Test func databaseURLsAreParsedAndRedacted() throws {
    #expect(try DatabaseURL("sqlite:./trellis.db") == .sqlite(path: "./trellis.db"))
    #expect(try DatabaseURL("sqlite:///var/lib/trellis.db") == .sqlite(path: "/var/lib/trellis.db"))
    #expect(try DatabaseURL("postgres://u:secret@db/trellis").dialect == .postgresql)
    #expect(try DatabaseURL("postgres://u:secret@db/trellis").redacted.contains("secret") == false)
    let error = #expect(throws: SQLError.self) { try DatabaseURL("mysql://x") }
    #expect(error?.message.contains("sqlite:PATH") == true)
    #expect(throws: SQLError.self) { try DatabaseURL("sqlite:") }
  }

  @Test func unreachableDatabasesFailClearly() throws {
    let sqlite = Database(url: .sqlite(path: "/nonexistent-dir/x/trellis.db"))
    let sqliteError = #expect(throws: SQLError.self) { try sqlite.withConnection { _ in } }
    #expect(sqliteError?.kind == .connection)
    let postgres = Database(url: .postgresql("postgres://nobody@127.0.0.1:1/none?connect_timeout=2"))
    let postgresError = #expect(throws: SQLError.self) { try postgres.withConnection { _ in } }
    #expect(postgresError?.kind == .connection)
  }

  /// A SQLite writer waits for another connection's write: it goes ahead once that ends, and
  /// gives up as busy (nothing written) only after the busy timeout.
  @Test func aSQLiteWriterWaitsForAnotherUntilTheBusyTimeout() throws {
    let url = try TestDatabases.freshURL(.sqlite)
    defer { TestDatabases.drop(url) }
    guard case .sqlite(let path) = url else { return }
    let setup = try SQLiteConnection(path: path)
    try setup.executeScript("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)")
    // Used by one thread at a time: here, then by the one that ends its write.
    nonisolated(unsafe) let holder = try SQLiteConnection(path: path)
    let impatient = try SQLiteConnection(path: path, busyTimeoutMilliseconds: 200)
    let patient = try SQLiteConnection(path: path)

    try holder.execute("BEGIN IMMEDIATE")
    let started = Date()
    #expect {
      try impatient.transaction { try impatient.execute("INSERT INTO notes (body) VALUES ('refused')") }
    } throws: { ($0 as? SQLError)?.kind == .busy }
    #expect(Date().timeIntervalSince(started) >= 0.2, "waited the busy timeout")

    // Its own thread: the shared queues may be busy with other tests for longer than a timeout.
    let released = DispatchSemaphore(value: 0)
    Thread {
      Thread.sleep(forTimeInterval: 0.05)
      _ = try? holder.execute("COMMIT")
      released.signal()
    }.start()
    try patient.transaction { _ = try patient.execute("INSERT INTO notes (body) VALUES ('saved')") }
    released.wait()
    #expect(
      try setup.query("SELECT body FROM notes").map { try $0.decode("body", as: String.self) } == ["saved"])
  }
}

final class LockedCounter: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0
  func increment() { lock.withLock { count += 1 } }
  var value: Int { lock.withLock { count } }
}

final class LockedList: @unchecked Sendable {
  private let lock = NSLock()
  private var items: [String] = []
  func append(_ item: String) { lock.withLock { items.append(item) } }
  var values: [String] { lock.withLock { items } }
}
