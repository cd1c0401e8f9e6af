import SQL

/// Migration 24: which identity provider a session came from, so signing out can offer the
/// provider's own sign-out.
enum SessionProviderSchema {
  static let migration = Migration(
    24, "session provider",
    sql: """
      ALTER TABLE sessions ADD COLUMN provider_id BIGINT REFERENCES identity_providers (id);
      CREATE INDEX sessions_provider ON sessions (provider_id);
      """)
}
