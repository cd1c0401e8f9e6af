extension SQLDialect {
  /// Ends a `SELECT` whose rows a worker claims: PostgreSQL locks them and skips rows another
  /// transaction holds; SQLite has one writer at a time, so nothing is needed there.
  public var lockSkippingLocked: String {
    switch self {
    case .sqlite: ""
    case .postgresql: "FOR UPDATE SKIP LOCKED"
    }
  }

  /// Ends a `SELECT` of a row whose transaction goes on to write on the strength of what it read
  /// (a count kept under a limit): PostgreSQL locks the row until the transaction ends; SQLite has
  /// one writer at a time, so nothing is needed there.
  public var lockForUpdate: String {
    switch self {
    case .sqlite: ""
    case .postgresql: "FOR UPDATE"
    }
  }
}
