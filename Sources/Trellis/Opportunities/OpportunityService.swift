import Foundation
import SQL

/// The internal marketplace: managers and the people team post opportunities; anyone browses
/// them with a match score, and expresses interest privately (their manager is told only if they
/// choose); owners shortlist, select and close with an outcome.
public struct OpportunityService: Sendable {
  let database: Database
  let clock: Clock
  let mail: MailSettings

  /// Open opportunities (or all), filtered, a page at a time.
  public func list(
    _ actor: Actor, kind: OpportunityKind? = nil, competency: String? = nil, includeClosed: Bool = false,
    limit: Int = 50, offset: Int = 0
  ) throws -> Page<Opportunity> {
    return try database.withConnection { connection in
      var conditions: [SQLQuery] = [includeClosed ? "TRUE" : "opportunities.status = 'open'"]
      if let kind { conditions.append("opportunities.kind = \(kind.rawValue)") }
      if let competency {
        conditions.append(
          """
          (opportunities.id IN (SELECT opportunity_id FROM opportunity_needs WHERE competency_slug = \(competency))
           OR opportunities.id IN (SELECT opportunity_id FROM opportunity_develops WHERE competency_slug = \(competency)))
          """)
      }
      let condition = SQLQuery.joined(conditions, separator: " AND ")
      return try Page.read(
        connection, limit: limit, offset: offset,
        counting: "opportunities WHERE \(condition)",
        items: {
          try OpportunityStore.opportunities(
            connection, actor, where: condition, today: clock.today(), limit: $0, offset: $1)
        })
    }
  }

  /// Open opportunities of the kinds the actor follows, posted in the last 30 days, that they
  /// have not answered yet, best match first.
  public func newMatches(_ actor: Actor) throws -> [Opportunity] {
    try database.withConnection { try $0.read(newMatches(of: actor)) }
  }

  func newMatches(of actor: Actor) -> Read<[Opportunity]> {
    let since = clock.now().addingTimeInterval(-30 * 86_400)
    return OpportunityStore.opportunities(
      actor,
      where: """
        opportunities.status = 'open' AND opportunities.interest_deadline >= \(clock.today())
        AND opportunities.created_at >= \(since) AND opportunities.owner_id <> \(actor.id)
        AND opportunities.kind IN (SELECT kind FROM opportunity_subscriptions WHERE person_id = \(actor.id))
        AND opportunities.id NOT IN (SELECT opportunity_id FROM opportunity_interests WHERE person_id = \(actor.id))
        """, today: clock.today()
    ).map { $0.filter { !$0.match.isWeak }.sorted { $0.match.score > $1.match.score } }
  }

  public func subscriptions(_ actor: Actor) throws -> [OpportunityKind] {
    try database.withConnection { connection in
      try connection.query("SELECT kind FROM opportunity_subscriptions WHERE person_id = \(actor.id)")
        .compactMap {
          OpportunityKind(rawValue: try $0.decode("kind"))
        }.sorted { $0.rawValue < $1.rawValue }
    }
  }

  public func subscribe(_ actor: Actor, to kinds: [OpportunityKind]) throws -> [OpportunityKind] {
    var validator = Validator()
    ListRule.opportunityKinds.check(kinds.count, "kinds", in: &validator)
    try validator.throwIfInvalid()
    try database.transaction { connection in
      try connection.execute("DELETE FROM opportunity_subscriptions WHERE person_id = \(actor.id)")
      for kind in Set(kinds) {
        try connection.execute(
          "INSERT INTO opportunity_subscriptions (person_id, kind, created_at) VALUES (\(actor.id), \(kind.rawValue), \(clock.now()))"
        )
      }
    }
    return try subscriptions(actor)
  }

  /// An opportunity; its owner also reads who is interested, which each of them sees in their
  /// access history.
  public func detail(_ actor: Actor, id: Int64, via: Channel, limit: Int = 50, offset: Int = 0) throws
    -> OpportunityDetail
  {
    try database.reading { connection, recorded in
      let opportunity = try OpportunityStore.opportunity(connection, actor, id, today: clock.today())
      let isOwner = opportunity.ownerID == actor.id
      let readable = OpportunityStore.readableInterest(by: actor, .only(\.isOwner, isOwner))
      let detail = OpportunityDetail(
        opportunity: opportunity,
        interests: try OpportunityStore.interestPage(
          connection, where: "opportunity_interests.opportunity_id = \(id) AND \(readable)", limit: limit,
          offset: offset),
        mine: try OpportunityStore.interests(
          connection,
          where:
            "opportunity_interests.opportunity_id = \(id) AND opportunity_interests.person_id = \(actor.id)"
        ).first, isOwner: isOwner,
        canManage: Policy.allows(actor, .manageOpportunity, .only(\.isOwner, isOwner)))
      for person in Set(detail.interests.items.map(\.personID)).subtracting([actor.id]).sorted() {
        recorded.record(
          viewer: actor.id, subject: person, data: "interest in the opportunity “\(opportunity.title)”",
          via: via, at: clock.now())
      }
      return detail
    }
  }

