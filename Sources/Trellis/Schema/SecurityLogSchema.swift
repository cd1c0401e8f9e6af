import SQL

/// Migration 21: the admin log becomes the security log: each event also keeps the address it
/// came from and the channel (web, API, command line, SSO), and can be filtered by action.
enum SecurityLogSchema {
  static let migration = Migration(
    21, "security log",
    sql: """
      ALTER TABLE admin_audit ADD COLUMN address TEXT NOT NULL DEFAULT '';
      ALTER TABLE admin_audit ADD COLUMN via TEXT NOT NULL DEFAULT '';
      CREATE INDEX admin_audit_action ON admin_audit (action, at);
      """)
}
