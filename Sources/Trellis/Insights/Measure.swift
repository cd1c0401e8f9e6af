/// What the people team's dashboard measures, each over a quarter and a group of people.
public enum Measure: String, Sendable, Codable, CaseIterable {
  case cadenceAdherence = "cadence_adherence"
  case overdueRelationships = "overdue_relationships"
  case daysToFirstConversation = "days_to_first_conversation"
  case followThrough = "follow_through"
  case planCoverage = "plan_coverage"
  case milestoneCompletion = "milestone_completion"
  case goalAlignment = "goal_alignment"
  case feedbackPerPerson = "feedback_per_person"
  case feedbackSpread = "feedback_spread"
  case mentorshipReach = "mentorship_reach"
  case internalMoves = "internal_moves"
  case feltHeard = "felt_heard"
  case clearNextSteps = "clear_next_steps"

  /// How a figure is read: a share (0–1), a count, a number of days, a 1–5 score, or a rate.
  public enum Unit: String, Sendable, Codable {
    case share, count, days, score
    case perPerson = "per_person"
  }

  public var unit: Unit {
    switch self {
    case .cadenceAdherence, .followThrough, .planCoverage, .milestoneCompletion, .goalAlignment,
      .feedbackSpread, .mentorshipReach:
      .share
    case .overdueRelationships, .internalMoves: .count
    case .daysToFirstConversation: .days
    case .feedbackPerPerson: .perPerson
    case .feltHeard, .clearNextSteps: .score
    }
  }

  public var label: String {
    switch self {
    case .cadenceAdherence: "Cadence adherence"
    case .overdueRelationships: "Overdue relationships"
    case .daysToFirstConversation: "Days to a new hire’s first conversation"
    case .followThrough: "Follow-through on action items"
    case .planCoverage: "People with an active plan"
    case .milestoneCompletion: "Plan milestones completed"
    case .goalAlignment: "Goals linked to an objective"
    case .feedbackPerPerson: "Feedback received per person"
    case .feedbackSpread: "People who received feedback"
    case .mentorshipReach: "People in a mentorship"
    case .internalMoves: "Internal moves"
    case .feltHeard: "“I felt heard” (1–5)"
    case .clearNextSteps: "“I have clear next steps” (1–5)"
    }
  }

  /// What the figure counts, in one sentence, for the page and the API.
  public var definition: String {
    switch self {
    case .cadenceAdherence:
      "Share of manager relationships that had held a conversation within their cadence at the quarter’s end."
    case .overdueRelationships: "Manager relationships past their due date at the quarter’s end."
    case .daysToFirstConversation:
      "Average days from hire to the first conversation held, for people hired in the four quarters to date."
    case .followThrough:
      "Share of action items done by the following conversation, for follow-ups held in the quarter."
    case .planCoverage: "Share of people with an active development plan at the quarter’s end."
    case .milestoneCompletion: "Share of plan milestones due in the quarter that are done."
    case .goalAlignment: "Share of goals (not dropped) that are linked to an organizational objective."
    case .feedbackPerPerson: "Pieces of feedback received in the quarter, per person."
    case .feedbackSpread: "Share of people who received any feedback in the quarter."
    case .mentorshipReach: "Share of people mentoring or being mentored during the quarter."
    case .internalMoves:
      "People who moved team or manager, or were selected for an opportunity filled internally."
    case .feltHeard: "Average answer to the anonymous pulse after conversations held in the quarter."
    case .clearNextSteps: "Average answer to the anonymous pulse after conversations held in the quarter."
    }
  }

  /// The pulse is stored anonymously by department only, so it cannot be split by team or location.
  public func available(by dimension: Dimension) -> Bool {
    switch self {
    case .feltHeard, .clearNextSteps: dimension == .organization || dimension == .department
    default: true
    }
  }
}

/// How the organization is split on the dashboard.
public enum Dimension: String, Sendable, Codable, CaseIterable {
  case organization, department, team, location

  public var label: String {
    switch self {
    case .organization: "Organization"
    case .department: "Department"
    case .team: "Team"
    case .location: "Location"
    }
  }
}
