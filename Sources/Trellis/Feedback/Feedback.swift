import Foundation
import SQL

public enum FeedbackKind: String, Sendable, Codable, CaseIterable {
  case appreciation, coaching
}

public enum FeedbackRequestStatus: String, Sendable, Codable, CaseIterable {
  case open, answered, declined
}

/// One piece of feedback, structured the way good feedback is.
public struct Feedback: Sendable, Codable, Equatable {
  public let id: Int64
  public let giverID: Int64
  public let giverName: String
  public let recipientID: Int64
  public let recipientName: String
  public let requestID: Int64?
  /// The topic of the request it answers, if any.
  public let topic: String?
  public let kind: FeedbackKind
  public let situation: String
  public let behaviour: String
  public let impact: String
  public let nextStep: String
  public let managerMaySee: Bool
  public let thankedAt: Date?
  public let reply: String
  public let planItemID: Int64?
  public let createdAt: Date
}

public struct FeedbackRequest: Sendable, Codable, Equatable {
  public let id: Int64
  public let requesterID: Int64
  public let requesterName: String
  public let giverID: Int64
  public let giverName: String
  public let topic: String
  /// What the request is about, by title, when the requester linked a plan item or goal.
  public let planItemTitle: String?
  public let goalTitle: String?
  public let status: FeedbackRequestStatus
  public let declineNote: String
  public let createdAt: Date
}

/// Everything about feedback that concerns the actor, each list a page of it.
public struct FeedbackInbox: Sendable, Codable, Equatable {
  public let received: Page<Feedback>
  public let given: Page<Feedback>
  /// Open requests others made of the actor.
  public let asked: Page<FeedbackRequest>
  /// Requests the actor made, with their status.
  public let requested: Page<FeedbackRequest>
}

/// The actor's own lists of feedback (`received`, `given`) and of requests (`asked`, `requested`).
public enum FeedbackList: String, Sendable, CaseIterable {
  case received, given, asked, requested

  /// The rows of this list that are the actor's.
  func condition(_ actor: Actor) -> SQLQuery {
    switch self {
    case .received: return "feedback.recipient_id = \(actor.id)"
    case .given: return "feedback.giver_id = \(actor.id)"
    case .asked: return "feedback_requests.giver_id = \(actor.id) AND feedback_requests.status = 'open'"
    case .requested: return "feedback_requests.requester_id = \(actor.id)"
    }
  }
}

public struct FeedbackInput: Sendable, Codable, Equatable {
  public var recipientID: Int64
  public var kind: FeedbackKind
  public var situation: String
  public var behaviour: String
  public var impact: String
  public var nextStep: String?
  public var managerMaySee: Bool
  /// The request this answers, if any.
  public var requestID: Int64?

