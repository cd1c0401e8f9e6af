import SQL

/// Migration 19: the directory at 100,000 people reads indexes, never every row. Its search
/// reads an index of trigrams: an FTS5 table with the trigram tokenizer kept in step by triggers
/// on SQLite, a pg_trgm GIN index on the same text (`text`) on PostgreSQL. Its list reads people
/// in name order from an index of the active; its teams skip through an index of them. Ended
/// relationships are found by a partial index, which SQLite no longer takes for one that finds
/// the (many) running ones.
enum DirectorySearchSchema {
  static let indexes = """
    CREATE INDEX people_directory ON people (lower(family_name), lower(given_name), id) WHERE active = TRUE;
    CREATE INDEX people_department_active ON people (department, active);
    DROP INDEX people_department;
    DROP INDEX relationships_ended_on;
    CREATE INDEX relationships_ended ON relationships (ended_on) WHERE ended_on IS NOT NULL;
    """

  static let migration = Migration(
    19, "directory indexes",
    sqlite: indexes + """
      CREATE VIRTUAL TABLE people_search USING fts5(text, tokenize = 'trigram');
      INSERT INTO people_search (rowid, text) SELECT id, \(text("people", .sqlite)) FROM people;
      CREATE TRIGGER people_search_insert AFTER INSERT ON people BEGIN
        INSERT INTO people_search (rowid, text) VALUES (new.id, \(text("new", .sqlite)));
      END;
      CREATE TRIGGER people_search_update
      AFTER UPDATE OF given_name, family_name, preferred_name, email_key, job_title ON people BEGIN
        UPDATE people_search SET text = \(text("new", .sqlite)) WHERE rowid = new.id;
      END;
      CREATE TRIGGER people_search_delete AFTER DELETE ON people BEGIN
        DELETE FROM people_search WHERE rowid = old.id;
      END;
      """,
    postgresql: indexes + """
      CREATE EXTENSION IF NOT EXISTS pg_trgm;
      CREATE INDEX people_search ON people USING GIN ((\(text("people", .postgresql))) gin_trgm_ops);
      """)

  /// What a search matches, from a row of `people` named `row` (or the table's own columns when
  /// empty): the fields on lines of their own, so that a search (one line) never matches across
  /// two of them. FTS5's trigrams ignore case; PostgreSQL's index is on the lowercase text, kept
  /// in `people.search_text` since migration 34.
  static func text(_ row: String, _ dialect: SQLDialect) -> String {
    let row = row.isEmpty ? "" : row + "."
    switch dialect {
    case .sqlite:
      return
        "\(row)given_name || ' ' || \(row)family_name || char(10) || \(row)preferred_name || char(10) || \(row)email_key || char(10) || \(row)job_title"
    case .postgresql:
      return
        "lower(\(row)given_name || ' ' || \(row)family_name || chr(10) || \(row)preferred_name || chr(10) || \(row)email_key || chr(10) || \(row)job_title)"
    }
  }

  /// The people whose text holds `search` (lowercase, one line). Through the index from three
  /// characters; shorter searches read every row, as trigrams cannot serve them.
  static func matches(_ search: String, _ dialect: SQLDialect) -> SQLQuery {
    switch dialect {
    case .sqlite where search.count >= 3:
      let phrase = "\"" + search.replacingOccurrences(of: "\"", with: "\"\"") + "\""
      return "people.id IN (SELECT rowid FROM people_search WHERE people_search MATCH \(phrase))"
    case .sqlite:
      return "instr(lower(\(raw: text("people", .sqlite))), \(search)) > 0"
    case .postgresql:
      let escaped = search.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
        of: "%", with: "\\%"
      )
      .replacingOccurrences(of: "_", with: "\\_")
      return "people.search_text LIKE \("%" + escaped + "%")"
    }
  }
}
