import SQL

/// Migration 20: which process runs each background job (the dashboards' figures, the reminder
/// scan, the retention pass) when several `trellis serve` share one database; and the index the
/// senders claim due messages by, in the order they fell due, however many wait on a channel
/// nobody sends (email without an SMTP server).
enum JobLeasesSchema {
  static let migration = Migration(
    20, "background jobs",
    sql: """
      CREATE INDEX outbox_claim ON outbox (channel, status, next_attempt_at);
      CREATE TABLE job_leases (
        job TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        until TEXT NOT NULL
      );
      """)
}
