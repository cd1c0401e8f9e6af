import SQL

/// Migration 35: SQLite's conversation search starts from the conversations a person may read.
/// FTS5 cannot find its rows by conversation (every column but the text is unindexed), so a
/// search for a common word read every note holding it (146,000 at 100,000 people: 230 ms).
/// `search_index` becomes a plain table, as on PostgreSQL, indexed by conversation and owner;
/// `search_text` indexes its words (FTS5 with `search_index` as its content, kept in step by
/// triggers), and a search reaches a row's words by rowid, which FTS5 serves with `MATCH`.
enum SearchByConversationSchema {
  static let migration = Migration(
    35, "conversation search by conversation",
    sqlite: """
      CREATE TABLE search_entries (
        id INTEGER PRIMARY KEY,
        conversation_id INTEGER NOT NULL REFERENCES conversations (id),
        owner_id INTEGER REFERENCES people (id),
        source TEXT NOT NULL,
        kind TEXT NOT NULL,
        body TEXT NOT NULL,
        folded TEXT NOT NULL
      );
      INSERT INTO search_entries (conversation_id, owner_id, source, kind, body, folded)
      SELECT conversation_id, owner_id, source, kind, body, folded FROM search_index;
      DROP TABLE search_index;
      ALTER TABLE search_entries RENAME TO search_index;
      CREATE INDEX search_index_conversation ON search_index (conversation_id, source);
      CREATE INDEX search_index_owner ON search_index (owner_id);
      CREATE VIRTUAL TABLE search_text USING fts5(
        body, content = 'search_index', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
      );
      INSERT INTO search_text (search_text) VALUES ('rebuild');
      CREATE TRIGGER search_text_insert AFTER INSERT ON search_index BEGIN
        INSERT INTO search_text (rowid, body) VALUES (new.id, new.body);
      END;
      CREATE TRIGGER search_text_delete AFTER DELETE ON search_index BEGIN
        INSERT INTO search_text (search_text, rowid, body) VALUES ('delete', old.id, old.body);
      END;
      CREATE TRIGGER search_text_update AFTER UPDATE OF body ON search_index BEGIN
        INSERT INTO search_text (search_text, rowid, body) VALUES ('delete', old.id, old.body);
        INSERT INTO search_text (rowid, body) VALUES (new.id, new.body);
      END;
      """,
    postgresql: "-- PostgreSQL's search_index is a table indexed by conversation since migration 4.")
}
