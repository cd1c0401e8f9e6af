import Foundation

/// Writes iCalendar (RFC 5545) text: escaping, 75-octet line folding, UTC times.
public struct ICalendar {
  public enum Method: String {
    case publish = "PUBLISH"
    case request = "REQUEST"
    case cancel = "CANCEL"
  }

  private var lines: [String] = []

  public init(method: Method = .publish, name: String? = nil) {
    lines = [
      "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Trellis//Career conversations//EN", "CALSCALE:GREGORIAN",
    ]
    lines.append("METHOD:\(method.rawValue)")
    if let name { lines.append("X-WR-CALNAME:\(ICalendar.escape(name))") }
  }

  /// A timed event; times are written in UTC, which every calendar converts to its own zone.
  public mutating func event(
    uid: String, sequence: Int, start: Date, minutes: Int, summary: String, location: String,
    description: String, url: String?, cancelled: Bool, stamp: Date
  ) {
    lines.append("BEGIN:VEVENT")
    lines.append("UID:\(uid)")
    lines.append("SEQUENCE:\(sequence)")
    lines.append("DTSTAMP:\(ICalendar.utc(stamp))")
    lines.append("DTSTART:\(ICalendar.utc(start))")
    lines.append("DTEND:\(ICalendar.utc(start.addingTimeInterval(TimeInterval(minutes * 60))))")
    lines.append("SUMMARY:\(ICalendar.escape(summary))")
    if !location.isEmpty { lines.append("LOCATION:\(ICalendar.escape(location))") }
    lines.append("DESCRIPTION:\(ICalendar.escape(description))")
    if let url { lines.append("URL:\(url)") }
    lines.append("STATUS:\(cancelled ? "CANCELLED" : "CONFIRMED")")
    lines.append("END:VEVENT")
  }

  /// An all-day entry (a due date).
  public mutating func allDay(
    uid: String, day: CalendarDate, summary: String, description: String, stamp: Date
  ) {
    let compact = day.description.replacingOccurrences(of: "-", with: "")
    lines.append("BEGIN:VEVENT")
    lines.append("UID:\(uid)")
    lines.append("DTSTAMP:\(ICalendar.utc(stamp))")
    lines.append("DTSTART;VALUE=DATE:\(compact)")
    lines.append(
      "DTEND;VALUE=DATE:\(day.adding(days: 1).description.replacingOccurrences(of: "-", with: ""))")
    lines.append("SUMMARY:\(ICalendar.escape(summary))")
    lines.append("DESCRIPTION:\(ICalendar.escape(description))")
    lines.append("TRANSP:TRANSPARENT")
    lines.append("END:VEVENT")
  }

  /// The document, each content line folded, lines ending in CRLF.
  public func render() -> String {
    (lines + ["END:VCALENDAR"]).map(ICalendar.fold).joined(separator: "\r\n") + "\r\n"
  }

  /// Backslash, semicolon, comma and newline escaped as TEXT values require.
  static func escape(_ text: String) -> String {
    var output = ""
    for character in text {
      switch character {
      case "\\": output += "\\\\"
      case ";": output += "\\;"
      case ",": output += "\\,"
      case "\n", "\r\n": output += "\\n"
      case "\r": break
      default: output.append(character)
      }
    }
    return output
  }

  /// Folds after 75 octets with CRLF and a space, never inside a UTF-8 sequence.
  static func fold(_ line: String) -> String {
    var result = ""
    var count = 0
    for scalar in line.unicodeScalars {
      let size = String(scalar).utf8.count
      if count + size > 75 {
        result += "\r\n "
        count = 1
      }
      result.unicodeScalars.append(scalar)
      count += size
    }
    return result
  }

  static func utc(_ date: Date) -> String {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
    return String(
      format: "%04d%02d%02dT%02d%02d%02dZ", parts.year!, parts.month!, parts.day!, parts.hour!, parts.minute!,
      parts.second!)
  }
}

extension ConversationService {
  /// The stable UID of a conversation in every calendar file and invitation.
  public static func calendarUID(_ conversation: Conversation) -> String {
    "conversation-\(conversation.id)@trellis"
  }

