import Foundation
import SQL

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
    try connection.read(requests(where: condition, limit: limit, offset: offset))
  }

  static func requests(where condition: SQLQuery, limit: Int? = nil, offset: Int = 0) -> Read<
    [FeedbackRequest]
  > {
    Read(
      """
      SELECT feedback_requests.*, plan_items.skill AS plan_item_title, goals.title AS goal_title, \(people)
      FROM feedback_requests
      JOIN people other ON other.id = feedback_requests.requester_id
      JOIN people giver ON giver.id = feedback_requests.giver_id
      LEFT JOIN plan_items ON plan_items.id = feedback_requests.plan_item_id
      LEFT JOIN goals ON goals.id = feedback_requests.goal_id
      WHERE \(condition) ORDER BY feedback_requests.id DESC \(.window(limit, offset))
      """
    ) { rows in
      try rows.map { row in
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
}
