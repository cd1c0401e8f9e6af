import Foundation
import SQL

/// What a person can be emailed about; each can be turned off, and every email unsubscribes from its own.
public enum NotificationTopic: String, Sendable, Codable, CaseIterable {
  case conversations
  case actionItems = "action items"
  case planMilestones = "plan milestones"
  case feedbackRequests = "feedback requests"
  case opportunities
  case requests
  case weeklyDigest = "weekly digest"

  public var label: String {
    switch self {
    case .conversations: "Conversations: invitations, changes, reminders, and when one is due"
    case .actionItems: "Action items due soon or overdue"
    case .planMilestones: "Milestones of my plan coming due"
    case .feedbackRequests: "Feedback asked of me"
    case .opportunities: "Interest deadlines of opportunities of the kinds I follow"
    case .requests: "Requests to me (mentoring, interest in my opportunities) and the answers to mine"
    case .weeklyDigest: "A weekly digest of my team (for managers)"
    }
  }
}

/// The hours of the day, where a person is, in which they want email; others wait for the next.
public struct EmailHours: Sendable, Codable, Equatable {
  public var earliestHour: Int
  public var latestHour: Int
  public var timeZone: String

  public init(earliestHour: Int, latestHour: Int, timeZone: String) {
    self.earliestHour = earliestHour
    self.latestHour = latestHour
    self.timeZone = timeZone
  }

  static func load(_ connection: any Connection, _ person: Int64) throws -> EmailHours? {
    try load(connection, [person])[person]
  }

  /// The hours of those who chose some.
  static func load(_ connection: any Connection, _ people: [Int64]) throws -> [Int64: EmailHours] {
    guard !people.isEmpty else { return [:] }
    var hours: [Int64: EmailHours] = [:]
    for row in try connection.query(
      """
      SELECT person_id, earliest_hour, latest_hour, time_zone FROM notification_hours
      WHERE person_id IN (\(list: people))
      """)
    {
      hours[try row.decode("person_id")] = EmailHours(
        earliestHour: try row.decode("earliest_hour"), latestHour: try row.decode("latest_hour"),
        timeZone: try row.decode("time_zone"))
    }
    return hours
  }

  /// `moment` if it falls within the hours, else the next start of them.
  func next(after moment: Date) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: timeZone) ?? .gmt
    let hour = calendar.component(.hour, from: moment)
    if (earliestHour..<latestHour).contains(hour) { return moment }
    let start = calendar.date(bySettingHour: earliestHour, minute: 0, second: 0, of: moment) ?? moment
    return start > moment ? start : calendar.date(byAdding: .day, value: 1, to: start) ?? moment
  }
}

/// Where emails come from, where their links point, and when reminders go out.
public struct MailSettings: Sendable, Equatable {
  public var from: String
  public var baseURL: String
  /// How many hours before a conversation its participants are reminded (2 days and 2 hours).
  public var reminderHours: [Int]

  public init(
    from: String = "trellis@localhost", baseURL: String = "http://127.0.0.1:8080",
    reminderHours: [Int] = [48, 2]
  ) {
    self.from = from
    self.baseURL = baseURL
    self.reminderHours = reminderHours
  }
}

public enum OutboxStatus: String, Sendable, Codable, CaseIterable {
  case pending, sending, sent, failed
}

/// One outgoing message as the admin's outbox page shows it: its kind, recipient and state. Never
/// its subject or body, which may carry the title of a plan milestone or an action item.
public struct OutboxEntry: Sendable, Codable, Equatable {
  public let id: Int64
  public let channel: String
  public let kind: String
  public let recipient: String
  public let status: OutboxStatus
  public let attempts: Int
  public let lastError: String
  public let nextAttemptAt: Date
  public let sentAt: Date?
  public let createdAt: Date
}

/// The outbox: messages are written in the transaction of the change that causes them, once per
/// dedupe key, and a delivery worker sends them later. Bodies carry titles and links, never what
/// was written in a conversation, a reflection or feedback.
enum Outbox {
  /// An email to a person about `topic`, identified by its dedupe key.
  struct Email {
    let personID: Int64
    let topic: NotificationTopic
    let kind: String
    let key: String
    let subject: String
    let body: String
    var calendar: ICalendar? = nil
    var method: ICalendar.Method? = nil
  }

  /// Queues an email to a person about `topic`, unless they turned it off or it was queued before.
  static func email(
    _ connection: any Connection, to personID: Int64, topic: NotificationTopic, kind: String, key: String,
    subject: String, body: String, calendar: ICalendar? = nil, method: ICalendar.Method? = nil, now: Date
  ) throws {
    try emails(
      connection,
      [
        Email(
          personID: personID, topic: topic, kind: kind, key: key, subject: subject, body: body,
          calendar: calendar,
          method: method)
      ], now: now)
  }

  /// Queues emails as `email` does, a few statements per 200 of them rather than per email: a
  /// scan over a large organization re-runs over thousands already queued.
  static func emails(_ connection: any Connection, _ emails: [Email], now: Date) throws {
    for start in stride(from: 0, to: emails.count, by: 200) {
      try write(connection, emails[start..<min(start + 200, emails.count)], now: now)
    }
  }

