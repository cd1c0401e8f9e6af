import Foundation
import SQL

/// Career conversations: the rhythm of each relationship, scheduling, what is said, what follows.
public struct ConversationService: Sendable {
  let database: Database
  let clock: Clock
  /// For the links and invitations emailed to participants.
  let mail: MailSettings

  // MARK: Access

  /// How the actor stands to a conversation; throws unless the policy allows `action`.
  private func authorize(
    _ connection: any Connection, _ actor: Actor, _ action: Action, _ conversation: Conversation
  ) throws -> Relationship {
    let relationship = try ConversationStore.find(connection, relationship: conversation.relationshipID)
    var standing = Relationship(isSelf: actor.id == conversation.employeeID)
    standing.isConversationPartner = actor.id == conversation.partnerID && relationship?.isActive == true
    if !standing.isSelf && !standing.isConversationPartner {
      standing.hasHandover = try ConversationStore.hasHandover(
        connection, conversation: conversation, to: actor.id)
    }
    try Policy.require(actor, action, standing)
    return standing
  }

  /// True when the actor may read the conversation: the policy that `ConversationStore.readable`
  /// states in SQL (a test checks the two agree).
  func authorizeRead(_ connection: any Connection, _ actor: Actor, _ conversation: Conversation) throws
    -> Bool
  {
    _ = try authorize(connection, actor, .viewConversation, conversation)
    return true
  }

  private func load(_ connection: any Connection, _ id: Int64) throws -> Conversation {
    guard let conversation = try ConversationStore.find(connection, conversation: id) else {
      throw NotFound("conversation")
    }
    return conversation
  }

  /// A relationship the actor is part of; others' relationships are "not found".
  private func relationship(_ connection: any Connection, _ actor: Actor, _ id: Int64, forChange: Bool) throws
    -> CareerRelationship
  {
    guard let relationship = try ConversationStore.find(connection, relationship: id),
      relationship.employeeID == actor.id || relationship.partnerID == actor.id
    else { throw NotFound("relationship") }
    if forChange && !relationship.isActive && relationship.employeeID != actor.id {
      throw AccessError.forbidden(.takePartInConversation)
    }
    return relationship
  }

  // MARK: Rhythm

  public func settings() throws -> ConversationSettings {
    try database.withConnection { try ConversationStore.settings($0) }
  }

  /// The organization's defaults (people team).
  public func updateSettings(_ actor: Actor, _ settings: ConversationSettings) throws {
    try Policy.require(actor, .manageGuides)
    var validator = Validator()
    NumberRule.cadenceDays.check(settings.defaultCadenceDays, "defaultCadenceDays", in: &validator)
    NumberRule.firstConversationDays.check(
      settings.firstConversationDays, "firstConversationDays", in: &validator)
    validator.check(
      settings.timeZone.isEmpty || LocalTime.zone(named: settings.timeZone) != nil, "timeZone",
      "must be a time zone such as Europe/Lisbon")
    try validator.throwIfInvalid()
    let now = clock.now()
    try database.transaction { connection in
      var values = [
        ("default_cadence_days", String(settings.defaultCadenceDays)),
        ("first_conversation_days", String(settings.firstConversationDays)),
      ]
      if !settings.timeZone.isEmpty { values.append((PeopleStore.organizationTimeZone, settings.timeZone)) }
      for (key, value) in values {
        try connection.execute(
          """
          INSERT INTO settings (key, value, updated_at) VALUES (\(key), \(value), \(now))
          ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
          """)
      }
    }
  }

  /// Every active relationship the actor is part of, with where it stands.
  public func rhythms(_ actor: Actor) throws -> [Rhythm] {
    try database.withConnection { connection in
      try rhythms(
        connection,
        where:
          "(relationships.employee_id = \(actor.id) OR relationships.partner_id = \(actor.id)) AND relationships.ended_on IS NULL",
        settings: try ConversationStore.settings(connection))
    }
  }

  /// One active relationship of the actor's, with where it stands; any other is not found.
  public func rhythm(_ actor: Actor, relationship id: Int64) throws -> Rhythm {
    try database.withConnection { connection in
      try rhythms(
        connection,
        where: """
          relationships.id = \(id) AND relationships.ended_on IS NULL
            AND (relationships.employee_id = \(actor.id) OR relationships.partner_id = \(actor.id))
          """, settings: try ConversationStore.settings(connection)
      ).first.found("relationship")
    }
  }

