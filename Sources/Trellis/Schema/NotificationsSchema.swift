import SQL

/// Migration 16: outgoing messages: an outbox written in the same transaction as the change that
/// causes a message (email or web hook), each person's preferences and unsubscribe links, and the
/// web hooks admins configure.
enum NotificationsSchema {
  static let migration = Migration(
    16, "notifications",
    sql: """
      CREATE TABLE webhooks (
        id {{id}},
        url TEXT NOT NULL,
        secret TEXT NOT NULL,
        events TEXT NOT NULL,
        active BOOLEAN NOT NULL,
        created_by BIGINT NOT NULL REFERENCES people (id),
        created_at TEXT NOT NULL
      );
      CREATE INDEX webhooks_created_by ON webhooks (created_by);

      CREATE TABLE outbox (
        id {{id}},
        channel TEXT NOT NULL CHECK (channel IN ('email', 'webhook')),
        kind TEXT NOT NULL,
        dedupe_key TEXT NOT NULL UNIQUE,
        person_id BIGINT REFERENCES people (id),
        webhook_id BIGINT REFERENCES webhooks (id),
        recipient TEXT NOT NULL,
        subject TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL,
        calendar TEXT,
        calendar_method TEXT,
        unsubscribe_token TEXT,
        status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_at TEXT NOT NULL,
        lease_until TEXT,
        last_error TEXT NOT NULL DEFAULT '',
        sent_at TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
      CREATE INDEX outbox_person ON outbox (person_id);
      CREATE INDEX outbox_webhook ON outbox (webhook_id);

      CREATE TABLE notification_preferences (
        person_id BIGINT NOT NULL REFERENCES people (id),
        topic TEXT NOT NULL,
        enabled BOOLEAN NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (person_id, topic)
      );

      CREATE TABLE notification_hours (
        person_id BIGINT PRIMARY KEY REFERENCES people (id),
        earliest_hour INTEGER NOT NULL CHECK (earliest_hour BETWEEN 0 AND 23),
        latest_hour INTEGER NOT NULL CHECK (latest_hour BETWEEN 1 AND 24),
        time_zone TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );

      CREATE TABLE unsubscribe_tokens (
        token TEXT PRIMARY KEY,
        person_id BIGINT NOT NULL REFERENCES people (id),
        topic TEXT NOT NULL,
        UNIQUE (person_id, topic)
      );
      """)
}
