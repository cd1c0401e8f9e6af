import SQL

extension ListRule {
  /// Refuses one more entry of `table` for the owner (the row `id` of `owner`, which `column`
  /// names) when it already holds the most the rule takes: `field`, what was typed, is told it is
  /// `full`, given the limit. The owner's row is locked first on PostgreSQL, so two additions at
  /// once cannot both take the last place; SQLite has one writer at a time.
  func ensureRoom(
    _ connection: any Connection, for owner: String, _ id: Int64, in table: String, by column: String,
    field: String, full: (_ most: String) -> String
  ) throws {
    _ = try connection.query(
      "SELECT id FROM \(raw: owner) WHERE id = \(id) \(raw: connection.dialect.lockForUpdate)")
    let most = count.upperBound
    guard try connection.count("\(raw: table) WHERE \(raw: column) = \(id)") < most else {
      throw ValidationError(field: field, "cannot be added: \(full(most.grouped))")
    }
  }
}
