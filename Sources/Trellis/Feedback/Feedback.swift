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