  /// Whether the actor may post opportunities (managers and the people team).
  public func canPost(_ actor: Actor) throws -> Bool {
    try database.withConnection { try canPost($0, actor) }
  }

  private func canPost(_ connection: any Connection, _ actor: Actor) throws -> Bool {
    let managesPeople =
      try connection.scalar(
        "SELECT count(*) FROM people WHERE manager_id = \(actor.id) AND active", as: Int.self) ?? 0 > 0
    return Policy.allows(actor, .postOpportunity, .only(\.managesPeople, managesPeople))
  }

  /// Posts an opportunity (managers and the people team).
  public func create(_ actor: Actor, _ input: OpportunityInput) throws -> Opportunity {
    try database.transaction { connection in
      guard try canPost(connection, actor) else { throw AccessError.forbidden(.postOpportunity) }
      var validator = Validator()
      TextRule.opportunityTitle.check(input.title, "title", in: &validator)
      TextRule.opportunityDescription.check(input.description, "description", in: &validator)
      TextRule.timeCommitment.check(input.timeCommitment, "timeCommitment", in: &validator)
      TextRule.department.check(input.team, "team", in: &validator)
      let deadline = CalendarDate(input.interestDeadline)
      validator.check(deadline != nil, "interestDeadline", "must be a date as YYYY-MM-DD")
      if let deadline {
        validator.check(deadline >= clock.today(), "interestDeadline", "must not be in the past")
      }
      let start = input.startsOn.flatMap { $0.isEmpty ? nil : $0 }
      validator.check(start == nil || CalendarDate(start!) != nil, "startsOn", "must be a date as YYYY-MM-DD")
      NumberRule.places.check(input.places, "places", in: &validator)
      let owner = input.ownerID ?? actor.id
      if owner != actor.id {
        validator.check(actor.has(.peopleTeam), "ownerID", "only the people team posts for someone else")
        validator.check(
          try PeopleStore.find(connection, id: owner)?.active == true, "ownerID", "no such person")
      }
      let known = try CompetencyLinks.names(connection)
      let needs = CompetencyLinks.check(input.needs ?? [], known: known, field: "needs", &validator)
      let develops = CompetencyLinks.check(input.develops ?? [], known: known, field: "develops", &validator)
      try validator.throwIfInvalid()
      let now = clock.now()
      let id = try connection.query(
        """
        INSERT INTO opportunities (title, kind, description, time_commitment, team, starts_on, interest_deadline, places,
          owner_id, status, created_by, created_at)
        VALUES (\(input.title.trimmed), \(input.kind.rawValue), \(input.description.trimmed), \(input.timeCommitment.trimmed),
          \(input.team?.trimmed ?? ""), \(start.flatMap(CalendarDate.init)), \(deadline!), \(input.places), \(owner), 'open',
          \(actor.id), \(now))
        RETURNING id
        """)[0].decode("id", as: Int64.self)
      try CompetencyLinks.replace(
        connection, table: "opportunity_needs", column: "opportunity_id", id: id, slugs: needs)
      try CompetencyLinks.replace(
        connection, table: "opportunity_develops", column: "opportunity_id", id: id, slugs: develops)
      let posted = try OpportunityStore.opportunity(connection, actor, id, today: clock.today())
      try Outbox.announce(
        connection, .opportunityPosted, key: "opportunity-posted:\(id)",
        text: "New \(posted.kind.rawValue): \(posted.title) (interest by \(posted.interestDeadline))",
        link: "\(mail.url(.opportunity(id)))", now: now)
      return posted
    }
  }

