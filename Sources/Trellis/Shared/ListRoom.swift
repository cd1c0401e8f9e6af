import SQL

extension ListRule {
  /// Refuses one more entry when the stored list (`rows`, what follows `SELECT count(*) FROM`)
  /// already holds the most it takes: `field`, what was typed, is told it is `full`. The owner's
  /// row (`table` and `id`) is locked first on PostgreSQL, so two additions at once cannot both
  /// take the last place; SQLite has one writer at a time.
  func ensureRoom(
    _ connection: any Connection, owner table: String, id: Int64, holding rows: SQLQuery, field: String,
    full: String
  ) throws {
    _ = try connection.query(
      "SELECT id FROM \(raw: table) WHERE id = \(id) \(raw: connection.dialect.lockForUpdate)")
    guard try connection.count(rows) < count.upperBound else {
      throw ValidationError(field: field, "cannot be added: \(full)")
    }
  }
}
