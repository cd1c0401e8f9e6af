import Foundation
import SQL

/// One kind of data Trellis deletes after a time the people team sets.
public enum RetainedKind: String, Sendable, CaseIterable, Codable {
  case leavers
  case privateWriting
  case conversationContent
  case feedback
  case accessHistory
  case outbox
  case auditLog

  public var title: String {
    switch self {
    case .leavers: "People who left"
    case .privateWriting: "Private notes and unshared reflections"
    case .conversationContent: "Conversation content"
    case .feedback: "Feedback"
    case .accessHistory: "Access history"
    case .outbox: "Sent and failed messages"
    case .auditLog: "Audit log"
    }
  }

  /// What the setting does, to whom, in plain words (`N` is the number of days).
  public func explanation(days: Int?) -> String {
    let after = days.map { "\($0.grouped) days" } ?? "ever"
    return switch self {
    case .leavers:
      days == nil
        ? "What is about people who left is kept, under their name, until the people team erases them."
        : "\(after) after someone is deactivated, their private writing and what is about them alone (goals, plans, assessments, feedback received, their account) are deleted, and where others keep a record (a conversation, feedback they gave, the audit log) their name becomes “Former employee” and a number. What they shared in conversations stays with the other side until the conversation retention period."
    case .privateWriting:
      days == nil
        ? "Private notes and reflections never shared are kept while their author works here and after."
        : "When a manager or mentoring relationship ends, each person's private notes and unshared reflections on its conversations are deleted \(after) later. The other side never sees them either way."
    case .conversationContent:
      days == nil
        ? "What conversations hold is kept for as long as Trellis runs."
        : "When a relationship ends, what its conversations hold (agenda, shared notes and their history, reflections, summary, action items) is deleted \(after) later, for both people. The dates of the conversations stay, without content, for the organization's figures."
    case .feedback:
      days == nil
        ? "Feedback is kept for as long as Trellis runs."
        : "Feedback, and answered or declined requests for it, are deleted \(after) after they were given or closed, for giver and recipient alike."
    case .accessHistory:
      days == nil
        ? "Every recorded read of someone's information is kept."
        : "The record of who read someone's information is deleted \(after) after the read. Until then each person sees it under “Who has seen my information”."
    case .outbox:
      days == nil
        ? "Emails and web hook messages stay in the outbox after they are sent."
        : "Emails and web hook messages are deleted from the outbox \(after) after they were sent, or after they were created when they could not be sent."
    case .auditLog:
      days == nil
        ? "The log of administrative actions is kept for as long as Trellis runs."
        : "Entries of the log of administrative actions (who did what, never content) are deleted \(after) after they were made."
    }
  }

  /// What may be chosen, in days (none: kept).
  public var rule: NumberRule {
    switch self {
    case .leavers: NumberRule(30...3_650, unit: "days")
    case .privateWriting: NumberRule(30...3_650, unit: "days")
    case .conversationContent: NumberRule(90...3_650, unit: "days")
    case .feedback: NumberRule(180...3_650, unit: "days")
    case .accessHistory: NumberRule(90...3_650, unit: "days")
    case .outbox: NumberRule(1...365, unit: "days")
    case .auditLog: NumberRule(365...3_650, unit: "days")
    }
  }

  /// The default (the README lists them).
  public var defaultDays: Int {
    switch self {
    case .leavers: 180
    case .privateWriting: 365
    case .conversationContent: 1_095
    case .feedback: 1_095
    case .accessHistory: 730
    case .outbox: 30
    case .auditLog: 1_825
    }
  }

  var settingKey: String { "retention.\(rawValue)" }
}

/// How long each kind is kept, in days; nil keeps it.
public struct RetentionSettings: Sendable, Equatable {
  public var days: [RetainedKind: Int?]

  public init(days: [RetainedKind: Int?] = [:]) { self.days = days }

  /// The days for `kind` (its default unless set; nil: kept).
  public func days(_ kind: RetainedKind) -> Int? { days[kind] ?? kind.defaultDays }

  public static let defaults = RetentionSettings()
}

/// What one pass of retention removed, by kind (counts, never content).
public struct RetentionReport: Sendable, Equatable, Codable {
  public var removed: [String: Int] = [:]
  public var total: Int { removed.values.reduce(0, +) }
}

/// Applies the retention settings: a daily job, and on demand by the people team.
public struct RetentionService: Sendable {
  let database: Database
  let clock: Clock

  public func settings(_ actor: Actor) throws -> RetentionSettings {
    try Policy.require(actor, .manageRetention)
    return try database.withConnection { try Self.load($0) }
  }

  /// The settings as they stand, for anyone to read (the data inventory states them).
  public func current() throws -> RetentionSettings {
    try database.withConnection { try Self.load($0) }
  }

