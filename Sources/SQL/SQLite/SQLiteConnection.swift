import CSQLite
import Foundation

/// A SQLite connection in WAL mode with foreign keys on; prepared statements are cached.
public final class SQLiteConnection: Connection {
  public let dialect = SQLDialect.sqlite
  public var transactionDepth = 0
  private let handle: OpaquePointer
  private var statements: [String: OpaquePointer] = [:]
  private let busyWait: BusyWait

  /// Opens (creating if needed) the database file at `path`.
  public init(path: String, busyTimeoutMilliseconds: Int32 = 5_000) throws {
    var opened: OpaquePointer?
    let flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
    let status = sqlite3_open_v2(path, &opened, flags, nil)
    guard status == SQLITE_OK, let opened else {
      let message = opened.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
      sqlite3_close_v2(opened)
      throw SQLError(
        kind: .connection, code: "\(status)", message: "cannot open SQLite database '\(path)': \(message)")
    }
    handle = opened
    busyWait = BusyWait(timeout: busyTimeoutMilliseconds)
    sqlite3_extended_result_codes(handle, 1)
    sqlite3_busy_handler(handle, BusyWait.retry, Unmanaged.passUnretained(busyWait).toOpaque())
    try executeScript(
      "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")
  }

  deinit {
    for statement in statements.values { sqlite3_finalize(statement) }
    sqlite3_close_v2(handle)
  }

  /// How a connection waits for another's write to end: tries again every 0.1 to 1 ms until the
  /// busy timeout. SQLite's own busy timeout sleeps 1, 2, 5, 10… up to 100 ms between tries, so
  /// under concurrent writes a waiter slept on long after the lock was free (p99 of adding an
  /// agenda item: 170 ms with two threads, 35 ms with one).
  private final class BusyWait {
    let timeout: UInt64
    var started: UInt64 = 0

    init(timeout milliseconds: Int32) { timeout = UInt64(max(0, milliseconds)) * 1_000_000 }

    static let retry: @convention(c) (UnsafeMutableRawPointer?, Int32) -> Int32 = { context, count in
      guard let context else { return 0 }
      let wait = Unmanaged<BusyWait>.fromOpaque(context).takeUnretainedValue()
      let now = DispatchTime.now().uptimeNanoseconds
      if count == 0 { wait.started = now }
      guard now - wait.started < wait.timeout else { return 0 }
      usleep(UInt32(100 * min(count + 1, 10)))
      return 1
    }
  }

  public var isHealthy: Bool { true }

  @discardableResult
  public func execute(_ query: SQLQuery) throws -> Int {
    _ = try run(query)
    return Int(sqlite3_changes(handle))
  }

  public func query(_ query: SQLQuery) throws -> [Row] {
    try run(query)
  }

  public func executeScript(_ sql: String) throws {
    var message: UnsafeMutablePointer<CChar>?
    let status = sqlite3_exec(handle, sql, nil, nil, &message)
    if status != SQLITE_OK {
      let text = message.map { String(cString: $0) } ?? String(cString: sqlite3_errmsg(handle))
      sqlite3_free(message)
      throw error(status, text, sql)
    }
  }

  private func run(_ query: SQLQuery) throws -> [Row] {
    let (sql, bindings) = query.render(for: .sqlite)
    let statement = try prepared(sql)
    defer {
      sqlite3_reset(statement)
      sqlite3_clear_bindings(statement)
    }
    for (offset, value) in bindings.enumerated() {
      try bind(value, at: Int32(offset + 1), in: statement, sql: sql)
    }
    // The columns are read after the first step: a statement prepared before a migration on
    // another connection is prepared again inside it, with the table's new columns.
    var count: Int32 = 0
    var columns: ColumnIndex?
    var rows: [Row] = []
    while true {
      let status = sqlite3_step(statement)
      if status == SQLITE_DONE { break }
      guard status == SQLITE_ROW else {
        throw error(status, String(cString: sqlite3_errmsg(handle)), sql)
      }
      if columns == nil {
        count = sqlite3_column_count(statement)
        columns = ColumnIndex((0..<count).map { String(cString: sqlite3_column_name(statement, $0)) })
      }
      rows.append(Row(columns: columns!, values: (0..<count).map { value(statement, $0) }))
    }
    return rows
  }

  private func prepared(_ sql: String) throws -> OpaquePointer {
    if let cached = statements[sql] { return cached }
    var statement: OpaquePointer?
    let status = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil)
    guard status == SQLITE_OK, let statement else {
      throw error(status, String(cString: sqlite3_errmsg(handle)), sql)
    }
    statements[sql] = statement
    return statement
  }

  private func bind(_ value: SQLValue, at index: Int32, in statement: OpaquePointer, sql: String) throws {
    let status: Int32
    switch value {
    case .null: status = sqlite3_bind_null(statement, index)
    case .integer(let number): status = sqlite3_bind_int64(statement, index, number)
    case .real(let number): status = sqlite3_bind_double(statement, index, number)
    case .bool(let flag): status = sqlite3_bind_int64(statement, index, flag ? 1 : 0)
    case .text(let text):
      status = text.utf8CString.withUnsafeBufferPointer {
        trellis_sqlite3_bind_text(statement, index, $0.baseAddress, Int32($0.count - 1))
      }
    case .blob(let bytes):
      status = bytes.withUnsafeBytes {
        trellis_sqlite3_bind_blob(
          statement, index, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32($0.count))
      }
    }
    if status != SQLITE_OK { throw error(status, String(cString: sqlite3_errmsg(handle)), sql) }
  }

  private func value(_ statement: OpaquePointer, _ column: Int32) -> SQLValue {
    switch sqlite3_column_type(statement, column) {
    case SQLITE_INTEGER: return .integer(sqlite3_column_int64(statement, column))
    case SQLITE_FLOAT: return .real(sqlite3_column_double(statement, column))
    case SQLITE_TEXT:
      let length = Int(sqlite3_column_bytes(statement, column))
      guard let text = sqlite3_column_text(statement, column) else { return .text("") }
      return .text(String(decoding: UnsafeBufferPointer(start: text, count: length), as: UTF8.self))
    case SQLITE_BLOB:
      let length = Int(sqlite3_column_bytes(statement, column))
      guard let bytes = sqlite3_column_blob(statement, column) else { return .blob([]) }
      return .blob(Array(UnsafeRawBufferPointer(start: bytes, count: length)))
    default: return .null
    }
  }

  private func error(_ status: Int32, _ message: String, _ sql: String) -> SQLError {
    let kind: SQLError.Kind
    switch status {
    case 2067, 1555: kind = .uniqueViolation  // SQLITE_CONSTRAINT_UNIQUE, _PRIMARYKEY
    case 787: kind = .foreignKeyViolation  // SQLITE_CONSTRAINT_FOREIGNKEY
    case 1299: kind = .notNullViolation  // SQLITE_CONSTRAINT_NOTNULL
    case 275: kind = .checkViolation  // SQLITE_CONSTRAINT_CHECK
    case _ where status & 0xFF == SQLITE_BUSY || status & 0xFF == SQLITE_LOCKED: kind = .busy
    default: kind = .other
    }
    return SQLError(kind: kind, code: "SQLITE \(status)", message: message, sql: sql)
  }
}
