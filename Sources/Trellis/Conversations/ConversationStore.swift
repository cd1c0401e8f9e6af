import Foundation
import SQL

/// SQL for relationships, conversations and what they hold. Services check the policy first.
enum ConversationStore {
  static let conversationColumns = """
    conversations.id, conversations.relationship_id, conversations.guide_version_id,
    conversations.scheduled_at, conversations.time_zone, conversations.duration_minutes,
    conversations.location, conversations.status, conversations.status_reason, conversations.held_on,
    conversations.sequence, relationships.employee_id, relationships.partner_id
    """

  static func conversation(_ row: Row) throws -> Conversation {
    Conversation(
      id: try row.decode("id"), relationshipID: try row.decode("relationship_id"),
      employeeID: try row.decode("employee_id"), partnerID: try row.decode("partner_id"),
      guideVersionID: try row.decode("guide_version_id"), scheduledAt: try row.decode("scheduled_at"),
      timeZone: try row.decode("time_zone"), durationMinutes: try row.decode("duration_minutes"),
      location: try row.decode("location"),
      status: ConversationStatus(rawValue: try row.decode("status")) ?? .scheduled,
      statusReason: try row.decode("status_reason"), heldOn: try row.decode("held_on"),
      sequence: try row.decode("sequence"))
  }

  /// The conversations matching `condition` in `order`: all of them, or `limit` from `offset`.
  static func conversations(
    _ connection: any Connection, where condition: SQLQuery,
    order: String = "conversations.scheduled_at DESC",
    limit: Int? = nil, offset: Int = 0
  )
    throws -> [Conversation]
  {
    try connection.read(conversations(where: condition, order: order, limit: limit, offset: offset))
  }

  static func conversations(
    where condition: SQLQuery, order: String = "conversations.scheduled_at DESC", limit: Int? = nil,
    offset: Int = 0
  ) -> Read<[Conversation]> {
    Read(selecting(conversationColumns, where: condition, order: order, limit: limit, offset: offset)) {
      try $0.map(conversation)
    }
  }

  /// The `columns` of the conversations matching `condition` in `order` (with their relationship):
  /// the conversations themselves, or their ids for a subquery that must select the same page.
  static func selecting(
    _ columns: String, where condition: SQLQuery, order: String = "conversations.scheduled_at DESC",
    limit: Int? = nil, offset: Int = 0
  ) -> SQLQuery {
    """
    SELECT \(raw: columns) FROM conversations
    JOIN relationships ON relationships.id = conversations.relationship_id
    WHERE \(condition) ORDER BY \(raw: order), conversations.id DESC \(.window(limit, offset))
    """
  }

  static func find(_ connection: any Connection, conversation id: Int64) throws -> Conversation? {
    try conversations(connection, where: "conversations.id = \(id)").first
  }

  static func relationship(_ row: Row) throws -> CareerRelationship {
    CareerRelationship(
      id: try row.decode("id"), kind: RelationshipKind(rawValue: try row.decode("kind")) ?? .manager,
      employeeID: try row.decode("employee_id"), partnerID: try row.decode("partner_id"),
      startedOn: try row.decode("started_on"), endedOn: try row.decode("ended_on"),
      cadenceDays: try row.decode("cadence_days"))
  }

  /// The relationship whose id is `id` (a value or a subquery), as a read.
  static func relationship(id: SQLQuery) -> Read<CareerRelationship?> {
    Read(
      "SELECT id, kind, employee_id, partner_id, started_on, ended_on, cadence_days FROM relationships WHERE id = \(id)"
    ) { try $0.first.map(relationship) }
  }

  /// The relationship a conversation belongs to, read with the conversation in one round trip.
  static func relationship(ofConversation id: Int64) -> Read<CareerRelationship?> {
    relationship(id: "(SELECT relationship_id FROM conversations WHERE id = \(id))")
  }

  static func find(_ connection: any Connection, relationship id: Int64) throws -> CareerRelationship? {
    try connection.read(relationship(id: "\(id)"))
  }