  /// Expresses (or updates) the actor's interest, privately unless they share it with their manager.
  public func expressInterest(_ actor: Actor, in id: Int64, note: String, shareWithManager: Bool) throws
    -> Interest
  {
    try database.transaction { connection in
      let opportunity = try OpportunityStore.opportunity(connection, actor, id, today: clock.today())
      guard opportunity.ownerID != actor.id else {
        throw Conflict("this is your own opportunity")
      }
      guard opportunity.isOpen, opportunity.interestDeadline >= clock.today() else {
        throw Conflict("this opportunity no longer takes interest")
      }
      try TextRule.note.validate(note, "note")
      let now = clock.now()
      try connection.execute(
        """
        INSERT INTO opportunity_interests (opportunity_id, person_id, note, share_with_manager, status, created_at, updated_at)
        VALUES (\(id), \(actor.id), \(note.trimmed), \(shareWithManager), 'interested', \(now), \(now))
        ON CONFLICT (opportunity_id, person_id) DO UPDATE SET note = excluded.note,
          share_with_manager = excluded.share_with_manager, status = 'interested', updated_at = excluded.updated_at
        """)
      try Outbox.email(
        connection, to: opportunity.ownerID, topic: .requests, kind: "interest shown",
        key: "interest:\(id):\(actor.id):\(SQLTimestamp.format(now))",
        subject: "\(actor.person.displayName) is interested in “\(opportunity.title)”",
        body: """
          \(actor.person.displayName) showed interest in your opportunity “\(opportunity.title)”.

          Shortlist, select or turn down: \(mail.url(.opportunity(id)))
          """, now: now)
      return try OpportunityStore.interests(
        connection,
        where:
          "opportunity_interests.opportunity_id = \(id) AND opportunity_interests.person_id = \(actor.id)")[0]
    }
  }

  public func withdrawInterest(_ actor: Actor, in id: Int64) throws -> Interest {
    try database.transaction { connection in
      guard
        let opportunity = try OpportunityStore.opportunities(
          connection, nil, where: "opportunities.id = \(id)", today: clock.today()
        ).first,
        let interest = try OpportunityStore.interests(
          connection,
          where:
            "opportunity_interests.opportunity_id = \(id) AND opportunity_interests.person_id = \(actor.id)"
        ).first
      else { throw NotFound("interest") }
      guard interest.status != .selected else {
        throw Conflict("you are selected: talk to the owner, \(opportunity.ownerName)")
      }
      try connection.execute(
        "UPDATE opportunity_interests SET status = 'withdrawn', updated_at = \(clock.now()) WHERE id = \(interest.id)"
      )
      return try OpportunityStore.interests(connection, where: "opportunity_interests.id = \(interest.id)")[0]
    }
  }

  /// The owner shortlists, selects or turns down someone who expressed interest.
  public func decide(_ actor: Actor, interest id: Int64, status: InterestStatus) throws -> Interest {
    try database.transaction { connection in
      guard
        let interest = try OpportunityStore.interests(connection, where: "opportunity_interests.id = \(id)")
          .first
      else { throw NotFound("interest") }
      let opportunity = try OpportunityStore.opportunity(
        connection, actor, interest.opportunityID, today: clock.today())
      guard Policy.allows(actor, .selectForOpportunity, .only(\.isOwner, opportunity.ownerID == actor.id))
      else { throw NotFound("interest") }
      guard [.shortlisted, .selected, .notSelected].contains(status) else {
        throw ValidationError(field: "status", "must be shortlisted, selected or not selected")
      }
      guard opportunity.isOpen else { throw Conflict("this opportunity is closed") }
      guard interest.status != .withdrawn else {
        throw Conflict("\(interest.personName) withdrew their interest")
      }
      if status == .selected && interest.status != .selected {
        let selected =
          try connection.scalar(
            "SELECT count(*) FROM opportunity_interests WHERE opportunity_id = \(opportunity.id) AND status = 'selected'",
            as: Int.self) ?? 0
        guard selected < opportunity.places else {
          throw Conflict(
            field: "status",
            "all \(opportunity.places) place\(opportunity.places == 1 ? " is" : "s are") taken")
        }
      }
      try connection.execute(
        "UPDATE opportunity_interests SET status = \(status.rawValue), updated_at = \(clock.now()) WHERE id = \(id)"
      )
      if status != interest.status {
        try Outbox.email(
          connection, to: interest.personID, topic: .requests, kind: "interest answered",
          key: "interest-answer:\(id):\(status.rawValue)",
          subject: "Your interest in “\(opportunity.title)”: \(status.rawValue)",
          body: """
            \(opportunity.ownerName) marked your interest in “\(opportunity.title)” as \(status.rawValue).

            See the opportunity: \(mail.url(.opportunity(opportunity.id)))
            """, now: clock.now())
      }
      return try OpportunityStore.interests(connection, where: "opportunity_interests.id = \(id)")[0]
    }
  }

