import SQL

/// Migration 8: objectives of the organization and its teams, and personal career goals with a
/// visibility their owner chooses, linked to objectives, with check-ins.
enum GoalsSchema {
  static let migration = Migration(
    8, "goals",
    sql: """
      CREATE TABLE objectives (
        id {{id}},
        title TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        period TEXT NOT NULL,
        team TEXT NOT NULL DEFAULT '',
        owner_id BIGINT NOT NULL REFERENCES people (id),
        created_at TEXT NOT NULL
      );
      CREATE INDEX objectives_owner ON objectives (owner_id);

      CREATE TABLE goals (
        id {{id}},
        person_id BIGINT NOT NULL REFERENCES people (id),
        title TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        horizon TEXT NOT NULL CHECK (horizon IN ('short term', 'long term', 'aspiration')),
        objective_id BIGINT REFERENCES objectives (id),
        status TEXT NOT NULL CHECK (status IN ('active', 'achieved', 'paused', 'dropped')),
        progress INTEGER NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
        visibility TEXT NOT NULL CHECK (visibility IN ('private', 'manager', 'everyone')),
        due_on TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX goals_person ON goals (person_id);
      CREATE INDEX goals_objective ON goals (objective_id);

      CREATE TABLE goal_checkins (
        id {{id}},
        goal_id BIGINT NOT NULL REFERENCES goals (id),
        author_id BIGINT NOT NULL REFERENCES people (id),
        progress INTEGER NOT NULL CHECK (progress BETWEEN 0 AND 100),
        note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL
      );
      CREATE INDEX goal_checkins_goal ON goal_checkins (goal_id);
      CREATE INDEX goal_checkins_author ON goal_checkins (author_id);
      """)
}