  /// Relationships where the person is either side; active ones unless `includeEnded`.
  static func relationships(_ connection: any Connection, of person: Int64, includeEnded: Bool = false) throws
    -> [CareerRelationship]
  {
    try connection.query(
      """
      SELECT id, kind, employee_id, partner_id, started_on, ended_on, cadence_days FROM relationships
      WHERE (employee_id = \(person) OR partner_id = \(person)) \(raw: includeEnded ? "" : "AND ended_on IS NULL")
      ORDER BY started_on DESC, id DESC
      """
    ).map(relationship)
  }

  /// A conversation scheduled since this moment (a day back, so today's still counts) is upcoming.
  static func stillUpcoming(_ now: Date) -> Date { now.addingTimeInterval(-86_400) }

  /// Where each relationship stands, for many at once in one query: its last held conversation
  /// and the next one scheduled (what `ConversationService.rhythm` reads one relationship at a time).
  /// With `heldBy`, the last conversation held by that day: where it stood then.
  static func rhythmFacts(
    _ connection: any Connection, where condition: SQLQuery, now: Date, heldBy: CalendarDate? = nil
  ) throws -> [RhythmFact] {
    try connection.read(rhythmFacts(where: condition, now: now, heldBy: heldBy))
  }

  typealias RhythmFact = (
    relationship: CareerRelationship, lastHeld: CalendarDate?, nextScheduledOn: CalendarDate?
  )

  static func rhythmFacts(where condition: SQLQuery, now: Date, heldBy: CalendarDate? = nil) -> Read<
    [RhythmFact]
  > {
    let held: SQLQuery =
      heldBy.map { "conversations.status = 'held' AND conversations.held_on <= \($0)" }
      ?? "conversations.status = 'held'"
    return Read(
      """
      SELECT relationships.id, relationships.kind, relationships.employee_id, relationships.partner_id,
        relationships.started_on, relationships.ended_on, relationships.cadence_days,
        max(CASE WHEN \(held) THEN conversations.held_on END) AS last_held,
        min(CASE WHEN conversations.status = 'scheduled' AND conversations.scheduled_at >= \(stillUpcoming(now))
          THEN conversations.scheduled_at END) AS next_scheduled
      FROM relationships LEFT JOIN conversations ON conversations.relationship_id = relationships.id
      WHERE \(condition)
      GROUP BY relationships.id, relationships.kind, relationships.employee_id, relationships.partner_id,
        relationships.started_on, relationships.ended_on, relationships.cadence_days
      """
    ) { rows in
      try rows.map {
        (
          try relationship($0), try $0.decode("last_held", as: CalendarDate?.self),
          try $0.decode("next_scheduled", as: Date?.self).map { CalendarDate($0) }
        )
      }
    }
  }

  static func settings(_ connection: any Connection) throws -> ConversationSettings {
    try connection.read(settings())
  }

  static func settings() -> Read<ConversationSettings> {
    // Only its own keys: the table also keeps signing keys, which no page needs to read.
    Read(
      """
      SELECT key, value FROM settings
      WHERE key IN ('default_cadence_days', 'first_conversation_days', \(PeopleStore.organizationTimeZone))
      """
    ) { rows in
      var settings = ConversationSettings(defaultCadenceDays: 91, firstConversationDays: 30)
      for row in rows {
        let value = Int(try row.decode("value", as: String.self))
        switch try row.decode("key", as: String.self) {
        case "default_cadence_days": settings.defaultCadenceDays = value ?? settings.defaultCadenceDays
        case "first_conversation_days":
          settings.firstConversationDays = value ?? settings.firstConversationDays
        case PeopleStore.organizationTimeZone: settings.timeZone = try row.decode("value")
        default: break
        }
      }
      return settings
    }
  }

