import Foundation
import SQL
import TestSupport
import Testing

@Suite("Migrations")
struct MigratorTests {
  static let first = Migration(
    1, "create teams", sql: "CREATE TABLE teams (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
  static let second = Migration(
    2, "create people",
    sqlite:
      "CREATE TABLE people (id INTEGER PRIMARY KEY, team_id INTEGER REFERENCES teams (id)); CREATE INDEX people_team ON people (team_id);",
    postgresql:
      "CREATE TABLE people (id BIGSERIAL PRIMARY KEY, team_id INTEGER REFERENCES teams (id)); CREATE INDEX people_team ON people (team_id);"
  )

  private func versions(_ database: Database) throws -> [Int] {
    try database.withConnection {
      try $0.query("SELECT version FROM schema_migrations ORDER BY version").map {
        try $0.decodeFirst(as: Int.self)
      }
    }
  }

  @Test(arguments: TestDatabases.available)
  func appliesInOrderAndIsSafeToRunTwice(kind: TestDatabases.Kind) throws {
    try TestDatabases.withFresh(kind) { database in
      let migrator = Migrator([Self.first, Self.second])
      #expect(try migrator.pending(database).map(\.version) == [1, 2])
      #expect(try !migrator.isCurrent(database))
      #expect(try migrator.migrate(database).map(\.version) == [1, 2])
      #expect(try migrator.migrate(database).isEmpty)
      #expect(try versions(database) == [1, 2])
      #expect(try migrator.isCurrent(database))
      try database.withConnection { try $0.execute("INSERT INTO teams (id, name) VALUES (1, \("x"))") }
    }
  }

  @Test(arguments: TestDatabases.available)
  func addsOnlyNewMigrationsLater(kind: TestDatabases.Kind) throws {
    try TestDatabases.withFresh(kind) { database in
      try Migrator([Self.first]).migrate(database)
      #expect(try Migrator([Self.first, Self.second]).migrate(database).map(\.version) == [2])
    }
  }

  @Test(arguments: TestDatabases.available)
  func aFailingMigrationLeavesNothingHalfDone(kind: TestDatabases.Kind) throws {
    try TestDatabases.withFresh(kind) { database in
      let broken = Migration(
        2, "broken",
        sql: "CREATE TABLE half (id INTEGER PRIMARY KEY); CREATE TABLE half (id INTEGER PRIMARY KEY);")
      #expect(throws: SQLError.self) { try Migrator([Self.first, broken]).migrate(database) }
      #expect(try versions(database) == [1])
      let halfExists = try database.withConnection { connection in
        kind == .sqlite
          ? try connection.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'half'", as: Int.self)
          : try connection.scalar(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'half'", as: Int.self)
      }
      #expect(halfExists == 0)
    }
  }

  @Test(arguments: TestDatabases.available)
  func refusesAShippedMigrationThatChanged(kind: TestDatabases.Kind) throws {
    try TestDatabases.withFresh(kind) { database in
      try Migrator([Self.first]).migrate(database)
      let edited = Migration(1, "create teams", sql: "CREATE TABLE teams (id INTEGER PRIMARY KEY)")
      #expect(throws: MigrationError.modified(version: 1, name: "create teams")) {
        try Migrator([edited]).migrate(database)
      }
    }
  }

  @Test(arguments: TestDatabases.available)
  func refusesADatabaseFromANewerRelease(kind: TestDatabases.Kind) throws {
    try TestDatabases.withFresh(kind) { database in
      try Migrator([Self.first, Self.second]).migrate(database)
      #expect(throws: MigrationError.unknownVersions([2])) { try Migrator([Self.first]).migrate(database) }
    }
  }

  @Test(arguments: TestDatabases.available)
  func concurrentRunsDoNotCollide(kind: TestDatabases.Kind) throws {
    let url = try TestDatabases.freshURL(kind)
    defer { TestDatabases.drop(url) }
    let migrations =
      [Self.first, Self.second]
      + (3...12).map {
        Migration($0, "table \($0)", sql: "CREATE TABLE t\($0) (id INTEGER PRIMARY KEY)")
      }
    let applied = LockedCounter()
    let failures = LockedCounter()
    // Separate pools, as separate `trellis migrate` processes would have.
    DispatchQueue.concurrentPerform(iterations: 4) { _ in
      let database = Database(url: url, maxConnections: 1)
      defer { database.close() }
      do {
        let done = try Migrator(migrations).migrate(database)
        for _ in done { applied.increment() }
      } catch {
        failures.increment()
      }
    }
    #expect(failures.value == 0)
    #expect(applied.value == migrations.count)
    let database = Database(url: url)
    defer { database.close() }
    #expect(try versions(database) == Array(1...12))
  }
}
