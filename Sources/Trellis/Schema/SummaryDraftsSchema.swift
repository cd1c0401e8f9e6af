import SQL

/// Migration 30: a summary as its author writes it, kept for them alone until they share it
/// (sharing asks the other side to confirm, so it cannot happen on every keystroke).
enum SummaryDraftsSchema {
  static let migration = Migration(
    30, "summary drafts",
    sql: """
      CREATE TABLE summary_drafts (
        conversation_id BIGINT NOT NULL REFERENCES conversations (id),
        author_id BIGINT NOT NULL REFERENCES people (id),
        body TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (conversation_id, author_id)
      );
      CREATE INDEX summary_drafts_author ON summary_drafts (author_id);
      """)
}
