import SQL

/// Migration 23: a second factor for password sign-in (TOTP, RFC 6238): each person's secret
/// (confirmed by a first code, and the last time step used, so no code works twice), and sign-ins
/// waiting for their code.
enum SecondFactorSchema {
  static let migration = Migration(
    23, "second factor",
    sql: """
      CREATE TABLE totp_secrets (
        person_id BIGINT PRIMARY KEY REFERENCES people (id),
        secret TEXT NOT NULL,
        confirmed_at TEXT,
        last_step BIGINT NOT NULL DEFAULT 0,
        created_at TEXT NOT NULL
      );

      CREATE TABLE second_factor_challenges (
        token_hash TEXT PRIMARY KEY,
        person_id BIGINT NOT NULL REFERENCES people (id),
        attempts INTEGER NOT NULL DEFAULT 0,
        expires_at TEXT NOT NULL
      );
      CREATE INDEX second_factor_challenges_person ON second_factor_challenges (person_id);
      """)
}
