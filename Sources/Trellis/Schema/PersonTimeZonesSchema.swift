import SQL

/// Migration 29: each person's time zone, when they chose one; otherwise the organization's
/// (the `organization_time_zone` setting) applies.
enum PersonTimeZonesSchema {
  static let migration = Migration(
    29, "person time zones",
    sql: """
      CREATE TABLE person_time_zones (
        person_id BIGINT PRIMARY KEY REFERENCES people (id),
        time_zone TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      """)
}
