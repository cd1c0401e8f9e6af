import SQL

/// Migration 11: feedback given or asked for, structured as situation, behaviour, impact and a
/// suggested next step; the giver decides whether the recipient's manager may read it.
enum FeedbackSchema {
  static let migration = Migration(
    11, "feedback",
    sql: """
      CREATE TABLE feedback_requests (
        id {{id}},
        requester_id BIGINT NOT NULL REFERENCES people (id),
        giver_id BIGINT NOT NULL REFERENCES people (id),
        topic TEXT NOT NULL,
        plan_item_id BIGINT REFERENCES plan_items (id),
        goal_id BIGINT REFERENCES goals (id),
        status TEXT NOT NULL CHECK (status IN ('open', 'answered', 'declined')),
        decline_note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        closed_at TEXT
      );
      CREATE INDEX feedback_requests_giver ON feedback_requests (giver_id, status);
      CREATE INDEX feedback_requests_requester ON feedback_requests (requester_id);
      CREATE INDEX feedback_requests_plan_item ON feedback_requests (plan_item_id);
      CREATE INDEX feedback_requests_goal ON feedback_requests (goal_id);

      CREATE TABLE feedback (
        id {{id}},
        giver_id BIGINT NOT NULL REFERENCES people (id),
        recipient_id BIGINT NOT NULL REFERENCES people (id),
        request_id BIGINT REFERENCES feedback_requests (id),
        kind TEXT NOT NULL CHECK (kind IN ('appreciation', 'coaching')),
        situation TEXT NOT NULL,
        behaviour TEXT NOT NULL,
        impact TEXT NOT NULL,
        next_step TEXT NOT NULL DEFAULT '',
        manager_may_see BOOLEAN NOT NULL,
        thanked_at TEXT,
        reply TEXT NOT NULL DEFAULT '',
        replied_at TEXT,
        plan_item_id BIGINT REFERENCES plan_items (id),
        created_at TEXT NOT NULL
      );
      CREATE INDEX feedback_recipient ON feedback (recipient_id);
      CREATE INDEX feedback_giver ON feedback (giver_id);
      CREATE INDEX feedback_request ON feedback (request_id);
      CREATE INDEX feedback_plan_item ON feedback (plan_item_id);
      """)
}
