extension SQLDialect {
  /// Ends a `SELECT` whose rows a worker claims: PostgreSQL locks them and skips rows another
  /// transaction holds; SQLite has one writer at a time, so nothing is needed there.
  public var lockSkippingLocked: String {
    switch self {
    case .sqlite: ""
    case .postgresql: "FOR UPDATE SKIP LOCKED"
    }
  }
}
