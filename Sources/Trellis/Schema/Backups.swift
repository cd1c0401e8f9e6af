import SQL

/// Backing up and restoring the embedded database (PostgreSQL has pg_dump and point-in-time
/// recovery of its own: see the README).
public enum Backups {
  public struct Refusal: Error, CustomStringConvertible, Equatable {
    public let description: String
  }

  /// A consistent copy of the live database at `databasePath`, safe while Trellis serves.
  public static func backUp(_ databasePath: String, to file: String) throws {
    try SQLiteBackup.copy(from: databasePath, to: file)
    let integrity = try SQLiteBackup.integrity(of: file)
    guard integrity == "ok" else {
      throw Refusal(description: "the copy failed its integrity check: \(integrity)")
    }
  }

  /// Replaces the database at `databasePath` with the backup `file`, after checking that the
  /// file is whole and comes from this version of Trellis or an earlier one (whose migrations
  /// are then applied). Trellis should not be serving that database meanwhile.
  /// Returns the migrations applied to bring the restored database up to date.
  @discardableResult
  public static func restore(_ file: String, into databasePath: String) throws -> [Migration] {
    let integrity = try SQLiteBackup.integrity(of: file)
    guard integrity == "ok" else {
      throw Refusal(
        description: "\(file) fails SQLite's integrity check (\(integrity)): nothing was restored")
    }
    let known = Set(Schema.migrator.migrations.map(\.version))
    let newer = try SQLiteBackup.appliedMigrations(in: file).filter { !known.contains($0) }
    guard newer.isEmpty else {
      throw Refusal(
        description:
          "\(file) comes from a newer Trellis (migrations \(newer.sorted().map(String.init).joined(separator: ", ")) are unknown here): upgrade Trellis first; nothing was restored"
      )
    }
    try SQLiteBackup.copy(from: file, to: databasePath)
    let database = Database(url: .sqlite(path: databasePath), maxConnections: 1)
    defer { database.close() }
    return try Schema.migrator.migrate(database)
  }
}
