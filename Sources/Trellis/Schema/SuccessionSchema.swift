import SQL

/// Migration 15: succession: key roles the people team marks and the potential successors they
/// name, each with a readiness and the development they need.
enum SuccessionSchema {
  static let migration = Migration(
    15, "succession",
    sql: """
      CREATE TABLE key_roles (
        id {{id}},
        title TEXT NOT NULL,
        team TEXT NOT NULL DEFAULT '',
        holder_id BIGINT REFERENCES people (id),
        why_key TEXT NOT NULL DEFAULT '',
        created_by BIGINT NOT NULL REFERENCES people (id),
        created_at TEXT NOT NULL
      );
      CREATE INDEX key_roles_holder ON key_roles (holder_id);
      CREATE INDEX key_roles_created_by ON key_roles (created_by);

      CREATE TABLE successors (
        id {{id}},
        key_role_id BIGINT NOT NULL REFERENCES key_roles (id),
        person_id BIGINT NOT NULL REFERENCES people (id),
        readiness TEXT NOT NULL CHECK (readiness IN ('ready now', '1-2 years', '3+ years')),
        development TEXT NOT NULL DEFAULT '',
        updated_by BIGINT NOT NULL REFERENCES people (id),
        updated_at TEXT NOT NULL,
        UNIQUE (key_role_id, person_id)
      );
      CREATE INDEX successors_person ON successors (person_id);
      CREATE INDEX successors_updated_by ON successors (updated_by);
      """)
}