  func rhythm(
    _ connection: any Connection, _ relationship: CareerRelationship, settings: ConversationSettings
  )
    throws -> Rhythm
  {
    try rhythms(connection, where: "relationships.id = \(relationship.id)", settings: settings).first.found(
      "relationship")
  }

  /// Where the relationships matching `condition` stand, newest first: three queries whatever
  /// their number (their facts, their people, their next conversations).
  func rhythms(_ connection: any Connection, where condition: SQLQuery, settings: ConversationSettings) throws
    -> [Rhythm]
  {
    let now = clock.now()
    let facts = try ConversationStore.rhythmFacts(connection, where: condition, now: now).sorted {
      ($0.relationship.startedOn, $0.relationship.id) > ($1.relationship.startedOn, $1.relationship.id)
    }
    if facts.isEmpty { return [] }
    let people = try PeopleStore.findAll(
      connection, ids: Array(Set(facts.flatMap { [$0.relationship.employeeID, $0.relationship.partnerID] })))
    var next: [Int64: Conversation] = [:]
    for conversation in try ConversationStore.conversations(
      connection,
      where: """
        conversations.relationship_id IN (\(list: facts.map(\.relationship.id)))
          AND conversations.status = 'scheduled' AND conversations.scheduled_at >= \(ConversationStore.stillUpcoming(now))
        """,
      order: "conversations.scheduled_at ASC") where next[conversation.relationshipID] == nil
    {
      next[conversation.relationshipID] = conversation
    }
    return try facts.map { fact in
      let relationship = fact.relationship
      let due = settings.dueOn(relationship, lastHeld: fact.lastHeld)
      let upcoming = next[relationship.id]
      return Rhythm(
        relationship: relationship, employee: try people[relationship.employeeID].found("person"),
        partner: try people[relationship.partnerID].found("person"),
        cadenceDays: settings.cadence(of: relationship),
        lastHeldOn: fact.lastHeld, nextScheduled: upcoming, dueOn: due,
        status: .of(
          due: due, nextScheduledOn: upcoming.map { CalendarDate($0.scheduledAt) }, today: CalendarDate(now)))
    }
  }

  /// Sets a relationship's own cadence in days, or nil for the organization's default.
  public func setCadence(_ actor: Actor, relationship id: Int64, days: Int?) throws {
    try NumberRule.cadenceDays.validate(days, "cadenceDays")
    try database.transaction { connection in
      _ = try relationship(connection, actor, id, forChange: true)
      try connection.execute("UPDATE relationships SET cadence_days = \(days) WHERE id = \(id)")
    }
  }

  // MARK: Scheduling

  /// Schedules a conversation in one of the actor's relationships, with a guide (default if none).
  public func schedule(_ actor: Actor, relationship id: Int64, _ input: ScheduleInput) throws -> Conversation
  {
    let instant = try input.instant()
    return try database.transaction { connection in
      let relationship = try relationship(connection, actor, id, forChange: true)
      guard relationship.isActive else {
        throw Conflict("this relationship has ended: conversations continue with the new manager")
      }
      let guides = try ConversationStore.guides(connection, includeRetired: false)
      guard
        let guide = input.guideID.map({ wanted in guides.first { $0.id == wanted } })
          ?? Self.defaultGuide(guides, for: relationship.kind)
      else { throw ValidationError(field: "guideID", "no such guide (or it is retired)") }
      let now = clock.now()
      let rows = try connection.query(
        """
        INSERT INTO conversations (relationship_id, guide_version_id, scheduled_at, time_zone, duration_minutes,
          location, status, created_by, created_at, updated_at)
        VALUES (\(id), \(guide.version.id), \(instant), \(input.timeZone), \(input.durationMinutes),
          \(input.location.trimmed), 'scheduled', \(actor.id), \(now), \(now))
        RETURNING id
        """)
      let scheduled = try load(connection, try rows[0].decode("id"))
      try notifyParticipants(connection, scheduled)
      return scheduled
    }
  }

  /// Mentorships meet with the mentoring guide while it is in use; others with the default guide.
  public static func defaultGuide(_ guides: [Guide], for kind: RelationshipKind) -> Guide? {
    (kind == .mentor ? guides.first { $0.slug == GuidesSchema.mentoringGuide } : nil)
      ?? guides.first(where: \.isDefault) ?? guides.first
  }

