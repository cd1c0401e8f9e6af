import SQL

/// Migration 25: provisioning over SCIM 2.0. The bearer tokens of provisioning clients (an
/// identity provider, not a person), the id each person has at the provider (`externalId`), their
/// `userName` there when it is not their email, and
/// when the provider deleted them (they stay in Trellis, deactivated, and leave SCIM).
enum ProvisioningSchema {
  static let migration = Migration(
    25, "provisioning",
    sql: """
      CREATE TABLE scim_tokens (
        id {{id}},
        name TEXT NOT NULL,
        token_hash TEXT NOT NULL UNIQUE,
        created_by BIGINT REFERENCES people (id),
        created_at TEXT NOT NULL,
        last_used_at TEXT,
        revoked_at TEXT
      );
      CREATE INDEX scim_tokens_created_by ON scim_tokens (created_by);
      ALTER TABLE people ADD COLUMN external_id TEXT;
      ALTER TABLE people ADD COLUMN user_name TEXT;
      CREATE UNIQUE INDEX people_user_name ON people (lower(user_name));
      ALTER TABLE people ADD COLUMN deprovisioned_at TEXT;
      CREATE INDEX people_external_id ON people (external_id);
      """)
}
