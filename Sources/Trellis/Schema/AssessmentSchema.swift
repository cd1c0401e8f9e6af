import SQL

/// Migration 6: where people stand in the framework (their role, the role they aim for) and how
/// they and their manager rate each competency. Roles are named by slug, so a framework can be
/// replaced without losing anyone's place.
enum AssessmentSchema {
  static let migration = Migration(
    6, "placements and assessments",
    sql: """
      CREATE TABLE role_placements (
        person_id BIGINT PRIMARY KEY REFERENCES people (id),
        role_slug TEXT,
        target_role_slug TEXT,
        updated_by BIGINT NOT NULL REFERENCES people (id),
        updated_at TEXT NOT NULL
      );
      CREATE INDEX role_placements_updated_by ON role_placements (updated_by);

      CREATE TABLE assessments (
        id {{id}},
        person_id BIGINT NOT NULL REFERENCES people (id),
        assessor_id BIGINT NOT NULL REFERENCES people (id),
        perspective TEXT NOT NULL CHECK (perspective IN ('self', 'manager')),
        ratings TEXT NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL,
        UNIQUE (person_id, perspective)
      );
      CREATE INDEX assessments_assessor ON assessments (assessor_id);
      """)
}
