import SQL

/// Migration 36: each relationship's follow-through by quarter, stored with the figures, so a
/// manager's team page reads a few rows instead of two years of its reports' conversations.
/// The stored quarters are forgotten once, so the next refresh works all of them out again
/// with their follow-through.
enum FollowThroughSchema {
  static let migration = Migration(
    36, "follow-through by relationship",
    sql: """
      CREATE TABLE follow_through (
        relationship_id BIGINT NOT NULL REFERENCES relationships (id) ON DELETE CASCADE,
        quarter TEXT NOT NULL,
        follow_ups INTEGER NOT NULL,
        done INTEGER NOT NULL,
        PRIMARY KEY (quarter, relationship_id)
      );
      DELETE FROM insight_refreshes;
      """)

  /// Migration 37: the team page reads its relationships' quarters from one index entry each,
  /// with the figures in the index (the key by quarter made it look up every quarter of every
  /// relationship and then the table), and removing a relationship finds its rows by index.
  static let byRelationship = Migration(
    37, "follow-through read by relationship",
    sql: """
      CREATE INDEX IF NOT EXISTS follow_through_relationship ON follow_through (relationship_id, quarter, follow_ups, done);
      """)
}
