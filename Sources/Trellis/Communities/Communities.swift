import Foundation
import SQL

public enum CommunityKind: String, Sendable, Codable, CaseIterable {
  case bookClub = "book club"
  case cohort
  case guild
  case crossTrainingCircle = "cross-training circle"
}

/// A learning community as everyone in the organization sees it, with where the actor stands.
public struct Community: Sendable, Codable, Equatable {
  public let id: Int64
  public let name: String
  public let kind: CommunityKind
  public let description: String
  /// Anyone may join an open community; organisers add people to the others.
  public let isOpen: Bool
  public let competencies: [CompetencyRef]
  public let organisers: [CommunityMember]
  public let memberCount: Int
  public let nextMeeting: CommunityMeeting?
  public let isMember: Bool
  public let isOrganiser: Bool
  /// What the policy lets the actor do here: edit it and its members and meetings; share resources.
  public let canOrganise: Bool
  public let canShare: Bool
}

public struct CommunityMember: Sendable, Codable, Equatable {
  public let personID: Int64
  public let name: String
  public let isOrganiser: Bool
}

public struct CommunityMeeting: Sendable, Codable, Equatable {
  public let id: Int64
  public let communityID: Int64
  public let title: String
  public let startsAt: Date
  public let timeZone: String
  public let durationMinutes: Int
  public let location: String
}

public struct CommunityResource: Sendable, Codable, Equatable {
  public let id: Int64
  public let title: String
  public let url: String
  public let note: String
  public let addedByID: Int64
  public let addedByName: String
  public let createdAt: Date
  /// Whether the actor may take it down.
  public let canRemove: Bool
}

/// Everything on a community's page.
public struct CommunityDetail: Sendable, Codable, Equatable {
  public let community: Community
  /// Organisers first, then by name.
  public let members: Page<CommunityMember>
  /// Upcoming meetings first in time, then the last few held.
  public let meetings: [CommunityMeeting]
  /// Newest first.
  public let resources: Page<CommunityResource>
}

/// The lists on a community's page that grow with it.
public enum CommunityList: String, Sendable, CaseIterable {
  case members, resources
}

public struct CommunityInput: Sendable, Codable, Equatable {
  public var name: String
  public var kind: CommunityKind
  public var description: String
  public var isOpen: Bool
  public var competencySlugs: [String]

  public init(
    name: String, kind: CommunityKind, description: String, isOpen: Bool, competencySlugs: [String] = []
  ) {
    self.name = name
    self.kind = kind
    self.description = description
    self.isOpen = isOpen
    self.competencySlugs = competencySlugs
  }
}

public struct CommunityResourceInput: Sendable, Codable, Equatable {
  public var title: String
  public var url: String?
  public var note: String?

  public init(title: String, url: String? = nil, note: String? = nil) {
    self.title = title
    self.url = url
    self.note = note
  }
}

/// Learning communities: anyone starts one (and organises it), browses them and joins the open
/// ones; organisers keep the details, members and meetings; members share resources.
public struct CommunityService: Sendable {
  let database: Database
  let clock: Clock

  /// Every community, optionally only those of one kind or growing one competency, by name, a
  /// page at a time.
  public func list(
    _ actor: Actor, kind: CommunityKind? = nil, competency: String? = nil, limit: Int = 50, offset: Int = 0
  ) throws -> Page<Community> {
    return try database.withConnection { connection in
      var conditions: [SQLQuery] = ["TRUE"]
      if let kind { conditions.append("communities.kind = \(kind.rawValue)") }
      if let competency {
        conditions.append(
          "communities.id IN (SELECT community_id FROM community_competencies WHERE competency_slug = \(competency))"
        )
      }
      let condition = SQLQuery.joined(conditions, separator: " AND ")
      return try Page.read(
        connection, limit: limit, offset: offset,
        counting: "communities WHERE \(condition)",
        items: {
          try CommunityStore.communities(
            connection, actor, where: condition, now: clock.now(), limit: $0, offset: $1)
        })
    }
  }

  /// The communities the actor belongs to, by name.
  public func memberships(_ actor: Actor) throws -> [Community] {
    try database.withConnection { connection in
      try CommunityStore.communities(
        connection, actor,
        where: "communities.id IN (SELECT community_id FROM community_members WHERE person_id = \(actor.id))",
        now: clock.now())
    }
  }

