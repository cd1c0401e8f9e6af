import Foundation
import SQL

/// How someone is doing on one competency, against their target level.
public enum Rating: Int, Sendable, Codable, CaseIterable {
  case notYet = 1
  case developing, meets, exceeds

  public var label: String {
    switch self {
    case .notYet: "Not yet"
    case .developing: "Developing"
    case .meets: "Meets"
    case .exceeds: "Exceeds"
    }
  }
  /// What the rating means, so everyone rates on the same scale.
  public var meaning: String {
    switch self {
    case .notYet: "Not shown yet at the expected level"
    case .developing: "Shown sometimes, with help"
    case .meets: "Shown reliably, as the level expects"
    case .exceeds: "Shown beyond the level, and others learn from it"
    }
  }
}

public enum Perspective: String, Sendable, Codable {
  case `self`
  case manager
}

public struct Assessment: Sendable, Codable, Equatable {
  public let perspective: Perspective
  public let assessorID: Int64
  /// Rating by competency slug.
  public let ratings: [String: Rating]
  public let note: String
  public let updatedAt: Date
}

/// One competency's expectation at the target level, and both views of where the person is.
public struct GapRow: Sendable, Codable, Equatable {
  public let area: String
  public let competency: String
  public let competencySlug: String
  public let expected: String?
  public let selfRating: Rating?
  public let managerRating: Rating?

  /// Worth developing: someone rated it below "meets", or the two views differ.
  public var isGap: Bool {
    let ratings = [selfRating, managerRating].compactMap { $0 }
    return ratings.contains { $0.rawValue < Rating.meets.rawValue } || Set(ratings).count > 1
  }

  /// Why it is worth developing, in words a badge can carry.
  public var gapReason: String {
    let ratings = [selfRating, managerRating].compactMap { $0 }
    return ratings.contains { $0.rawValue < Rating.meets.rawValue }
      ? "rated below the level" : "ratings differ: talk it over"
  }
}

/// Someone's place in the framework and the gaps worth developing.
public struct Growth: Sendable, Codable, Equatable {
  public let person: Person
  public let role: Framework.Role?
  public let targetRole: Framework.Role?
  public let selfAssessment: Assessment?
  public let managerAssessment: Assessment?
  /// Against the target role's level (or the current role's when no target is set).
  public let gaps: [GapRow]
}

/// Roles, targets and competency ratings: career data for the person and their manager.
public struct GrowthService: Sendable {
  let database: Database
  let clock: Clock

  private func standing(_ connection: any Connection, _ actor: Actor, _ personID: Int64) throws
    -> Relationship
  {
    guard try PeopleStore.find(connection, id: personID) != nil else { throw NotFound("person") }
    return try PeopleStore.relationship(connection, actor: actor.id, subject: personID)
  }

  /// Where the person stands; the manager's reads are recorded in the person's access history.
  public func growth(_ actor: Actor, of personID: Int64, via: Channel) throws -> Growth {
    try database.reading { connection, recorded in
      let relationship = try standing(connection, actor, personID)
      try Policy.require(actor, .viewGrowth, relationship)
      if Policy.isAudited(.viewGrowth, relationship) {
        recorded.record(
          viewer: actor.id, subject: personID, data: "growth: role and assessments", via: via, at: clock.now()
        )
      }
      let framework = try FrameworkStore.load(connection)
      let placement = try connection.queryFirst(
        "SELECT role_slug, target_role_slug FROM role_placements WHERE person_id = \(personID)")
      let role = try placement?.decode("role_slug", as: String?.self).flatMap(framework.role)
      let target = try placement?.decode("target_role_slug", as: String?.self).flatMap(framework.role)
      let assessments = try connection.query(
        "SELECT perspective, assessor_id, ratings, note, updated_at FROM assessments WHERE person_id = \(personID)"
      ).map { row in
        Assessment(
          perspective: Perspective(rawValue: try row.decode("perspective")) ?? .self,
          assessorID: try row.decode("assessor_id"),
          ratings: (try? JSONDecoder().decode(
            [String: Rating].self, from: Data(try row.decode("ratings", as: String.self).utf8))) ?? [:],
          note: try row.decode("note"), updatedAt: try row.decode("updated_at"))
      }
      let mine = assessments.first { $0.perspective == .self }
      let manager = assessments.first { $0.perspective == .manager }
      let against = target ?? role
      var gaps: [GapRow] = []
      for area in framework.areas {
        for competency in area.competencies {
          gaps.append(
            GapRow(
              area: area.name, competency: competency.name, competencySlug: competency.slug,
              expected: against.flatMap { competency.expectations["\($0.track)/\($0.level)"]?.description },
              selfRating: mine?.ratings[competency.slug], managerRating: manager?.ratings[competency.slug]))
        }
      }
      return Growth(
        person: try PeopleStore.find(connection, id: personID).found("person"), role: role,
        targetRole: target,
        selfAssessment: mine, managerAssessment: manager, gaps: gaps)
    }
  }

