/// One schema change. Once shipped it is never edited: its checksum is recorded and checked.
public struct Migration: Sendable {
  public let version: Int
  public let name: String
  public let sqlite: String
  public let postgresql: String

  /// A migration whose SQL runs unchanged on both databases.
  public init(_ version: Int, _ name: String, sql: String) {
    self.init(version, name, sqlite: sql, postgresql: sql)
  }

  /// A migration with a variant per dialect.
  public init(_ version: Int, _ name: String, sqlite: String, postgresql: String) {
    self.version = version
    self.name = name
    self.sqlite = sqlite
    self.postgresql = postgresql
  }

  public func sql(for dialect: SQLDialect) -> String {
    dialect == .sqlite ? sqlite : postgresql
  }

  /// FNV-1a over the SQL of both dialects.
  public var checksum: String {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in (sqlite + "\u{0}" + postgresql).utf8 {
      hash ^= UInt64(byte)
      hash = hash &* 0x100_0000_01b3
    }
    return String(hash, radix: 16)
  }
}

public enum MigrationError: Error, CustomStringConvertible, Equatable {
  case modified(version: Int, name: String)
  case unknownVersions([Int])

  public var description: String {
    switch self {
    case .modified(let version, let name):
      "migration \(version) (\(name)) differs from the one applied to this database; "
        + "shipped migrations must never change: add a new one instead"
    case .unknownVersions(let versions):
      "the database has migrations this version of Trellis does not know "
        + "(\(versions.map(String.init).joined(separator: ", "))): it was migrated by a newer release"
    }
  }
}

/// Applies numbered migrations in order, each in its own transaction, recording them in
/// `schema_migrations`. Safe to run twice, and concurrently: PostgreSQL runs take an advisory lock.
public struct Migrator: Sendable {
  public let migrations: [Migration]
  /// The advisory lock key that serializes concurrent runs on PostgreSQL.
  static let lockKey: Int64 = 7_317_420_026

  public init(_ migrations: [Migration]) {
    for (index, migration) in migrations.enumerated() {
      precondition(migration.version == index + 1, "migrations are numbered 1, 2, 3... without gaps")
    }
    self.migrations = migrations
  }

  /// Applies every pending migration; returns the ones it applied.
  @discardableResult
  public func migrate(_ database: Database) throws -> [Migration] {
    let connection = try database.connect()
    if connection.dialect == .postgresql {
      try connection.execute("SELECT pg_advisory_lock(\(Migrator.lockKey))")
    }
    defer {
      if connection.dialect == .postgresql {
        _ = try? connection.execute("SELECT pg_advisory_unlock(\(Migrator.lockKey))")
      }
    }
    try createVersionTable(connection)
    try checkNoUnknownVersions(connection)
    var applied: [Migration] = []
    for migration in migrations {
      let didApply = try connection.transaction { () throws -> Bool in
        // Checked inside the transaction: another run may have applied it meanwhile (SQLite).
        if let row = try connection.queryFirst(
          "SELECT checksum FROM schema_migrations WHERE version = \(migration.version)")
        {
          guard try row.decode("checksum", as: String.self) == migration.checksum else {
            throw MigrationError.modified(version: migration.version, name: migration.name)
          }
          return false
        }
        try connection.executeScript(migration.sql(for: connection.dialect))
        try connection.execute(
          """
          INSERT INTO schema_migrations (version, name, checksum, applied_at)
          VALUES (\(migration.version), \(migration.name), \(migration.checksum), \(SQLTimestamp.format(.now)))
          """)
        return true
      }
      if didApply { applied.append(migration) }
    }
    return applied
  }

  /// Migrations not yet applied to the database (all of them on an empty database).
  public func pending(_ database: Database) throws -> [Migration] {
    try database.withConnection { connection in
      let applied = try appliedVersions(connection)
      return migrations.filter { !applied.contains($0.version) }
    }
  }

  /// True when the database has exactly this binary's migrations.
  public func isCurrent(_ database: Database) throws -> Bool {
    try database.withConnection { connection in
      try appliedVersions(connection) == Set(migrations.map(\.version))
    }
  }

  private func appliedVersions(_ connection: any Connection) throws -> Set<Int> {
    let exists: Bool
    if connection.dialect == .sqlite {
      exists =
        try connection.scalar(
          "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'",
          as: Int.self) == 1
    } else {
      exists =
        try connection.scalar(
          "SELECT count(*) FROM information_schema.tables WHERE table_name = 'schema_migrations' AND table_schema = current_schema()",
          as: Int.self) == 1
    }
    guard exists else { return [] }
    return Set(
      try connection.query("SELECT version FROM schema_migrations").map { try $0.decodeFirst(as: Int.self) })
  }

  private func createVersionTable(_ connection: any Connection) throws {
    try connection.executeScript(
      """
      CREATE TABLE IF NOT EXISTS schema_migrations (
        version INTEGER PRIMARY KEY,
        name TEXT NOT NULL,
        checksum TEXT NOT NULL,
        applied_at TEXT NOT NULL
      )
      """)
  }

  private func checkNoUnknownVersions(_ connection: any Connection) throws {
    let known = Set(migrations.map(\.version))
    let unknown = try appliedVersions(connection).subtracting(known).sorted()
    if !unknown.isEmpty { throw MigrationError.unknownVersions(unknown) }
  }
}