  /// Every community by name (to choose one, e.g. for a plan item).
  public func all(_ actor: Actor) throws -> [Community] {
    try database.withConnection { connection in
      try CommunityStore.communities(connection, actor, where: "TRUE", now: clock.now())
    }
  }

  /// A community with a page of its members and of its resources, each from its own offset.
  public func detail(_ actor: Actor, id: Int64, limit: Int = 50, offsets: [CommunityList: Int] = [:]) throws
    -> CommunityDetail
  {
    try database.withConnection { connection in
      let community = try CommunityStore.community(connection, actor, id, now: clock.now())
      let since = clock.now().addingTimeInterval(-90 * 86_400)
      return CommunityDetail(
        community: community,
        members: try CommunityStore.members(connection, of: id, limit: limit, offset: offsets[.members] ?? 0),
        meetings: try CommunityStore.meetings(
          connection, where: "community_id = \(id) AND starts_at >= \(since)", limit: 20),
        resources: try CommunityStore.resources(
          connection, actor, of: community, limit: limit, offset: offsets[.resources] ?? 0))
    }
  }

  /// A page of a community's members, organisers first.
  public func members(_ actor: Actor, of id: Int64, limit: Int, offset: Int) throws -> Page<CommunityMember> {
    try database.withConnection { connection in
      _ = try CommunityStore.community(connection, actor, id, now: clock.now())
      return try CommunityStore.members(connection, of: id, limit: limit, offset: offset)
    }
  }

  /// A page of a community's shared resources, newest first.
  public func resources(_ actor: Actor, of id: Int64, limit: Int, offset: Int) throws -> Page<
    CommunityResource
  > {
    try database.withConnection { connection in
      let community = try CommunityStore.community(connection, actor, id, now: clock.now())
      return try CommunityStore.resources(connection, actor, of: community, limit: limit, offset: offset)
    }
  }

  /// Starts a community; its founder is its first organiser.
  public func create(_ actor: Actor, _ input: CommunityInput) throws -> Community {
    try database.transaction { connection in
      let slugs = try validate(connection, input)
      let now = clock.now()
      let id = try connection.query(
        """
        INSERT INTO communities (name, kind, description, is_open, created_by, created_at)
        VALUES (\(input.name.trimmed), \(input.kind.rawValue), \(input.description.trimmed), \(input.isOpen),
          \(actor.id), \(now))
        RETURNING id
        """)[0].decode("id", as: Int64.self)
      try CompetencyLinks.replace(
        connection, table: "community_competencies", column: "community_id", id: id, slugs: slugs)
      try connection.execute(
        "INSERT INTO community_members (community_id, person_id, is_organiser, joined_at) VALUES (\(id), \(actor.id), TRUE, \(now))"
      )
      return try CommunityStore.community(connection, actor, id, now: clock.now())
    }
  }

  public func update(_ actor: Actor, id: Int64, _ input: CommunityInput) throws -> Community {
    try database.transaction { connection in
      try Policy.require(actor, .organiseCommunity, try CommunityStore.standing(connection, actor, id))
      let slugs = try validate(connection, input)
      try connection.execute(
        """
        UPDATE communities SET name = \(input.name.trimmed), kind = \(input.kind.rawValue),
          description = \(input.description.trimmed), is_open = \(input.isOpen)
        WHERE id = \(id)
        """)
      try CompetencyLinks.replace(
        connection, table: "community_competencies", column: "community_id", id: id, slugs: slugs)
      return try CommunityStore.community(connection, actor, id, now: clock.now())
    }
  }

  private func validate(_ connection: any Connection, _ input: CommunityInput) throws -> [String] {
    var validator = Validator()
    TextRule.communityName.check(input.name, "name", in: &validator)
    TextRule.communityDescription.check(input.description, "description", in: &validator)
    let slugs = CompetencyLinks.check(
      input.competencySlugs, known: try CompetencyLinks.names(connection), field: "competencySlugs",
      &validator)
    try validator.throwIfInvalid()
    return slugs
  }

  /// Joins an open community.
  public func join(_ actor: Actor, id: Int64) throws -> Community {
    try database.transaction { connection in
      let community = try CommunityStore.community(connection, actor, id, now: clock.now())
      if community.isMember { return community }
      guard community.isOpen else {
        throw Conflict("this community is by invitation: ask one of its organisers to add you")
      }
      try connection.execute(
        "INSERT INTO community_members (community_id, person_id, is_organiser, joined_at) VALUES (\(id), \(actor.id), FALSE, \(clock.now()))"
      )
      return try CommunityStore.community(connection, actor, id, now: clock.now())
    }
  }

