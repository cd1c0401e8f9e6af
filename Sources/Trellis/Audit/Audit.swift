import Foundation
import SQL

/// How a read or change reached Trellis, for the record.
public enum Channel: String, Sendable, Codable {
  case web
  case api
  case commandLine = "command line"
  case scim = "SCIM"
}

/// Where a request came from, for the security log.
public struct Origin: Sendable, Equatable {
  public let address: String
  public let via: Channel

  public init(address: String, via: Channel) {
    self.address = address
    self.via = via
  }

  public static let commandLine = Origin(address: "", via: .commandLine)
}

/// Reads of someone's career data by someone else: one reader, one piece of data, one channel and
/// one day (UTC) make one entry, with how many times it was read.
public struct AccessEntry: Sendable, Equatable, Codable {
  public let viewerID: Int64
  public let viewerName: String
  public let data: String
  public let via: Channel
  public let day: CalendarDate
  public let count: Int
  /// The first and the last of these reads.
  public let firstAt: Date
  public let at: Date
}

/// One event of the security log (who did what, to whom, from where): never career content.
public struct SecurityEvent: Sendable, Equatable, Codable {
  public let id: Int64
  public let actorID: Int64?
  public let actorName: String?
  public let action: String
  public let subjectID: Int64?
  public let subjectName: String?
  public let detail: String
  /// The client's address, when the event came from a request.
  public let address: String
  /// How it reached Trellis ("" for background work).
  public let via: String
  public let at: Date

  public init(
    id: Int64, actorID: Int64?, actorName: String?, action: String, subjectID: Int64?, subjectName: String?,
    detail: String, address: String, via: String, at: Date
  ) {
    self.id = id
    self.actorID = actorID
    self.actorName = actorName
    self.action = action
    self.subjectID = subjectID
    self.subjectName = subjectName
    self.detail = detail
    self.address = address
    self.via = via
    self.at = at
  }
}

/// Which events of the security log to show: all of these that are given.
public struct SecurityLogFilter: Sendable, Equatable {
  public var action: String?
  /// Events this person did or that were done to them.
  public var person: Int64?
  public var from: CalendarDate?
  /// Up to and including this day (UTC).
  public var to: CalendarDate?

  public init(action: String? = nil, person: Int64? = nil, from: CalendarDate? = nil, to: CalendarDate? = nil)
  {
    self.action = action
    self.person = person
    self.from = from
    self.to = to
  }
}

/// What the security log records beyond what other capabilities name themselves.
public enum SecurityAction {
  public static let signedIn = "signed in"
  public static let signInFailed = "sign-in failed"
  public static let signedOut = "signed out"
  public static let tokenCreated = "created API token"
  public static let tokenRevoked = "revoked API token"
  public static let logExported = "exported the security log"
  public static let streamingChanged = "changed security log streaming"
  public static let conversationsExported = "exported own conversations"
  public static let insightsExported = "exported organization figures"
  public static let secondFactorEnabled = "set up a second factor"
  public static let secondFactorRemoved = "removed the second factor"
  public static let signInPolicyChanged = "changed the sign-in policy"
}

/// The two trails: reads of career data (shown to the person read about) and the security log
/// (sign-ins, administrative actions, tokens, exports; shown to admins).
public struct AuditService: Sendable {
  let database: Database
  let clock: Clock

  /// Records that `viewer` read `data` about `subject`. Called by services after the policy allowed it.
  static func recordRead(
    _ connection: any Connection, viewer: Int64, subject: Int64, data: String, via: Channel, at: Date
  ) throws {
    try connection.execute(
      """
      INSERT INTO access_log (viewer_id, subject_id, data, via, at)
      VALUES (\(viewer), \(subject), \(data), \(via.rawValue), \(at))
      """)
  }