  static func guideVersion(id: Int64) -> Read<GuideVersion?> {
    Read(
      """
      SELECT guide_versions.id, guide_versions.guide_id, guide_versions.version, guide_versions.sections,
             guides.title
      FROM guide_versions JOIN guides ON guides.id = guide_versions.guide_id
      WHERE guide_versions.id = \(id)
      """
    ) { rows in try rows.first.map(guideVersion) }
  }

  static func guideVersion(_ row: Row) throws -> GuideVersion {
    let sections = try JSONDecoder().decode(
      [GuideSection].self, from: Data(try row.decode("sections", as: String.self).utf8))
    return GuideVersion(
      id: try row.decode("id"), guideID: try row.decode("guide_id"), number: try row.decode("version"),
      title: try row.decode("title"), sections: sections)
  }

  static func guides(_ connection: any Connection, includeRetired: Bool) throws -> [Guide] {
    let rows = try connection.query(
      """
      SELECT guides.id AS guide_id, guides.slug, guides.title, guides.purpose, guides.retired,
             guides.is_default, guide_versions.id, guide_versions.version, guide_versions.sections
      FROM guides JOIN guide_versions ON guide_versions.guide_id = guides.id
      WHERE guide_versions.version = (SELECT max(v.version) FROM guide_versions v WHERE v.guide_id = guides.id)
        \(raw: includeRetired ? "" : "AND guides.retired = FALSE")
      ORDER BY guides.is_default DESC, guides.title
      """)
    return try rows.map { row in
      Guide(
        id: try row.decode("guide_id"), slug: try row.decode("slug"), title: try row.decode("title"),
        purpose: try row.decode("purpose"), retired: try row.decode("retired"),
        isDefault: try row.decode("is_default"), version: try guideVersion(row))
    }
  }

  static func actionItems(_ connection: any Connection, where condition: SQLQuery) throws -> [ActionItem] {
    try connection.read(actionItems(where: condition))
  }

  static func actionItems(where condition: SQLQuery) -> Read<[ActionItem]> {
    Read(
      """
      SELECT action_items.id, action_items.conversation_id, action_items.relationship_id, action_items.title,
             action_items.owner_id, action_items.due_on, action_items.status, action_items.drop_reason,
             action_items.done_on, people.given_name, people.family_name, people.preferred_name, people.email
      FROM action_items JOIN people ON people.id = action_items.owner_id
      WHERE \(condition) ORDER BY action_items.due_on, action_items.id
      """
    ) { rows in
      try rows.map { row in
        ActionItem(
          id: try row.decode("id"), conversationID: try row.decode("conversation_id"),
          relationshipID: try row.decode("relationship_id"), title: try row.decode("title"),
          ownerID: try row.decode("owner_id"), ownerName: try PersonName.display(row),
          dueOn: try row.decode("due_on"), status: ActionStatus(rawValue: try row.decode("status")) ?? .open,
          dropReason: try row.decode("drop_reason"), doneOn: try row.decode("done_on"))
      }
    }
  }

  static func reflections(conversation id: Int64) -> Read<[Reflection]> {
    Read("SELECT author_id, answers, shared_at, updated_at FROM reflections WHERE conversation_id = \(id)") {
      rows in
      try rows.map { row in
        Reflection(
          authorID: try row.decode("author_id"),
          answers: (try? JSONDecoder().decode(
            [String: String].self, from: Data(try row.decode("answers", as: String.self).utf8))) ?? [:],
          sharedAt: try row.decode("shared_at"), updatedAt: try row.decode("updated_at"))
      }
    }
  }

  static func sharedNotes(conversation id: Int64) -> Read<SharedNotes?> {
    Read(
      """
      SELECT shared_notes.body, shared_notes.revision, shared_notes.updated_at,
             people.given_name, people.family_name, people.preferred_name, people.email
      FROM shared_notes JOIN people ON people.id = shared_notes.updated_by
      WHERE shared_notes.conversation_id = \(id)
      """
    ) { rows in
      try rows.first.map { row in
        SharedNotes(
          body: try row.decode("body"), revision: try row.decode("revision"),
          updatedByName: try PersonName.display(row),
          updatedAt: try row.decode("updated_at"))
      }
    }
  }