  /// Leaves a community; its last organiser hands over first.
  public func leave(_ actor: Actor, id: Int64) throws -> Community {
    try database.transaction { connection in
      let community = try CommunityStore.community(connection, actor, id, now: clock.now())
      guard community.isMember else { return community }
      if community.isOrganiser && community.organisers.count == 1 {
        throw Conflict("you are its only organiser: make someone else an organiser first")
      }
      try connection.execute(
        "DELETE FROM community_members WHERE community_id = \(id) AND person_id = \(actor.id)")
      return try CommunityStore.community(connection, actor, id, now: clock.now())
    }
  }

  /// Adds someone (or makes a member an organiser): the community's organisers.
  public func addMember(_ actor: Actor, id: Int64, person personID: Int64, organiser: Bool) throws
    -> CommunityDetail
  {
    try database.transaction { connection in
      try Policy.require(actor, .organiseCommunity, try CommunityStore.standing(connection, actor, id))
      guard try PeopleStore.find(connection, id: personID)?.active == true else {
        throw ValidationError(field: "personID", "no such person in the organization")
      }
      try connection.execute(
        """
        INSERT INTO community_members (community_id, person_id, is_organiser, joined_at)
        VALUES (\(id), \(personID), \(organiser), \(clock.now()))
        ON CONFLICT (community_id, person_id) DO UPDATE SET is_organiser = excluded.is_organiser
        """)
    }
    return try detail(actor, id: id)
  }

  /// Puts a meeting on the community's schedule: its organisers.
  public func scheduleMeeting(_ actor: Actor, id: Int64, title: String, _ when: ScheduleInput) throws
    -> CommunityMeeting
  {
    try database.transaction { connection in
      try Policy.require(actor, .organiseCommunity, try CommunityStore.standing(connection, actor, id))
      try TextRule.communityItemTitle.validate(title, "title")
      let instant = try when.instant()
      let meeting = try connection.query(
        """
        INSERT INTO community_meetings (community_id, title, starts_at, time_zone, duration_minutes, location,
          created_by, created_at)
        VALUES (\(id), \(title.trimmed), \(instant), \(when.timeZone), \(when.durationMinutes), \(when.location.trimmed),
          \(actor.id), \(clock.now()))
        RETURNING id
        """)[0].decode("id", as: Int64.self)
      return try CommunityStore.meetings(connection, where: "id = \(meeting)", limit: 1)[0]
    }
  }

  /// Shares a book, course or link with the community: its members.
  public func addResource(_ actor: Actor, id: Int64, _ input: CommunityResourceInput) throws
    -> CommunityResource
  {
    try database.transaction { connection in
      try Policy.require(actor, .shareInCommunity, try CommunityStore.standing(connection, actor, id))
      var validator = Validator()
      TextRule.communityItemTitle.check(input.title, "title", in: &validator)
      let url = input.url ?? ""
      if !url.isEmpty { WebAddress.check(url, "url", in: &validator) }
      TextRule.resourceNote.check(input.note, "note", in: &validator)
      try validator.throwIfInvalid()
      let now = clock.now()
      let resource = try connection.query(
        """
        INSERT INTO community_resources (community_id, title, url, note, added_by, created_at)
        VALUES (\(id), \(input.title.trimmed), \(url), \(input.note?.trimmed ?? ""), \(actor.id), \(now))
        RETURNING id
        """)[0].decode("id", as: Int64.self)
      return CommunityResource(
        id: resource, title: input.title.trimmed, url: url, note: input.note?.trimmed ?? "",
        addedByID: actor.id, addedByName: actor.person.displayName, createdAt: now, canRemove: true)
    }
  }

  /// Takes a shared resource down: whoever shared it, the organisers, the people team. Returns
  /// the community's id.
  @discardableResult
  public func removeResource(_ actor: Actor, resource id: Int64) throws -> Int64 {
    try database.transaction { connection in
      guard
        let row = try connection.queryFirst(
          "SELECT community_id, added_by FROM community_resources WHERE id = \(id)")
      else { throw NotFound("resource") }
      var standing = try CommunityStore.standing(connection, actor, try row.decode("community_id"))
      standing.isAuthor = try row.decode("added_by", as: Int64.self) == actor.id
      try Policy.require(actor, .removeCommunityResource, standing)
      try connection.execute("DELETE FROM community_resources WHERE id = \(id)")
      return try row.decode("community_id")
    }
  }

}

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
