import Foundation
import SQL

/// Feedback from anyone to anyone, asked for or not. Its giver decides whether the recipient's
/// manager may read it; the recipient thanks, replies, and turns a next step into a plan item.
public struct FeedbackService: Sendable {
  let database: Database
  let clock: Clock
  let plans: PlanService
  let mail: MailSettings

  public func give(_ actor: Actor, _ input: FeedbackInput) throws -> Feedback {
    try database.transaction { connection in
      var validator = Validator()
      let recipient = try PeopleStore.find(connection, id: input.recipientID)
      validator.check(
        recipient?.active == true && input.recipientID != actor.id, "recipientID",
        "name someone else in the organization")
      for (field, text) in [
        ("situation", input.situation), ("behaviour", input.behaviour), ("impact", input.impact),
      ] {
        TextRule.feedbackText.check(text, field, in: &validator)
      }
      TextRule.feedbackNextStep.check(input.nextStep, "nextStep", in: &validator)
      if let request = input.requestID {
        let row = try connection.queryFirst(
          "SELECT requester_id, giver_id, status FROM feedback_requests WHERE id = \(request)")
        let asked = Relationship.only(\.isAsked, try row?.decode("giver_id", as: Int64.self) == actor.id)
        let answerable =
          try Policy.allows(actor, .answerFeedbackRequest, asked)
          && row?.decode("requester_id", as: Int64.self) == input.recipientID
        validator.check(answerable, "requestID", "no request of yours from this person")
        if answerable {
          validator.check(
            try row?.decode("status", as: String.self) == "open", "requestID", "this request is closed")
        }
      }
      try validator.throwIfInvalid()
      let now = clock.now()
      let id = try connection.query(
        """
        INSERT INTO feedback (giver_id, recipient_id, request_id, kind, situation, behaviour, impact, next_step,
          manager_may_see, created_at)
        VALUES (\(actor.id), \(input.recipientID), \(input.requestID), \(input.kind.rawValue), \(input.situation.trimmed),
          \(input.behaviour.trimmed), \(input.impact.trimmed), \(input.nextStep?.trimmed ?? ""), \(input.managerMaySee), \(now))
        RETURNING id
        """)[0].decode("id", as: Int64.self)
      if let request = input.requestID {
        try connection.execute(
          "UPDATE feedback_requests SET status = 'answered', closed_at = \(now) WHERE id = \(request)")
      }
      return try FeedbackStore.feedback(connection, where: "feedback.id = \(id)")[0]
    }
  }

  /// Asks each of `givers` for feedback on a topic, optionally about one of the actor's plan
  /// items or goals.
  public func request(
    _ actor: Actor, from givers: [Int64], topic: String, planItemID: Int64? = nil, goalID: Int64? = nil
  ) throws -> [FeedbackRequest] {
    try database.transaction { connection in
      var validator = Validator()
      TextRule.feedbackTopic.check(topic, "topic", in: &validator)
      // One to ten names (someone named twice is asked once).
      let unique = Array(Set(givers)).sorted()
      ListRule.feedbackGivers.check(givers.count, "giverIds", in: &validator)
      for (index, giver) in unique.enumerated() {
        let person = try PeopleStore.find(connection, id: giver)
        validator.check(
          person?.active == true && giver != actor.id, "giverIds[\(index)]",
          "name someone else in the organization")
      }
      if let planItemID {
        let owner = try connection.scalar(
          "SELECT plans.person_id FROM plan_items JOIN plans ON plans.id = plan_items.plan_id WHERE plan_items.id = \(planItemID)",
          as: Int64.self)
        validator.check(owner == actor.id, "planItemID", "no such item in your plan")
      }
      if let goalID {
        let owner = try connection.scalar("SELECT person_id FROM goals WHERE id = \(goalID)", as: Int64.self)
        validator.check(owner == actor.id, "goalID", "no such goal of yours")
      }
      try validator.throwIfInvalid()
      let now = clock.now()
      var ids: [Int64] = []
      for giver in unique {
        ids.append(
          try connection.query(
            """
            INSERT INTO feedback_requests (requester_id, giver_id, topic, plan_item_id, goal_id, status, created_at)
            VALUES (\(actor.id), \(giver), \(topic.trimmed), \(planItemID), \(goalID), 'open', \(now))
            RETURNING id
            """)[0].decode("id", as: Int64.self))
        try Outbox.email(
          connection, to: giver, topic: .feedbackRequests, kind: "feedback requested",
          key: "feedback-request:\(ids.last!)",
          subject: "\(actor.person.displayName) asks for your feedback",
          body: """
            \(actor.person.displayName) asks for your feedback on “\(topic.trimmed)”.

            Answer or decline: \(mail.url(.feedbackRequest(ids.last!)))
            """, now: now)
      }
      return try FeedbackStore.requests(connection, where: "feedback_requests.id IN (\(list: ids))")
    }
  }

