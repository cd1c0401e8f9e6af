import Foundation
import SQL

/// Each person's email preferences, one-click unsubscribes, reminders as they fall due, and the
/// outbox for admins.
public struct NotificationService: Sendable {
  let database: Database
  let clock: Clock
  let mail: MailSettings
  /// Before a conversation, both participants are reminded this long ahead (the nearest that applies).
  public static let reminderOffsets: [(label: String, seconds: TimeInterval)] = [
    ("in 2 hours", 2 * 3_600), ("in 2 days", 2 * 86_400),
  ]

  public func preferences(_ actor: Actor) throws -> [NotificationTopic: Bool] {
    try database.withConnection { connection in
      var preferences = Dictionary(uniqueKeysWithValues: NotificationTopic.allCases.map { ($0, true) })
      for row in try connection.query(
        "SELECT topic, enabled FROM notification_preferences WHERE person_id = \(actor.id)")
      {
        if let topic = NotificationTopic(rawValue: try row.decode("topic")) {
          preferences[topic] = try row.decode("enabled")
        }
      }
      return preferences
    }
  }

  public func setPreferences(_ actor: Actor, _ changes: [NotificationTopic: Bool]) throws
    -> [NotificationTopic: Bool]
  {
    try database.transaction { connection in
      for (topic, enabled) in changes { try Self.set(connection, actor.id, topic, enabled, now: clock.now()) }
    }
    return try preferences(actor)
  }

  static func set(
    _ connection: any Connection, _ person: Int64, _ topic: NotificationTopic, _ enabled: Bool, now: Date
  )
    throws
  {
    try connection.execute(
      """
      INSERT INTO notification_preferences (person_id, topic, enabled, updated_at)
      VALUES (\(person), \(topic.rawValue), \(enabled), \(now))
      ON CONFLICT (person_id, topic) DO UPDATE SET enabled = excluded.enabled, updated_at = excluded.updated_at
      """)
  }

  /// What an unsubscribe link is for, without signing in (the link is the credential).
  public func unsubscribeTopic(token: String) throws -> NotificationTopic {
    try database.withConnection { connection in
      guard
        let topic = try connection.scalar(
          "SELECT topic FROM unsubscribe_tokens WHERE token = \(token)", as: String.self
        ).flatMap(NotificationTopic.init)
      else { throw NotFound("unsubscribe link") }
      return topic
    }
  }

  /// One click: no more emails of the link's topic to its person.
  public func unsubscribe(token: String) throws -> NotificationTopic {
    try database.transaction { connection in
      guard
        let row = try connection.queryFirst(
          "SELECT person_id, topic FROM unsubscribe_tokens WHERE token = \(token)"),
        let topic = NotificationTopic(rawValue: try row.decode("topic"))
      else { throw NotFound("unsubscribe link") }
      try Self.set(connection, try row.decode("person_id"), topic, false, now: clock.now())
      return topic
    }
  }

  /// The outbox for admins: who, what kind, status; never a body.
  public func outbox(_ actor: Actor, status: OutboxStatus? = nil) throws -> [OutboxEntry] {
    try Policy.require(actor, .manageDelivery)
    return try database.withConnection {
      try Outbox.entries($0, where: status.map { "status = \($0.rawValue)" } ?? "TRUE")
    }
  }

  /// Sends a failed message again (admins).
  public func retry(_ actor: Actor, message id: Int64) throws -> OutboxEntry {
    try Policy.require(actor, .manageDelivery)
    return try database.transaction { connection in
      guard
        try connection.execute(
          "UPDATE outbox SET status = 'pending', next_attempt_at = \(clock.now()), attempts = 0 WHERE id = \(id) AND status = 'failed'"
        ) == 1
      else {
        if try Outbox.entries(connection, where: "id = \(id)").isEmpty { throw NotFound("message") }
        throw Conflict("only a failed message is retried")
      }
      return try Outbox.entries(connection, where: "id = \(id)")[0]
    }
  }