  /// Sets the current role (people team or the manager) and/or the target role (the person too).
  public func place(_ actor: Actor, person personID: Int64, role: String??, target: String??) throws {
    try database.transaction { connection in
      let relationship = try standing(connection, actor, personID)
      let framework = try FrameworkStore.load(connection)
      var validator = Validator()
      if let role, let slug = role {
        validator.check(framework.role(slug) != nil, "role", "no role \"\(slug)\" in the framework")
      }
      if let target, let slug = target {
        validator.check(framework.role(slug) != nil, "targetRole", "no role \"\(slug)\" in the framework")
      }
      if role != nil { try Policy.require(actor, .placeOnRole, relationship) }
      if target != nil { try Policy.require(actor, .viewGrowth, relationship) }
      try validator.throwIfInvalid()
      let current = try connection.queryFirst(
        "SELECT role_slug, target_role_slug FROM role_placements WHERE person_id = \(personID)")
      let currentRole = try current?.decode("role_slug", as: String?.self) ?? nil
      let currentTarget = try current?.decode("target_role_slug", as: String?.self) ?? nil
      // `.some(nil)` clears a value; `nil` keeps it.
      let newRole: String? = role ?? currentRole
      let newTarget: String? = target ?? currentTarget
      try connection.execute(
        """
        INSERT INTO role_placements (person_id, role_slug, target_role_slug, updated_by, updated_at)
        VALUES (\(personID), \(newRole), \(newTarget), \(actor.id), \(clock.now()))
        ON CONFLICT (person_id) DO UPDATE SET role_slug = excluded.role_slug,
          target_role_slug = excluded.target_role_slug, updated_by = excluded.updated_by, updated_at = excluded.updated_at
        """)
    }
  }

  /// Saves the actor's ratings of the person: "self" when it is themselves, "manager" otherwise.
  public func assess(_ actor: Actor, person personID: Int64, ratings: [String: Rating], note: String) throws {
    try database.transaction { connection in
      let relationship = try standing(connection, actor, personID)
      try Policy.require(actor, .viewGrowth, relationship)
      let known = Set(try FrameworkStore.load(connection).areas.flatMap(\.competencies).map(\.slug))
      let unknown = ratings.keys.filter { !known.contains($0) }.sorted()
      if let first = unknown.first {
        throw ValidationError(field: "ratings.\(first)", "no competency \"\(first)\" in the framework")
      }
      try TextRule.assessmentNote.validate(note, "note")
      let perspective: Perspective = relationship.isSelf ? .self : .manager
      let json = String(decoding: try JSONEncoder.sorted.encode(ratings), as: UTF8.self)
      try connection.execute(
        """
        INSERT INTO assessments (person_id, assessor_id, perspective, ratings, note, updated_at)
        VALUES (\(personID), \(actor.id), \(perspective.rawValue), \(json), \(note.trimmed), \(clock.now()))
        ON CONFLICT (person_id, perspective) DO UPDATE SET assessor_id = excluded.assessor_id,
          ratings = excluded.ratings, note = excluded.note, updated_at = excluded.updated_at
        """)
    }
  }
}