  /// Writes one event to the security log, in the transaction of what it records.
  static func recordAdmin(
    _ connection: any Connection, actor: Int64?, action: String, subject: Int64?, detail: String = "",
    from origin: Origin? = nil, at: Date
  ) throws {
    try connection.execute(
      """
      INSERT INTO admin_audit (actor_id, action, subject_id, detail, address, via, at)
      VALUES (\(actor), \(action), \(subject), \(String(detail.prefix(500))), \(String((origin?.address ?? "").prefix(100))),
        \(origin?.via.rawValue ?? ""), \(at))
      """)
  }

  /// Writes that `actor` took a copy of something out of Trellis (a download or an API export).
  public func recordExport(_ actor: Actor, _ action: String, detail: String = "", from origin: Origin) throws
  {
    try database.transaction { connection in
      try Self.recordAdmin(
        connection, actor: actor.id, action: action, subject: nil, detail: detail, from: origin,
        at: clock.now())
    }
  }

  /// "Who has seen my information": every recorded read of this person's data, grouped by reader,
  /// data, channel and day, newest first, a page at a time. Nothing is ever left out.
  public func accessHistory(_ actor: Actor, of personID: Int64, limit: Int = 50, offset: Int = 0) throws
    -> Page<AccessEntry>
  {
    try Policy.require(actor, .viewAccessHistory, Relationship(isSelf: actor.id == personID))
    return try database.withConnection { connection in
      let groups: SQLQuery = """
        SELECT viewer_id, data, via, substr(at, 1, 10) AS day, count(*) AS reads, min(at) AS first_at,
               max(at) AS last_at, max(id) AS last_id
        FROM access_log WHERE subject_id = \(personID)
        GROUP BY viewer_id, data, via, substr(at, 1, 10)
        """
      return try Page.read(
        connection, limit: limit, offset: offset,
        counting: "(\(groups)) grouped",
        items: { limit, offset in
          try connection.query(
            """
            SELECT grouped.*, people.given_name, people.family_name, people.preferred_name, people.email
            FROM (\(groups)) grouped JOIN people ON people.id = grouped.viewer_id
            ORDER BY grouped.last_at DESC, grouped.last_id DESC
            LIMIT \(limit) OFFSET \(offset)
            """
          ).map { row in
            AccessEntry(
              viewerID: try row.decode("viewer_id"),
              viewerName: try PersonName.display(row),
              data: try row.decode("data"),
              via: Channel(rawValue: try row.decode("via")) ?? .web,
              day: try row.decode("day"), count: try row.decode("reads"),
              firstAt: try row.decode("first_at"), at: try row.decode("last_at"))
          }
        })
    }
  }

  /// The security log, newest first, filtered, a page at a time.
  public func securityLog(
    _ actor: Actor, _ filter: SecurityLogFilter = .init(), limit: Int = 50, offset: Int = 0
  )
    throws -> Page<SecurityEvent>
  {
    try Policy.require(actor, .viewAdminAudit)
    let matching = Self.condition(filter)
    return try database.withConnection { connection in
      try Page.read(
        connection, limit: limit, offset: offset,
        counting: "admin_audit WHERE \(matching)",
        items: { limit, offset in
          try Self.events(
            connection, where: matching, after: nil, limit: limit, offset: offset, newestFirst: true)
        })
    }
  }

  /// The actions the log holds, for a filter's choices.
  public func securityActions(_ actor: Actor) throws -> [String] {
    try Policy.require(actor, .viewAdminAudit)
    return try database.withConnection { connection in
      // One index probe per action (a loose index scan), however long the log has grown.
      try connection.query(
        """
        WITH RECURSIVE actions (action) AS (
          SELECT min(action) FROM admin_audit
          UNION ALL
          SELECT (SELECT min(action) FROM admin_audit WHERE action > actions.action) FROM actions
          WHERE actions.action IS NOT NULL)
        SELECT action FROM actions WHERE action IS NOT NULL ORDER BY action
        """
      ).map {
        try $0.decode("action")
      }
    }
  }

