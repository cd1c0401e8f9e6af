import Foundation
import SQL

/// How a read or change reached Trellis, for the record.
public enum Channel: String, Sendable, Codable {
  case web
  case api
  case commandLine = "command line"
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

/// One administrative action (who, what, to whom): never content.
public struct AdminAuditEntry: Sendable, Equatable, Codable {
  public let actorID: Int64?
  public let actorName: String?
  public let action: String
  public let subjectID: Int64?
  public let subjectName: String?
  public let detail: String
  public let at: Date
}

/// The two trails: reads of career data (shown to the person read about) and admin actions.
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

  static func recordAdmin(
    _ connection: any Connection, actor: Int64?, action: String, subject: Int64?, detail: String = "",
    at: Date
  ) throws {
    try connection.execute(
      """
      INSERT INTO admin_audit (actor_id, action, subject_id, detail, at)
      VALUES (\(actor), \(action), \(subject), \(detail), \(at))
      """)
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

  /// The administrative log, newest first, a page at a time.
  public func adminLog(_ actor: Actor, limit: Int = 50, offset: Int = 0) throws -> Page<AdminAuditEntry> {
    try Policy.require(actor, .viewAdminAudit)
    return try database.withConnection { connection in
      return try Page.read(
        connection, limit: limit, offset: offset,
        counting: "admin_audit",
        items: { limit, offset in
          try connection.query(
            """
            SELECT admin_audit.actor_id, admin_audit.action, admin_audit.subject_id, admin_audit.detail,
                   admin_audit.at, \(PersonName.columns(of: "actor", prefix: "actor_")),
                   \(PersonName.columns(of: "subject", prefix: "subject_"))
            FROM admin_audit
            LEFT JOIN people actor ON actor.id = admin_audit.actor_id
            LEFT JOIN people subject ON subject.id = admin_audit.subject_id
            ORDER BY admin_audit.at DESC, admin_audit.id DESC
            LIMIT \(limit) OFFSET \(offset)
            """
          ).map { row in
            AdminAuditEntry(
              actorID: try row.decode("actor_id"),
              actorName: try PersonName.displayIfPresent(row, prefix: "actor_"),
              action: try row.decode("action"), subjectID: try row.decode("subject_id"),
              subjectName: try PersonName.displayIfPresent(row, prefix: "subject_"),
              detail: try row.decode("detail"), at: try row.decode("at"))
          }
        })
    }
  }
}
