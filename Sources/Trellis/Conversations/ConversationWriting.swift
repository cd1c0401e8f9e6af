import Foundation
import SQL

/// What the two people write and decide in a conversation: agenda, reflection, notes, summary,
/// action items, the pulse, and handing the past over to a new manager; and the guide library.
extension ConversationService {
  // MARK: Before: agenda and reflection

  @discardableResult
  public func addAgendaItem(_ actor: Actor, conversation id: Int64, text: String) throws -> AgendaItem {
    let text = text.trimmed
    return try database.transaction { connection in
      _ = try authorize(connection, actor, .takePartInConversation, try load(connection, id))
      try TextRule.agendaItem.validate(text, "text")
      try ListRule.agendaItems.ensureRoom(
        connection, for: "conversations", id, in: "agenda_items", by: "conversation_id", field: "text"
      ) { "the agenda is full (\($0) items, the most a conversation takes); remove one first" }
      let item = try connection.query(
        "INSERT INTO agenda_items (conversation_id, author_id, text, created_at) VALUES (\(id), \(actor.id), \(text), \(clock.now())) RETURNING id"
      )[0].decode("id", as: Int64.self)
      try SearchIndex.replace(
        connection, conversation: id, source: "agenda:\(item)", kind: "agenda", owner: nil, body: text)
      return AgendaItem(id: item, authorID: actor.id, authorName: actor.person.displayName, text: text)
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
        try connection.read(ConversationStore.guideVersion(id: conversation.guideVersionID))?.prompts ?? [])
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
      let current = try connection.read(ConversationStore.sharedNotes(conversation: id))
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
      let shared = try connection.read(ConversationStore.summary(conversation: id))?.body
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

          Read it and confirm it, or say what is off: \(mail.url(.conversation(id, part: "summary")))
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
      guard let summary = try connection.read(ConversationStore.summary(conversation: id)) else {
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
      try ListRule.conversationActionItems.ensureRoom(
        connection, for: "conversations", id, in: "action_items", by: "conversation_id", field: "title"
      ) {
        "this conversation is full (\($0) action items, the most it takes); add it in the next conversation"
      }
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