  /// Closes with an outcome; whoever was not selected is told so.
  public func close(_ actor: Actor, id: Int64, outcome: OpportunityOutcome, note: String) throws
    -> Opportunity
  {
    try database.transaction { connection in
      let opportunity = try OpportunityStore.opportunity(connection, actor, id, today: clock.today())
      try Policy.require(actor, .manageOpportunity, .only(\.isOwner, opportunity.ownerID == actor.id))
      guard opportunity.isOpen else { throw Conflict("this opportunity is already closed") }
      try TextRule.note.validate(note, "note")
      let selected =
        try connection.scalar(
          "SELECT count(*) FROM opportunity_interests WHERE opportunity_id = \(id) AND status = 'selected'",
          as: Int.self) ?? 0
      if outcome == .filledInternally && selected == 0 {
        throw ValidationError(field: "outcome", "select who fills it first")
      }
      let now = clock.now()
      try connection.execute(
        """
        UPDATE opportunities SET status = 'closed', outcome = \(outcome.rawValue), outcome_note = \(note.trimmed),
          closed_at = \(now)
        WHERE id = \(id)
        """)
      try connection.execute(
        """
        UPDATE opportunity_interests SET status = 'not selected', updated_at = \(now)
        WHERE opportunity_id = \(id) AND status IN ('interested', 'shortlisted')
        """)
      if outcome == .filledInternally {
        try Outbox.announce(
          connection, .opportunityFilled, key: "opportunity-filled:\(id)",
          text: "Filled from within: \(opportunity.title)", link: "\(mail.url(.opportunity(id)))",
          now: now)
      }
      return try OpportunityStore.opportunity(connection, actor, id, today: clock.today())
    }
  }

  /// The actor's own interest, everywhere.
  public func myInterests(_ actor: Actor) throws -> [Interest] {
    try database.withConnection {
      try OpportunityStore.interests($0, where: "opportunity_interests.person_id = \(actor.id)")
    }
  }

  /// Opportunities the actor keeps, open first.
  public func owned(_ actor: Actor) throws -> [Opportunity] {
    try database.withConnection {
      try OpportunityStore.opportunities(
        $0, actor, where: "opportunities.owner_id = \(actor.id)", today: clock.today())
    }
  }

  /// A person's interest as the actor may see it: all of it for the person, what they shared for
  /// their current manager, nothing for anyone else (owners see it on their opportunity).
  public func interests(_ actor: Actor, of personID: Int64, via: Channel, limit: Int = 50, offset: Int = 0)
    throws -> Page<Interest>
  {
    try database.reading { connection, recorded in
      guard try PeopleStore.find(connection, id: personID) != nil else { throw NotFound("person") }
      let relationship = try PeopleStore.relationship(connection, actor: actor.id, subject: personID)
      // Whoever may see some of it (a manager: what was shared); the rest is filtered in SQL.
      try Policy.require(actor, .viewOpportunityInterest, relationship.with(\.sharedWithManager, true))
      let readable = OpportunityStore.readableInterest(by: actor, relationship)
      let page = try OpportunityStore.interestPage(
        connection, where: "opportunity_interests.person_id = \(personID) AND \(readable)", limit: limit,
        offset: offset)
      if !relationship.isSelf && !page.items.isEmpty {
        recorded.record(
          viewer: actor.id, subject: personID, data: "interest in opportunities", via: via, at: clock.now())
      }
      return page
    }
  }

  /// Interest the actor's reports chose to share with them, still open (for the home page); each
  /// of those people sees the read in their access history.
  public func sharedWithMe(_ actor: Actor, via: Channel) throws -> [Interest] {
    try database.reading { connection, recorded in
      let shared = try connection.read(sharedWithMe(of: actor))
      recordShared(shared, with: actor, via: via, in: &recorded)
      return shared
    }
  }

  func sharedWithMe(of actor: Actor) -> Read<[Interest]> {
    // The actor is these people's current manager; the policy says which of their interest is shared.
    OpportunityStore.interests(
      where: """
        opportunity_interests.status IN ('interested', 'shortlisted', 'selected')
        AND opportunity_interests.person_id IN (SELECT id FROM people WHERE manager_id = \(actor.id))
        AND \(OpportunityStore.readableInterest(by: actor, Relationship(isCurrentManager: true)))
        """)
  }

  /// Each person whose shared interest was read sees it in their access history.
  func recordShared(_ shared: [Interest], with actor: Actor, via: Channel, in recorded: inout RecordedReads) {
    for person in Set(shared.map(\.personID)).sorted() {
      recorded.record(
        viewer: actor.id, subject: person, data: "interest in opportunities shared with their manager",
        via: via, at: clock.now())
    }
  }
}
