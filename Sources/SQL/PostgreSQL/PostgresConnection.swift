import CLibPQ

#if canImport(Glibc)
  import Glibc
#endif

/// A PostgreSQL connection over libpq; parameters are sent separately from the SQL text.
public final class PostgresConnection: Connection {
  public let dialect = SQLDialect.postgresql
  public var transactionDepth = 0
  private let handle: OpaquePointer
  /// Statements prepared on this connection, by their SQL and parameter types. Planning costs
  /// PostgreSQL more than running most of Trellis's queries: a page's statements are planned
  /// once per connection, not once per request.
  private var prepared: [PreparedKey: Prepared] = [:]
  private var preparedCount = 0
  /// Enough for every statement of the pages and jobs; rarer ones (multi-row inserts of any
  /// length) start the cache over rather than grow it without end.
  static let preparedLimit = 400

  private struct PreparedKey: Hashable {
    let sql: String
    let types: [Oid]
  }

  /// A prepared statement's name, and the names of its columns once it has answered (they are
  /// the same every time: a migration that changes them makes the statement be prepared again).
  private final class Prepared {
    let name: String
    var columns: ColumnIndex? = nil
    init(name: String) { self.name = name }
  }

  /// Connects with a `postgres://` or `postgresql://` URL (or a libpq keyword string).
  public init(url: String) throws {
    guard let connection = PQconnectdb(url) else {
      throw SQLError(kind: .connection, message: "libpq could not allocate a connection")
    }
    guard PQstatus(connection) == CONNECTION_OK else {
      let message = String(cString: PQerrorMessage(connection)).trimmingNewlines()
      PQfinish(connection)
      throw SQLError(kind: .connection, message: "cannot connect to PostgreSQL: \(message)")
    }
    handle = connection
    // Timestamps are text in UTC everywhere; notices (e.g. "already exists, skipping") stay quiet.
    // Prepared statements keep one plan: left to choose, PostgreSQL planned the session and
    // needs-you statements again on every execution (1.3 and 12.5 ms each at 100,000 people,
    // more than running them), while their parameters, ids, never call for another plan.
    // No merge joins: a plan made once, from statistics that saw only early people in a small
    // table (a pilot's sessions, notices, offers, opportunities), joined it to `people` by
    // reading the people index in id order up to a later hire, on every request. Nested loops
    // by id and hash joins serve every statement here as well.
    try executeScript(
      """
      SET TIME ZONE 'UTC'; SET client_min_messages = warning; SET plan_cache_mode = force_generic_plan;
      SET enable_mergejoin = off;
      """)
  }

  deinit { PQfinish(handle) }

  public var isHealthy: Bool { PQstatus(handle) == CONNECTION_OK }

  @discardableResult
  public func execute(_ query: SQLQuery) throws -> Int {
    try run(query) { result, _ in Int(String(cString: PQcmdTuples(result))) ?? 0 }
  }

  public func query(_ query: SQLQuery) throws -> [Row] {
    try run(query) { result, statement in rows(of: result, statement) }
  }

  public func executeScript(_ sql: String) throws {
    guard let result = PQexec(handle, sql) else { throw lost(sql) }
    defer { PQclear(result) }
    try check(result, sql)
  }

  /// A statement's parameters as libpq takes them; the memory lives as long as the value.
  private final class Parameters {
    var types: [Oid] = []
    var values: [UnsafePointer<CChar>?] = []
    var lengths: [Int32] = []
    var formats: [Int32] = []
    /// The values' bytes, which `values` point into.
    var bytes: UnsafeMutableRawPointer? = nil
    deinit { free(bytes) }
  }

  private func parameters(_ bindings: [SQLValue], _ sql: String) throws -> Parameters {
    let parameters = Parameters()
    // Every value's bytes in one allocation (a page binds dozens of ids), text ended by a NUL;
    // `starts` holds where each value begins, nil for NULL.
    var bytes: [UInt8] = []
    var starts: [Int?] = []
    func append<Bytes: Sequence<UInt8>>(_ value: Bytes, _ type: Oid, binary: Bool = false) {
      let start = bytes.count
      starts.append(start)
      bytes.append(contentsOf: value)
      parameters.lengths.append(binary ? Int32(bytes.count - start) : 0)
      if !binary { bytes.append(0) }
      parameters.types.append(type)
      parameters.formats.append(binary ? 1 : 0)
    }
    for binding in bindings {
      switch binding {
      case .null:
        starts.append(nil)
        parameters.types.append(0)
        parameters.lengths.append(0)
        parameters.formats.append(0)
      case .integer(let number): append(String(number).utf8, 20)  // int8
      case .real(let number): append(String(number).utf8, 701)  // float8
      case .bool(let flag): append((flag ? "true" : "false").utf8, 16)  // bool
      case .text(let string):
        // PostgreSQL text cannot hold a NUL: a C string would silently end there.
        guard !string.utf8.contains(0) else {
          throw SQLError(kind: .other, message: "text with a NUL character cannot be stored", sql: sql)
        }
        append(string.utf8, 0)  // unknown: the server infers from context
      case .blob(let blob): append(blob, 17, binary: true)  // bytea, sent in binary
      }
    }
    // At least one byte, so an empty blob still has an address.
    guard let buffer = malloc(max(bytes.count, 1)) else {
      throw SQLError(kind: .other, message: "out of memory binding \(bytes.count) bytes", sql: sql)
    }
    parameters.bytes = buffer
    bytes.withUnsafeBytes {
      if let base = $0.baseAddress { buffer.copyMemory(from: base, byteCount: $0.count) }
    }
    let base = buffer.assumingMemoryBound(to: CChar.self)
    parameters.values = starts.map { $0.map { UnsafePointer(base + $0) } }
    return parameters
  }