  /// Every event the filter matches, oldest first, as JSON Lines (one event per line); the
  /// export itself is logged.
  public func exportSecurityLog(_ actor: Actor, _ filter: SecurityLogFilter, from origin: Origin)
    throws -> Data
  {
    try Policy.require(actor, .viewAdminAudit)
    let matching = Self.condition(filter)
    let encoder = SecurityEvent.lineEncoder
    var lines = Data()
    var cursor: Int64 = 0
    while true {
      let batch = try database.withConnection { connection in
        try Self.events(
          connection, where: matching, after: cursor, limit: 1_000, offset: 0, newestFirst: false)
      }
      for event in batch {
        lines.append(try encoder.encode(event))
        lines.append(0x0A)
      }
      guard let last = batch.last, batch.count == 1_000 else { break }
      cursor = last.id
    }
    try database.transaction { connection in
      try Self.recordAdmin(
        connection, actor: actor.id, action: SecurityAction.logExported, subject: nil,
        detail: filter.description, from: origin, at: clock.now())
    }
    return lines
  }

  static func condition(_ filter: SecurityLogFilter) -> SQLQuery {
    var parts: [SQLQuery] = ["TRUE"]
    if let action = filter.action { parts.append("admin_audit.action = \(action)") }
    if let person = filter.person {
      parts.append("(admin_audit.actor_id = \(person) OR admin_audit.subject_id = \(person))")
    }
    if let from = filter.from { parts.append("admin_audit.at >= \(from.description)") }
    if let to = filter.to { parts.append("admin_audit.at < \(to.adding(days: 1).description)") }
    return SQLQuery.joined(parts, separator: " AND ")
  }

  /// Events matching `condition`; `after` pages by id (oldest first) for exports and streams.
  static func events(
    _ connection: any Connection, where condition: SQLQuery, after: Int64?, limit: Int, offset: Int,
    newestFirst: Bool
  ) throws -> [SecurityEvent] {
    let since: SQLQuery = after.map { "AND admin_audit.id > \($0)" } ?? ""
    let order: SQLQuery = newestFirst ? "admin_audit.at DESC, admin_audit.id DESC" : "admin_audit.id"
    return try connection.query(
      """
      SELECT admin_audit.id, admin_audit.actor_id, admin_audit.action, admin_audit.subject_id, admin_audit.detail,
             admin_audit.address, admin_audit.via, admin_audit.at,
             \(PersonName.columns(of: "actor", prefix: "actor_")),
             \(PersonName.columns(of: "subject", prefix: "subject_"))
      FROM admin_audit
      LEFT JOIN people actor ON actor.id = admin_audit.actor_id
      LEFT JOIN people subject ON subject.id = admin_audit.subject_id
      WHERE \(condition) \(since)
      ORDER BY \(order)
      LIMIT \(limit) OFFSET \(offset)
      """
    ).map { row in
      SecurityEvent(
        id: try row.decode("id"), actorID: try row.decode("actor_id"),
        actorName: try PersonName.displayIfPresent(row, prefix: "actor_"),
        action: try row.decode("action"), subjectID: try row.decode("subject_id"),
        subjectName: try PersonName.displayIfPresent(row, prefix: "subject_"),
        detail: try row.decode("detail"), address: try row.decode("address"), via: try row.decode("via"),
        at: try row.decode("at"))
    }
  }
}

extension SecurityEvent {
  /// One JSON object per event, keys sorted, dates as ISO 8601 (UTC).
  static var lineEncoder: JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    return encoder
  }
}

extension SecurityLogFilter: CustomStringConvertible {
  /// The filter in words, for the log entry of an export.
  public var description: String {
    var parts: [String] = []
    if let action { parts.append("action: \(action)") }
    if let person { parts.append("person: \(person)") }
    if let from { parts.append("from \(from)") }
    if let to { parts.append("to \(to)") }
    return parts.isEmpty ? "everything" : parts.joined(separator: ", ")
  }
}