  private static func write(_ connection: any Connection, _ emails: ArraySlice<Email>, now: Date) throws {
    guard !emails.isEmpty else { return }
    let queued = Set(
      try connection.query(
        "SELECT dedupe_key FROM outbox WHERE dedupe_key IN (\(list: emails.map(\.key)))"
      ).map { try $0.decode("dedupe_key", as: String.self) })
    var keys = Set<String>()
    var fresh = emails.filter { !queued.contains($0.key) && keys.insert($0.key).inserted }
    guard !fresh.isEmpty else { return }
    let people = try PeopleStore.findAll(connection, ids: Array(Set(fresh.map(\.personID))))
    fresh = fresh.filter { people[$0.personID]?.active == true }
    let recipients = Array(Set(fresh.map(\.personID)))
    guard !recipients.isEmpty else { return }
    let turnedOff = Set(
      try connection.query(
        """
        SELECT person_id, topic FROM notification_preferences
        WHERE person_id IN (\(list: recipients)) AND enabled = FALSE
        """
      ).map { subscription(try $0.decode("person_id"), try $0.decode("topic")) })
    fresh = fresh.filter { !turnedOff.contains(subscription($0.personID, $0.topic.rawValue)) }
    guard !fresh.isEmpty else { return }
    // Every email unsubscribes from its own topic: one token per person and topic.
    var topics = Set<String>()
    try connection.insert(
      "INSERT INTO unsubscribe_tokens (token, person_id, topic) VALUES",
      rows: fresh.filter { topics.insert(subscription($0.personID, $0.topic.rawValue)).inserted }.map {
        "(\(Secrets.randomToken()), \($0.personID), \($0.topic.rawValue))"
      }, tail: "ON CONFLICT (person_id, topic) DO NOTHING")
    var tokens: [String: String] = [:]
    for row in try connection.query(
      "SELECT person_id, topic, token FROM unsubscribe_tokens WHERE person_id IN (\(list: recipients))")
    {
      tokens[subscription(try row.decode("person_id"), try row.decode("topic"))] = try row.decode("token")
    }
    let hours = try EmailHours.load(connection, recipients)
    try connection.insert(
      """
      INSERT INTO outbox (channel, kind, dedupe_key, person_id, recipient, subject, body, calendar, calendar_method,
        unsubscribe_token, status, next_attempt_at, created_at) VALUES
      """,
      rows: fresh.map { email in
        """
        ('email', \(email.kind), \(email.key), \(email.personID), \(people[email.personID]!.email), \(email.subject),
          \(email.body), \(email.calendar?.render()), \(email.method?.rawValue),
          \(tokens[subscription(email.personID, email.topic.rawValue)]), 'pending',
          \(hours[email.personID]?.next(after: now) ?? now), \(now))
        """
      }, tail: "ON CONFLICT (dedupe_key) DO NOTHING")
  }

  /// One person's subscription to one topic, as a key for the sets and maps above.
  private static func subscription(_ person: Int64, _ topic: String) -> String { "\(person) \(topic)" }

  /// Queues an email about the person's own account: it cannot be turned off, waits for no
  /// hours and has no unsubscribe link.
  static func securityEmail(
    _ connection: any Connection, to personID: Int64, kind: String, key: String, subject: String,
    body: String,
    now: Date
  ) throws {
    guard let person = try PeopleStore.find(connection, id: personID), person.active else { return }
    try connection.execute(
      """
      INSERT INTO outbox (channel, kind, dedupe_key, person_id, recipient, subject, body, status, next_attempt_at,
        created_at)
      VALUES ('email', \(kind), \(key), \(personID), \(person.email), \(subject), \(body), 'pending', \(now), \(now))
      ON CONFLICT (dedupe_key) DO NOTHING
      """)
  }

  static func entries(
    _ connection: any Connection, where condition: SQLQuery, limit: Int = 1, offset: Int = 0
  )
    throws -> [OutboxEntry]
  {
    try connection.query(
      """
      SELECT id, channel, kind, recipient, status, attempts, last_error, next_attempt_at, sent_at, created_at
      FROM outbox WHERE \(condition) ORDER BY id DESC LIMIT \(limit) OFFSET \(offset)
      """
    ).map {
      OutboxEntry(
        id: try $0.decode("id"), channel: try $0.decode("channel"), kind: try $0.decode("kind"),
        recipient: try $0.decode("recipient"),
        status: OutboxStatus(rawValue: try $0.decode("status")) ?? .pending,
        attempts: try $0.decode("attempts"),
        lastError: try $0.decode("last_error"), nextAttemptAt: try $0.decode("next_attempt_at"),
        sentAt: try $0.decode("sent_at"), createdAt: try $0.decode("created_at"))
    }
  }
}

/// Emails a background scan means to queue, gathered while it reads and written a batch per
/// short transaction (`Outbox.email` skips those already queued), so a scan over a large
/// organization never holds the writer for long, nor all its emails in memory.
struct QueuedEmails {
  let database: Database
  let batch: Int
  private var pending: [Outbox.Email] = []
  private var now = Date()
  /// How many were gathered in all.
  private(set) var count = 0

  init(database: Database, batch: Int = 200) {
    self.database = database
    self.batch = batch
  }

  /// What `Outbox.email` takes, without the connection; a full batch is written at once.
  mutating func add(
    to personID: Int64, topic: NotificationTopic, kind: String, key: String, subject: String, body: String,
    calendar: ICalendar? = nil, method: ICalendar.Method? = nil, now: Date
  ) throws {
    pending.append(
      Outbox.Email(
        personID: personID, topic: topic, kind: kind, key: key, subject: subject, body: body,
        calendar: calendar,
        method: method))
    self.now = now
    count += 1
    if pending.count >= batch { try flush() }
  }

  /// Writes what is waiting, in one transaction.
  mutating func flush() throws {
    guard !pending.isEmpty else { return }
    let emails = pending
    pending.removeAll(keepingCapacity: true)
    try database.transaction { [now] connection in try Outbox.emails(connection, emails, now: now) }
  }
}
