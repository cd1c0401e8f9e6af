import SQL

/// Migration 38: what the homes and team pages count of every relationship, report and plan
/// (the last and next conversation, the last feedback, plan items done and the next milestone)
/// is read from the indexes alone, without visiting the table's rows. Each index keeps its
/// leading columns, so every statement that used it still does.
enum CountedFromIndexesSchema {
  static let migration = Migration(
    38, "rhythm, feedback dates and plan progress read from indexes",
    sql: """
      DROP INDEX conversations_relationship_held;
      CREATE INDEX conversations_relationship_held ON conversations (relationship_id, status, held_on, scheduled_at);
      DROP INDEX feedback_recipient;
      CREATE INDEX feedback_recipient ON feedback (recipient_id, giver_id, manager_may_see, created_at);
      DROP INDEX feedback_giver;
      CREATE INDEX feedback_giver ON feedback (giver_id, recipient_id, manager_may_see, created_at);
      DROP INDEX plan_items_plan;
      CREATE INDEX plan_items_plan ON plan_items (plan_id, status, id);
      DROP INDEX plan_milestones_item;
      CREATE INDEX plan_milestones_item ON plan_milestones (item_id, done_on, target_on);
      """)
}
