import Foundation
import SQL

/// One thing waiting for the signed-in person, read from where it lives: there is no list of
/// its own to keep, so an item leaves as soon as what it asks is done.
public struct NeedsYouItem: Sendable, Codable, Equatable {
  public enum Kind: String, Sendable, Codable, CaseIterable {
    case confirmSummary = "confirm_summary"
    case writeSummary = "write_summary"
    case answerPulse = "answer_pulse"
    case prepareReflection = "prepare_reflection"
    case giveFeedback = "give_feedback"
    case answerMentorshipRequest = "answer_mentorship_request"
    case reviewInterest = "review_interest"
    case actionItem = "action_item"
    case decideHandover = "decide_handover"
  }

  public let kind: Kind
  /// What it is about: a conversation, a feedback request, a mentorship request, an opportunity,
  /// an action item, or (for a handover) the new manager's relationship.
  public let subjectID: Int64
  /// The conversation it belongs to, for summaries, pulses, reflections and action items.
  public let conversationID: Int64?
  /// The other person: who wrote the summary, who asks, who showed interest, the new manager.
  public let personName: String
  /// The feedback topic, the opportunity's or the action item's title; empty otherwise.
  public let title: String
  /// When it was asked, happened or is due, as a day where the person is; the list is oldest first.
  public let date: CalendarDate
  /// An action item past its due date.
  public let overdue: Bool
}

/// What needs the signed-in person: each kind one query, all in one statement.
public struct NeedsYouService: Sendable {
  let database: Database
  let clock: Clock

  /// How far ahead a conversation asks for a reflection, and an action item shows as due.
  public static let lookAheadDays = 7
  /// How long after a conversation its summary and pulse are still asked for.
  static let summaryDays = 30
  static let pulseDays = 14
  /// How long after a manager change the employee is asked what the new manager may read.
  static let handoverDays = 90

  public func items(_ actor: Actor) throws -> [NeedsYouItem] {
    try database.withConnection { try $0.read(items(of: actor)) }
  }

  /// The same as a read, so that a page (the home) reads it with its other parts in one round trip.
  public func items(of actor: Actor) -> Read<[NeedsYouItem]> {
    let me = actor.id
    let now = clock.now()
    let today = clock.today()
    let other: SQLQuery = "CASE WHEN r.employee_id = \(me) THEN r.partner_id ELSE r.employee_id END"
    // Each kind names the person it is about; their names are joined once, for all kinds.
    let query: SQLQuery = """
      SELECT needs.*, p.given_name, p.family_name, p.preferred_name, p.email FROM (
      SELECT 'confirm_summary' AS kind, c.id AS subject_id, c.id AS conversation_id, '' AS title,
             s.written_at AS day, s.author_id AS person_id
      FROM summaries s JOIN conversations c ON c.id = s.conversation_id
        JOIN relationships r ON r.id = c.relationship_id
      WHERE s.response IS NULL AND s.author_id <> \(me) AND s.written_at >= \(now.addingTimeInterval(-Double(Self.summaryDays) * 86_400))
        AND (r.employee_id = \(me) OR (r.partner_id = \(me) AND r.ended_on IS NULL))
      UNION ALL
      SELECT 'write_summary', c.id, c.id, '', c.held_on, r.employee_id
      FROM relationships r JOIN conversations c ON c.relationship_id = r.id
      WHERE r.partner_id = \(me) AND r.ended_on IS NULL AND c.status = 'held'
        AND c.held_on >= \(today.adding(days: -Self.summaryDays))
        AND NOT EXISTS (SELECT 1 FROM summaries s WHERE s.conversation_id = c.id)
      UNION ALL
      SELECT 'answer_pulse', c.id, c.id, '', c.held_on, r.partner_id
      FROM relationships r JOIN conversations c ON c.relationship_id = r.id
      WHERE r.employee_id = \(me) AND c.status = 'held' AND c.held_on >= \(today.adding(days: -Self.pulseDays))
        AND NOT EXISTS (SELECT 1 FROM pulse_given g WHERE g.conversation_id = c.id)
      UNION ALL
      SELECT 'prepare_reflection', c.id, c.id, '', c.scheduled_at, \(other)
      FROM relationships r JOIN conversations c ON c.relationship_id = r.id
      WHERE (r.employee_id = \(me) OR r.partner_id = \(me)) AND r.ended_on IS NULL AND c.status = 'scheduled'
        AND c.scheduled_at >= \(now) AND c.scheduled_at <= \(now.addingTimeInterval(Double(Self.lookAheadDays) * 86_400))
        AND NOT EXISTS (SELECT 1 FROM reflections f WHERE f.conversation_id = c.id AND f.author_id = \(me))
      UNION ALL
      SELECT 'give_feedback', q.id, NULL, q.topic, q.created_at, q.requester_id
      FROM feedback_requests q
      WHERE q.giver_id = \(me) AND q.status = 'open'
      UNION ALL
      SELECT 'answer_mentorship_request', m.id, NULL, '', m.created_at, m.mentee_id
      FROM mentorship_requests m
      WHERE m.mentor_id = \(me) AND m.status = 'pending'
      UNION ALL
      SELECT 'review_interest', o.id, NULL, o.title, i.created_at, i.person_id
      FROM opportunities o JOIN opportunity_interests i ON i.opportunity_id = o.id
      WHERE o.owner_id = \(me) AND o.status = 'open' AND i.status = 'interested'
      UNION ALL
      SELECT 'action_item', a.id, a.conversation_id, a.title, a.due_on, \(other)
      FROM action_items a JOIN relationships r ON r.id = a.relationship_id
      WHERE a.owner_id = \(me) AND a.status = 'open' AND a.due_on <= \(today.adding(days: Self.lookAheadDays))
      UNION ALL
      SELECT 'decide_handover', r.id, NULL, '', r.started_on, r.partner_id
      FROM relationships r
      WHERE r.employee_id = \(me) AND r.kind = 'manager' AND r.ended_on IS NULL
        AND r.started_on >= \(today.adding(days: -Self.handoverDays))
        AND EXISTS (
          SELECT 1 FROM relationships e JOIN conversations c ON c.relationship_id = e.id
          WHERE e.employee_id = \(me) AND e.kind = 'manager' AND e.id <> r.id AND c.status = 'held')
        AND NOT EXISTS (SELECT 1 FROM handovers h WHERE h.employee_id = \(me) AND h.recipient_id = r.partner_id)
      ) needs JOIN people p ON p.id = needs.person_id
      """
    return Read(query) { rows in try Self.items(rows, of: actor, today: today) }
  }

  private static func items(_ rows: [Row], of actor: Actor, today: CalendarDate) throws -> [NeedsYouItem] {
    try rows.map { row in
      let kind = NeedsYouItem.Kind(rawValue: try row.decode("kind")) ?? .actionItem
      // A day as it is stored, or the day of an instant where the person is.
      let day = try row.decode("day", as: String.self)
      let date =
        try CalendarDate(day)
        ?? SQLTimestamp.parse(day).map { CalendarDate($0, in: actor.timeZone) }
        .found("date")
      return NeedsYouItem(
        kind: kind, subjectID: try row.decode("subject_id"),
        conversationID: try row.decode("conversation_id"),
        personName: try PersonName.display(row), title: try row.decode("title"), date: date,
        overdue: kind == .actionItem && date < today)
    }.sorted { ($0.date, $0.kind.rawValue, $0.subjectID) < ($1.date, $1.kind.rawValue, $1.subjectID) }
  }
}