  /// One conversation as an .ics file for one of its participants.
  public func ics(_ actor: Actor, conversation id: Int64, baseURL: String) throws -> String {
    let detail = try detail(actor, conversation: id, via: .web)
    var calendar = ICalendar()
    add(
      detail.conversation, employee: detail.employee, partner: detail.partner, to: &calendar, baseURL: baseURL
    )
    return calendar.render()
  }

  func add(
    _ conversation: Conversation, employee: Person, partner: Person, to calendar: inout ICalendar,
    baseURL: String
  ) {
    calendar.event(
      uid: Self.calendarUID(conversation), sequence: conversation.sequence, start: conversation.scheduledAt,
      minutes: conversation.durationMinutes,
      summary: "Career conversation: \(employee.displayName) and \(partner.displayName)",
      location: conversation.location,
      description:
        "Prepare, take notes and record next steps in Trellis: \(baseURL)\(WebPage.conversation(conversation.id).path)",
      url: "\(baseURL)\(WebPage.conversation(conversation.id).path)",
      cancelled: conversation.status == .cancelled,
      stamp: clock.now())
  }

  /// A new secret feed address for the actor; the old one stops working. Shown once.
  public func regenerateCalendarFeed(_ actor: Actor) throws -> String {
    let token = Secrets.randomToken()
    try database.withConnection { connection in
      _ = try connection.execute(
        """
        INSERT INTO calendar_feeds (person_id, token_hash, created_at) VALUES (\(actor.id), \(Secrets.tokenHash(token)), \(clock.now()))
        ON CONFLICT (person_id) DO UPDATE SET token_hash = excluded.token_hash, created_at = excluded.created_at
        """)
    }
    return token
  }

  /// Stops the actor's feed.
  public func revokeCalendarFeed(_ actor: Actor) throws {
    try database.withConnection {
      _ = try $0.execute("DELETE FROM calendar_feeds WHERE person_id = \(actor.id)")
    }
  }

  public func hasCalendarFeed(_ actor: Actor) throws -> Bool {
    try database.withConnection {
      try $0.scalar("SELECT count(*) FROM calendar_feeds WHERE person_id = \(actor.id)", as: Int.self) ?? 0
        > 0
    }
  }

  /// The feed behind a secret address: the person's conversations (from 90 days back) and the due
  /// dates of their open action items. Titles and times only, never note text. Nil for an unknown token.
  public func calendarFeed(token: String, baseURL: String) throws -> String? {
    try database.withConnection { connection in
      guard
        let person = try connection.scalar(
          "SELECT person_id FROM calendar_feeds WHERE token_hash = \(Secrets.tokenHash(token))",
          as: Int64.self),
        let actor = try AccountService.actor(connection, personID: person)
      else { return nil }
      var calendar = ICalendar(name: "Trellis: \(actor.person.displayName)")
      let since = clock.now().addingTimeInterval(-90 * 86_400)
      let conversations = try ConversationStore.conversations(
        connection,
        where:
          "(relationships.employee_id = \(person) OR relationships.partner_id = \(person)) AND conversations.scheduled_at >= \(since) AND relationships.ended_on IS NULL",
        order: "conversations.scheduled_at")
      let people = try PeopleStore.findAll(
        connection, ids: Array(Set(conversations.flatMap { [$0.employeeID, $0.partnerID] })))
      for conversation in conversations {
        guard let employee = people[conversation.employeeID], let partner = people[conversation.partnerID]
        else { continue }
        add(conversation, employee: employee, partner: partner, to: &calendar, baseURL: baseURL)
      }
      for item in try ConversationStore.actionItems(
        connection, where: "action_items.owner_id = \(person) AND action_items.status = 'open'")
      {
        calendar.allDay(
          uid: "action-item-\(item.id)@trellis", day: item.dueOn, summary: "Due: \(item.title)",
          description: "\(baseURL)\(WebPage.conversation(item.conversationID).path)", stamp: clock.now())
      }
      return calendar.render()
    }
  }
}
