import SQL

/// Migration 33: what each quarter's stored figures add up to (a digest), so that a refresh
/// that works out the same figures writes none of them. At 100,000 people a quarter is
/// 115,000 rows, which every five minutes were deleted and written again.
enum InsightDigestSchema {
  static let migration = Migration(
    33, "insight digests",
    sql: """
      ALTER TABLE insight_refreshes ADD COLUMN digest TEXT NOT NULL DEFAULT '';
      """)
}