  public init(
    recipientID: Int64, kind: FeedbackKind, situation: String, behaviour: String, impact: String,
    nextStep: String? = nil, managerMaySee: Bool, requestID: Int64? = nil
  ) {
    self.recipientID = recipientID
    self.kind = kind
    self.situation = situation
    self.behaviour = behaviour
    self.impact = impact
    self.nextStep = nextStep
    self.managerMaySee = managerMaySee
    self.requestID = requestID
  }
}

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

  /// The open requests made of the actor (what the home page shows).
  public func asked(_ actor: Actor) throws -> [FeedbackRequest] {
    try database.withConnection { try FeedbackStore.requests($0, where: FeedbackList.asked.condition(actor)) }
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

enum FeedbackStore {
  /// The facts the policy reads about one piece of feedback, given how the actor stands to its recipient.
  static func facts(_ feedback: Feedback, _ actor: Actor, _ toRecipient: Relationship) -> Relationship {
    toRecipient.with(\.isGiver, feedback.giverID == actor.id).with(\.isRecipient, toRecipient.isSelf)
      .with(\.sharedWithManager, feedback.managerMaySee)
  }

  /// An open request made of the actor; anyone else's is not found.
  static func openRequest(_ connection: any Connection, _ actor: Actor, _ id: Int64) throws -> FeedbackRequest
  {
    guard
      let request = try requests(connection, where: "feedback_requests.id = \(id)").first,
      Policy.allows(actor, .answerFeedbackRequest, .only(\.isAsked, request.giverID == actor.id))
    else { throw NotFound("feedback request") }
    guard request.status == .open else { throw Conflict(field: "request", "this request is closed") }
    return request
  }

  /// The feedback to someone the actor stands in `toRecipient` to that the policy lets them read,
  /// as SQL: the policy is asked about each combination of a row's own facts (whether the actor
  /// gave it, whether the giver shared it with the manager), so the two cannot disagree.
  static func readable(by actor: Actor, _ toRecipient: Relationship) -> SQLQuery {
    var allowed: [SQLQuery] = []
    for isGiver in [false, true] {
      for shared in [false, true]
      where Policy.allows(
        actor, .viewFeedback,
        toRecipient.with(\.isGiver, isGiver).with(\.isRecipient, toRecipient.isSelf)
          .with(\.sharedWithManager, shared))
      {
        let giver: SQLQuery = isGiver ? "feedback.giver_id = \(actor.id)" : "feedback.giver_id <> \(actor.id)"
        allowed.append("(\(giver) AND feedback.manager_may_see = \(shared))")
      }
    }
    return allowed.isEmpty ? "1 = 0" : "(\(SQLQuery.joined(allowed, separator: " OR ")))"
  }

  static func feedbackPage(_ connection: any Connection, where condition: SQLQuery, limit: Int, offset: Int)
    throws -> Page<Feedback>
  {
    try Page.read(
      connection, limit: limit, offset: offset,
      counting: "feedback WHERE \(condition)",
      items: { try feedback(connection, where: condition, limit: $0, offset: $1) })
  }

  static func requestPage(_ connection: any Connection, where condition: SQLQuery, limit: Int, offset: Int)
    throws -> Page<FeedbackRequest>
  {
    try Page.read(
      connection, limit: limit, offset: offset,
      counting: "feedback_requests WHERE \(condition)",
      items: { try requests(connection, where: condition, limit: $0, offset: $1) })
  }

  /// The giver's and the other person's (recipient or requester) names.
  static let people: SQLQuery = """
    \(PersonName.columns(of: "giver", prefix: "giver_")), \(PersonName.columns(of: "other", prefix: "other_"))
    """

  /// The feedback matching `condition`, newest first: all of it, or `limit` rows from `offset`.
  static func feedback(
    _ connection: any Connection, where condition: SQLQuery, limit: Int? = nil, offset: Int = 0
  ) throws -> [Feedback] {
    try connection.query(
      """
      SELECT feedback.*, feedback_requests.topic, \(people)
      FROM feedback
      JOIN people giver ON giver.id = feedback.giver_id
      JOIN people other ON other.id = feedback.recipient_id
      LEFT JOIN feedback_requests ON feedback_requests.id = feedback.request_id
      WHERE \(condition) ORDER BY feedback.id DESC \(.window(limit, offset))
      """
    ).map { row in
      Feedback(
        id: try row.decode("id"), giverID: try row.decode("giver_id"),
        giverName: try PersonName.display(row, prefix: "giver_"), recipientID: try row.decode("recipient_id"),
        recipientName: try PersonName.display(row, prefix: "other_"), requestID: try row.decode("request_id"),
        topic: try row.decode("topic"),
        kind: FeedbackKind(rawValue: try row.decode("kind")) ?? .appreciation,
        situation: try row.decode("situation"), behaviour: try row.decode("behaviour"),
        impact: try row.decode("impact"), nextStep: try row.decode("next_step"),
        managerMaySee: try row.decode("manager_may_see"), thankedAt: try row.decode("thanked_at"),
        reply: try row.decode("reply"), planItemID: try row.decode("plan_item_id"),
        createdAt: try row.decode("created_at"))
    }
  }

  /// The requests matching `condition`, newest first: all of them, or `limit` rows from `offset`.
  static func requests(
    _ connection: any Connection, where condition: SQLQuery, limit: Int? = nil, offset: Int = 0
  ) throws -> [FeedbackRequest] {
    try connection.query(
      """
      SELECT feedback_requests.*, plan_items.skill AS plan_item_title, goals.title AS goal_title, \(people)
      FROM feedback_requests
      JOIN people other ON other.id = feedback_requests.requester_id
      JOIN people giver ON giver.id = feedback_requests.giver_id
      LEFT JOIN plan_items ON plan_items.id = feedback_requests.plan_item_id
      LEFT JOIN goals ON goals.id = feedback_requests.goal_id
      WHERE \(condition) ORDER BY feedback_requests.id DESC \(.window(limit, offset))
      """
    ).map { row in
      FeedbackRequest(
        id: try row.decode("id"), requesterID: try row.decode("requester_id"),
        requesterName: try PersonName.display(row, prefix: "other_"), giverID: try row.decode("giver_id"),
        giverName: try PersonName.display(row, prefix: "giver_"), topic: try row.decode("topic"),
        planItemTitle: try row.decode("plan_item_title"), goalTitle: try row.decode("goal_title"),
        status: FeedbackRequestStatus(rawValue: try row.decode("status")) ?? .open,
        declineNote: try row.decode("decline_note"), createdAt: try row.decode("created_at"))
    }
  }
}
