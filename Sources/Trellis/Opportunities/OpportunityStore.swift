import Foundation
import SQL

enum OpportunityStore {
  static func opportunity(_ connection: any Connection, _ actor: Actor, _ id: Int64, today: CalendarDate)
    throws
    -> Opportunity
  {
    guard
      let opportunity = try opportunities(connection, actor, where: "opportunities.id = \(id)", today: today)
        .first
    else { throw NotFound("opportunity") }
    return opportunity
  }

  /// Opportunities with their competencies, matched against `actor` (no match without one).
  static func opportunities(
    _ connection: any Connection, _ actor: Actor?, where condition: SQLQuery, today: CalendarDate,
    limit: Int = Int(Int32.max), offset: Int = 0
  ) throws -> [Opportunity] {
    try connection.read(opportunities(actor, where: condition, today: today, limit: limit, offset: offset))
  }

  /// The opportunities matching `condition`, their competencies and how they match the actor:
  /// sent together.
  static func opportunities(
    _ actor: Actor?, where condition: SQLQuery, today: CalendarDate, limit: Int = Int(Int32.max),
    offset: Int = 0
  ) -> Read<[Opportunity]> {
    let shown: SQLQuery = """
      FROM opportunities JOIN people owner ON owner.id = opportunities.owner_id
      LEFT JOIN opportunity_interests mine ON mine.opportunity_id = opportunities.id AND mine.person_id = \(actor?.id ?? 0)
      WHERE \(condition)
      ORDER BY opportunities.status DESC, opportunities.interest_deadline, opportunities.id
      LIMIT \(limit) OFFSET \(offset)
      """
    return Read.together(
      Read(
        "SELECT opportunities.*, mine.status AS my_status, \(PersonName.columns(of: "owner", prefix: "owner_")) \(shown)"
      ) { $0 },
      CompetencyLinks.links(
        tables: ["opportunity_needs", "opportunity_develops"], column: "opportunity_id",
        subjects: "SELECT opportunities.id \(shown)"),
      MatchProfile.load(for: actor)
    ).map { rows, links, profile in
      let (needs, develops) = (links["opportunity_needs"] ?? [:], links["opportunity_develops"] ?? [:])
      return try rows.map { row in
        let id: Int64 = try row.decode("id")
        let title: String = try row.decode("title")
        let description: String = try row.decode("description")
        let match =
          profile?.match(
            needs: needs[id] ?? [], develops: develops[id] ?? [], text: title + " " + description)
          ?? Match(score: 0, reasons: [], known: false)
        return Opportunity(
          id: id, title: title, kind: OpportunityKind(rawValue: try row.decode("kind")) ?? .project,
          description: description, timeCommitment: try row.decode("time_commitment"),
          team: try row.decode("team"),
          startsOn: try row.decode("starts_on"), interestDeadline: try row.decode("interest_deadline"),
          places: try row.decode("places"), ownerID: try row.decode("owner_id"),
          ownerName: try PersonName.display(row, prefix: "owner_"), needs: needs[id] ?? [],
          develops: develops[id] ?? [], isOpen: try row.decode("status", as: String.self) == "open",
          outcome: (try row.decode("outcome", as: String?.self)).flatMap(OpportunityOutcome.init),
          outcomeNote: try row.decode("outcome_note"), createdAt: try row.decode("created_at"), match: match,
          myInterest: (try row.decode("my_status", as: String?.self)).flatMap(InterestStatus.init))
      }
    }
  }

  /// The interest someone the actor stands in `relationship` to may read, as SQL: the policy is
  /// asked about both values of the row's own fact (shared with the manager or not).
  static func readableInterest(by actor: Actor, _ relationship: Relationship) -> SQLQuery {
    let allowed: [SQLQuery] = [false, true].filter {
      Policy.allows(actor, .viewOpportunityInterest, relationship.with(\.sharedWithManager, $0))
    }.map { "opportunity_interests.share_with_manager = \($0)" }
    return allowed.isEmpty ? "1 = 0" : "(\(SQLQuery.joined(allowed, separator: " OR ")))"
  }

  static func interestPage(_ connection: any Connection, where condition: SQLQuery, limit: Int, offset: Int)
    throws -> Page<Interest>
  {
    try Page.read(
      connection, limit: limit, offset: offset,
      counting: "opportunity_interests WHERE \(condition)",
      items: { try interests(connection, where: condition, limit: $0, offset: $1) })
  }

  /// The interest matching `condition`, newest first: all of it, or `limit` rows from `offset`.
  static func interests(
    _ connection: any Connection, where condition: SQLQuery, limit: Int? = nil, offset: Int = 0
  ) throws -> [Interest] {
    try connection.read(interests(where: condition, limit: limit, offset: offset))
  }

  static func interests(where condition: SQLQuery, limit: Int? = nil, offset: Int = 0) -> Read<[Interest]> {
    Read(
      """
      SELECT opportunity_interests.*, opportunities.title, \(PersonName.columns(of: "people"))
      FROM opportunity_interests
      JOIN opportunities ON opportunities.id = opportunity_interests.opportunity_id
      JOIN people ON people.id = opportunity_interests.person_id
      WHERE \(condition) ORDER BY opportunity_interests.id DESC \(.window(limit, offset))
      """
    ) { rows in
      try rows.map { row in
        Interest(
          id: try row.decode("id"), opportunityID: try row.decode("opportunity_id"),
          opportunityTitle: try row.decode("title"), personID: try row.decode("person_id"),
          personName: try PersonName.display(row), note: try row.decode("note"),
          shareWithManager: try row.decode("share_with_manager"),
          status: InterestStatus(rawValue: try row.decode("status")) ?? .interested,
          createdAt: try row.decode("created_at"))
      }
    }
  }
}
