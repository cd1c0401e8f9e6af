import Foundation
import SQL

/// A SCIM Group as Trellis keeps it: a team. Its members are the people whose team it is, so a
/// person is in one group at most, and the team shows wherever Trellis shows teams.
public struct ProvisionedGroup: Sendable, Equatable {
  public let id: Int64
  public let displayName: String
  public let externalID: String?
  /// The ids of the people in the team.
  public let members: [Int64]
  public let created: Date
  public let lastModified: Date

  /// Changes whenever the group or its membership does.
  public var version: String { "W/\"\(SQLTimestamp.format(lastModified))\"" }
}

/// What a provisioning client sets on a group.
public struct ProvisionedGroupInput: Sendable, Equatable {
  public var displayName: String
  public var externalID: String?
  /// The ids of the people in the team.
  public var members: Set<Int64> = []

  public init(displayName: String) { self.displayName = displayName }

  public init(_ group: ProvisionedGroup) {
    displayName = group.displayName
    externalID = group.externalID
    members = Set(group.members)
  }
}

extension ProvisioningService {
  /// Groups matching a SCIM filter, a page at a time (`startIndex` counts from 1).
  public func groups(filter: String?, startIndex: Int, count: Int) throws -> (
    total: Int, groups: [ProvisionedGroup]
  ) {
    let condition = try filter.map { try SCIMFilter.condition($0, on: SCIMFilter.groupColumns) } ?? "TRUE"
    return try database.withConnection { connection in
      let total =
        try connection.scalar("SELECT count(*) FROM scim_groups WHERE \(condition)", as: Int.self) ?? 0
      guard count > 0 else { return (total, []) }
      let groups = try Self.groups(
        connection, where: condition,
        page: "ORDER BY scim_groups.id LIMIT \(count) OFFSET \(max(startIndex, 1) - 1)")
      return (total, groups)
    }
  }

  public func group(id: Int64) throws -> ProvisionedGroup {
    try database.withConnection { try Self.group($0, id: id) }
  }

  /// The group (team) each of these people is in, by person.
  static func groups(_ connection: any Connection, of people: [Person]) throws -> [Int64: (
    id: Int64, name: String
  )] {
    let teams = Set(people.map(\.team).filter { !$0.isEmpty })
    guard !teams.isEmpty else { return [:] }
    let rows = try connection.query(
      "SELECT id, display_name FROM scim_groups WHERE display_name IN (\(list: teams.sorted()))")
    var byTeam: [String: Int64] = [:]
    for row in rows { byTeam[try row.decode("display_name")] = try row.decode("id") }
    var found: [Int64: (id: Int64, name: String)] = [:]
    for person in people { if let id = byTeam[person.team] { found[person.id] = (id, person.team) } }
    return found
  }

  static func group(_ connection: any Connection, id: Int64) throws -> ProvisionedGroup {
    guard let group = try groups(connection, where: "scim_groups.id = \(id)", page: "").first else {
      throw SCIMError(404, nil, "There is no group \(id).")
    }
    return group
  }

  static func groups(_ connection: any Connection, where condition: SQLQuery, page: SQLQuery) throws
    -> [ProvisionedGroup]
  {
    let rows = try connection.query("SELECT * FROM scim_groups WHERE \(condition) \(page)")
    let names: [String] = try rows.map { try $0.decode("display_name") }
    var members: [String: [Int64]] = [:]
    if !names.isEmpty {
      for row in try connection.query(
        "SELECT id, team FROM people WHERE team IN (\(list: names)) AND \(listed) ORDER BY id")
      {
        members[try row.decode("team"), default: []].append(try row.decode("id"))
      }
    }
    return try rows.map { row in
      let name: String = try row.decode("display_name")
      return ProvisionedGroup(
        id: try row.decode("id"), displayName: name, externalID: try row.decode("external_id"),
        members: members[name] ?? [], created: try row.decode("created_at"),
        lastModified: try row.decode("updated_at"))
    }
  }

