import Foundation
import SQL

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
