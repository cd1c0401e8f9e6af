import Foundation
import SQL

enum MentorshipStore {
  /// A pending request the actor may act on as `action` says: the mentee withdraws it, the mentor
  /// answers it. Anyone else's is not found.
  static func pendingRequest(_ connection: any Connection, _ actor: Actor, _ id: Int64, _ action: Action)
    throws
    -> MentorshipRequest
  {
    guard let request = try requests(connection, where: "mentorship_requests.id = \(id)").first,
      Policy.allows(
        actor, action,
        Relationship.only(\.isRequester, request.menteeID == actor.id).with(
          \.isAsked, request.mentorID == actor.id))
    else { throw NotFound("mentorship request") }
    guard request.status == .pending else { throw Conflict("this request is already answered") }
    return request
  }

  /// Offers with their competencies and how many mentees each has; with `for`, why each suits them.
  static func offers(
    _ connection: any Connection, for actor: Actor?, where condition: SQLQuery, limit: Int = Int(Int32.max),
    offset: Int = 0
  ) throws -> [MentorOffer] {
    try connection.read(offers(for: actor, where: condition, limit: limit, offset: offset))
  }

  static func offers(
    for actor: Actor?, where condition: SQLQuery, limit: Int = Int(Int32.max), offset: Int = 0
  ) -> Read<[MentorOffer]> {
    let shown: SQLQuery = """
      FROM mentor_offers JOIN people ON people.id = mentor_offers.person_id
      WHERE people.active AND \(condition)
      ORDER BY people.family_name, people.given_name, people.id LIMIT \(limit) OFFSET \(offset)
      """
    return Read.together(
      Read(
        """
        SELECT mentor_offers.*, people.job_title, \(PersonName.columns(of: "people")),
          (SELECT count(*) FROM relationships
           WHERE relationships.kind = 'mentor' AND relationships.partner_id = mentor_offers.person_id
             AND relationships.ended_on IS NULL) AS active_mentees
        \(shown)
        """
      ) { $0 },
      CompetencyLinks.links(
        tables: ["mentor_competencies"], column: "person_id",
        subjects: "SELECT mentor_offers.person_id \(shown)"),
      MatchProfile.load(for: actor)
    ).map { rows, links, profile in
      let competencies = links["mentor_competencies"] ?? [:]
      return try rows.map { row in
        let id: Int64 = try row.decode("person_id")
        let topics: String = try row.decode("topics")
        return MentorOffer(
          personID: id, name: try PersonName.display(row), jobTitle: try row.decode("job_title"),
          topics: topics,
          about: try row.decode("about"), competencies: competencies[id] ?? [],
          capacity: try row.decode("capacity"),
          cadenceDays: try row.decode("cadence_days"), active: try row.decode("active"),
          activeMentees: try row.decode("active_mentees"),
          reasons: profile.map { reasons($0, competencies: competencies[id] ?? [], topics: topics) } ?? [])
      }
    }
  }

  /// Why a mentor suits someone: competencies in their plan or still developing, goals their topics touch.
  static func reasons(_ profile: MatchProfile, competencies: [CompetencyRef], topics: String) -> [String] {
    var reasons: [String] = []
    for competency in competencies {
      if profile.inPlan.contains(competency.slug) {
        reasons.append("Mentors \(competency.name), which is in your plan")
      } else if profile.gaps.contains(competency.slug) {
        reasons.append("Mentors \(competency.name), where you are still developing")
      }
    }
    let words = MatchProfile.words(topics)
    for goal in profile.goals where !MatchProfile.words(goal).isDisjoint(with: words) {
      reasons.append("Their topics touch your goal “\(goal)”")
    }
    return reasons
  }

  static func requestPage(
    _ connection: any Connection, where condition: SQLQuery, limit: Int, offset: Int, total: Int? = nil
  ) throws -> Page<MentorshipRequest> {
    try Page.read(
      limit: limit, offset: offset,
      total: try total ?? connection.count("mentorship_requests WHERE \(condition)"),
      items: { try requests(connection, where: condition, limit: $0, offset: $1) })
  }

  static func mentorshipPage(
    _ connection: any Connection, where condition: SQLQuery, limit: Int, offset: Int, total: Int? = nil
  ) throws -> Page<Mentorship> {
    try Page.read(
      limit: limit, offset: offset, total: try total ?? connection.count(mentorshipRows(condition)),
      items: { try mentorships(connection, where: condition, limit: $0, offset: $1) })
  }

  static func mentorshipRows(_ condition: SQLQuery) -> SQLQuery {
    "relationships JOIN mentorships ON mentorships.relationship_id = relationships.id WHERE \(condition)"
  }

