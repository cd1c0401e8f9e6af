import SQL

/// Migration 32: conversations still to come, by when. The reminder scan every 30 seconds reads
/// the next two days of them; without it, it read the whole index of every conversation held
/// (210 ms at 100,000 people on PostgreSQL, 20 ms with it).
enum ScheduledConversationsSchema {
  static let migration = Migration(
    32, "scheduled conversations",
    sql: """
      CREATE INDEX conversations_scheduled ON conversations (scheduled_at) WHERE status = 'scheduled';
      """)
}