  static func summary(conversation id: Int64) -> Read<Summary?> {
    summaries(conversations: [id]).map { $0[id] }
  }

  static func summaries(_ connection: any Connection, conversations ids: [Int64]) throws -> [Int64: Summary] {
    try connection.read(summaries(conversations: ids))
  }

  /// The summaries of many conversations in one query, by conversation.
  static func summaries(conversations ids: [Int64]) -> Read<[Int64: Summary]> {
    summaries(of: "\(list: ids)")
  }

  /// The summaries of the conversations `conversations` selects (a list or a subquery of ids).
  static func summaries(of conversations: SQLQuery) -> Read<[Int64: Summary]> {
    Read(
      """
      SELECT conversation_id, body, author_id, written_at, response, response_comment, responded_at
      FROM summaries WHERE conversation_id IN (\(conversations))
      """
    ) { rows in
      var summaries: [Int64: Summary] = [:]
      for row in rows {
        summaries[try row.decode("conversation_id")] = Summary(
          body: try row.decode("body"), authorID: try row.decode("author_id"),
          writtenAt: try row.decode("written_at"),
          response: try row.decode("response", as: String?.self).flatMap(SummaryResponse.init(rawValue:)),
          responseComment: try row.decode("response_comment"), respondedAt: try row.decode("responded_at"))
      }
      return summaries
    }
  }

  static func hasHandover(_ connection: any Connection, conversation: Conversation, to recipient: Int64)
    throws
    -> Bool
  {
    try connection.scalar(
      """
      SELECT count(*) FROM handovers
      WHERE \(handedOver(employee: "\(conversation.employeeID)", to: recipient, conversation: "\(conversation.id)"))
      """, as: Int.self) ?? 0 > 0
  }

  /// The conversations `reader` may read, as a condition on `conversations` joined to their
  /// `relationships`: the policy's `viewConversation` in SQL (their own as the employee, those of
  /// an active relationship they are the partner in, and those handed over to them), so a search
  /// or list is exactly the readable ones. A test checks it agrees with the policy. It starts
  /// from the relationships that could hold them, found through indexes: a search for a common
  /// word then reads the reader's conversations, not every conversation with that word.
  /// A statement that already keeps to `employee`'s relationships says so: when the reader is
  /// that employee, they read them all, and the condition is that alone (the relationships and
  /// handovers the reader could reach need not be looked at).
  static func readable(by reader: Int64, amongThoseOf employee: Int64? = nil) -> SQLQuery {
    if employee == reader { return "relationships.employee_id = \(reader)" }
    return """
      (relationships.id IN (
        SELECT id FROM relationships WHERE employee_id = \(reader)
        UNION ALL SELECT id FROM relationships WHERE partner_id = \(reader)
        UNION ALL SELECT relationships.id FROM handovers JOIN relationships ON relationships.employee_id = handovers.employee_id
          WHERE handovers.recipient_id = \(reader) AND handovers.revoked_at IS NULL)
      AND (relationships.employee_id = \(reader)
        OR (relationships.partner_id = \(reader) AND relationships.ended_on IS NULL)
        OR EXISTS (SELECT 1 FROM handovers
          WHERE \(handedOver(employee: "relationships.employee_id", to: reader, conversation: "conversations.id")))))
      """
  }

  /// The condition on `handovers` that the employee (an id or a column) handed `conversation` (an
  /// id or a column) to `recipient`: that conversation alone, or their whole history.
  static func handedOver(employee: SQLQuery, to recipient: Int64, conversation: SQLQuery) -> SQLQuery {
    """
    handovers.employee_id = \(employee) AND handovers.recipient_id = \(recipient) AND handovers.revoked_at IS NULL
      AND (handovers.conversation_id IS NULL OR handovers.conversation_id = \(conversation))
    """
  }
}
