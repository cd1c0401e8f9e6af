import SQL

/// Migration 4: a full-text index over what conversations hold (FTS5 on SQLite, tsvector and GIN
/// on PostgreSQL). `owner_id` is set on private writing, NULL on what both participants share.
/// `folded` is the text without accents, written by Trellis (PostgreSQL's `simple` keeps them).
enum SearchSchema {
  static let backfill = """
    INSERT INTO search_index (conversation_id, owner_id, source, kind, body, folded)
    SELECT conversation_id, NULL, 'notes', 'shared notes', body, lower(body) FROM shared_notes;
    INSERT INTO search_index (conversation_id, owner_id, source, kind, body, folded)
    SELECT conversation_id, author_id, 'private:' || author_id, 'private note', body, lower(body) FROM private_notes;
    INSERT INTO search_index (conversation_id, owner_id, source, kind, body, folded)
    SELECT conversation_id, NULL, 'summary', 'summary', body, lower(body) FROM summaries;
    INSERT INTO search_index (conversation_id, owner_id, source, kind, body, folded)
    SELECT conversation_id, CASE WHEN shared_at IS NULL THEN author_id ELSE NULL END, 'reflection:' || author_id,
      'reflection', answers, lower(answers)
    FROM reflections;
    INSERT INTO search_index (conversation_id, owner_id, source, kind, body, folded)
    SELECT conversation_id, NULL, 'agenda:' || id, 'agenda', text, lower(text) FROM agenda_items;
    INSERT INTO search_index (conversation_id, owner_id, source, kind, body, folded)
    SELECT conversation_id, NULL, 'action:' || id, 'action item', title, lower(title) FROM action_items;
    """

  static let migration = Migration(
    4, "conversation search",
    sqlite: """
      CREATE VIRTUAL TABLE search_index USING fts5(
        body, kind UNINDEXED, source UNINDEXED, conversation_id UNINDEXED, owner_id UNINDEXED, folded UNINDEXED,
        tokenize = 'unicode61 remove_diacritics 2'
      );
      """ + backfill,
    postgresql: """
      CREATE TABLE search_index (
        conversation_id BIGINT NOT NULL REFERENCES conversations (id),
        owner_id BIGINT REFERENCES people (id),
        source TEXT NOT NULL,
        kind TEXT NOT NULL,
        body TEXT NOT NULL,
        folded TEXT NOT NULL,
        document tsvector GENERATED ALWAYS AS (to_tsvector('simple', folded)) STORED
      );
      CREATE INDEX search_index_document ON search_index USING GIN (document);
      CREATE INDEX search_index_conversation ON search_index (conversation_id, source);
      CREATE INDEX search_index_owner ON search_index (owner_id);
      """ + backfill)
}