  /// The person asked declines, with an optional note.
  public func decline(_ actor: Actor, request id: Int64, note: String) throws -> FeedbackRequest {
    try TextRule.note.validate(note, "note")
    return try database.transaction { connection in
      _ = try FeedbackStore.openRequest(connection, actor, id)
      try connection.execute(
        "UPDATE feedback_requests SET status = 'declined', decline_note = \(note.trimmed), closed_at = \(clock.now()) WHERE id = \(id)"
      )
      return try FeedbackStore.requests(connection, where: "feedback_requests.id = \(id)")[0]
    }
  }

  /// The actor's four lists, each from its own offset (`offsets`, 0 when absent).
  public func inbox(_ actor: Actor, limit: Int = 20, offsets: [FeedbackList: Int] = [:]) throws
    -> FeedbackInbox
  {
    try database.withConnection { connection in
      func offset(_ list: FeedbackList) -> Int { offsets[list] ?? 0 }
      return FeedbackInbox(
        received: try FeedbackStore.feedbackPage(
          connection, where: FeedbackList.received.condition(actor), limit: limit, offset: offset(.received)),
        given: try FeedbackStore.feedbackPage(
          connection, where: FeedbackList.given.condition(actor), limit: limit, offset: offset(.given)),
        asked: try FeedbackStore.requestPage(
          connection, where: FeedbackList.asked.condition(actor), limit: limit, offset: offset(.asked)),
        requested: try FeedbackStore.requestPage(
          connection, where: FeedbackList.requested.condition(actor), limit: limit,
          offset: offset(.requested)))
    }
  }

  /// One of the actor's lists of feedback (`received` or `given`).
  public func feedback(_ actor: Actor, _ list: FeedbackList, limit: Int, offset: Int) throws -> Page<Feedback>
  {
    precondition(list == .received || list == .given, "a list of feedback")
    return try database.withConnection {
      try FeedbackStore.feedbackPage($0, where: list.condition(actor), limit: limit, offset: offset)
    }
  }

  /// One of the actor's lists of requests (`asked` or `requested`).
  public func requests(_ actor: Actor, _ list: FeedbackList, limit: Int, offset: Int) throws
    -> Page<FeedbackRequest>
  {
    precondition(list == .asked || list == .requested, "a list of requests")
    return try database.withConnection {
      try FeedbackStore.requestPage($0, where: list.condition(actor), limit: limit, offset: offset)
    }
  }

  /// All of the actor's lists, whole (their copy of their data).
  public func everything(_ actor: Actor) throws -> FeedbackInbox {
    try database.withConnection { connection in
      FeedbackInbox(
        received: .whole(
          try FeedbackStore.feedback(connection, where: FeedbackList.received.condition(actor))),
        given: .whole(try FeedbackStore.feedback(connection, where: FeedbackList.given.condition(actor))),
        asked: .whole(try FeedbackStore.requests(connection, where: FeedbackList.asked.condition(actor))),
        requested: .whole(
          try FeedbackStore.requests(connection, where: FeedbackList.requested.condition(actor))))
    }
  }

