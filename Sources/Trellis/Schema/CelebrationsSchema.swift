import SQL

/// Migration 10: goal milestones (a goal with any counts its progress in them), and celebrations of finished
/// milestones, plan items and goals, shown to whom the person chooses, with kudos.
enum CelebrationsSchema {
  static let migration = Migration(
    10, "goal milestones and celebrations",
    sql: """
      CREATE TABLE goal_milestones (
        id {{id}},
        goal_id BIGINT NOT NULL REFERENCES goals (id),
        title TEXT NOT NULL,
        done_on TEXT
      );
      CREATE INDEX goal_milestones_goal ON goal_milestones (goal_id);

      CREATE TABLE celebrations (
        id {{id}},
        person_id BIGINT NOT NULL REFERENCES people (id),
        kind TEXT NOT NULL CHECK (kind IN ('milestone', 'plan item', 'goal')),
        subject_id BIGINT NOT NULL,
        title TEXT NOT NULL,
        message TEXT NOT NULL DEFAULT '',
        audience TEXT NOT NULL CHECK (audience IN ('manager', 'team', 'everyone')),
        created_at TEXT NOT NULL
      );
      CREATE UNIQUE INDEX celebrations_subject ON celebrations (kind, subject_id);
      CREATE INDEX celebrations_person ON celebrations (person_id);

      CREATE TABLE celebration_kudos (
        celebration_id BIGINT NOT NULL REFERENCES celebrations (id),
        person_id BIGINT NOT NULL REFERENCES people (id),
        created_at TEXT NOT NULL,
        PRIMARY KEY (celebration_id, person_id)
      );
      CREATE INDEX celebration_kudos_person ON celebration_kudos (person_id);
      """)
}
