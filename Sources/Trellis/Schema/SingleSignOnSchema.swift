import SQL

/// Migration 22: single sign-on. Identity providers admins configure, the email domains each
/// signs in, the provider's subject each person is known by, and sign-ins under way (their state,
/// nonce and PKCE verifier, used once).
enum SingleSignOnSchema {
  static let migration = Migration(
    22, "single sign-on",
    sql: """
      CREATE TABLE identity_providers (
        id {{id}},
        kind TEXT NOT NULL CHECK (kind IN ('oidc', 'saml')),
        name TEXT NOT NULL UNIQUE,
        issuer TEXT NOT NULL,
        client_id TEXT NOT NULL DEFAULT '',
        client_secret TEXT NOT NULL DEFAULT '',
        create_people BOOLEAN NOT NULL DEFAULT FALSE,
        metadata TEXT NOT NULL DEFAULT '',
        keys TEXT NOT NULL DEFAULT '',
        fetched_at TEXT,
        created_by BIGINT REFERENCES people (id),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE INDEX identity_providers_created_by ON identity_providers (created_by);

      CREATE TABLE identity_provider_domains (
        domain TEXT PRIMARY KEY,
        provider_id BIGINT NOT NULL REFERENCES identity_providers (id)
      );
      CREATE INDEX identity_provider_domains_provider ON identity_provider_domains (provider_id);

      CREATE TABLE external_identities (
        provider_id BIGINT NOT NULL REFERENCES identity_providers (id),
        subject TEXT NOT NULL,
        person_id BIGINT NOT NULL REFERENCES people (id),
        created_at TEXT NOT NULL,
        last_used_at TEXT NOT NULL,
        PRIMARY KEY (provider_id, subject)
      );
      CREATE INDEX external_identities_person ON external_identities (person_id);

      CREATE TABLE sso_attempts (
        state_hash TEXT PRIMARY KEY,
        provider_id BIGINT NOT NULL REFERENCES identity_providers (id),
        nonce TEXT NOT NULL,
        verifier TEXT NOT NULL,
        next TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX sso_attempts_provider ON sso_attempts (provider_id);
      CREATE INDEX sso_attempts_expires ON sso_attempts (expires_at);
      """)
}
