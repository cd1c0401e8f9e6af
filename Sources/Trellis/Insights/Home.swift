import Foundation
import SQL

/// Where the actor's own reflection for their next conversation stands.
public enum ReflectionState: String, Sendable, Codable, CaseIterable {
  case notStarted = "not_started"
  case draft
  case shared

  public var label: String {
    switch self {
    case .notStarted: "Reflection not started"
    case .draft: "Reflection drafted, not shared yet"
    case .shared: "Reflection ready and shared"
    }
  }
}

/// The actor's next conversation with their manager: scheduled, or when it is due.
public struct NextConversation: Sendable, Codable, Equatable {
  init(_ rhythm: Rhythm, reflection: ReflectionState?) {
    relationshipID = rhythm.relationship.id
    partnerName = rhythm.partner.displayName
    conversationID = rhythm.nextScheduled?.id
    scheduledAt = rhythm.nextScheduled?.scheduledAt
    timeZone = rhythm.nextScheduled?.timeZone
    dueOn = rhythm.dueOn
    status = rhythm.status
    self.reflection = reflection
  }

  public let relationshipID: Int64
  public let partnerName: String
  public let conversationID: Int64?
  public let scheduledAt: Date?
  public let timeZone: String?
  public let dueOn: CalendarDate
  public let status: RhythmStatus
  /// Nil when nothing is scheduled yet.
  public let reflection: ReflectionState?
}

/// A plan milestone still to reach.
public struct UpcomingMilestone: Sendable, Codable, Equatable {
  public let itemID: Int64
  public let skill: String
  public let title: String
  public let targetOn: CalendarDate
}

/// The actor's development plan at a glance.
public struct PlanProgress: Sendable, Codable, Equatable {
  public let itemsDone: Int
  /// Items not dropped.
  public let items: Int
  public let nextMilestones: [UpcomingMilestone]
}

/// Everything the employee home shows, in one read.
public struct HomeSummary: Sendable, Codable, Equatable {
  public let nextConversation: NextConversation?
  /// Open action items the actor owns, soonest due first.
  public let actionItems: [ActionItem]
  public let plan: PlanProgress?
  /// Active goals.
  public let goals: [Goal]
  /// Feedback others asked of the actor, still open.
  public let feedbackAsked: [FeedbackRequest]
  /// Feedback the actor asked for and is still waiting on.
  public let feedbackRequested: [FeedbackRequest]
  /// Feedback received in the last 30 days the actor has not thanked or answered yet.
  public let feedbackToRead: Int
  /// New opportunities matching what the actor follows, best first.
  public let opportunities: [Opportunity]
  public let mentoring: MentoringOverview
  /// Interest the actor's reports shared with them.
  public let sharedInterest: [Interest]
  /// Recent celebrations the actor may see.
  public let celebrations: [Celebration]
  /// Where each of the actor's reports stands with them.
  public let team: [Rhythm]
  /// What admins did to the actor's account lately (a manager change, a link, a role).
  public let accountNotices: [AccountNoticeEntry]
}

enum HomeStore {
  /// Where the author's reflections stand for the conversations coming up in their own
  /// relationships (as the employee), by conversation; one without a reflection is not started.
  static func reflections(upcomingFor author: Int64, now: Date) -> Read<[Int64: ReflectionState]> {
    Read(
      """
      SELECT conversation_id, shared_at FROM reflections
      WHERE author_id = \(author) AND conversation_id IN (
        SELECT conversations.id FROM conversations
        JOIN relationships ON relationships.id = conversations.relationship_id
        WHERE relationships.employee_id = \(author) AND relationships.ended_on IS NULL
          AND conversations.status = 'scheduled'
          AND conversations.scheduled_at >= \(ConversationStore.stillUpcoming(now)))
      """
    ) { rows in
      var states: [Int64: ReflectionState] = [:]
      for row in rows {
        states[try row.decode("conversation_id")] =
          try row.decode("shared_at", as: Date?.self) == nil ? .draft : .shared
      }
      return states
    }
  }

  /// The active plan's progress from its two reads (the items' states, and the three milestones
  /// due next); nil when there is no plan or it is empty. Reading it makes none.
  static func planProgress(statuses: [String], nextMilestones: [UpcomingMilestone]) -> PlanProgress? {
    guard !statuses.isEmpty else { return nil }
    return PlanProgress(
      itemsDone: statuses.filter { $0 == PlanItemStatus.done.rawValue }.count, items: statuses.count,
      nextMilestones: nextMilestones)
  }

  private static func keptItems(person: Int64) -> SQLQuery {
    """
    plan_items.plan_id IN (SELECT id FROM plans WHERE person_id = \(person) AND status = 'active')
      AND plan_items.status <> 'dropped'
    """
  }

  static func planStatuses(person: Int64) -> Read<[String]> {
    Read("SELECT plan_items.status FROM plan_items WHERE \(keptItems(person: person))") { rows in
      try rows.map { try $0.decode("status", as: String.self) }
    }
  }

  static func nextMilestones(person: Int64) -> Read<[UpcomingMilestone]> {
    Read(
      """
      SELECT plan_milestones.item_id, plan_items.skill, plan_milestones.title, plan_milestones.target_on
      FROM plan_milestones JOIN plan_items ON plan_items.id = plan_milestones.item_id
      WHERE \(keptItems(person: person)) AND plan_milestones.done_on IS NULL
      ORDER BY plan_milestones.target_on, plan_milestones.title LIMIT 3
      """
    ) { rows in
      try rows.map { row in
        UpcomingMilestone(
          itemID: try row.decode("item_id"), skill: try row.decode("skill"), title: try row.decode("title"),
          targetOn: try row.decode("target_on"))
      }
    }
  }

  static func feedbackToRead(person: Int64, now: Date) -> Read<Int> {
    Read(
      """
      SELECT count(*) AS unread FROM feedback
      WHERE recipient_id = \(person) AND thanked_at IS NULL AND replied_at IS NULL
        AND created_at >= \(now.addingTimeInterval(-30 * 86_400))
      """
    ) { rows in try rows.first?.decode("unread", as: Int.self) ?? 0 }
  }
}