  /// Moves a scheduled conversation; calendars see a new SEQUENCE.
  public func reschedule(_ actor: Actor, conversation id: Int64, _ input: ScheduleInput, reason: String)
    throws
    -> Conversation
  {
    try database.transaction { connection in
      let conversation = try load(connection, id)
      _ = try authorize(connection, actor, .takePartInConversation, conversation)
      let instant = try input.instant()
      try TextRule.reason.validate(reason, "reason")
      guard conversation.status == .scheduled else {
        throw Conflict(field: "status", "only a scheduled conversation can be moved")
      }
      try connection.execute(
        """
        UPDATE conversations SET scheduled_at = \(instant), time_zone = \(input.timeZone),
          duration_minutes = \(input.durationMinutes), location = \(input.location.trimmed),
          status_reason = \(reason.trimmed), sequence = sequence + 1, updated_at = \(clock.now())
        WHERE id = \(id)
        """)
      let moved = try load(connection, id)
      try notifyParticipants(connection, moved)
      return moved
    }
  }

  /// Held, missed or cancelled (the last two with a reason).
  public func setStatus(
    _ actor: Actor, conversation id: Int64, to status: ConversationStatus, reason: String = ""
  )
    throws -> Conversation
  {
    try database.transaction { connection in
      let conversation = try load(connection, id)
      _ = try authorize(connection, actor, .takePartInConversation, conversation)
      let reason = reason.trimmed
      try TextRule.reason.validate(reason, "reason")
      switch (conversation.status, status) {
      case (.scheduled, .held), (.missed, .held):
        let zone = TimeZone(identifier: conversation.timeZone) ?? .gmt
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.year, .month, .day], from: conversation.scheduledAt)
        let heldOn = min(
          CalendarDate(String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!))
            ?? clock.today(),
          clock.today())
        try connection.execute(
          "UPDATE conversations SET status = 'held', held_on = \(heldOn), status_reason = '', updated_at = \(clock.now()) WHERE id = \(id)"
        )
      case (.scheduled, .missed), (.scheduled, .cancelled):
        guard !reason.isEmpty else {
          throw ValidationError(field: "reason", "say briefly why, so the next conversation can pick it up")
        }
        try connection.execute(
          """
          UPDATE conversations SET status = \(status.rawValue), status_reason = \(reason), sequence = sequence + 1,
            updated_at = \(clock.now())
          WHERE id = \(id)
          """)
        if status == .cancelled { try notifyParticipants(connection, try load(connection, id)) }
      default:
        throw Conflict(
          field: "status", "a \(conversation.status.rawValue) conversation cannot become \(status.rawValue)")
      }
      return try load(connection, id)
    }
  }

  // MARK: Reading

  /// The conversation as the actor may see it. Reads by someone it was handed over to are logged.
  public func detail(_ actor: Actor, conversation id: Int64, via: Channel) throws -> ConversationDetail {
    try database.reading { connection, recorded in
      let conversation = try load(connection, id)
      let standing = try authorize(connection, actor, .viewConversation, conversation)
      if Policy.isAudited(.viewConversation, standing) {
        recorded.record(
          viewer: actor.id, subject: conversation.employeeID,
          data: "conversation of \(Self.day(conversation))",
          via: via, at: clock.now())
      }
      let people = try PeopleStore.findAll(
        connection, ids: [conversation.employeeID, conversation.partnerID])
      // Someone reading by handover sees what is still open only from conversations handed to them.
      let handedOverOnly: SQLQuery =
        standing.isSelf || standing.isConversationPartner
        ? ""
        : """
        AND EXISTS (SELECT 1 FROM handovers WHERE \(ConversationStore.handedOver(
            employee: "\(conversation.employeeID)", to: actor.id, conversation: "action_items.conversation_id")))
        """
      let agenda = try connection.query(
        """
        SELECT agenda_items.id, agenda_items.author_id, agenda_items.text,
               people.given_name, people.family_name, people.preferred_name, people.email
        FROM agenda_items JOIN people ON people.id = agenda_items.author_id
        WHERE agenda_items.conversation_id = \(id) ORDER BY agenda_items.id
        """
      ).map { row in
        AgendaItem(
          id: try row.decode("id"), authorID: try row.decode("author_id"),
          authorName: try PersonName.display(row), text: try row.decode("text"))
      }
      let reflections = try ConversationStore.reflections(connection, conversation: id)
      func mine(_ table: SQLQuery) throws -> PrivateNote? {
        try connection.queryFirst(
          "SELECT body, updated_at FROM \(table) WHERE conversation_id = \(id) AND author_id = \(actor.id)"
        ).map { PrivateNote(body: try $0.decode("body"), updatedAt: try $0.decode("updated_at")) }
      }
      return ConversationDetail(
        conversation: conversation, employee: try people[conversation.employeeID].found("person"),
        partner: try people[conversation.partnerID].found("person"),
        guide: try ConversationStore.guideVersion(connection, id: conversation.guideVersionID).found("guide"),
        agenda: agenda,
        carriedOver: try ConversationStore.actionItems(
          connection,
          where: """
            action_items.relationship_id = \(conversation.relationshipID) AND action_items.status = 'open'
              AND action_items.conversation_id <> \(id) \(handedOverOnly)
            """),
        actionItems: try ConversationStore.actionItems(
          connection, where: "action_items.conversation_id = \(id)"),
        // Private writing: its author only (Policy.readPrivateWriting).
        myReflection: reflections.first {
          Policy.allows(actor, .readPrivateWriting, .only(\.isAuthor, $0.authorID == actor.id))
        },
        sharedReflections: reflections.filter { $0.authorID != actor.id && $0.sharedAt != nil },
        sharedNotes: try ConversationStore.sharedNotes(connection, conversation: id),
        myPrivateNote: try mine("private_notes"),
        summary: try ConversationStore.summary(connection, conversation: id),
        mySummaryDraft: try mine("summary_drafts"),
        canEdit: Policy.allows(actor, .takePartInConversation, standing),
        pulseGiven: try connection.scalar(
          "SELECT count(*) FROM pulse_given WHERE conversation_id = \(id)", as: Int.self) ?? 0 > 0,
        plan: try planAtAGlance(connection, actor, conversation, via: via, recorded: &recorded),
        previousHeldOn: try connection.scalar(
          """
          SELECT max(held_on) FROM conversations
          WHERE relationship_id = \(conversation.relationshipID) AND status = 'held' AND scheduled_at < \(conversation.scheduledAt)
          """, as: CalendarDate?.self) ?? nil)
    }
  }

  /// The employee's active plan items, when the actor may read the plan (the policy's `viewPlan`).
  private func planAtAGlance(
    _ connection: any Connection, _ actor: Actor, _ conversation: Conversation, via: Channel,
    recorded: inout RecordedReads
  ) throws
    -> [PlanItem]?
  {
    let relationship = try PeopleStore.relationship(
      connection, actor: actor.id, subject: conversation.employeeID)
    guard Policy.allows(actor, .viewPlan, relationship),
      let plan = try connection.scalar(
        "SELECT id FROM plans WHERE person_id = \(conversation.employeeID) AND status = 'active'",
        as: Int64.self)
    else { return nil }
    if Policy.isAudited(.viewPlan, relationship) {
      recorded.record(
        viewer: actor.id, subject: conversation.employeeID, data: "development plan (in a conversation)",
        via: via, at: clock.now())
    }
    return try PlanStore.items(connection, plan: plan)
  }

  static func day(_ conversation: Conversation) -> String {
    String(SQLTimestamp.format(conversation.scheduledAt).prefix(10))
  }

  /// A person's conversations the actor may see, newest first (their timeline), a page at a time.
  public func timeline(_ actor: Actor, of personID: Int64, limit: Int = 50, offset: Int = 0) throws
    -> Page<Conversation>
  {
    try database.withConnection { connection in
      let condition: SQLQuery = """
        (relationships.employee_id = \(personID) OR relationships.partner_id = \(personID))
          AND \(ConversationStore.readable(by: actor.id))
        """
      return try Page.read(
        connection, limit: limit, offset: offset,
        counting: """
          conversations JOIN relationships ON relationships.id = conversations.relationship_id
          WHERE \(condition)
          """,
        items: { try ConversationStore.conversations(connection, where: condition, limit: $0, offset: $1) })
    }
  }

  /// The conversations matching `condition` that the actor may see, newest first.
  func visible(_ connection: any Connection, _ actor: Actor, where condition: SQLQuery) throws
    -> [Conversation]
  {
    try ConversationStore.conversations(
      connection, where: "\(condition) AND \(ConversationStore.readable(by: actor.id))")
  }

  /// Earlier versions of the shared notes, newest first.
  public func noteRevisions(_ actor: Actor, conversation id: Int64) throws -> [NoteRevision] {
    try database.withConnection { connection in
      _ = try authorize(connection, actor, .viewConversation, try load(connection, id))
      return try connection.query(
        """
        SELECT note_revisions.revision, note_revisions.body, note_revisions.created_at,
               people.given_name, people.family_name, people.preferred_name, people.email
        FROM note_revisions JOIN people ON people.id = note_revisions.author_id
        WHERE note_revisions.conversation_id = \(id) ORDER BY note_revisions.revision DESC
        """
      ).map { row in
        NoteRevision(
          revision: try row.decode("revision"), body: try row.decode("body"),
          authorName: try PersonName.display(row), createdAt: try row.decode("created_at"))
      }
    }
  }

  // MARK: Before: agenda and reflection

  public func addAgendaItem(_ actor: Actor, conversation id: Int64, text: String) throws {
    let text = text.trimmed
    try database.transaction { connection in
      _ = try authorize(connection, actor, .takePartInConversation, try load(connection, id))
      try TextRule.agendaItem.validate(text, "text")
      let item = try connection.query(
        "INSERT INTO agenda_items (conversation_id, author_id, text, created_at) VALUES (\(id), \(actor.id), \(text), \(clock.now())) RETURNING id"
      )[0].decode("id", as: Int64.self)
      try SearchIndex.replace(
        connection, conversation: id, source: "agenda:\(item)", kind: "agenda", owner: nil, body: text)
    }
  }

  /// Removes one's own agenda item.
  public func removeAgendaItem(_ actor: Actor, conversation id: Int64, item: Int64) throws {
    try database.transaction { connection in
      _ = try authorize(connection, actor, .takePartInConversation, try load(connection, id))
      let removed = try connection.execute(
        "DELETE FROM agenda_items WHERE id = \(item) AND conversation_id = \(id) AND author_id = \(actor.id)")
      if removed == 0 { throw NotFound("agenda item") }
      try SearchIndex.remove(connection, conversation: id, source: "agenda:\(item)")
    }
  }

  /// Saves the actor's answers to the guide's prompts; `share` makes them visible to the other side.
  public func saveReflection(_ actor: Actor, conversation id: Int64, answers: [String: String], share: Bool)
    throws
  {
    try database.transaction { connection in
      let conversation = try load(connection, id)
      _ = try authorize(connection, actor, .takePartInConversation, conversation)
      let prompts = Set(
        try ConversationStore.guideVersion(connection, id: conversation.guideVersionID)?.prompts ?? [])
      for answer in answers.values { try TextRule.reflectionAnswer.validate(answer, "answers") }
      let kept = answers.filter { prompts.contains($0.key) }.mapValues(\.trimmed).filter { !$0.value.isEmpty }
      let json = String(decoding: try JSONEncoder.sorted.encode(kept), as: UTF8.self)
      let now = clock.now()
      let sharedAt: Date? = share ? now : nil
      try connection.execute(
        """
        INSERT INTO reflections (conversation_id, author_id, answers, shared_at, updated_at)
        VALUES (\(id), \(actor.id), \(json), \(sharedAt), \(now))
        ON CONFLICT (conversation_id, author_id) DO UPDATE SET answers = excluded.answers,
          shared_at = CASE WHEN excluded.shared_at IS NULL THEN NULL ELSE coalesce(reflections.shared_at, excluded.shared_at) END,
          updated_at = excluded.updated_at
        """)
      let shared =
        try connection.scalar(
          "SELECT count(*) FROM reflections WHERE conversation_id = \(id) AND author_id = \(actor.id) AND shared_at IS NOT NULL",
          as: Int.self) ?? 0 > 0
      try SearchIndex.replace(
        connection, conversation: id, source: "reflection:\(actor.id)", kind: "reflection",
        owner: shared ? nil : actor.id,
        body: kept.values.joined(separator: "\n"))
    }
  }

  // MARK: During and after: notes and summary

  /// Saves the shared notes. `baseRevision` is the revision the writer started from: if the other
  /// side saved meanwhile, nothing is overwritten and the writer is told.
  public func saveSharedNotes(_ actor: Actor, conversation id: Int64, body: String, baseRevision: Int) throws
    -> Int
  {
    try TextRule.notes.validate(body, "body")
    return try database.transaction { connection in
      _ = try authorize(connection, actor, .takePartInConversation, try load(connection, id))
      let current = try ConversationStore.sharedNotes(connection, conversation: id)
      guard (current?.revision ?? 0) == baseRevision else {
        throw Conflict(
          field: "body",
          "\(current?.updatedByName ?? "Someone") changed the shared notes since you opened them. Your text is kept below: merge it into the current notes and save again."
        )
      }
      let revision = baseRevision + 1
      let now = clock.now()
      try connection.execute(
        """
        INSERT INTO shared_notes (conversation_id, body, revision, updated_by, updated_at)
        VALUES (\(id), \(body), \(revision), \(actor.id), \(now))
        ON CONFLICT (conversation_id) DO UPDATE SET body = excluded.body, revision = excluded.revision,
          updated_by = excluded.updated_by, updated_at = excluded.updated_at
        """)
      try connection.execute(
        """
        INSERT INTO note_revisions (conversation_id, revision, body, author_id, created_at)
        VALUES (\(id), \(revision), \(body), \(actor.id), \(now))
        """)
      try SearchIndex.replace(
        connection, conversation: id, source: "notes", kind: "shared notes", owner: nil, body: body)
      return revision
    }
  }

  /// The actor's private note on a conversation (seen by its author only).
  public func savePrivateNote(_ actor: Actor, conversation id: Int64, body: String) throws {
    try TextRule.notes.validate(body, "body")
    try database.transaction { connection in
      _ = try authorize(connection, actor, .viewConversation, try load(connection, id))
      try connection.execute(
        """
        INSERT INTO private_notes (conversation_id, author_id, body, updated_at)
        VALUES (\(id), \(actor.id), \(body), \(clock.now()))
        ON CONFLICT (conversation_id, author_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at
        """)
      try SearchIndex.replace(
        connection, conversation: id, source: "private:\(actor.id)", kind: "private note", owner: actor.id,
        body: body)
    }
  }

  /// The summary as the actor writes it, kept for them alone until they share it with
  /// `writeSummary`; an empty one, or one back to the shared text, is dropped.
  public func saveSummaryDraft(_ actor: Actor, conversation id: Int64, body: String) throws {
    try TextRule.summaryDraft.validate(body, "body")
    try database.transaction { connection in
      _ = try authorize(connection, actor, .takePartInConversation, try load(connection, id))
      let shared = try ConversationStore.summary(connection, conversation: id)?.body
      if body.trimmed.isEmpty || body.trimmed == shared {
        try connection.execute(
          "DELETE FROM summary_drafts WHERE conversation_id = \(id) AND author_id = \(actor.id)")
        return
      }
      try connection.execute(
        """
        INSERT INTO summary_drafts (conversation_id, author_id, body, updated_at)
        VALUES (\(id), \(actor.id), \(body), \(clock.now()))
        ON CONFLICT (conversation_id, author_id) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at
        """)
    }
  }

  /// Writes (or rewrites) the summary and drops the author's draft; the other side's earlier
  /// response no longer applies.
  public func writeSummary(_ actor: Actor, conversation id: Int64, body: String) throws {
    let body = body.trimmed
    try database.transaction { connection in
      let conversation = try load(connection, id)
      _ = try authorize(connection, actor, .takePartInConversation, conversation)
      try TextRule.summary.validate(body, "body")
      // The other side is asked to confirm: names and a link only, never what was written.
      let now = clock.now()
      try Outbox.email(
        connection,
        to: conversation.employeeID == actor.id ? conversation.partnerID : conversation.employeeID,
        topic: .conversations, kind: "summary to confirm",
        key: "summary:\(id):\(SQLTimestamp.format(now))",
        subject: "\(actor.person.displayName) asks you to confirm a conversation summary",
        body: """
          \(actor.person.displayName) wrote the summary of your conversation of \(Self.day(conversation)).

          Read it and confirm it, or say what is off: \(mail.baseURL)/conversations/\(id)#summary
          """, now: now)
      try connection.execute(
        """
        INSERT INTO summaries (conversation_id, body, author_id, written_at) VALUES (\(id), \(body), \(actor.id), \(now))
        ON CONFLICT (conversation_id) DO UPDATE SET body = excluded.body, author_id = excluded.author_id,
          written_at = excluded.written_at, response = NULL, response_comment = '', responded_by = NULL,
          responded_at = NULL
        """)
      try connection.execute(
        "DELETE FROM summary_drafts WHERE conversation_id = \(id) AND author_id = \(actor.id)")
      try SearchIndex.replace(
        connection, conversation: id, source: "summary", kind: "summary", owner: nil, body: body)
    }
  }

  /// The other side confirms the summary or comments on it.
  public func respondToSummary(_ actor: Actor, conversation id: Int64, confirm: Bool, comment: String) throws
  {
    let comment = comment.trimmed
    try database.transaction { connection in
      _ = try authorize(connection, actor, .takePartInConversation, try load(connection, id))
      if !confirm && comment.isEmpty {
        throw ValidationError(field: "comment", "say what you understood differently")
      }
      try TextRule.summaryComment.validate(comment, "comment")
      guard let summary = try ConversationStore.summary(connection, conversation: id) else {
        throw NotFound("summary")
      }
      guard summary.authorID != actor.id else {
        throw Conflict("the other participant confirms a summary, not its author")
      }
      try connection.execute(
        """
        UPDATE summaries SET response = \(confirm ? "confirmed" : "commented"), response_comment = \(comment),
          responded_by = \(actor.id), responded_at = \(clock.now())
        WHERE conversation_id = \(id)
        """)
    }
  }

  // MARK: Action items

  /// An owned, dated next step; the owner is one of the two participants.
  public func addActionItem(
    _ actor: Actor, conversation id: Int64, title: String, ownerID: Int64, dueOn: String
  )
    throws -> ActionItem
  {
    let title = title.trimmed
    return try database.transaction { connection in
      let conversation = try load(connection, id)
      _ = try authorize(connection, actor, .takePartInConversation, conversation)
      var validator = Validator()
      TextRule.actionItemTitle.check(title, "title", in: &validator)
      validator.check(conversation.isParticipant(ownerID), "ownerID", "must be one of the two participants")
      let due = CalendarDate(dueOn)
      validator.check(due != nil, "dueOn", "must be a date as YYYY-MM-DD")
      try validator.throwIfInvalid()
      let now = clock.now()
      let rows = try connection.query(
        """
        INSERT INTO action_items (conversation_id, relationship_id, title, owner_id, due_on, status, created_by,
          created_at, updated_at)
        VALUES (\(id), \(conversation.relationshipID), \(title), \(ownerID), \(due!), 'open', \(actor.id), \(now), \(now))
        RETURNING id
        """)
      let itemID = try rows[0].decode("id", as: Int64.self)
      try SearchIndex.replace(
        connection, conversation: id, source: "action:\(itemID)", kind: "action item", owner: nil, body: title
      )
      return try ConversationStore.actionItems(connection, where: "action_items.id = \(itemID)")[0]
    }
  }

  /// Done, dropped (with a reason, without blame) or open again.
  public func updateActionItem(_ actor: Actor, item id: Int64, status: ActionStatus, reason: String = "")
    throws
    -> ActionItem
  {
    try database.transaction { connection in
      guard let item = try ConversationStore.actionItems(connection, where: "action_items.id = \(id)").first
      else {
        throw NotFound("action item")
      }
      _ = try authorize(connection, actor, .takePartInConversation, try load(connection, item.conversationID))
      let reason = reason.trimmed
      if status == .dropped && reason.isEmpty {
        throw ValidationError(field: "reason", "say briefly why it is dropped")
      }
      try TextRule.reason.validate(reason, "reason")
      let doneOn: CalendarDate? = status == .done ? clock.today() : nil
      try connection.execute(
        """
        UPDATE action_items SET status = \(status.rawValue), drop_reason = \(status == .dropped ? reason : ""),
          done_on = \(doneOn), updated_at = \(clock.now())
        WHERE id = \(id)
        """)
      return try ConversationStore.actionItems(connection, where: "action_items.id = \(id)")[0]
    }
  }

  /// The actor's own action items, open ones first by due date.
  public func myActionItems(_ actor: Actor, includeClosed: Bool = false) throws -> [ActionItem] {
    try database.withConnection { connection in
      try ConversationStore.actionItems(
        connection,
        where:
          "action_items.owner_id = \(actor.id) \(raw: includeClosed ? "" : "AND action_items.status = 'open'")"
      )
    }
  }

  // MARK: Pulse, handover, guides

  /// The employee's anonymous answer after a held conversation: stored without who or which.
  public func givePulse(_ actor: Actor, conversation id: Int64, feltHeard: Int, clearNextSteps: Int) throws {
    try database.transaction { connection in
      let conversation = try load(connection, id)
      try Policy.require(actor, .givePulse, Relationship(isSelf: conversation.employeeID == actor.id))
      var validator = Validator()
      NumberRule.pulseScore.check(feltHeard, "feltHeard", in: &validator)
      NumberRule.pulseScore.check(clearNextSteps, "clearNextSteps", in: &validator)
      try validator.throwIfInvalid()
      guard conversation.status == .held else {
        throw Conflict("the pulse follows a conversation that was held")
      }
      let inserted = try connection.execute(
        "INSERT INTO pulse_given (conversation_id, given_at) VALUES (\(id), \(CalendarDate(clock.now()))) ON CONFLICT (conversation_id) DO NOTHING"
      )
      guard inserted == 1 else { throw Conflict("you already answered for this conversation") }
      let today = clock.today()
      let quarter = "\(today.year)-Q\((today.month - 1) / 3 + 1)"
      try connection.execute(
        """
        INSERT INTO pulse_responses (felt_heard, clear_next_steps, partner_id, department, quarter)
        VALUES (\(feltHeard), \(clearNextSteps), \(conversation.partnerID), \(actor.person.department), \(quarter))
        """)
    }
  }

  /// The employee lets their current manager see one past conversation (or all of them).
  public func handOver(_ actor: Actor, conversation id: Int64?) throws {
    try database.transaction { connection in
      guard let manager = try PeopleStore.find(connection, id: actor.id)?.managerID else {
        throw Conflict("you have no manager to hand over to")
      }
      if let id {
        let conversation = try load(connection, id)
        guard conversation.employeeID == actor.id else { throw NotFound("conversation") }
      }
      try connection.execute(
        """
        INSERT INTO handovers (employee_id, recipient_id, conversation_id, granted_at)
        VALUES (\(actor.id), \(manager), \(id), \(clock.now()))
        """)
    }
  }

  /// Withdraws every handover the employee made to this person.
  public func revokeHandovers(_ actor: Actor, from recipient: Int64) throws {
    try database.transaction { connection in
      guard try PeopleStore.find(connection, id: recipient) != nil else { throw NotFound("person") }
      let now = clock.now()
      let revoked = try connection.execute(
        "UPDATE handovers SET revoked_at = \(now) WHERE employee_id = \(actor.id) AND recipient_id = \(recipient) AND revoked_at IS NULL"
      )
      // Nothing was shared: keep the decision (granted and revoked at once, so nothing is readable),
      // so the new manager's question no longer waits on the employee's "Needs you" list.
      if revoked == 0 {
        try connection.execute(
          """
          INSERT INTO handovers (employee_id, recipient_id, conversation_id, granted_at, revoked_at)
          VALUES (\(actor.id), \(recipient), NULL, \(now), \(now))
          """)
      }
    }
  }

  public func guides(_ actor: Actor, includeRetired: Bool = false) throws -> [Guide] {
    try database.withConnection {
      try ConversationStore.guides($0, includeRetired: includeRetired && Policy.allows(actor, .manageGuides))
    }
  }

  /// A new version of a guide's prompts (people team). Past conversations keep theirs.
  public func reviseGuide(
    _ actor: Actor, guide id: Int64, title: String, purpose: String, sections: [GuideSection]
  ) throws {
    try Policy.require(actor, .manageGuides)
    try Self.checkGuide(title: title, purpose: purpose, sections: sections)
    try database.transaction { connection in
      guard
        let latest = try connection.scalar(
          "SELECT max(version) FROM guide_versions WHERE guide_id = \(id)", as: Int?.self) ?? nil
      else { throw NotFound("guide") }
      let json = String(decoding: try JSONEncoder.sorted.encode(sections), as: UTF8.self)
      try connection.execute(
        "UPDATE guides SET title = \(title.trimmed), purpose = \(purpose.trimmed) WHERE id = \(id)")
      try connection.execute(
        """
        INSERT INTO guide_versions (guide_id, version, sections, created_by, created_at)
        VALUES (\(id), \(latest + 1), \(json), \(actor.id), \(clock.now()))
        """)
    }
  }
}
