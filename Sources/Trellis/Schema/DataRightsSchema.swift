import SQL

/// Migration 18: when a person left (their data is erased a set time later) and when they were
/// erased; the retention pass's lookups.
enum DataRightsSchema {
  static let migration = Migration(
    18, "data rights",
    sql: """
      ALTER TABLE people ADD COLUMN left_on TEXT;
      ALTER TABLE people ADD COLUMN erased_at TEXT;
      UPDATE people SET left_on = substr(updated_at, 1, 10) WHERE active = FALSE;
      CREATE INDEX people_left_on ON people (left_on);
      CREATE INDEX relationships_ended_on ON relationships (ended_on);
      CREATE INDEX access_log_at ON access_log (at);
      """)
}
