import SQL

/// Migration 1: people, the reporting line, accounts, sessions, roles and the audit trails.
enum PeopleSchema {
  static let migration = Migration(
    1, "people and access",
    sql: """
      CREATE TABLE people (
        id {{id}},
        email TEXT NOT NULL,
        email_key TEXT NOT NULL UNIQUE,
        given_name TEXT NOT NULL DEFAULT '',
        family_name TEXT NOT NULL DEFAULT '',
        preferred_name TEXT NOT NULL DEFAULT '',
        job_title TEXT NOT NULL DEFAULT '',
        department TEXT NOT NULL DEFAULT '',
        location TEXT NOT NULL DEFAULT '',
        employee_number TEXT UNIQUE,
        hire_date TEXT,
        manager_id BIGINT REFERENCES people (id),
        active BOOLEAN NOT NULL DEFAULT TRUE,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX people_manager ON people (manager_id);
      CREATE INDEX people_department ON people (department);
      CREATE INDEX people_family_name ON people (family_name, given_name);

      CREATE TABLE manager_history (
        id {{id}},
        person_id BIGINT NOT NULL REFERENCES people (id),
        manager_id BIGINT NOT NULL REFERENCES people (id),
        started_on TEXT NOT NULL,
        ended_on TEXT
      );
      CREATE INDEX manager_history_person ON manager_history (person_id);
      CREATE INDEX manager_history_manager ON manager_history (manager_id);

      CREATE TABLE credentials (
        person_id BIGINT PRIMARY KEY REFERENCES people (id),
        password_hash TEXT NOT NULL,
        changed_at TEXT NOT NULL
      );

      CREATE TABLE role_grants (
        id {{id}},
        person_id BIGINT NOT NULL REFERENCES people (id),
        role TEXT NOT NULL CHECK (role IN ('people_team', 'admin')),
        granted_by BIGINT REFERENCES people (id),
        granted_at TEXT NOT NULL,
        revoked_by BIGINT REFERENCES people (id),
        revoked_at TEXT
      );
      CREATE INDEX role_grants_person ON role_grants (person_id);
      CREATE INDEX role_grants_granted_by ON role_grants (granted_by);
      CREATE INDEX role_grants_revoked_by ON role_grants (revoked_by);

      CREATE TABLE sessions (
        id {{id}},
        token_hash TEXT NOT NULL UNIQUE,
        person_id BIGINT NOT NULL REFERENCES people (id),
        csrf_token TEXT NOT NULL,
        created_at TEXT NOT NULL,
        last_seen_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        address TEXT NOT NULL DEFAULT '',
        user_agent TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX sessions_person ON sessions (person_id);

      CREATE TABLE access_tokens (
        id {{id}},
        person_id BIGINT NOT NULL REFERENCES people (id),
        name TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        last_used_at TEXT,
        revoked_at TEXT
      );
      CREATE INDEX access_tokens_person ON access_tokens (person_id);

      CREATE TABLE account_links (
        id {{id}},
        person_id BIGINT NOT NULL REFERENCES people (id),
        purpose TEXT NOT NULL CHECK (purpose IN ('invitation', 'password_reset')),
        token_hash TEXT NOT NULL UNIQUE,
        created_by BIGINT REFERENCES people (id),
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        used_at TEXT
      );
      CREATE INDEX account_links_person ON account_links (person_id);
      CREATE INDEX account_links_created_by ON account_links (created_by);

      CREATE TABLE sign_in_failures (
        id {{id}},
        email_key TEXT NOT NULL,
        address TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX sign_in_failures_email ON sign_in_failures (email_key, at);
      CREATE INDEX sign_in_failures_address ON sign_in_failures (address, at);

      CREATE TABLE access_log (
        id {{id}},
        viewer_id BIGINT NOT NULL REFERENCES people (id),
        subject_id BIGINT NOT NULL REFERENCES people (id),
        data TEXT NOT NULL,
        via TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX access_log_subject ON access_log (subject_id, at);
      CREATE INDEX access_log_viewer ON access_log (viewer_id);

      CREATE TABLE admin_audit (
        id {{id}},
        actor_id BIGINT REFERENCES people (id),
        action TEXT NOT NULL,
        subject_id BIGINT REFERENCES people (id),
        detail TEXT NOT NULL DEFAULT '',
        at TEXT NOT NULL
      );
      CREATE INDEX admin_audit_actor ON admin_audit (actor_id);
      CREATE INDEX admin_audit_subject ON admin_audit (subject_id);
      CREATE INDEX admin_audit_at ON admin_audit (at);

      CREATE TABLE people_imports (
        id {{id}},
        started_by BIGINT REFERENCES people (id),
        filename TEXT NOT NULL,
        dry_run BOOLEAN NOT NULL,
        skip_invalid BOOLEAN NOT NULL,
        deactivate_missing BOOLEAN NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'done', 'rejected', 'failed')),
        total_rows INTEGER NOT NULL,
        processed_rows INTEGER NOT NULL DEFAULT 0,
        report TEXT,
        started_at TEXT NOT NULL,
        finished_at TEXT
      );
      CREATE INDEX people_imports_started_by ON people_imports (started_by);
      """)
}
