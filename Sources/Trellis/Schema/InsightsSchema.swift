import SQL

/// Migration 17: a person's team (within a department), and the figures the people team's
/// dashboard reads: one row per quarter, grouping and measure, refreshed as data changes so a
/// page never scans the organization's history.
enum InsightsSchema {
  static let migration = Migration(
    17, "insights",
    sql: """
      ALTER TABLE people ADD COLUMN team TEXT NOT NULL DEFAULT '';
      CREATE INDEX people_team ON people (team);
      CREATE INDEX people_location ON people (location);
      CREATE INDEX people_hire_date ON people (hire_date);
      CREATE INDEX conversations_relationship_held ON conversations (relationship_id, status, held_on);
      CREATE INDEX feedback_created ON feedback (created_at);
      CREATE INDEX action_items_relationship_status ON action_items (relationship_id, status, due_on);

      CREATE TABLE insight_cells (
        quarter TEXT NOT NULL,
        dimension TEXT NOT NULL CHECK (dimension IN ('organization', 'department', 'team', 'location')),
        group_name TEXT NOT NULL,
        measure TEXT NOT NULL,
        value DOUBLE PRECISION,
        people INTEGER NOT NULL,
        PRIMARY KEY (dimension, quarter, group_name, measure)
      );

      CREATE TABLE insight_refreshes (
        quarter TEXT PRIMARY KEY,
        refreshed_at TEXT NOT NULL
      );
      """)
}