  public func createGroup(_ input: ProvisionedGroupInput, by client: ProvisioningClient, from origin: Origin)
    throws -> ProvisionedGroup
  {
    let now = clock.now()
    return try database.transaction { connection in
      let name = try Self.checkGroupName(connection, input.displayName, except: nil)
      let id = try connection.query(
        """
        INSERT INTO scim_groups (display_name, name_key, external_id, created_at, updated_at)
        VALUES (\(name), \(name.lowercased()), \(input.externalID), \(now), \(now)) RETURNING id
        """)[0].decode("id", as: Int64.self)
      try Self.placeMembers(
        connection, in: name, was: nil, input.members, by: client, origin: origin, now: now)
      try AuditService.recordAdmin(
        connection, actor: nil, action: "created team", subject: nil, detail: "SCIM: \(client.name): \(name)",
        from: origin, at: now)
      return try Self.group(connection, id: id)
    }
  }

  /// Sets the group's name and members (PUT, and PATCH once applied): people who join it move to
  /// the team, people who leave it have no team.
  public func replaceGroup(
    id: Int64, _ input: ProvisionedGroupInput, ifMatch: String? = nil, by client: ProvisioningClient,
    from origin: Origin
  ) throws -> ProvisionedGroup {
    let now = clock.now()
    return try database.transaction { connection in
      let current = try Self.group(connection, id: id)
      if let ifMatch, ifMatch != "*", ifMatch != current.version {
        throw SCIMError(412, nil, "The group changed since version \(ifMatch); read it again.")
      }
      let name = try Self.checkGroupName(connection, input.displayName, except: id)
      try connection.execute(
        """
        UPDATE scim_groups SET display_name = \(name), name_key = \(name.lowercased()),
          external_id = \(input.externalID), updated_at = \(now)
        WHERE id = \(id)
        """)
      try Self.placeMembers(
        connection, in: name, was: current, input.members, by: client, origin: origin, now: now)
      if name != current.displayName {
        try AuditService.recordAdmin(
          connection, actor: nil, action: "renamed team", subject: nil,
          detail: "SCIM: \(client.name): \(current.displayName) → \(name)", from: origin, at: now)
      }
      return try Self.group(connection, id: id)
    }
  }

  /// Removes the group: its members no longer have a team.
  public func deleteGroup(id: Int64, by client: ProvisioningClient, from origin: Origin) throws {
    let now = clock.now()
    try database.transaction { connection in
      let current = try Self.group(connection, id: id)
      try Self.placeMembers(connection, in: "", was: current, [], by: client, origin: origin, now: now)
      try connection.execute("DELETE FROM scim_groups WHERE id = \(id)")
      try AuditService.recordAdmin(
        connection, actor: nil, action: "removed team", subject: nil,
        detail: "SCIM: \(client.name): \(current.displayName)", from: origin, at: now)
    }
  }

  private static func checkGroupName(_ connection: any Connection, _ name: String, except id: Int64?) throws
    -> String
  {
    let name = name.trimmed
    guard !name.isEmpty else { throw SCIMError(400, "invalidValue", "displayName is required.") }
    guard name.count <= 200 else {
      throw SCIMError(400, "invalidValue", "displayName is longer than 200 characters.")
    }
    let taken =
      try connection.scalar(
        "SELECT count(*) FROM scim_groups WHERE name_key = \(name.lowercased()) AND id <> \(id ?? -1)",
        as: Int.self) ?? 0
    if taken > 0 { throw SCIMError(409, "uniqueness", "There is already a group named \(name).") }
    return name
  }

  /// Moves people in and out of the team `name` through the same write as a changed user, so each
  /// move follows the people rules and is in the security log.
  private static func placeMembers(
    _ connection: any Connection, in name: String, was current: ProvisionedGroup?, _ members: Set<Int64>,
    by client: ProvisioningClient, origin: Origin, now: Date
  ) throws {
    let everyone = Set(current?.members ?? []).union(members)
    for person in everyone.sorted() {
      let user: ProvisionedUser
      do {
        user = try Self.user(connection, id: person)
      } catch let error as SCIMError where error.status == 404 {
        throw SCIMError(400, "invalidValue", "members: \(person) is not a user.")
      }
      let team = members.contains(person) ? name : ""
      guard user.person.team != team else { continue }
      var input = ProvisionedUserInput(user)
      input.team = team
      _ = try Self.write(connection, id: person, input, by: client, origin: origin, now: now)
    }
  }
}