  private func run<T>(_ query: SQLQuery, _ read: (OpaquePointer, Prepared) throws -> T) throws -> T {
    let (sql, bindings) = query.render(for: .postgresql)
    let parameters = try parameters(bindings, sql)
    let (statement, reused) = try statement(sql, parameters.types)
    guard
      let result = PQexecPrepared(
        handle, statement.name, Int32(bindings.count), parameters.values, parameters.lengths,
        parameters.formats, 0)
    else { throw lost(sql) }
    defer { PQclear(result) }
    do {
      try check(result, sql)
    } catch let error as SQLError where reused && (error.code == "0A000" || error.code == "26000") {
      // A migration changed what a prepared statement returns (or it is gone): prepare again.
      prepared.removeAll()
      guard transactionDepth == 0 else { throw error }
      return try run(query, read)
    }
    return try read(result, statement)
  }

  /// Sends every statement before reading any answer (libpq's pipeline mode), so PostgreSQL runs
  /// them back to back: one round trip instead of one each.
  public func queries(_ queries: [SQLQuery]) throws -> [[Row]] {
    guard queries.count > 1 else { return try queries.map { try query($0) } }
    // Starting the cache over in the middle would drop statements this batch already prepared.
    if prepared.count + queries.count > PostgresConnection.preparedLimit { try forgetPrepared() }
    var statements: [(sql: String, prepared: Prepared, reused: Bool, parameters: Parameters)] = []
    for query in queries {
      let (sql, bindings) = query.render(for: .postgresql)
      let parameters = try parameters(bindings, sql)
      let (prepared, reused) = try statement(sql, parameters.types)
      statements.append((sql, prepared, reused, parameters))
    }
    guard PQenterPipelineMode(handle) == 1 else { throw lost(statements[0].sql) }
    var sent = 0
    for statement in statements {
      let parameters = statement.parameters
      guard
        PQsendQueryPrepared(
          handle, statement.prepared.name, Int32(parameters.types.count), parameters.values,
          parameters.lengths,
          parameters.formats, 0) == 1
      else { break }
      sent += 1
    }
    var results: [[Row]] = []
    var failure: SQLError? = nil
    if sent < statements.count { failure = lost(statements[sent].sql) }
    if PQpipelineSync(handle) != 1 {
      failure = failure ?? lost(statements[0].sql)
    } else {
      // Each statement's result, then the end of it; after a failure the rest report "aborted".
      for statement in statements.prefix(sent) {
        guard let result = PQgetResult(handle) else {
          failure = failure ?? lost(statement.sql)
          break
        }
        if failure == nil {
          do {
            try check(result, statement.sql)
            results.append(rows(of: result, statement.prepared))
          } catch {
            failure = error as? SQLError ?? SQLError(kind: .other, message: "\(error)", sql: statement.sql)
          }
        }
        PQclear(result)
        while let rest = PQgetResult(handle) { PQclear(rest) }
      }
      // The sync's own answer ends the pipeline.
      while let result = PQgetResult(handle) {
        let done = PQresultStatus(result) == PGRES_PIPELINE_SYNC
        PQclear(result)
        if done { break }
      }
    }
    _ = PQexitPipelineMode(handle)
    if let failure {
      if failure.code == "0A000" || failure.code == "26000", statements.contains(where: \.reused) {
        // A migration changed what a prepared statement returns (or it is gone): prepare again.
        prepared.removeAll()
        if transactionDepth == 0 { return try self.queries(queries) }
      }
      throw failure
    }
    return results
  }

  private func forgetPrepared() throws {
    try executeScript("DEALLOCATE ALL")
    prepared.removeAll()
  }

  /// The statement prepared for `sql` with these parameter types, preparing it first.
  private func statement(_ sql: String, _ types: [Oid]) throws -> (statement: Prepared, reused: Bool) {
    let key = PreparedKey(sql: sql, types: types)
    if let statement = prepared[key] { return (statement, true) }
    if prepared.count >= PostgresConnection.preparedLimit { try forgetPrepared() }
    preparedCount += 1
    let statement = Prepared(name: "trellis_\(preparedCount)")
    guard let result = PQprepare(handle, statement.name, sql, Int32(types.count), types) else {
      throw lost(sql)
    }
    defer { PQclear(result) }
    try check(result, sql)
    prepared[key] = statement
    return (statement, false)
  }

