import Foundation
import SQL

/// Mentoring: offers, suggestions from one's plan and goals, requests answered by the mentor, and
/// mentorships held with the same conversations as a manager relationship (the mentoring guide).
public struct MentorshipService: Sendable {
  let database: Database
  let clock: Clock
  let conversations: ConversationService
  /// For the link in the emails that ask the mentor and answer the mentee.
  let mail: MailSettings

  /// Offers (or changes, or pauses) the actor's offer to mentor.
  public func offer(_ actor: Actor, _ input: MentorOfferInput) throws -> MentorOffer {
    try database.transaction { connection in
      var validator = Validator()
      TextRule.mentorTopics.check(input.topics, "topics", in: &validator)
      TextRule.mentorAbout.check(input.about, "about", in: &validator)
      NumberRule.menteeCapacity.check(input.capacity, "capacity", in: &validator)
      NumberRule.cadenceDays.check(input.cadenceDays, "cadenceDays", in: &validator)
      let slugs = CompetencyLinks.check(
        input.competencySlugs ?? [], known: try CompetencyLinks.names(connection), field: "competencySlugs",
        &validator)
      try validator.throwIfInvalid()
      try connection.execute(
        """
        INSERT INTO mentor_offers (person_id, topics, about, capacity, cadence_days, active, updated_at)
        VALUES (\(actor.id), \(input.topics.trimmed), \(input.about?.trimmed ?? ""), \(input.capacity), \(input.cadenceDays),
          \(input.active), \(clock.now()))
        ON CONFLICT (person_id) DO UPDATE SET topics = excluded.topics, about = excluded.about,
          capacity = excluded.capacity, cadence_days = excluded.cadence_days, active = excluded.active,
          updated_at = excluded.updated_at
        """)
      try CompetencyLinks.replace(
        connection, table: "mentor_competencies", column: "person_id", id: actor.id, slugs: slugs)
      return try MentorshipStore.offers(
        connection, for: actor, where: "mentor_offers.person_id = \(actor.id)")[0]
    }
  }

  /// Active offers of others, optionally for one competency, with why each suits the actor; by
  /// name, a page at a time.
  public func mentors(_ actor: Actor, competency: String? = nil, limit: Int = 50, offset: Int = 0) throws
    -> Page<MentorOffer>
  {
    return try database.withConnection { connection in
      let condition = Self.offered(to: actor, competency: competency)
      return try Page.read(
        connection, limit: limit, offset: offset,
        counting: """
          mentor_offers JOIN people ON people.id = mentor_offers.person_id
          WHERE people.active AND \(condition)
          """,
        items: { try MentorshipStore.offers(connection, for: actor, where: condition, limit: $0, offset: $1) }
      )
    }
  }

  /// Active offers of others, for one competency or any.
  static func offered(to actor: Actor, competency: String?) -> SQLQuery {
    var condition: SQLQuery = "mentor_offers.active AND mentor_offers.person_id <> \(actor.id)"
    if let competency {
      condition = """
        \(condition) AND mentor_offers.person_id IN
          (SELECT person_id FROM mentor_competencies WHERE competency_slug = \(competency))
        """
    }
    return condition
  }

  /// Mentors with room whose competencies or topics meet the actor's plan, gaps and goals; best first.
  public func suggestions(_ actor: Actor) throws -> [MentorOffer] {
    try database.withConnection {
      try MentorshipStore.offers($0, for: actor, where: Self.offered(to: actor, competency: nil))
    }.filter { $0.hasRoom && !$0.reasons.isEmpty }.sorted {
      ($0.reasons.count, $1.name) > ($1.reasons.count, $0.name)
    }
  }

  /// The actor's mentorships and requests, each list from its own offset (0 when absent), and
  /// their offer to mentor.
  public func overview(_ actor: Actor, limit: Int = 20, offsets: [MentoringList: Int] = [:]) throws
    -> MentoringOverview
  {
    try database.withConnection { try $0.read(overview(of: actor, limit: limit, offsets: offsets)) }
  }

