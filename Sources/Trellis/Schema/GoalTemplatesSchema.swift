import SQL

/// Migration 9: goal templates the people team assigns to many people at once.
enum GoalTemplatesSchema {
  static let migration = Migration(
    9, "goal templates",
    sql: """
      CREATE TABLE goal_templates (
        id {{id}},
        title TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        horizon TEXT NOT NULL CHECK (horizon IN ('short term', 'long term', 'aspiration')),
        objective_id BIGINT REFERENCES objectives (id),
        created_by BIGINT NOT NULL REFERENCES people (id),
        created_at TEXT NOT NULL
      );
      CREATE INDEX goal_templates_objective ON goal_templates (objective_id);
      CREATE INDEX goal_templates_created_by ON goal_templates (created_by);

      ALTER TABLE goals ADD COLUMN template_id BIGINT REFERENCES goal_templates (id);
      CREATE INDEX goals_template ON goals (template_id);
      """)
}