  public func update(_ actor: Actor, _ changes: [RetainedKind: Int?]) throws -> RetentionSettings {
    try Policy.require(actor, .manageRetention)
    var validator = Validator()
    for (kind, days) in changes { kind.rule.check(days ?? nil, kind.rawValue, in: &validator) }
    try validator.throwIfInvalid()
    let now = clock.now()
    return try database.transaction { connection in
      for (kind, days) in changes.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
        let value = (days ?? nil).map(String.init) ?? "kept"
        try connection.execute(
          """
          INSERT INTO settings (key, value, updated_at) VALUES (\(kind.settingKey), \(value), \(now))
          ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
          """)
        try AuditService.recordAdmin(
          connection, actor: actor.id, action: "retention_changed", subject: nil,
          detail: "\(kind.rawValue): \(value)", at: now)
      }
      return try Self.load(connection)
    }
  }

  static func load(_ connection: any Connection) throws -> RetentionSettings {
    var settings = RetentionSettings()
    let keys = Dictionary(uniqueKeysWithValues: RetainedKind.allCases.map { ($0.settingKey, $0) })
    for row in try connection.query("SELECT key, value FROM settings WHERE key LIKE 'retention.%'") {
      guard let kind = keys[try row.decode("key", as: String.self)] else { continue }
      let value = try row.decode("value", as: String.self)
      settings.days[kind] = .some(value == "kept" ? nil : Int(value) ?? kind.defaultDays)
    }
    return settings
  }

  /// Deletes what is past its time, each kind in its own transaction, and writes the counts to
  /// the audit log when anything went.
  @discardableResult
  public func apply() throws -> RetentionReport {
    let settings = try database.withConnection { try Self.load($0) }
    let now = clock.now()
    var report = RetentionReport()
    for kind in RetainedKind.allCases {
      guard let days = settings.days(kind) else { continue }
      let cutoff = now.addingTimeInterval(-Double(days) * 86_400)
      let removed = try database.transaction { connection in
        try Self.remove(kind, before: cutoff, now: now, connection)
      }
      for (what, count) in removed where count > 0 { report.removed[what] = count }
    }
    if report.total > 0 {
      let detail = report.removed.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(
        separator: ", ")
      try database.transaction { connection in
        try SearchIndex.compact(connection)
        try AuditService.recordAdmin(
          connection, actor: nil, action: "retention_applied", subject: nil, detail: detail, at: now)
      }
    }
    return report
  }

  /// Deletes one kind's data older than `cutoff`; the counts by table.
  static func remove(_ kind: RetainedKind, before cutoff: Date, now: Date, _ connection: any Connection)
    throws
    -> [String: Int]
  {
    let day = CalendarDate(cutoff)
    // Conversations of relationships that ended before the cutoff.
    let ended: SQLQuery = """
      SELECT conversations.id FROM conversations JOIN relationships ON relationships.id = conversations.relationship_id
      WHERE relationships.ended_on IS NOT NULL AND relationships.ended_on < \(day)
      """
    var removed: [String: Int] = [:]
    func delete(_ label: String, _ query: SQLQuery) throws {
      removed[label, default: 0] += try connection.execute(query)
    }
    switch kind {
    case .leavers:
      let due = try connection.query(
        """
        SELECT id FROM people WHERE active = FALSE AND erased_at IS NULL
          AND \(ErasureService.leftOn) < \(day)
        """
      ).map { try $0.decode("id", as: Int64.self) }
      for id in due {
        guard let person = try PeopleStore.find(connection, id: id) else { continue }
        _ = try ErasureService.erase(connection, person, .leaver, by: nil, at: now)
        removed["people who left, erased", default: 0] += 1
      }
    case .privateWriting:
      try delete("private notes", "DELETE FROM private_notes WHERE conversation_id IN (\(ended))")
      try delete("summary drafts", "DELETE FROM summary_drafts WHERE conversation_id IN (\(ended))")
      try delete(
        "unshared reflections",
        "DELETE FROM reflections WHERE shared_at IS NULL AND conversation_id IN (\(ended))")
      try connection.execute(
        "DELETE FROM search_index WHERE owner_id IS NOT NULL AND conversation_id IN (\(ended))")
    case .conversationContent:
      try delete("agenda items", "DELETE FROM agenda_items WHERE conversation_id IN (\(ended))")
      try delete("action items", "DELETE FROM action_items WHERE conversation_id IN (\(ended))")
      try delete("reflections", "DELETE FROM reflections WHERE conversation_id IN (\(ended))")
      try delete("shared notes", "DELETE FROM shared_notes WHERE conversation_id IN (\(ended))")
      try delete("note revisions", "DELETE FROM note_revisions WHERE conversation_id IN (\(ended))")
      try delete("private notes", "DELETE FROM private_notes WHERE conversation_id IN (\(ended))")
      try delete("summary drafts", "DELETE FROM summary_drafts WHERE conversation_id IN (\(ended))")
      try delete("summaries", "DELETE FROM summaries WHERE conversation_id IN (\(ended))")
      try connection.execute("DELETE FROM search_index WHERE conversation_id IN (\(ended))")
      try connection.execute(
        "UPDATE conversations SET status_reason = '', location = '' WHERE id IN (\(ended)) AND (status_reason <> '' OR location <> '')"
      )
    case .feedback:
      try delete("feedback", "DELETE FROM feedback WHERE created_at < \(cutoff)")
      try delete(
        "feedback requests",
        """
        DELETE FROM feedback_requests WHERE status <> 'open' AND closed_at < \(cutoff)
          AND id NOT IN (SELECT request_id FROM feedback WHERE request_id IS NOT NULL)
        """)
    case .accessHistory:
      try delete("access history entries", "DELETE FROM access_log WHERE at < \(cutoff)")
    case .outbox:
      try delete(
        "outbox messages",
        """
        DELETE FROM outbox WHERE (status = 'sent' AND sent_at < \(cutoff))
          OR (status = 'failed' AND created_at < \(cutoff))
        """)
    case .auditLog:
      try delete("audit log entries", "DELETE FROM admin_audit WHERE at < \(cutoff)")
    }
    return removed
  }
}
