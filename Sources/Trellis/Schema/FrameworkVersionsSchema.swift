import SQL

/// Migration 31: every saved framework, whole, with what changed from the one before, so the
/// people team can see its history and bring back an earlier version.
enum FrameworkVersionsSchema {
  static let migration = Migration(
    31, "framework versions",
    sql: """
      CREATE TABLE framework_versions (
        id {{id}},
        framework TEXT NOT NULL,
        changes TEXT NOT NULL,
        saved_by BIGINT REFERENCES people (id),
        saved_at TEXT NOT NULL
      );
      CREATE INDEX framework_versions_saved_by ON framework_versions (saved_by);
      """)
}