  /// The overview as one read: the three lists' totals and pages, and the offer, together.
  func overview(of actor: Actor, limit: Int = 20, offsets: [MentoringList: Int] = [:]) -> Read<
    MentoringOverview
  > {
    func window(_ list: MentoringList) -> (limit: Int, offset: Int) {
      Page<Int>.inRange(limit, offsets[list] ?? 0)
    }
    func page<Item>(_ list: MentoringList, _ items: [Item], _ totals: [MentoringList: Int]) -> Page<Item> {
      let (limit, offset) = window(list)
      let total = totals[list] ?? 0
      return Page(items: offset < total ? items : [], total: total, limit: limit, offset: offset)
    }
    return Read.together(
      MentorshipStore.totals(of: actor),
      MentorshipStore.mentorships(
        where: MentoringList.mentorships.condition(actor), limit: window(.mentorships).limit,
        offset: window(.mentorships).offset),
      MentorshipStore.requests(
        where: MentoringList.asked.condition(actor), limit: window(.asked).limit,
        offset: window(.asked).offset),
      MentorshipStore.requests(
        where: MentoringList.requested.condition(actor), limit: window(.requested).limit,
        offset: window(.requested).offset),
      MentorshipStore.offers(for: nil, where: "mentor_offers.person_id = \(actor.id)")
    ).map { totals, mentorships, asked, requested, offers in
      MentoringOverview(
        mentorships: page(.mentorships, mentorships, totals), asked: page(.asked, asked, totals),
        requested: page(.requested, requested, totals), offer: offers.first)
    }
  }

  /// The actor's mentorships, the current ones first.
  public func mentorships(_ actor: Actor, limit: Int, offset: Int) throws -> Page<Mentorship> {
    try database.withConnection {
      try MentorshipStore.mentorshipPage(
        $0, where: MentoringList.mentorships.condition(actor), limit: limit, offset: offset)
    }
  }

  /// One of the actor's lists of requests (`asked` or `requested`), newest first.
  public func requests(_ actor: Actor, _ list: MentoringList, limit: Int, offset: Int) throws
    -> Page<MentorshipRequest>
  {
    precondition(list == .asked || list == .requested, "a list of requests")
    return try database.withConnection {
      try MentorshipStore.requestPage($0, where: list.condition(actor), limit: limit, offset: offset)
    }
  }

  /// All of the actor's mentoring, whole (their copy of their data).
  public func everything(_ actor: Actor) throws -> MentoringOverview {
    try database.withConnection { connection in
      MentoringOverview(
        mentorships: .whole(
          try MentorshipStore.mentorships(connection, where: MentoringList.mentorships.condition(actor))),
        asked: .whole(try MentorshipStore.requests(connection, where: MentoringList.asked.condition(actor))),
        requested: .whole(
          try MentorshipStore.requests(connection, where: MentoringList.requested.condition(actor))),
        offer: try MentorshipStore.offers(
          connection, for: nil, where: "mentor_offers.person_id = \(actor.id)"
        ).first)
    }
  }

  /// Asks someone who offers to mentor, with a note about what the actor hopes for.
  public func request(_ actor: Actor, mentor mentorID: Int64, note: String) throws -> MentorshipRequest {
    try database.transaction { connection in
      guard mentorID != actor.id else { throw ValidationError(field: "mentorID", "choose someone else") }
      guard
        let offer = try MentorshipStore.offers(
          connection, for: nil, where: "mentor_offers.person_id = \(mentorID) AND mentor_offers.active"
        ).first
      else { throw ValidationError(field: "mentorID", "this person does not offer to mentor at the moment") }
      try TextRule.mentorshipAsk.validate(note, "note")
      guard offer.hasRoom else { throw Conflict("\(offer.name) has no room for another mentee just now") }
      let pending =
        try connection.scalar(
          """
          SELECT count(*) FROM mentorship_requests
          WHERE mentee_id = \(actor.id) AND mentor_id = \(mentorID) AND status = 'pending'
          """, as: Int.self) ?? 0
      let active =
        try connection.scalar(
          """
          SELECT count(*) FROM relationships
          WHERE kind = 'mentor' AND employee_id = \(actor.id) AND partner_id = \(mentorID) AND ended_on IS NULL
          """, as: Int.self) ?? 0
      guard pending + active == 0 else {
        throw Conflict("you already asked \(offer.name), or they mentor you")
      }
      let id = try connection.query(
        """
        INSERT INTO mentorship_requests (mentee_id, mentor_id, note, status, created_at)
        VALUES (\(actor.id), \(mentorID), \(note.trimmed), 'pending', \(clock.now()))
        RETURNING id
        """)[0].decode("id", as: Int64.self)
      try Outbox.email(
        connection, to: mentorID, topic: .requests, kind: "mentorship request",
        key: "mentorship-request:\(id)",
        subject: "\(actor.person.displayName) asks you to be their mentor",
        body: """
          \(actor.person.displayName) asks you to be their mentor.

          Accept or decline: \(mail.url(.mentoring))
          """, now: clock.now())
      return try MentorshipStore.requests(connection, where: "mentorship_requests.id = \(id)")[0]
    }
  }

