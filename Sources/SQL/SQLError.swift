/// An error from a database driver, keeping the driver's code, its message and the SQL.
public struct SQLError: Error, Sendable, CustomStringConvertible {
  public enum Kind: Sendable, Equatable {
    case uniqueViolation
    case foreignKeyViolation
    case notNullViolation
    case checkViolation
    /// The database was locked longer than the busy timeout (SQLite) or a serialization failure.
    case busy
    /// The connection could not be made or was lost.
    case connection
    /// A row could not be decoded into the requested Swift type.
    case decoding
    /// The configuration (a database URL) is wrong.
    case configuration
    case other
  }

  public let kind: Kind
  /// SQLite's extended result code or PostgreSQL's SQLSTATE.
  public let code: String
  public let message: String
  public let sql: String?

  public init(kind: Kind, code: String = "", message: String, sql: String? = nil) {
    self.kind = kind
    self.code = code
    self.message = message
    self.sql = sql
  }

  public var description: String {
    var text = "database error"
    if !code.isEmpty { text += " \(code)" }
    text += ": \(message)"
    if let sql { text += " (SQL: \(sql))" }
    return text
  }
}
