import CSQLite

/// Copies of a SQLite database through SQLite's online backup API: consistent while the database
/// is being written (the copy is one read transaction, the write-ahead log included), unlike
/// copying the file.
public enum SQLiteBackup {
  public struct Failure: Error, CustomStringConvertible, Equatable {
    public let description: String
  }

  /// Writes a consistent copy of the database at `source` to `destination` (replaced if present).
  public static func copy(from source: String, to destination: String) throws {
    let from = try open(source, readOnly: true)
    defer { sqlite3_close_v2(from) }
    let to = try open(destination, readOnly: false)
    defer { sqlite3_close_v2(to) }
    guard let backup = sqlite3_backup_init(to, "main", from, "main") else {
      throw Failure(description: "cannot start the copy: \(String(cString: sqlite3_errmsg(to)))")
    }
    // All pages in one step: one read transaction, so the copy is one moment of the database.
    var status: Int32
    repeat {
      status = sqlite3_backup_step(backup, -1)
      if status == SQLITE_BUSY || status == SQLITE_LOCKED { sqlite3_sleep(50) }
    } while status == SQLITE_OK || status == SQLITE_BUSY || status == SQLITE_LOCKED
    let finished = sqlite3_backup_finish(backup)
    guard status == SQLITE_DONE, finished == SQLITE_OK else {
      throw Failure(description: "the copy failed: \(String(cString: sqlite3_errmsg(to)))")
    }
    // The copy stands alone: one file, no write-ahead log beside it.
    sqlite3_exec(to, "PRAGMA journal_mode = DELETE", nil, nil, nil)
  }

  /// "ok", or what SQLite's integrity check found wrong with the file.
  public static func integrity(of path: String) throws -> String {
    let handle = try open(path, readOnly: true)
    defer { sqlite3_close_v2(handle) }
    var statement: OpaquePointer?
    guard sqlite3_prepare_v2(handle, "PRAGMA integrity_check", -1, &statement, nil) == SQLITE_OK else {
      throw Failure(
        description: "\(path) is not a SQLite database: \(String(cString: sqlite3_errmsg(handle)))")
    }
    defer { sqlite3_finalize(statement) }
    var findings: [String] = []
    while sqlite3_step(statement) == SQLITE_ROW {
      if let text = sqlite3_column_text(statement, 0) { findings.append(String(cString: text)) }
    }
    guard !findings.isEmpty else {
      throw Failure(
        description: "\(path) is not a SQLite database: \(String(cString: sqlite3_errmsg(handle)))")
    }
    return findings.joined(separator: "; ")
  }

  /// The migrations recorded in the file (`schema_migrations`), read without changing it.
  public static func appliedMigrations(in path: String) throws -> [Int] {
    let handle = try open(path, readOnly: true)
    defer { sqlite3_close_v2(handle) }
    var statement: OpaquePointer?
    guard
      sqlite3_prepare_v2(handle, "SELECT version FROM schema_migrations", -1, &statement, nil) == SQLITE_OK
    else { throw Failure(description: "\(path) holds no Trellis database (no schema_migrations table)") }
    defer { sqlite3_finalize(statement) }
    var versions: [Int] = []
    while sqlite3_step(statement) == SQLITE_ROW { versions.append(Int(sqlite3_column_int64(statement, 0))) }
    return versions
  }

  private static func open(_ path: String, readOnly: Bool) throws -> OpaquePointer {
    var handle: OpaquePointer?
    let flags = readOnly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
    let status = sqlite3_open_v2(path, &handle, flags, nil)
    guard status == SQLITE_OK, let handle else {
      let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
      sqlite3_close_v2(handle)
      throw Failure(description: "cannot open \(path): \(message)")
    }
    sqlite3_busy_timeout(handle, 5_000)
    return handle
  }
}
