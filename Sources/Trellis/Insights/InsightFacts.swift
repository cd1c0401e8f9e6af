import Foundation
import SQL

/// The facts behind every figure, read for a set of relationships or people over a span of
/// days. The organization's refresh and a manager's dashboard both read them here, so the two
/// count the same way.
enum InsightFacts {
  /// Manager relationships that were running on `day`, each with its last conversation held by then.
  static func relationships(_ connection: any Connection, where condition: SQLQuery, on day: CalendarDate)
    throws -> [(relationship: CareerRelationship, lastHeld: CalendarDate?)]
  {
    try ConversationStore.rhythmFacts(
      connection,
      where: """
        relationships.kind = 'manager' AND relationships.started_on <= \(day)
        AND (relationships.ended_on IS NULL OR relationships.ended_on > \(day)) AND \(condition)
        """, now: day.start, heldBy: day
    ).map { ($0.relationship, $0.lastHeld) }
  }

  /// One action item, judged at the conversation that followed the one it came from.
  struct FollowUp {
    let relationshipID: Int64
    let employeeID: Int64
    /// When the following conversation was held.
    let followedOn: CalendarDate
    /// Done by that conversation.
    let done: Bool
  }

  /// Action items (not dropped) whose following conversation was held from `from` to `to`.
  static func followUps(
    _ connection: any Connection, where condition: SQLQuery, from: CalendarDate, to: CalendarDate
  ) throws -> [FollowUp] {
    try connection.read(followUps(where: condition, from: from, to: to))
  }

  static func followUps(where condition: SQLQuery, from: CalendarDate, to: CalendarDate) -> Read<[FollowUp]> {
    // Each day a relationship held a conversation, with the next such day (one pass per
    // relationship, rather than comparing every pair of its conversations); the employee comes
    // along, so the relationships are read once.
    Read(
      """
      WITH held_days AS (
        SELECT DISTINCT conversations.relationship_id, relationships.employee_id, conversations.held_on
        FROM conversations JOIN relationships ON relationships.id = conversations.relationship_id
        WHERE conversations.status = 'held' AND conversations.held_on >= \(from.adding(days: -366))
          AND conversations.held_on <= \(to) AND \(condition)
      ), following AS (
        SELECT relationship_id, employee_id, held_on,
          LEAD(held_on) OVER (PARTITION BY relationship_id ORDER BY held_on) AS followed_on
        FROM held_days
      )
      SELECT following.relationship_id, following.employee_id, following.followed_on,
        action_items.status, action_items.done_on
      FROM action_items
      JOIN conversations origin ON origin.id = action_items.conversation_id AND origin.status = 'held'
      JOIN following ON following.relationship_id = origin.relationship_id AND following.held_on = origin.held_on
      WHERE action_items.status <> 'dropped' AND following.followed_on >= \(from)
        AND following.followed_on <= \(to)
      """
    ) { rows in
      try rows.map { row in
        let followed = try row.decode("followed_on", as: CalendarDate.self)
        let doneOn = try row.decode("done_on", as: CalendarDate?.self)
        return FollowUp(
          relationshipID: try row.decode("relationship_id"), employeeID: try row.decode("employee_id"),
          followedOn: followed,
          done: try row.decode("status", as: String.self) == "done" && (doneOn.map { $0 <= followed } ?? true)
        )
      }
    }
  }

  /// Pieces of feedback each person received from `from` to `to` (whole days).
  static func feedbackReceived(
    _ connection: any Connection, where condition: SQLQuery, from: CalendarDate, to: CalendarDate
  ) throws -> [Int64: Int] {
    Dictionary(
      uniqueKeysWithValues: try connection.query(
        """
        SELECT recipient_id, count(*) AS received FROM feedback
        WHERE created_at >= \(from.start) AND created_at < \(to.adding(days: 1).start) AND \(condition)
        GROUP BY recipient_id
        """
      ).map { (try $0.decode("recipient_id", as: Int64.self), try $0.decode("received", as: Int.self)) })
  }
}
