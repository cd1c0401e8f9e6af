import Foundation
import SQL

/// What a person brings and is working on, to match opportunities and mentors against: the
/// competencies they are rated at or above expectations in, those still developing, those in their
/// active plan, and their active goals.
struct MatchProfile {
  var strong: Set<String> = []
  var gaps: Set<String> = []
  var inPlan: Set<String> = []
  var goals: [String] = []

  /// One statement: the ratings, the plan's competencies and the goals, each row named by `kind`.
  static func load(_ connection: any Connection, _ personID: Int64) throws -> MatchProfile {
    try connection.read(load(personID))
  }

  /// The reader's profile, or nil without a statement when no one is reading (a list shown to
  /// someone it is not matched for).
  static func load(for actor: Actor?) -> Read<MatchProfile?> {
    guard let actor else { return .known(nil) }
    return load(actor.id).map { $0 }
  }

  static func load(_ personID: Int64) -> Read<MatchProfile> {
    Read(
      """
      SELECT 'ratings' AS kind, ratings AS value FROM assessments WHERE person_id = \(personID)
      UNION ALL
      SELECT 'plan', plan_items.competency_slug FROM plan_items JOIN plans ON plans.id = plan_items.plan_id
      WHERE plans.person_id = \(personID) AND plans.status = 'active' AND plan_items.competency_slug IS NOT NULL
        AND plan_items.status IN ('planned', 'in progress')
      UNION ALL
      SELECT 'goal', title FROM goals WHERE person_id = \(personID) AND status = 'active'
      """
    ) { rows in
      var profile = MatchProfile()
      for row in rows {
        let value = try row.decode("value", as: String.self)
        switch try row.decode("kind", as: String.self) {
        case "ratings":
          let ratings = (try? JSONDecoder().decode([String: Rating].self, from: Data(value.utf8))) ?? [:]
          for (slug, rating) in ratings {
            if rating.rawValue >= Rating.meets.rawValue {
              profile.strong.insert(slug)
            } else {
              profile.gaps.insert(slug)
            }
          }
        case "plan": profile.inPlan.insert(value)
        default: profile.goals.append(value)
        }
      }
      profile.gaps.subtract(profile.strong)
      return profile
    }
  }

  /// Two points for each needed competency one is strong in, two for each developed one in one's
  /// plan, one for a developed one that is a gap, two for a goal it serves.
  func match(needs: [CompetencyRef], develops: [CompetencyRef], text: String) -> Match {
    var points = 0
    var reasons: [String] = []
    for competency in needs where strong.contains(competency.slug) {
      points += 2
      reasons.append("You meet the \(competency.name) it needs")
    }
    for competency in develops {
      if inPlan.contains(competency.slug) {
        points += 2
        reasons.append("It grows \(competency.name), which is in your plan")
      } else if gaps.contains(competency.slug) {
        points += 1
        reasons.append("It grows \(competency.name), where you are still developing")
      }
    }
    let words = Self.words(text)
    if let goal = goals.first(where: { !Self.words($0).isDisjoint(with: words) }) {
      points += 2
      reasons.append("It fits your goal “\(goal)”")
    }
    let most = 2 * (needs.count + develops.count) + 2
    let known = !(strong.isEmpty && gaps.isEmpty && inPlan.isEmpty && goals.isEmpty)
    return Match(score: min(100, points * 100 / most), reasons: reasons, known: known)
  }

  /// Words that carry meaning (five letters or more), lowercased.
  static func words(_ text: String) -> Set<String> {
    Set(text.lowercased().split { !$0.isLetter }.map(String.init).filter { $0.count >= 5 })
  }
}
