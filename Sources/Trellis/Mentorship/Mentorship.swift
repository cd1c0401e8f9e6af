import Foundation
import SQL

/// Someone's offer to mentor, as everyone sees it.
public struct MentorOffer: Sendable, Codable, Equatable {
  public let personID: Int64
  public let name: String
  public let jobTitle: String
  public let topics: String
  public let about: String
  public let competencies: [CompetencyRef]
  public let capacity: Int
  public let cadenceDays: Int
  public let active: Bool
  public let activeMentees: Int
  /// Why this mentor suits the person looking (empty when nothing points to them).
  public let reasons: [String]

  public var hasRoom: Bool { active && activeMentees < capacity }
}

public struct MentorOfferInput: Sendable, Codable, Equatable {
  public var topics: String
  public var about: String?
  public var competencySlugs: [String]?
  public var capacity: Int
  public var cadenceDays: Int
  public var active: Bool

  public init(
    topics: String, about: String? = nil, competencySlugs: [String]? = nil, capacity: Int, cadenceDays: Int,
    active: Bool = true
  ) {
    self.topics = topics
    self.about = about
    self.competencySlugs = competencySlugs
    self.capacity = capacity
    self.cadenceDays = cadenceDays
    self.active = active
  }
}

public enum MentorshipRequestStatus: String, Sendable, Codable, CaseIterable {
  case pending, accepted, declined
}

public struct MentorshipRequest: Sendable, Codable, Equatable {
  public let id: Int64
  public let menteeID: Int64
  public let menteeName: String
  public let mentorID: Int64
  public let mentorName: String
  public let note: String
  public let status: MentorshipRequestStatus
  public let responseNote: String
  public let createdAt: Date
}

public struct MentorshipGoal: Sendable, Codable, Equatable {
  public let id: Int64
  public let title: String
  public let reachedOn: CalendarDate?
}

/// A mentorship: a career-conversation relationship of the kind "mentor", with its goals.
public struct Mentorship: Sendable, Codable, Equatable {
  /// The relationship's id: conversations are scheduled on it like any other.
  public let id: Int64
  public let menteeID: Int64
  public let menteeName: String
  public let mentorID: Int64
  public let mentorName: String
  public let startedOn: CalendarDate
  public let endedOn: CalendarDate?
  public let cadenceDays: Int?
  public let goals: [MentorshipGoal]
  public let menteeReflection: String
  public let mentorReflection: String
}

/// A mentorship with where its rhythm stands and its conversations, for its two participants.
public struct MentorshipDetail: Sendable, Codable, Equatable {
  public let mentorship: Mentorship
  public let rhythm: Rhythm?
  public let conversations: [Conversation]
}

/// What concerns the actor in mentoring.
public struct MentoringOverview: Sendable, Codable, Equatable {
  public let mentorships: Page<Mentorship>
  /// Pending requests to the actor as a mentor.
  public let asked: Page<MentorshipRequest>
  /// Requests the actor made.
  public let requested: Page<MentorshipRequest>
  public let offer: MentorOffer?
}

/// The actor's lists of mentorships (as mentee or mentor) and of requests (`asked` of them as a
/// mentor and pending, `requested` by them).
public enum MentoringList: String, Sendable, CaseIterable {
  case mentorships, asked, requested

  /// The rows of this list that are the actor's.
  func condition(_ actor: Actor) -> SQLQuery {
    switch self {
    case .mentorships:
      return "(relationships.employee_id = \(actor.id) OR relationships.partner_id = \(actor.id))"
    case .asked:
      return "mentorship_requests.mentor_id = \(actor.id) AND mentorship_requests.status = 'pending'"
    case .requested: return "mentorship_requests.mentee_id = \(actor.id)"
    }
  }
}

/// Mentorship for the people team: aggregates only, hidden below five people.
public struct MentoringMetrics: Sendable, Codable, Equatable {
  /// True when fewer than five people are in active mentorships: nothing else is given.
  public let suppressed: Bool
  public let activePairs: Int?
  public let peopleInvolved: Int?
  /// Share of active mentorships whose last conversation was within their cadence (0–100).
  public let onCadencePercent: Int?
  public let goalsSet: Int?
  public let goalsReached: Int?
}
