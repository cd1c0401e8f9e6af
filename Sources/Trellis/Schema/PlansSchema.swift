import SQL

/// Migration 7: development plans: one active plan per person (earlier ones archived), items with
/// supporters, measurable milestones and a log of progress.
enum PlansSchema {
  static let migration = Migration(
    7, "development plans",
    sql: """
      CREATE TABLE plans (
        id {{id}},
        person_id BIGINT NOT NULL REFERENCES people (id),
        status TEXT NOT NULL CHECK (status IN ('active', 'archived')),
        created_at TEXT NOT NULL,
        archived_at TEXT
      );
      CREATE INDEX plans_person ON plans (person_id);
      CREATE UNIQUE INDEX plans_one_active ON plans (person_id) WHERE status = 'active';

      CREATE TABLE plan_items (
        id {{id}},
        plan_id BIGINT NOT NULL REFERENCES plans (id),
        competency_slug TEXT,
        skill TEXT NOT NULL,
        learning_mode TEXT NOT NULL CHECK (learning_mode IN ('stretch assignment', 'mentorship', 'formal training',
          'rotation', 'cross-training', 'learning community', 'self-study')),
        description TEXT NOT NULL,
        owner_id BIGINT NOT NULL REFERENCES people (id),
        start_on TEXT NOT NULL,
        target_on TEXT NOT NULL,
        success_criteria TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL CHECK (status IN ('planned', 'in progress', 'done', 'paused', 'dropped')),
        status_reason TEXT NOT NULL DEFAULT '',
        created_by BIGINT NOT NULL REFERENCES people (id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX plan_items_plan ON plan_items (plan_id);
      CREATE INDEX plan_items_owner ON plan_items (owner_id);
      CREATE INDEX plan_items_created_by ON plan_items (created_by);

      CREATE TABLE plan_item_supporters (
        item_id BIGINT NOT NULL REFERENCES plan_items (id),
        person_id BIGINT NOT NULL REFERENCES people (id),
        kind TEXT NOT NULL CHECK (kind IN ('mentor', 'sponsor', 'peer')),
        PRIMARY KEY (item_id, person_id)
      );
      CREATE INDEX plan_item_supporters_person ON plan_item_supporters (person_id);

      CREATE TABLE plan_milestones (
        id {{id}},
        item_id BIGINT NOT NULL REFERENCES plan_items (id),
        title TEXT NOT NULL,
        target_on TEXT NOT NULL,
        done_on TEXT,
        evidence TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX plan_milestones_item ON plan_milestones (item_id);

      CREATE TABLE plan_updates (
        id {{id}},
        item_id BIGINT NOT NULL REFERENCES plan_items (id),
        author_id BIGINT NOT NULL REFERENCES people (id),
        body TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
      CREATE INDEX plan_updates_item ON plan_updates (item_id);
      CREATE INDEX plan_updates_author ON plan_updates (author_id);
      """)
}
