import SQL

/// Migration 34: on PostgreSQL the directory's search text is a stored column, so that checking
/// the trigram index's candidates compares text already there instead of lowercasing five
/// joined fields for each (a search for a common fragment has a thousand candidates at
/// 100,000 people: a quarter of the statement's time). SQLite's search reads its FTS5 table (migration 19).
enum DirectorySearchTextSchema {
  static let migration = Migration(
    34, "directory search text",
    sqlite: "-- SQLite's directory search keeps its text in people_search (migration 19).",
    postgresql: """
      ALTER TABLE people ADD COLUMN search_text TEXT
        GENERATED ALWAYS AS (\(DirectorySearchSchema.text("", .postgresql))) STORED;
      DROP INDEX people_search;
      CREATE INDEX people_search ON people USING GIN (search_text gin_trgm_ops);
      ANALYZE people (search_text);
      """)
}
