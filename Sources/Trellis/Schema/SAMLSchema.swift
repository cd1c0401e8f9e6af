import SQL

/// Migration 27: SAML 2.0 identity providers. Whether a provider may start a sign-in itself
/// (IdP-initiated, off unless an admin turns it on); the assertions already used, kept until they
/// expire so a captured response cannot be posted twice; and, for a session signed in by SAML, the
/// person's NameID and session there, which a sign-out request to the provider names.
enum SAMLSchema {
  static let migration = Migration(
    27, "saml",
    sql: """
      ALTER TABLE identity_providers ADD COLUMN allow_unsolicited BOOLEAN NOT NULL DEFAULT FALSE;
      CREATE TABLE saml_assertions (
        provider_id BIGINT NOT NULL REFERENCES identity_providers (id),
        assertion_id TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        PRIMARY KEY (provider_id, assertion_id)
      );
      CREATE INDEX saml_assertions_expires ON saml_assertions (expires_at);
      ALTER TABLE sessions ADD COLUMN provider_name_id TEXT;
      ALTER TABLE sessions ADD COLUMN provider_name_id_format TEXT;
      ALTER TABLE sessions ADD COLUMN provider_session_index TEXT;
      """)
}