  /// The mentee takes back a request that is still pending.
  public func withdraw(_ actor: Actor, request id: Int64) throws -> MentorshipRequest {
    try database.transaction { connection in
      let request = try MentorshipStore.pendingRequest(connection, actor, id, .withdrawMentorshipRequest)
      try connection.execute("DELETE FROM mentorship_requests WHERE id = \(id)")
      return request
    }
  }

  /// The mentor accepts (starting a mentorship at their offer's cadence) or declines.
  public func answer(_ actor: Actor, request id: Int64, accept: Bool, note: String) throws
    -> MentorshipRequest
  {
    try database.transaction { connection in
      let request = try MentorshipStore.pendingRequest(connection, actor, id, .answerMentorshipRequest)
      try TextRule.note.validate(note, "note")
      let now = clock.now()
      if accept {
        let offer = try MentorshipStore.offers(
          connection, for: nil, where: "mentor_offers.person_id = \(actor.id)"
        ).first
        guard let offer, offer.activeMentees < offer.capacity else {
          throw Conflict("you have no room for another mentee: raise your capacity first")
        }
        let relationship = try connection.query(
          """
          INSERT INTO relationships (kind, employee_id, partner_id, started_on, cadence_days, created_at)
          VALUES ('mentor', \(request.menteeID), \(actor.id), \(CalendarDate(now)), \(offer.cadenceDays), \(now))
          RETURNING id
          """)[0].decode("id", as: Int64.self)
        try connection.execute(
          "INSERT INTO mentorships (relationship_id, request_id) VALUES (\(relationship), \(id))")
      }
      try connection.execute(
        """
        UPDATE mentorship_requests SET status = \(accept ? "accepted" : "declined"), response_note = \(note.trimmed),
          decided_at = \(now)
        WHERE id = \(id)
        """)
      try Outbox.email(
        connection, to: request.menteeID, topic: .requests, kind: "mentorship answer",
        key: "mentorship-answer:\(id)",
        subject: accept
          ? "\(actor.person.displayName) will mentor you"
          : "\(actor.person.displayName) cannot mentor you now",
        body: """
          \(actor.person.displayName) \(accept ? "accepted" : "declined") your request for mentoring.

          \(accept ? "Plan your first conversation" : "Find another mentor"): \(mail.url(.mentoring))
          """, now: now)
      return try MentorshipStore.requests(connection, where: "mentorship_requests.id = \(id)")[0]
    }
  }

  /// A mentorship for its two participants, with its rhythm and conversations.
  public func detail(_ actor: Actor, id: Int64) throws -> MentorshipDetail {
    try database.withConnection { connection in
      let mentorship = try participant(connection, actor, id)
      let relationship = try ConversationStore.find(connection, relationship: id)
      return MentorshipDetail(
        mentorship: mentorship,
        rhythm: try relationship.flatMap {
          $0.isActive
            ? try conversations.rhythm(connection, $0) : nil
        },
        conversations: try conversations.visible(
          connection, actor, where: "conversations.relationship_id = \(id)"))
    }
  }

  public func addGoal(_ actor: Actor, mentorship id: Int64, title: String) throws -> Mentorship {
    try database.transaction { connection in
      let mentorship = try participant(connection, actor, id)
      guard mentorship.endedOn == nil else { throw Conflict("this mentorship has ended") }
      try TextRule.mentorshipGoal.validate(title, "title")
      try ListRule.mentorshipGoals.ensureRoom(
        connection, for: "relationships", id, in: "mentorship_goals", by: "relationship_id", field: "title"
      ) { "the mentorship has \($0) goals, the most it takes" }
      try connection.execute(
        """
        INSERT INTO mentorship_goals (relationship_id, title, created_by, created_at)
        VALUES (\(id), \(title.trimmed), \(actor.id), \(clock.now()))
        """)
      return try participant(connection, actor, id)
    }
  }