  /// One open request made of the actor (to answer it).
  public func openRequest(_ actor: Actor, id: Int64) throws -> FeedbackRequest {
    try database.withConnection { try FeedbackStore.openRequest($0, actor, id) }
  }

  /// The feedback a person received that the actor may read: all of it for the person, what
  /// givers allowed for their current manager, the actor's own for a giver. Others' reads are recorded.
  public func received(_ actor: Actor, by personID: Int64, via: Channel, limit: Int = 50, offset: Int = 0)
    throws -> Page<Feedback>
  {
    try database.reading { connection, recorded in
      guard try PeopleStore.find(connection, id: personID) != nil else { throw NotFound("person") }
      let relationship = try PeopleStore.relationship(connection, actor: actor.id, subject: personID)
      let condition: SQLQuery =
        "feedback.recipient_id = \(personID) AND \(FeedbackStore.readable(by: actor, relationship))"
      let page = try FeedbackStore.feedbackPage(connection, where: condition, limit: limit, offset: offset)
      if !relationship.isSelf && page.items.contains(where: { $0.giverID != actor.id }) {
        recorded.record(viewer: actor.id, subject: personID, data: "feedback", via: via, at: clock.now())
      }
      return page
    }
  }

  public func thank(_ actor: Actor, feedback id: Int64) throws -> Feedback {
    try respond(actor, id) { connection in
      try connection.execute(
        "UPDATE feedback SET thanked_at = \(clock.now()) WHERE id = \(id) AND thanked_at IS NULL")
    }
  }

  public func reply(_ actor: Actor, feedback id: Int64, text: String) throws -> Feedback {
    try TextRule.feedbackText.validate(text, "reply")
    return try respond(actor, id) { connection in
      try connection.execute(
        "UPDATE feedback SET reply = \(text.trimmed), replied_at = \(clock.now()) WHERE id = \(id)")
    }
  }

  /// Turns the suggested next step into an item of the recipient's plan, in one step.
  public func makePlanItem(_ actor: Actor, feedback id: Int64) throws -> PlanItem {
    try database.transaction { connection in
      let feedback = try received(connection, actor, id)
      guard !feedback.nextStep.isEmpty else {
        throw ValidationError(field: "nextStep", "this feedback suggests no next step")
      }
      if let existing = feedback.planItemID { return try PlanStore.item(connection, existing) }
      let today = clock.today()
      let item = try plans.addItem(
        actor, for: actor.id,
        PlanItemInput(
          skill: String((feedback.topic ?? "Feedback from \(feedback.giverName)").prefix(200)),
          learningMode: .selfStudy, description: feedback.nextStep, startOn: today.description,
          targetOn: today.adding(days: 90).description,
          successCriteria: "What \(feedback.giverName) noticed changes: \(feedback.impact)"))
      try connection.execute("UPDATE feedback SET plan_item_id = \(item.id) WHERE id = \(id)")
      return item
    }
  }

  private func respond(_ actor: Actor, _ id: Int64, _ change: (any Connection) throws -> Void) throws
    -> Feedback
  {
    try database.transaction { connection in
      _ = try received(connection, actor, id)
      try change(connection)
      return try FeedbackStore.feedback(connection, where: "feedback.id = \(id)")[0]
    }
  }

  /// Feedback the actor received; anyone else who may read it may not act on it.
  private func received(_ connection: any Connection, _ actor: Actor, _ id: Int64) throws -> Feedback {
    guard let feedback = try FeedbackStore.feedback(connection, where: "feedback.id = \(id)").first else {
      throw NotFound("feedback")
    }
    let relationship = try PeopleStore.relationship(
      connection, actor: actor.id, subject: feedback.recipientID)
    let facts = FeedbackStore.facts(feedback, actor, relationship)
    guard Policy.allows(actor, .viewFeedback, facts) else { throw NotFound("feedback") }
    try Policy.require(actor, .respondToFeedback, facts)
    return feedback
  }
}
