import Foundation
import SQL

enum CommunityStore {
  static func members(_ connection: any Connection, of id: Int64, limit: Int, offset: Int) throws
    -> Page<CommunityMember>
  {
    let condition: SQLQuery = "community_members.community_id = \(id) AND people.active"
    return try Page.read(
      connection, limit: limit, offset: offset,
      counting: """
        community_members JOIN people ON people.id = community_members.person_id
        WHERE \(condition)
        """,
      items: { limit, offset in
        try connection.query(
          """
          SELECT community_members.person_id, community_members.is_organiser, \(PersonName.columns(of: "people"))
          FROM community_members JOIN people ON people.id = community_members.person_id
          WHERE \(condition)
          ORDER BY community_members.is_organiser DESC, people.family_name, people.given_name, people.id
          LIMIT \(limit) OFFSET \(offset)
          """
        ).map {
          CommunityMember(
            personID: try $0.decode("person_id"), name: try PersonName.display($0),
            isOrganiser: try $0.decode("is_organiser"))
        }
      })
  }

  /// A page of resources, each saying whether the actor may take it down.
  static func resources(
    _ connection: any Connection, _ actor: Actor, of community: Community, limit: Int, offset: Int
  ) throws -> Page<CommunityResource> {
    try Page.read(
      connection, limit: limit, offset: offset,
      counting: "community_resources WHERE community_id = \(community.id)",
      items: { limit, offset in
        try connection.query(
          """
          SELECT community_resources.*, \(PersonName.columns(of: "people"))
          FROM community_resources JOIN people ON people.id = community_resources.added_by
          WHERE community_resources.community_id = \(community.id)
          ORDER BY community_resources.id DESC LIMIT \(limit) OFFSET \(offset)
          """
        ).map {
          var standing = CommunityStore.standing(of: community)
          standing.isAuthor = try $0.decode("added_by", as: Int64.self) == actor.id
          return CommunityResource(
            id: try $0.decode("id"), title: try $0.decode("title"), url: try $0.decode("url"),
            note: try $0.decode("note"), addedByID: try $0.decode("added_by"),
            addedByName: try PersonName.display($0), createdAt: try $0.decode("created_at"),
            canRemove: Policy.allows(actor, .removeCommunityResource, standing))
        }
      })
  }
  /// How the actor stands to a community; a missing community is not found.
  /// How the actor stands to a community already read for them.
  static func standing(of community: Community) -> Relationship {
    var standing = Relationship()
    standing.isMember = community.isMember
    standing.isOrganiser = community.isOrganiser
    return standing
  }

  static func standing(_ connection: any Connection, _ actor: Actor, _ id: Int64) throws -> Relationship {
    guard try connection.scalar("SELECT count(*) FROM communities WHERE id = \(id)", as: Int.self) ?? 0 > 0
    else { throw NotFound("community") }
    var standing = Relationship()
    if let organiser = try connection.scalar(
      "SELECT is_organiser FROM community_members WHERE community_id = \(id) AND person_id = \(actor.id)",
      as: Bool.self)
    {
      standing.isMember = true
      standing.isOrganiser = organiser
    }
    return standing
  }

  static func community(_ connection: any Connection, _ actor: Actor, _ id: Int64, now: Date) throws
    -> Community
  {
    guard let community = try communities(connection, actor, where: "communities.id = \(id)", now: now).first
    else {
      throw NotFound("community")
    }
    return community
  }

  static func communities(
    _ connection: any Connection, _ actor: Actor, where condition: SQLQuery, now: Date,
    limit: Int = Int(Int32.max), offset: Int = 0
  ) throws -> [Community] {
    let rows = try connection.query(
      """
      SELECT communities.*,
        (SELECT count(*) FROM community_members JOIN people ON people.id = community_members.person_id
         WHERE community_members.community_id = communities.id AND people.active) AS member_count,
        mine.is_organiser AS my_organiser
      FROM communities
      LEFT JOIN community_members mine ON mine.community_id = communities.id AND mine.person_id = \(actor.id)
      WHERE \(condition) ORDER BY communities.name, communities.id LIMIT \(limit) OFFSET \(offset)
      """)
    let ids = try rows.map { try $0.decode("id", as: Int64.self) }
    let competencies = try CompetencyLinks.load(
      connection, table: "community_competencies", column: "community_id", ids: ids)
    var organisers: [Int64: [CommunityMember]] = [:]
    for row in try connection.query(
      """
      SELECT community_members.community_id, community_members.person_id, \(PersonName.columns(of: "people"))
      FROM community_members JOIN people ON people.id = community_members.person_id
      WHERE community_members.community_id IN (\(list: ids)) AND community_members.is_organiser AND people.active
      ORDER BY people.family_name
      """)
    {
      organisers[try row.decode("community_id"), default: []].append(
        CommunityMember(
          personID: try row.decode("person_id"), name: try PersonName.display(row), isOrganiser: true))
    }
    var next: [Int64: CommunityMeeting] = [:]
    for meeting in try meetings(
      connection, where: "community_id IN (\(list: ids)) AND starts_at >= \(now)", limit: 1_000)
    where next[meeting.communityID] == nil {
      next[meeting.communityID] = meeting
    }
    return try rows.map { row in
      let id: Int64 = try row.decode("id")
      let organiser: Bool? = try row.decode("my_organiser")
      var standing = Relationship()
      standing.isMember = organiser != nil
      standing.isOrganiser = organiser == true
      return Community(
        id: id, name: try row.decode("name"),
        kind: CommunityKind(rawValue: try row.decode("kind")) ?? .guild,
        description: try row.decode("description"), isOpen: try row.decode("is_open"),
        competencies: competencies[id] ?? [], organisers: organisers[id] ?? [],
        memberCount: try row.decode("member_count"), nextMeeting: next[id], isMember: standing.isMember,
        isOrganiser: standing.isOrganiser, canOrganise: Policy.allows(actor, .organiseCommunity, standing),
        canShare: Policy.allows(actor, .shareInCommunity, standing))
    }
  }

  static func meetings(_ connection: any Connection, where condition: SQLQuery, limit: Int) throws
    -> [CommunityMeeting]
  {
    try connection.query(
      "SELECT * FROM community_meetings WHERE \(condition) ORDER BY starts_at, id LIMIT \(limit)"
    ).map {
      CommunityMeeting(
        id: try $0.decode("id"), communityID: try $0.decode("community_id"), title: try $0.decode("title"),
        startsAt: try $0.decode("starts_at"), timeZone: try $0.decode("time_zone"),
        durationMinutes: try $0.decode("duration_minutes"), location: try $0.decode("location"))
    }
  }
}
