import SQL

/// Migration 2: relationships and their cadence, guides, conversations and what they hold.
enum ConversationsSchema {
  static let migration = Migration(
    2, "career conversations",
    sql: """
      CREATE TABLE settings (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      CREATE TABLE relationships (
        id {{id}},
        kind TEXT NOT NULL CHECK (kind IN ('manager', 'mentor')),
        employee_id BIGINT NOT NULL REFERENCES people (id),
        partner_id BIGINT NOT NULL REFERENCES people (id),
        started_on TEXT NOT NULL,
        ended_on TEXT,
        cadence_days INTEGER CHECK (cadence_days IS NULL OR cadence_days BETWEEN 7 AND 366),
        created_at TEXT NOT NULL
      );
      CREATE INDEX relationships_employee ON relationships (employee_id);
      CREATE INDEX relationships_partner ON relationships (partner_id);

      INSERT INTO relationships (kind, employee_id, partner_id, started_on, ended_on, created_at)
      SELECT 'manager', person_id, manager_id, started_on, ended_on, started_on || 'T00:00:00.000Z'
      FROM manager_history;

      CREATE TABLE guides (
        id {{id}},
        slug TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        purpose TEXT NOT NULL DEFAULT '',
        retired BOOLEAN NOT NULL DEFAULT FALSE,
        is_default BOOLEAN NOT NULL DEFAULT FALSE,
        created_at TEXT NOT NULL
      );

      CREATE TABLE guide_versions (
        id {{id}},
        guide_id BIGINT NOT NULL REFERENCES guides (id),
        version INTEGER NOT NULL,
        sections TEXT NOT NULL,
        created_by BIGINT REFERENCES people (id),
        created_at TEXT NOT NULL,
        UNIQUE (guide_id, version)
      );
      CREATE INDEX guide_versions_created_by ON guide_versions (created_by);

      CREATE TABLE conversations (
        id {{id}},
        relationship_id BIGINT NOT NULL REFERENCES relationships (id),
        guide_version_id BIGINT NOT NULL REFERENCES guide_versions (id),
        scheduled_at TEXT NOT NULL,
        time_zone TEXT NOT NULL,
        duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480),
        location TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL CHECK (status IN ('scheduled', 'held', 'missed', 'cancelled')),
        status_reason TEXT NOT NULL DEFAULT '',
        held_on TEXT,
        sequence INTEGER NOT NULL DEFAULT 0,
        created_by BIGINT NOT NULL REFERENCES people (id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX conversations_relationship ON conversations (relationship_id, scheduled_at);
      CREATE INDEX conversations_guide_version ON conversations (guide_version_id);
      CREATE INDEX conversations_created_by ON conversations (created_by);

      CREATE TABLE agenda_items (
        id {{id}},
        conversation_id BIGINT NOT NULL REFERENCES conversations (id),
        author_id BIGINT NOT NULL REFERENCES people (id),
        text TEXT NOT NULL,
        action_item_id BIGINT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX agenda_items_conversation ON agenda_items (conversation_id);
      CREATE INDEX agenda_items_author ON agenda_items (author_id);
      CREATE INDEX agenda_items_action_item ON agenda_items (action_item_id);

      CREATE TABLE reflections (
        id {{id}},
        conversation_id BIGINT NOT NULL REFERENCES conversations (id),
        author_id BIGINT NOT NULL REFERENCES people (id),
        answers TEXT NOT NULL,
        shared_at TEXT,
        updated_at TEXT NOT NULL,
        UNIQUE (conversation_id, author_id)
      );
      CREATE INDEX reflections_author ON reflections (author_id);

      CREATE TABLE shared_notes (
        conversation_id BIGINT PRIMARY KEY REFERENCES conversations (id),
        body TEXT NOT NULL,
        revision INTEGER NOT NULL,
        updated_by BIGINT NOT NULL REFERENCES people (id),
        updated_at TEXT NOT NULL
      );
      CREATE INDEX shared_notes_updated_by ON shared_notes (updated_by);

      CREATE TABLE note_revisions (
        id {{id}},
        conversation_id BIGINT NOT NULL REFERENCES conversations (id),
        revision INTEGER NOT NULL,
        body TEXT NOT NULL,
        author_id BIGINT NOT NULL REFERENCES people (id),
        created_at TEXT NOT NULL,
        UNIQUE (conversation_id, revision)
      );
      CREATE INDEX note_revisions_author ON note_revisions (author_id);

      CREATE TABLE private_notes (
        id {{id}},
        conversation_id BIGINT NOT NULL REFERENCES conversations (id),
        author_id BIGINT NOT NULL REFERENCES people (id),
        body TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (conversation_id, author_id)
      );
      CREATE INDEX private_notes_author ON private_notes (author_id);

      CREATE TABLE summaries (
        conversation_id BIGINT PRIMARY KEY REFERENCES conversations (id),
        body TEXT NOT NULL,
        author_id BIGINT NOT NULL REFERENCES people (id),
        written_at TEXT NOT NULL,
        response TEXT CHECK (response IS NULL OR response IN ('confirmed', 'commented')),
        response_comment TEXT NOT NULL DEFAULT '',
        responded_by BIGINT REFERENCES people (id),
        responded_at TEXT
      );
      CREATE INDEX summaries_author ON summaries (author_id);
      CREATE INDEX summaries_responded_by ON summaries (responded_by);

      CREATE TABLE action_items (
        id {{id}},
        conversation_id BIGINT NOT NULL REFERENCES conversations (id),
        relationship_id BIGINT NOT NULL REFERENCES relationships (id),
        title TEXT NOT NULL,
        owner_id BIGINT NOT NULL REFERENCES people (id),
        due_on TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('open', 'done', 'dropped')),
        drop_reason TEXT NOT NULL DEFAULT '',
        done_on TEXT,
        created_by BIGINT NOT NULL REFERENCES people (id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX action_items_conversation ON action_items (conversation_id);
      CREATE INDEX action_items_relationship ON action_items (relationship_id, status);
      CREATE INDEX action_items_owner ON action_items (owner_id, status, due_on);
      CREATE INDEX action_items_created_by ON action_items (created_by);

      CREATE TABLE pulse_responses (
        id {{id}},
        felt_heard INTEGER NOT NULL CHECK (felt_heard BETWEEN 1 AND 5),
        clear_next_steps INTEGER NOT NULL CHECK (clear_next_steps BETWEEN 1 AND 5),
        partner_id BIGINT NOT NULL REFERENCES people (id),
        department TEXT NOT NULL,
        quarter TEXT NOT NULL
      );
      CREATE INDEX pulse_responses_quarter ON pulse_responses (quarter, department);
      CREATE INDEX pulse_responses_partner ON pulse_responses (partner_id, quarter);

      CREATE TABLE pulse_given (
        conversation_id BIGINT PRIMARY KEY REFERENCES conversations (id),
        given_at TEXT NOT NULL
      );

      CREATE TABLE calendar_feeds (
        person_id BIGINT PRIMARY KEY REFERENCES people (id),
        token_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL
      );

      CREATE TABLE handovers (
        id {{id}},
        employee_id BIGINT NOT NULL REFERENCES people (id),
        recipient_id BIGINT NOT NULL REFERENCES people (id),
        conversation_id BIGINT REFERENCES conversations (id),
        granted_at TEXT NOT NULL,
        revoked_at TEXT
      );
      CREATE INDEX handovers_employee ON handovers (employee_id);
      CREATE INDEX handovers_recipient ON handovers (recipient_id);
      CREATE INDEX handovers_conversation ON handovers (conversation_id);
      """)
}
