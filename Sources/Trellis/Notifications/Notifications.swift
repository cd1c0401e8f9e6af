import Foundation
import SQL

extension NumberRule {
  /// The hours in which a person wants email (checked here, stated by the API).
  public static let earliestHour = NumberRule(0...23)
  public static let latestHour = NumberRule(1...24)
}

/// Each person's email preferences, one-click unsubscribes, reminders as they fall due, and the
/// outbox for admins.
public struct NotificationService: Sendable {
  let database: Database
  let clock: Clock
  let mail: MailSettings
  let conversations: ConversationService

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

  /// The hours in which the actor wants email, if they chose any.
  public func hours(_ actor: Actor) throws -> EmailHours? {
    try database.withConnection { try EmailHours.load($0, actor.id) }
  }

  /// Sets (or, with nil, clears) the hours in which the actor wants email.
  public func setHours(_ actor: Actor, _ hours: EmailHours?) throws -> EmailHours? {
    if let hours {
      var validator = Validator()
      NumberRule.earliestHour.check(hours.earliestHour, "earliestHour", in: &validator)
      NumberRule.latestHour.check(hours.latestHour, "latestHour", in: &validator)
      validator.check(hours.latestHour > hours.earliestHour, "latestHour", "must be after the earliest hour")
      validator.check(
        LocalTime.zone(named: hours.timeZone) != nil, "timeZone",
        "must be a time zone name such as Europe/Lisbon")
      try validator.throwIfInvalid()
    }
    try database.transaction { connection in
      try connection.execute("DELETE FROM notification_hours WHERE person_id = \(actor.id)")
      if let hours {
        try connection.execute(
          """
          INSERT INTO notification_hours (person_id, earliest_hour, latest_hour, time_zone, updated_at)
          VALUES (\(actor.id), \(hours.earliestHour), \(hours.latestHour), \(hours.timeZone), \(clock.now()))
          """)
      }
    }
    return try self.hours(actor)
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

  /// The outbox for admins: who, what kind, status; never a body. Newest first, a page at a time.
  public func outbox(_ actor: Actor, status: OutboxStatus? = nil, limit: Int = 50, offset: Int = 0) throws
    -> Page<OutboxEntry>
  {
    try Policy.require(actor, .manageDelivery)
    let condition: SQLQuery = status.map { "status = \($0.rawValue)" } ?? "TRUE"
    return try database.withConnection { connection in
      try Page.read(
        connection, limit: limit, offset: offset,
        counting: "outbox WHERE \(condition)",
        items: { try Outbox.entries(connection, where: condition, limit: $0, offset: $1) })
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

  /// Queues the reminders that have fallen due: before conversations and, with `daily`, those that
  /// change only with the date (action items, cadence, follow-ups, deadlines, digests), which the
  /// worker runs hourly. Each is queued once (its dedupe key).
  @discardableResult
  public func enqueueReminders(daily: Bool = true) throws -> Int {
    let now = clock.now()
    let today = CalendarDate(now)
    var emails = QueuedEmails(database: database)
    // The scan reads without the writer's lock; what it queues is written in short transactions.
    try database.withConnection { connection in
      // The reminder each conversation is due now (the nearest that applies) and its key for
      // each participant, as `emails.add` below is given it. Conversations whose reminder is
      // queued for both are left out in SQL: the scan every 30 seconds reads only what is new,
      // not every conversation of the next two days.
      let sortedHours = mail.reminderHours.sorted()
      let due = SQLQuery.joined(
        sortedHours.map {
          "WHEN conversations.scheduled_at <= \(now.addingTimeInterval(TimeInterval($0 * 3_600))) THEN \("\($0)")"
        },
        separator: " ")
      func key(_ person: String) -> SQLQuery {
        """
        'reminder:' || CAST(conversations.id AS TEXT) || ':' || CAST(conversations.sequence AS TEXT) || ':'
          || CASE \(due) END || 'h:' || CAST(\(raw: person) AS TEXT)
        """
      }
      let upcoming = try ConversationStore.conversations(
        connection,
        where: """
          conversations.status = 'scheduled' AND conversations.scheduled_at > \(now)
          AND conversations.scheduled_at <= \(now.addingTimeInterval(TimeInterval(sortedHours.last! * 3_600)))
          AND relationships.ended_on IS NULL
          AND (SELECT count(*) FROM outbox WHERE outbox.dedupe_key IN
            (\(key("relationships.employee_id")), \(key("relationships.partner_id")))) < 2
          """, order: "conversations.scheduled_at")
      let people = try PeopleStore.findAll(
        connection, ids: Array(Set(upcoming.flatMap { [$0.employeeID, $0.partnerID] })))
      for conversation in upcoming {
        let ahead = conversation.scheduledAt.timeIntervalSince(now)
        // The nearest reminder that applies: each is sent once, the farther ones before the nearer.
        guard let hours = mail.reminderHours.sorted().first(where: { ahead <= TimeInterval($0 * 3_600) })
        else {
          continue
        }
        guard let employee = people[conversation.employeeID], let partner = people[conversation.partnerID]
        else {
          continue
        }
        // The calendar entry comes along, so the reminder can be accepted where it is read.
        var calendar = ICalendar(method: .request)
        conversations.add(
          conversation, employee: employee, partner: partner, to: &calendar, baseURL: mail.baseURL)
        for (person, other) in [
          (conversation.employeeID, conversation.partnerID),
          (conversation.partnerID, conversation.employeeID),
        ] {
          let with = people[other]?.displayName ?? "your partner"
          try emails.add(
            to: person, topic: .conversations, kind: "conversation reminder",
            key: "reminder:\(conversation.id):\(conversation.sequence):\(hours)h:\(person)",
            subject:
              "Reminder: career conversation with \(with), \(LocalTime.describe(conversation.scheduledAt, timeZone: conversation.timeZone))",
            body: """
              Your career conversation with \(with) is coming up: \(LocalTime.describe(conversation.scheduledAt, timeZone: conversation.timeZone)).

              Add to the agenda and prepare your reflection: \(mail.url(.conversation(conversation.id)))
              """, calendar: calendar, method: .request, now: now)
        }
      }
      guard daily else { return }
      for item in try ConversationStore.actionItems(
        connection,
        // Those already queued are left out in SQL: years of overdue items cost one index probe each.
        where: """
          action_items.status = 'open' AND action_items.due_on <= \(today.adding(days: 2))
          AND NOT EXISTS (SELECT 1 FROM outbox WHERE outbox.dedupe_key =
            CASE WHEN action_items.due_on < \(today) THEN 'action-overdue:' ELSE 'action-due:' END
              || CAST(action_items.id AS TEXT))
          """)
      {
        let overdue = item.dueOn < today
        try emails.add(
          to: item.ownerID, topic: .actionItems,
          kind: overdue ? "action item overdue" : "action item due",
          key: "\(overdue ? "action-overdue" : "action-due"):\(item.id)",
          subject: overdue
            ? "Overdue since \(item.dueOn): \(item.title)" : "Due \(item.dueOn): \(item.title)",
          body: """
            The action item “\(item.title)” is \(overdue ? "overdue" : "due") (\(item.dueOn)).

            Mark it done, or drop it with a reason: \(mail.url(.conversation(item.conversationID, part: "action-item")))s
            """, now: now)
      }
      try enqueueCadenceNotices(connection, now: now, into: &emails)
      try enqueueFollowUps(connection, now: now, into: &emails)
      try enqueueDeadlines(connection, today: today, now: now, into: &emails)
      try enqueueDigests(connection, today: today, now: now, into: &emails)
    }
    try emails.flush()
    return emails.count
  }

  /// Relationships that fall due within a week, or are overdue, with nothing on the calendar:
  /// both sides hear of it once per due date. One query over active relationships.
  func enqueueCadenceNotices(_ connection: any Connection, now: Date, into emails: inout QueuedEmails) throws
  {
    let settings = try ConversationStore.settings(connection)
    let today = CalendarDate(now)
    let notices = try ConversationStore.rhythmFacts(
      connection, where: "relationships.ended_on IS NULL", now: now
    ).compactMap { relationship, lastHeld, next in
      let due = settings.dueOn(relationship, lastHeld: lastHeld)
      return next == nil && due <= today.adding(days: 7) ? (relationship, due) : nil
    }
    let people = try PeopleStore.findAll(
      connection, ids: Array(Set(notices.flatMap { [$0.0.employeeID, $0.0.partnerID] })))
    for (relationship, due) in notices {
      let overdue = due < today
      let pair = [relationship.employeeID, relationship.partnerID]
      for (person, other) in [(pair[0], pair[1]), (pair[1], pair[0])] {
        let name = people[other]?.displayName ?? "your partner"
        try emails.add(
          to: person, topic: .conversations,
          kind: overdue ? "conversation overdue" : "conversation due",
          key: "cadence:\(relationship.id):\(due):\(overdue ? "overdue" : "due"):\(person)",
          subject: overdue
            ? "Overdue since \(due): a career conversation with \(name)"
            : "Due by \(due): a career conversation with \(name)",
          body: """
            Your next career conversation with \(name) \(overdue ? "was due on" : "is due by") \(due), and none is scheduled.

            Schedule it: \(mail.url(.schedule(relationship: relationship.id)))
            """, now: now)
      }
    }
  }

  /// After a conversation of the last three days with no summary yet: write it, with the next steps.
  func enqueueFollowUps(_ connection: any Connection, now: Date, into emails: inout QueuedEmails) throws {
    let finished = try ConversationStore.conversations(
      connection,
      where: """
        conversations.status IN ('scheduled', 'held') AND conversations.scheduled_at < \(now.addingTimeInterval(-3_600))
        AND conversations.scheduled_at > \(now.addingTimeInterval(-3 * 86_400))
        AND conversations.id NOT IN (SELECT conversation_id FROM summaries)
        """)
    for conversation in finished {
      for person in [conversation.employeeID, conversation.partnerID] {
        try emails.add(
          to: person, topic: .conversations, kind: "conversation follow-up",
          key: "follow-up:\(conversation.id):\(person)", subject: "Write down what you agreed",
          body: """
            Your career conversation of \(LocalTime.describe(conversation.scheduledAt, timeZone: conversation.timeZone)) has no summary yet.

            Write the summary and the action items while they are fresh: \(mail.url(.conversation(conversation.id)))
            """, now: now)
      }
    }
  }

  /// Plan milestones due within a week (to the plan's person), and interest deadlines within two
  /// days of opportunities of the kinds people follow (to those who have not answered).
  func enqueueDeadlines(
    _ connection: any Connection, today: CalendarDate, now: Date, into emails: inout QueuedEmails
  ) throws {
    for row in try connection.query(
      """
      SELECT plan_milestones.id, plan_milestones.title, plan_milestones.target_on, plans.person_id
      FROM plan_milestones JOIN plan_items ON plan_items.id = plan_milestones.item_id
      JOIN plans ON plans.id = plan_items.plan_id
      WHERE plan_milestones.done_on IS NULL AND plans.status = 'active'
        AND plan_items.status IN ('planned', 'in progress') AND plan_milestones.target_on <= \(today.adding(days: 7))
        AND plan_milestones.target_on >= \(today.adding(days: -30))
      """)
    {
      let person: Int64 = try row.decode("person_id")
      let target: CalendarDate = try row.decode("target_on")
      try emails.add(
        to: person, topic: .planMilestones, kind: "plan milestone due",
        key: "milestone:\(try row.decode("id", as: Int64.self))",
        subject: "Milestone due \(target): \(try row.decode("title", as: String.self))",
        body: """
          A milestone of your development plan is due on \(target): \(try row.decode("title", as: String.self)).

          Mark it done with its evidence, or move it: \(mail.url(.plan(person: person)))
          """, now: now)
    }
    for row in try connection.query(
      """
      SELECT opportunities.id, opportunities.title, opportunities.interest_deadline, opportunity_subscriptions.person_id
      FROM opportunities JOIN opportunity_subscriptions ON opportunity_subscriptions.kind = opportunities.kind
      WHERE opportunities.status = 'open' AND opportunities.interest_deadline >= \(today)
        AND opportunities.interest_deadline <= \(today.adding(days: 2))
        AND opportunities.owner_id <> opportunity_subscriptions.person_id
        AND NOT EXISTS (SELECT 1 FROM opportunity_interests WHERE opportunity_interests.opportunity_id = opportunities.id
          AND opportunity_interests.person_id = opportunity_subscriptions.person_id)
      """)
    {
      let id: Int64 = try row.decode("id")
      let person: Int64 = try row.decode("person_id")
      try emails.add(
        to: person, topic: .opportunities, kind: "opportunity deadline",
        key: "opportunity-deadline:\(id):\(person)",
        subject:
          "Interest closes \(try row.decode("interest_deadline", as: CalendarDate.self)): \(try row.decode("title", as: String.self))",
        body: """
          An opportunity of a kind you follow takes interest until \(try row.decode("interest_deadline", as: CalendarDate.self)).

          \(mail.url(.opportunity(id)))
          """, now: now)
    }
  }

  /// Once a week (from Monday), each manager gets who is due or overdue, open and overdue action
  /// items on the team, and the team's celebrations: names, counts and titles only.
  func enqueueDigests(
    _ connection: any Connection, today: CalendarDate, now: Date, into emails: inout QueuedEmails
  ) throws {
    var calendar = Calendar(identifier: .iso8601)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let week = calendar.dateComponents([.yearForWeekOfYear, .weekOfYear], from: now)
    let label = String(format: "%04d-W%02d", week.yearForWeekOfYear!, week.weekOfYear!)
    // Managers who have this week's digest, or turned it off, cost nothing.
    let managers = try connection.query(
      """
      SELECT DISTINCT manager_id FROM people WHERE manager_id IS NOT NULL AND active
        AND manager_id NOT IN (SELECT person_id FROM outbox WHERE kind = 'weekly digest'
          AND dedupe_key = 'digest:' || CAST(person_id AS TEXT) || ':' || \(label))
        AND manager_id NOT IN (SELECT person_id FROM notification_preferences
          WHERE topic = \(NotificationTopic.weeklyDigest.rawValue) AND NOT enabled)
      """
    ).map { try $0.decode("manager_id", as: Int64.self) }
    for manager in managers {
      guard let person = try PeopleStore.find(connection, id: manager) else { continue }
      let reader = Actor(person: person, roles: [])
      let rhythms = try conversations.rhythms(
        connection,
        where: """
          relationships.kind = 'manager' AND relationships.partner_id = \(manager) AND relationships.ended_on IS NULL
          """)
      let lines = rhythms.filter { $0.status != .onTrack }.map {
        "- \($0.employee.displayName): \($0.status.label.lowercased()), due \($0.dueOn)"
      }
      let items = try ConversationStore.actionItems(
        connection,
        where:
          "action_items.status = 'open' AND action_items.relationship_id IN (\(list: rhythms.map(\.relationship.id)))"
      )
      let overdue = items.filter { $0.isOverdue(on: today) }.count
      let celebrations = try connection.query(
        """
        SELECT celebrations.title, celebrations.audience, \(PersonName.columns(of: "people"))
        FROM celebrations JOIN people ON people.id = celebrations.person_id
        WHERE people.manager_id = \(manager) AND celebrations.created_at >= \(now.addingTimeInterval(-7 * 86_400))
        """
      ).filter {
        Policy.allows(
          reader, .viewCelebration,
          Relationship(isCurrentManager: true).with(
            \.celebrationAudience, CelebrationAudience(rawValue: try $0.decode("audience")) ?? .manager))
      }.map { "- \(try PersonName.display($0)): \(try $0.decode("title", as: String.self))" }
      try emails.add(
        to: manager, topic: .weeklyDigest, kind: "weekly digest",
        key: "digest:\(manager):\(label)",
        subject: "Your team this week",
        body: """
          Conversations needing attention:
          \(lines.isEmpty ? "- none: every relationship is on track" : lines.joined(separator: "\n"))

          Open action items on the team: \(items.count), of which overdue: \(overdue).

          Celebrated this week:
          \(celebrations.isEmpty ? "- nothing yet" : celebrations.joined(separator: "\n"))

          \(mail.url(.conversations))
          """, now: now)
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

          \(mail.url(.conversation(conversation.id)))
          """, calendar: calendar, method: cancelled ? .cancel : .request, now: clock.now())
    }
  }
}