  /// How many of the actor's mentorships, requests to them and requests of theirs there are, in
  /// one statement (every home page asks).
  static func totals(of actor: Actor) -> Read<[MentoringList: Int]> {
    Read(
      """
      SELECT (SELECT count(*) FROM \(mentorshipRows(MentoringList.mentorships.condition(actor)))) AS mentorships,
        (SELECT count(*) FROM mentorship_requests WHERE \(MentoringList.asked.condition(actor))) AS asked,
        (SELECT count(*) FROM mentorship_requests WHERE \(MentoringList.requested.condition(actor))) AS requested
      """
    ) { rows in
      var totals: [MentoringList: Int] = [:]
      for list in MentoringList.allCases {
        totals[list] = try rows.first?.decode(list.rawValue, as: Int.self) ?? 0
      }
      return totals
    }
  }

  /// The requests matching `condition`, newest first: all of them, or `limit` rows from `offset`.
  static func requests(
    _ connection: any Connection, where condition: SQLQuery, limit: Int? = nil, offset: Int = 0
  ) throws -> [MentorshipRequest] {
    try connection.read(requests(where: condition, limit: limit, offset: offset))
  }

  static func requests(where condition: SQLQuery, limit: Int? = nil, offset: Int = 0) -> Read<
    [MentorshipRequest]
  > {
    Read(
      """
      SELECT mentorship_requests.*, \(PersonName.columns(of: "mentee", prefix: "mentee_")),
        \(PersonName.columns(of: "mentor", prefix: "mentor_"))
      FROM mentorship_requests
      JOIN people mentee ON mentee.id = mentorship_requests.mentee_id
      JOIN people mentor ON mentor.id = mentorship_requests.mentor_id
      WHERE \(condition) ORDER BY mentorship_requests.id DESC \(.window(limit, offset))
      """
    ) { rows in
      try rows.map { row in
        MentorshipRequest(
          id: try row.decode("id"), menteeID: try row.decode("mentee_id"),
          menteeName: try PersonName.display(row, prefix: "mentee_"), mentorID: try row.decode("mentor_id"),
          mentorName: try PersonName.display(row, prefix: "mentor_"), note: try row.decode("note"),
          status: MentorshipRequestStatus(rawValue: try row.decode("status")) ?? .pending,
          responseNote: try row.decode("response_note"), createdAt: try row.decode("created_at"))
      }
    }
  }

  /// The mentorships matching `condition`, current first then newest: all of them, or `limit`
  /// rows from `offset`.
  static func mentorships(
    _ connection: any Connection, where condition: SQLQuery, limit: Int? = nil, offset: Int = 0
  ) throws -> [Mentorship] {
    try connection.read(mentorships(where: condition, limit: limit, offset: offset))
  }

  static func mentorships(where condition: SQLQuery, limit: Int? = nil, offset: Int = 0) -> Read<[Mentorship]>
  {
    let shown: SQLQuery = """
      FROM relationships
      JOIN mentorships ON mentorships.relationship_id = relationships.id
      JOIN people mentee ON mentee.id = relationships.employee_id
      JOIN people mentor ON mentor.id = relationships.partner_id
      WHERE \(condition)
      ORDER BY relationships.ended_on IS NOT NULL, relationships.started_on DESC, relationships.id DESC
      \(.window(limit, offset))
      """
    return Read.together(
      Read(
        """
        SELECT relationships.id, relationships.employee_id, relationships.partner_id, relationships.started_on,
          relationships.ended_on, relationships.cadence_days, mentorships.mentee_reflection,
          mentorships.mentor_reflection, \(PersonName.columns(of: "mentee", prefix: "mentee_")),
          \(PersonName.columns(of: "mentor", prefix: "mentor_"))
        \(shown)
        """
      ) { $0 },
      Read(
        "SELECT * FROM mentorship_goals WHERE relationship_id IN (SELECT relationships.id \(shown)) ORDER BY id"
      ) { rows in
        var goals: [Int64: [MentorshipGoal]] = [:]
        for row in rows {
          goals[try row.decode("relationship_id"), default: []].append(
            MentorshipGoal(
              id: try row.decode("id"), title: try row.decode("title"),
              reachedOn: try row.decode("reached_on")))
        }
        return goals
      }
    ).map { rows, goals in
      try rows.map { row in
        let id: Int64 = try row.decode("id")
        return Mentorship(
          id: id, menteeID: try row.decode("employee_id"),
          menteeName: try PersonName.display(row, prefix: "mentee_"),
          mentorID: try row.decode("partner_id"), mentorName: try PersonName.display(row, prefix: "mentor_"),
          startedOn: try row.decode("started_on"), endedOn: try row.decode("ended_on"),
          cadenceDays: try row.decode("cadence_days"), goals: goals[id] ?? [],
          menteeReflection: try row.decode("mentee_reflection"),
          mentorReflection: try row.decode("mentor_reflection"))
      }
    }
  }
}
