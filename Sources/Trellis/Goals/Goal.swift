import Foundation
import SQL

public enum GoalVisibility: String, Sendable, Codable, CaseIterable {
  case `private`, manager, everyone
}

public enum GoalHorizon: String, Sendable, Codable, CaseIterable {
  case shortTerm = "short term"
  case longTerm = "long term"
  case aspiration
}

public enum GoalStatus: String, Sendable, Codable, CaseIterable {
  case active, achieved, paused, dropped
}

/// Progress as a percent the owner sets, or, once a goal has milestones, the share of them done.
public enum GoalProgressMode: String, Sendable, Codable, CaseIterable {
  case percent, milestones
}

public struct GoalMilestone: Sendable, Codable, Equatable {
  public let id: Int64
  public let title: String
  public let doneOn: CalendarDate?
}

public struct Objective: Sendable, Codable, Equatable {
  public let id: Int64
  public let title: String
  public let description: String
  public let period: String
  /// Empty for the whole organization, else the team it belongs to.
  public let team: String
  public let ownerName: String
}

public struct GoalCheckIn: Sendable, Codable, Equatable {
  public let authorName: String
  public let progress: Int
  public let note: String
  public let createdAt: Date
}

public struct Goal: Sendable, Codable, Equatable {
  public let id: Int64
  public let personID: Int64
  public let title: String
  public let description: String
  public let horizon: GoalHorizon
  public let objective: Objective?
  public let status: GoalStatus
  public let progress: Int
  public let progressMode: GoalProgressMode
  public let milestones: [GoalMilestone]
  public let visibility: GoalVisibility
  public let dueOn: CalendarDate?
  public let checkIns: [GoalCheckIn]
}

public struct GoalInput: Sendable, Codable, Equatable {
  public var title: String
  public var description: String?
  public var horizon: GoalHorizon
  public var objectiveID: Int64?
  public var visibility: GoalVisibility
  public var dueOn: String?
  /// When given, progress counts these milestones done instead of a percent.
  public var milestones: [String]?

  public init(
    title: String, description: String? = nil, horizon: GoalHorizon, objectiveID: Int64? = nil,
    visibility: GoalVisibility, dueOn: String? = nil, milestones: [String]? = nil
  ) {
    self.milestones = milestones
    self.title = title
    self.description = description
    self.horizon = horizon
    self.objectiveID = objectiveID
    self.visibility = visibility
    self.dueOn = dueOn
  }
}

public struct GoalTemplate: Sendable, Codable, Equatable {
  public let id: Int64
  public let title: String
  public let description: String
  public let horizon: GoalHorizon
  public let objectiveID: Int64?
  /// How many people have a goal from it.
  public let assigned: Int
}