  public func reachGoal(_ actor: Actor, goal id: Int64) throws -> Mentorship {
    try database.transaction { connection in
      guard
        let relationship = try connection.scalar(
          "SELECT relationship_id FROM mentorship_goals WHERE id = \(id)", as: Int64.self)
      else { throw NotFound("mentorship goal") }
      _ = try participant(connection, actor, relationship)
      try connection.execute(
        "UPDATE mentorship_goals SET reached_on = \(clock.today()) WHERE id = \(id) AND reached_on IS NULL")
      return try participant(connection, actor, relationship)
    }
  }

  /// Either side ends the mentorship with a short reflection; the other side may add theirs after.
  public func end(_ actor: Actor, mentorship id: Int64, reflection: String) throws -> Mentorship {
    try database.transaction { connection in
      let mentorship = try participant(connection, actor, id)
      try TextRule.mentorshipReflection.validate(reflection, "reflection")
      if mentorship.endedOn == nil {
        try connection.execute("UPDATE relationships SET ended_on = \(clock.today()) WHERE id = \(id)")
        try connection.execute("UPDATE mentorships SET ended_by = \(actor.id) WHERE relationship_id = \(id)")
      }
      let column = actor.id == mentorship.menteeID ? "mentee_reflection" : "mentor_reflection"
      try connection.execute(
        "UPDATE mentorships SET \(raw: column) = \(reflection.trimmed) WHERE relationship_id = \(id)")
      return try participant(connection, actor, id)
    }
  }

  /// Organization-wide figures for the people team; none when fewer than five people take part.
  public func metrics(_ actor: Actor) throws -> MentoringMetrics {
    try Policy.require(actor, .viewOrganizationMetrics)
    return try database.withConnection { connection in
      let now = clock.now()
      let active = try ConversationStore.rhythmFacts(
        connection,
        where: """
          relationships.ended_on IS NULL AND relationships.id IN (SELECT relationship_id FROM mentorships)
          """, now: now)
      let people = Set(active.flatMap { [$0.relationship.employeeID, $0.relationship.partnerID] })
      guard Policy.mayShowFigure(drawnFrom: people.count) else {
        return MentoringMetrics(
          suppressed: true, activePairs: nil, peopleInvolved: nil, onCadencePercent: nil, goalsSet: nil,
          goalsReached: nil)
      }
      let settings = try ConversationStore.settings(connection)
      let onCadence = active.filter {
        RhythmStatus.of(
          due: settings.dueOn($0.relationship, lastHeld: $0.lastHeld), nextScheduledOn: $0.nextScheduledOn,
          today: CalendarDate(now)) != .overdue
      }.count
      let goals = try connection.queryFirst(
        """
        SELECT count(*) AS goals_set, count(mentorship_goals.reached_on) AS goals_reached
        FROM mentorship_goals JOIN mentorships ON mentorships.relationship_id = mentorship_goals.relationship_id
        """)
      return MentoringMetrics(
        suppressed: false, activePairs: active.count, peopleInvolved: people.count,
        onCadencePercent: active.isEmpty ? nil : onCadence * 100 / active.count,
        goalsSet: try goals?.decode("goals_set"), goalsReached: try goals?.decode("goals_reached"))
    }
  }

  /// The mentorship, when the actor is its mentee or mentor; not found otherwise.
  private func participant(_ connection: any Connection, _ actor: Actor, _ id: Int64) throws -> Mentorship {
    guard
      let mentorship = try MentorshipStore.mentorships(connection, where: "relationships.id = \(id)").first,
      Policy.allows(
        actor, .takePartInMentorship,
        Relationship.only(\.isMentee, mentorship.menteeID == actor.id).with(
          \.isMentor, mentorship.mentorID == actor.id))
    else { throw NotFound("mentorship") }
    return mentorship
  }
}
