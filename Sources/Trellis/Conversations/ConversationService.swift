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
  func authorize(
    _ connection: any Connection, _ actor: Actor, _ action: Action, _ conversation: Conversation,
    relationship known: CareerRelationship? = nil
  ) throws -> Relationship {
    var standing = Relationship(isSelf: actor.id == conversation.employeeID)
    // Only its partner needs the relationship read: they take part while it is active.
    if actor.id == conversation.partnerID {
      let relationship =
        try known ?? ConversationStore.find(connection, relationship: conversation.relationshipID)
      standing.isConversationPartner = relationship?.isActive == true
    }
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

  func load(_ connection: any Connection, _ id: Int64) throws -> Conversation {
    guard let conversation = try ConversationStore.find(connection, conversation: id) else {
      throw NotFound("conversation")
    }
    return conversation
  }

  /// A relationship the actor is part of; others' relationships are "not found".
  func relationship(_ connection: any Connection, _ actor: Actor, _ id: Int64, forChange: Bool) throws
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
    try database.withConnection { try $0.read(rhythms(of: actor)) }
  }

  func rhythms(of actor: Actor) -> Read<[Rhythm]> {
    rhythms(
      where:
        "(relationships.employee_id = \(actor.id) OR relationships.partner_id = \(actor.id)) AND relationships.ended_on IS NULL"
    )
  }

  /// One active relationship of the actor's, with where it stands; any other is not found.
  public func rhythm(_ actor: Actor, relationship id: Int64) throws -> Rhythm {
    try database.withConnection { connection in
      try rhythms(
        connection,
        where: """
          relationships.id = \(id) AND relationships.ended_on IS NULL
            AND (relationships.employee_id = \(actor.id) OR relationships.partner_id = \(actor.id))
          """
      ).first.found("relationship")
    }
  }

  func rhythm(_ connection: any Connection, _ relationship: CareerRelationship) throws -> Rhythm {
    try rhythms(connection, where: "relationships.id = \(relationship.id)").first.found("relationship")
  }

  func rhythms(_ connection: any Connection, where condition: SQLQuery) throws -> [Rhythm] {
    try connection.read(rhythms(where: condition))
  }

  /// Where the relationships matching `condition` (on `relationships` alone) stand, newest
  /// first: their facts, their people, their next conversations and the organization's
  /// cadence, read together whatever their number.
  func rhythms(where condition: SQLQuery) -> Read<[Rhythm]> {
    let now = clock.now()
    let matching: SQLQuery = "SELECT relationships.id FROM relationships WHERE \(condition)"
    return Read.together(
      ConversationStore.rhythmFacts(where: condition, now: now),
      PeopleStore.find(
        where: """
          id IN (SELECT relationships.employee_id FROM relationships WHERE \(condition)
            UNION SELECT relationships.partner_id FROM relationships WHERE \(condition))
          """),
      ConversationStore.conversations(
        where: """
          conversations.relationship_id IN (\(matching))
            AND conversations.status = 'scheduled' AND conversations.scheduled_at >= \(ConversationStore.stillUpcoming(now))
          """,
        order: "conversations.scheduled_at ASC"),
      ConversationStore.settings()
    ).map { facts, people, upcoming, settings in
      var next: [Int64: Conversation] = [:]
      for conversation in upcoming where next[conversation.relationshipID] == nil {
        next[conversation.relationshipID] = conversation
      }
      return try facts.sorted {
        ($0.relationship.startedOn, $0.relationship.id) > ($1.relationship.startedOn, $1.relationship.id)
      }.map { fact in
        let relationship = fact.relationship
        let due = settings.dueOn(relationship, lastHeld: fact.lastHeld)
        let upcoming = next[relationship.id]
        return Rhythm(
          relationship: relationship, employee: try people[relationship.employeeID].found("person"),
          partner: try people[relationship.partnerID].found("person"),
          cadenceDays: settings.cadence(of: relationship),
          lastHeldOn: fact.lastHeld, nextScheduled: upcoming, dueOn: due,
          status: .of(
            due: due, nextScheduledOn: upcoming.map { CalendarDate($0.scheduledAt) }, today: CalendarDate(now)
          ))
      }
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
  /// Its page also asks for the relationship's last `history` conversations and the employee's
  /// goals, for its participants: read with the rest, in the same round trip.
  public func detail(
    _ actor: Actor, conversation id: Int64, via: Channel, history: Int = 0, goals withGoals: Bool = false
  ) throws -> ConversationDetail {
    try database.reading { connection, recorded in
      let (found, relationship) = try connection.read(
        ConversationStore.conversations(where: "conversations.id = \(id)"),
        ConversationStore.relationship(ofConversation: id))
      guard let conversation = found.first, let relationship else { throw NotFound("conversation") }
      let standing = try authorize(
        connection, actor, .viewConversation, conversation, relationship: relationship)
      let canEdit = Policy.allows(actor, .takePartInConversation, standing)
      // The relationship's history and goals at a glance are for its participants, not for
      // someone reading by handover.
      let participant = standing.isSelf || canEdit
      if Policy.isAudited(.viewConversation, standing) {
        recorded.record(
          viewer: actor.id, subject: conversation.employeeID,
          data: "conversation of \(Self.day(conversation))",
          via: via, at: clock.now())
      }
      // Someone reading by handover sees what is still open only from conversations handed to them.
      let handedOverOnly: SQLQuery =
        standing.isSelf || standing.isConversationPartner
        ? ""
        : """
        AND EXISTS (SELECT 1 FROM handovers WHERE \(ConversationStore.handedOver(
            employee: "\(conversation.employeeID)", to: actor.id, conversation: "action_items.conversation_id")))
        """
      func mine(_ table: SQLQuery) -> Read<PrivateNote?> {
        Read(
          "SELECT body, updated_at FROM \(table) WHERE conversation_id = \(id) AND author_id = \(actor.id)"
        ) {
          try $0.first.map {
            PrivateNote(body: try $0.decode("body"), updatedAt: try $0.decode("updated_at"))
          }
        }
      }
      // Everything else the page shows depends only on the conversation: one round trip.
      let (
        people, guide, agenda, reflections, carriedOver, actionItems, sharedNotes, privateNote, summary,
        summaryDraft, pulseGiven, previousHeldOn, activePlan, planItems, past, goals
      ) = try connection.read(
        PeopleStore.find(ids: [conversation.employeeID, conversation.partnerID]),
        ConversationStore.guideVersion(id: conversation.guideVersionID),
        Read(
          """
          SELECT agenda_items.id, agenda_items.author_id, agenda_items.text,
                 people.given_name, people.family_name, people.preferred_name, people.email
          FROM agenda_items JOIN people ON people.id = agenda_items.author_id
          WHERE agenda_items.conversation_id = \(id) ORDER BY agenda_items.id
          """
        ) { rows in
          try rows.map { row in
            AgendaItem(
              id: try row.decode("id"), authorID: try row.decode("author_id"),
              authorName: try PersonName.display(row), text: try row.decode("text"))
          }
        },
        ConversationStore.reflections(conversation: id),
        ConversationStore.actionItems(
          where: """
            action_items.relationship_id = \(conversation.relationshipID) AND action_items.status = 'open'
              AND action_items.conversation_id <> \(id) \(handedOverOnly)
            """),
        ConversationStore.actionItems(where: "action_items.conversation_id = \(id)"),
        ConversationStore.sharedNotes(conversation: id), mine("private_notes"),
        ConversationStore.summary(conversation: id), mine("summary_drafts"),
        Read("SELECT count(*) AS given FROM pulse_given WHERE conversation_id = \(id)") {
          try $0.first?.decode("given", as: Int.self) ?? 0 > 0
        },
        Read(
          """
          SELECT max(held_on) AS held_on FROM conversations
          WHERE relationship_id = \(conversation.relationshipID) AND status = 'held' AND scheduled_at < \(conversation.scheduledAt)
          """
        ) { try $0.first?.decode("held_on", as: CalendarDate?.self) ?? nil },
        // The plan at a glance is read with the rest, and kept only if the policy lets the actor see it.
        Read(
          "SELECT count(*) AS plans FROM plans WHERE person_id = \(conversation.employeeID) AND status = 'active'"
        ) {
          try $0[0].decode("plans", as: Int.self) > 0
        },
        PlanStore.items(where: "plans.person_id = \(conversation.employeeID) AND plans.status = 'active'"),
        history > 0 && participant
          ? Self.historyItems(
            where: historyCondition(actor, relationship), limit: history, offset: 0
          ).map(Optional.some) : .known(nil),
        withGoals && participant
          ? GoalStore.goals(where: "goals.person_id = \(conversation.employeeID)").map(Optional.some)
          : .known(nil))
      let employee = try people[conversation.employeeID].found("person")
      // How the actor stands to the employee, for the plan and the goals: read once, if needed.
      var toEmployee: Relationship? = nil
      func standingToEmployee() throws -> Relationship {
        if let toEmployee { return toEmployee }
        let found = try PeopleStore.relationship(connection, actor: actor.id, subject: employee)
        toEmployee = found
        return found
      }
      if let past {
        Self.recordHandedOver(past, of: relationship, to: actor, via: via, at: clock.now(), &recorded)
      }
      let visibleGoals = try goals.map {
        try GoalService.visible(
          $0, of: employee.id, to: actor, standingToEmployee(), via: via, at: clock.now(), &recorded)
      }
      return ConversationDetail(
        conversation: conversation, employee: employee,
        partner: try people[conversation.partnerID].found("person"), guide: try guide.found("guide"),
        agenda: agenda, carriedOver: carriedOver, actionItems: actionItems,
        // Private writing: its author only (Policy.readPrivateWriting).
        myReflection: reflections.first {
          Policy.allows(actor, .readPrivateWriting, .only(\.isAuthor, $0.authorID == actor.id))
        },
        sharedReflections: reflections.filter { $0.authorID != actor.id && $0.sharedAt != nil },
        sharedNotes: sharedNotes, myPrivateNote: privateNote, summary: summary, mySummaryDraft: summaryDraft,
        canEdit: canEdit, pulseGiven: pulseGiven,
        plan: activePlan
          ? planAtAGlance(actor, employee, try standingToEmployee(), planItems, via: via, recorded: &recorded)
          : nil,
        previousHeldOn: previousHeldOn, history: past, goals: visibleGoals)
    }
  }

  /// The employee's active plan items, when the actor may read the plan (the policy's `viewPlan`).
  private func planAtAGlance(
    _ actor: Actor, _ employee: Person, _ relationship: Relationship, _ items: [PlanItem], via: Channel,
    recorded: inout RecordedReads
  ) -> [PlanItem]? {
    guard Policy.allows(actor, .viewPlan, relationship) else { return nil }
    if Policy.isAudited(.viewPlan, relationship) {
      recorded.record(
        viewer: actor.id, subject: employee.id, data: "development plan (in a conversation)", via: via,
        at: clock.now())
    }
    return items
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
}
