import SQL

/// Migration 20: which process runs each background job (the dashboards' figures, the reminder
/// scan, the retention pass) when several `trellis serve` share one database.
enum JobLeasesSchema {
  static let migration = Migration(
    20, "job leases",
    sql: """
      CREATE TABLE job_leases (
        job TEXT PRIMARY KEY,
        holder TEXT NOT NULL,
        until TEXT NOT NULL
      );
      """)
}
