import Foundation
import SQL

/// Feedback in the demo organization: given freely and asked for, shared with the manager or not,
/// one request still waiting for an answer.
enum DemoFeedback {
  static func load(_ connection: any Connection, ids: [String: Int64], now: Date) throws {
    let day = 86_400.0
    let pieces: [(String, String, String, String, String, String, String, Bool, Double)] = [
      (
        "Yusuf", "Ana", "appreciation", "In the payments design review last Thursday",
        "You laid out three options with their trade-offs before giving your own view",
        "The two teams agreed in one meeting instead of three", "", true, 12
      ),
      (
        "Daniel", "Ana", "coaching", "In the incident retro on Monday",
        "You went straight to the fix while others were still describing what they saw",
        "Grace and Noah stopped adding to the timeline",
        "Ask each person for what they saw before proposing a fix", true, 5
      ),
      (
        "Kenji", "Mei", "appreciation", "During the onboarding flow critique",
        "You brought two recordings of real users struggling", "We dropped a step nobody had questioned",
        "", false, 9
      ),
      (
        "Sofia", "Amara", "coaching", "At the usability study readout",
        "You presented every finding with the same weight",
        "Product left unsure which three things matter most",
        "Lead with the top three findings and their evidence",
        true, 3
      ),
    ]
    for (giver, recipient, kind, situation, behaviour, impact, next, shared, daysAgo) in pieces {
      try connection.execute(
        """
        INSERT INTO feedback (giver_id, recipient_id, kind, situation, behaviour, impact, next_step, manager_may_see,
          created_at)
        VALUES (\(ids[giver]!), \(ids[recipient]!), \(kind), \(situation), \(behaviour), \(impact), \(next), \(shared),
          \(now.addingTimeInterval(-day * daysAgo)))
        """)
    }
    try connection.execute(
      """
      INSERT INTO feedback_requests (requester_id, giver_id, topic, status, created_at)
      VALUES (\(ids["Tomás"]!), \(ids["Ana"]!), 'How I explained the caching change to the team', 'open',
        \(now.addingTimeInterval(-day * 2)))
      """)
  }
}