  private func rows(of result: OpaquePointer, _ statement: Prepared) -> [Row] {
    let rowCount = PQntuples(result)
    let columnCount = PQnfields(result)
    let columns: ColumnIndex
    if let known = statement.columns, known.names.count == columnCount {
      columns = known
    } else {
      columns = ColumnIndex((0..<columnCount).map { String(cString: PQfname(result, $0)) })
      statement.columns = columns
    }
    let types = (0..<columnCount).map { PQftype(result, $0) }
    var rows: [Row] = []
    rows.reserveCapacity(Int(rowCount))
    for row in 0..<rowCount {
      var values: [SQLValue] = []
      values.reserveCapacity(Int(columnCount))
      for column in 0..<columnCount {
        if PQgetisnull(result, row, column) == 1 {
          values.append(.null)
          continue
        }
        guard let bytes = PQgetvalue(result, row, column) else {
          values.append(.null)
          continue
        }
        // Booleans and integers, most of a page's values, are read without making a String.
        switch types[Int(column)] {
        case 16:
          values.append(.bool(UInt8(bitPattern: bytes[0]) == UInt8(ascii: "t")))
          continue
        case 20, 21, 23:
          if let number = PostgresConnection.integer(bytes, length: Int(PQgetlength(result, row, column))) {
            values.append(.integer(number))
            continue
          }
        default: break
        }
        let text = String(cString: bytes)
        switch types[Int(column)] {
        case 700, 701, 1700: values.append(Double(text).map(SQLValue.real) ?? .text(text))
        case 17: values.append(.blob(PostgresConnection.decodeHexBytea(text)))
        default: values.append(.text(text))
        }
      }
      rows.append(Row(columns: columns, values: values))
    }
    return rows
  }

  private func check(_ result: OpaquePointer, _ sql: String) throws {
    switch PQresultStatus(result) {
    case PGRES_COMMAND_OK, PGRES_TUPLES_OK, PGRES_EMPTY_QUERY: return
    default:
      let state = trellis_pq_sqlstate(result).map { String(cString: $0) } ?? ""
      let message = String(cString: PQresultErrorMessage(result)).trimmingNewlines()
      let kind: SQLError.Kind
      switch state {
      case "23505": kind = .uniqueViolation
      case "23503": kind = .foreignKeyViolation
      case "23502": kind = .notNullViolation
      case "23514": kind = .checkViolation
      case "40001", "40P01", "55P03": kind = .busy
      case _ where state.hasPrefix("08"): kind = .connection
      default: kind = isHealthy ? .other : .connection
      }
      throw SQLError(kind: kind, code: state, message: message, sql: sql)
    }
  }

  private func lost(_ sql: String) -> SQLError {
    SQLError(
      kind: .connection, message: String(cString: PQerrorMessage(handle)).trimmingNewlines(), sql: sql)
  }

  /// An integer column's text (an optional minus, then digits); nil if it is anything else or
  /// does not fit.
  static func integer(_ bytes: UnsafePointer<CChar>, length: Int) -> Int64? {
    var index = 0
    let negative = length > 0 && UInt8(bitPattern: bytes[0]) == UInt8(ascii: "-")
    if negative { index = 1 }
    guard index < length else { return nil }
    var magnitude: UInt64 = 0
    while index < length {
      let digit = UInt8(bitPattern: bytes[index]) &- UInt8(ascii: "0")
      guard digit < 10 else { return nil }
      let (times10, overflow) = magnitude.multipliedReportingOverflow(by: 10)
      let (sum, carry) = times10.addingReportingOverflow(UInt64(digit))
      guard !overflow, !carry else { return nil }
      magnitude = sum
      index += 1
    }
    if negative {
      return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil
    }
    return magnitude <= UInt64(Int64.max) ? Int64(magnitude) : nil
  }

  /// bytea's text output is `\x` followed by hex digits.
  static func decodeHexBytea(_ text: String) -> [UInt8] {
    var bytes: [UInt8] = []
    let digits = Array(text.utf8.dropFirst(2))
    bytes.reserveCapacity(digits.count / 2)
    func nibble(_ byte: UInt8) -> UInt8 {
      byte >= 97 ? byte - 87 : (byte >= 65 ? byte - 55 : byte - 48)
    }
    var index = 0
    while index + 1 < digits.count {
      bytes.append(nibble(digits[index]) << 4 | nibble(digits[index + 1]))
      index += 2
    }
    return bytes
  }
}

extension String {
  func trimmingNewlines() -> String {
    var text = self
    while text.last == "\n" || text.last == " " { text.removeLast() }
    return text
  }
}
