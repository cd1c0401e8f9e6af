/// Full-text matching, the one place its dialect differences live.
public enum TextSearch {
  /// A condition that `column` (an FTS5 table on SQLite, a `tsvector` column on PostgreSQL)
  /// matches every word of `text`. Words are quoted, so nothing in `text` is query syntax.
  public static func matches(table: String, vector: String, _ text: String, dialect: SQLDialect) -> SQLQuery {
    switch dialect {
    case .sqlite:
      let words = text.split(whereSeparator: { $0.isWhitespace })
        .map { "\"" + $0.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        .joined(separator: " ")
      return "\(raw: table) MATCH \(words)"
    case .postgresql:
      return "\(raw: vector) @@ plainto_tsquery('simple', \(text))"
    }
  }

  /// The matching passage of `body`, with matches between \u{2} and \u{3}.
  public static func excerpt(table: String, body: String, _ text: String, dialect: SQLDialect) -> SQLQuery {
    switch dialect {
    case .sqlite:
      return "snippet(\(raw: table), 0, char(2), char(3), '…', 16)"
    case .postgresql:
      return
        "ts_headline('simple', \(raw: body), plainto_tsquery('simple', \(text)), 'StartSel=' || chr(2) || ', StopSel=' || chr(3) || ', MaxWords=24, MinWords=8')"
    }
  }
}