  /// Queues the reminders that have fallen due: before conversations, and for action items due
  /// soon or overdue. Each is queued once (its dedupe key); the cost follows what is due.
  @discardableResult
  public func enqueueReminders() throws -> Int {
    let now = clock.now()
    let today = CalendarDate(now)
    return try database.transaction { connection in
      var queued = 0
      let upcoming = try ConversationStore.conversations(
        connection,
        where: """
          conversations.status = 'scheduled' AND conversations.scheduled_at > \(now)
          AND conversations.scheduled_at <= \(now.addingTimeInterval(Self.reminderOffsets.last!.seconds))
          AND relationships.ended_on IS NULL
          """, order: "conversations.scheduled_at")
      for conversation in upcoming {
        let ahead = conversation.scheduledAt.timeIntervalSince(now)
        guard let offset = Self.reminderOffsets.first(where: { ahead <= $0.seconds }) else { continue }
        let people = try PeopleStore.findAll(
          connection, ids: [conversation.employeeID, conversation.partnerID])
        for (person, other) in [
          (conversation.employeeID, conversation.partnerID),
          (conversation.partnerID, conversation.employeeID),
        ] {
          let with = people[other]?.displayName ?? "your partner"
          try Outbox.email(
            connection, to: person, topic: .conversations, kind: "conversation reminder",
            key: "reminder:\(conversation.id):\(conversation.sequence):\(offset.label):\(person)",
            subject:
              "Reminder: career conversation with \(with), \(LocalTime.describe(conversation.scheduledAt, timeZone: conversation.timeZone))",
            body: """
              Your career conversation with \(with) is coming up: \(LocalTime.describe(conversation.scheduledAt, timeZone: conversation.timeZone)).

              Add to the agenda and prepare your reflection: \(mail.baseURL)/conversations/\(conversation.id)
              """, now: now)
          queued += 1
        }
      }
      for item in try ConversationStore.actionItems(
        connection, where: "action_items.status = 'open' AND action_items.due_on <= \(today.adding(days: 2))")
      {
        let overdue = item.dueOn < today
        try Outbox.email(
          connection, to: item.ownerID, topic: .actionItems,
          kind: overdue ? "action item overdue" : "action item due",
          key: "\(overdue ? "action-overdue" : "action-due"):\(item.id)",
          subject: overdue
            ? "Overdue since \(item.dueOn): \(item.title)" : "Due \(item.dueOn): \(item.title)",
          body: """
            The action item “\(item.title)” is \(overdue ? "overdue" : "due") (\(item.dueOn)).

            Mark it done, or drop it with a reason: \(mail.baseURL)/conversations/\(item.conversationID)#action-items
            """, now: now)
        queued += 1
      }
      return queued
    }
  }
}

extension ConversationService {
  /// Both participants get the invitation, its update or its cancellation, with the calendar
  /// entry (same UID as the feed, the conversation's SEQUENCE).
  func notifyParticipants(_ connection: any Connection, _ conversation: Conversation) throws {
    let people = try PeopleStore.findAll(connection, ids: [conversation.employeeID, conversation.partnerID])
    guard let employee = people[conversation.employeeID], let partner = people[conversation.partnerID] else {
      return
    }
    let cancelled = conversation.status == .cancelled
    var calendar = ICalendar(method: cancelled ? .cancel : .request)
    add(conversation, employee: employee, partner: partner, to: &calendar, baseURL: mail.baseURL)
    let when = LocalTime.describe(conversation.scheduledAt, timeZone: conversation.timeZone)
    let change = cancelled ? "Cancelled" : conversation.sequence == 0 ? "Invitation" : "Updated"
    for (person, other) in [(employee, partner), (partner, employee)] {
      try Outbox.email(
        connection, to: person.id, topic: .conversations, kind: "conversation \(change.lowercased())",
        key: "conversation:\(conversation.id):\(conversation.sequence):\(person.id)",
        subject: "\(change): career conversation with \(other.displayName), \(when)",
        body: """
          \(cancelled ? "This career conversation is cancelled" : "A career conversation with \(other.displayName)"): \(when)\(conversation.location.isEmpty ? "" : ", \(conversation.location)").

          \(mail.baseURL)/conversations/\(conversation.id)
          """, calendar: calendar, method: cancelled ? .cancel : .request, now: clock.now())
    }
  }
}
