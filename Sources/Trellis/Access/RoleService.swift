import Foundation
import SQL

/// One role someone holds, and who granted it.
public struct RoleGrant: Sendable, Equatable, Codable {
  public let personID: Int64
  public let role: Role
  public let grantedAt: Date
  public let grantedByName: String?
}

/// Granting and revoking the people-team and admin roles (admins only, always recorded).
public struct RoleService: Sendable {
  let database: Database
  let clock: Clock

  public func roles(of personID: Int64) throws -> Set<Role> {
    try database.withConnection { connection in
      Set(
        try connection.query(
          "SELECT role FROM role_grants WHERE person_id = \(personID) AND revoked_at IS NULL"
        ).compactMap { Role(rawValue: try $0.decode("role")) })
    }
  }

  /// Everyone who holds a role now.
  public func grants(_ actor: Actor) throws -> [RoleGrant] {
    try Policy.require(actor, .manageRoles)
    return try database.withConnection { connection in
      try connection.query(
        """
        SELECT role_grants.person_id, role_grants.role, role_grants.granted_at,
               granter.given_name, granter.family_name, granter.preferred_name, granter.email
        FROM role_grants LEFT JOIN people granter ON granter.id = role_grants.granted_by
        WHERE role_grants.revoked_at IS NULL ORDER BY role_grants.role, role_grants.granted_at
        """
      ).map { row in
        RoleGrant(
          personID: try row.decode("person_id"), role: Role(rawValue: try row.decode("role")) ?? .peopleTeam,
          grantedAt: try row.decode("granted_at"),
          grantedByName: try PersonName.displayIfPresent(row))
      }
    }
  }

  /// Grants a role; granting one already held changes nothing.
  public func grant(_ actor: Actor, role: Role, to personID: Int64) throws {
    try Policy.require(actor, .manageRoles)
    try database.transaction { connection in
      guard try PeopleStore.find(connection, id: personID) != nil else { throw NotFound("person") }
      try RoleService.grant(connection, role: role, to: personID, by: actor.id, at: clock.now())
    }
  }

  static func grant(
    _ connection: any Connection, role: Role, to personID: Int64, by actor: Int64?, at now: Date
  )
    throws
  {
    let held =
      try connection.scalar(
        """
        SELECT count(*) FROM role_grants
        WHERE person_id = \(personID) AND role = \(role.rawValue) AND revoked_at IS NULL
        """, as: Int.self) ?? 0
    guard held == 0 else { return }
    try connection.execute(
      """
      INSERT INTO role_grants (person_id, role, granted_by, granted_at)
      VALUES (\(personID), \(role.rawValue), \(actor), \(now))
      """)
    try AuditService.recordAdmin(
      connection, actor: actor, action: "granted role \(role.label)", subject: personID, at: now)
  }

  /// Revokes a role. The last admin cannot remove their own admin role (someone must run the place).
  public func revoke(_ actor: Actor, role: Role, from personID: Int64) throws {
    try Policy.require(actor, .manageRoles)
    try database.transaction { connection in
      guard try PeopleStore.find(connection, id: personID) != nil else { throw NotFound("person") }
      if role == .admin {
        let admins =
          try connection.scalar(
            "SELECT count(*) FROM role_grants WHERE role = 'admin' AND revoked_at IS NULL", as: Int.self) ?? 0
        let isAdmin =
          try connection.scalar(
            "SELECT count(*) FROM role_grants WHERE role = 'admin' AND revoked_at IS NULL AND person_id = \(personID)",
            as: Int.self) ?? 0
        if admins <= 1 && isAdmin == 1 {
          throw Conflict(field: "role", "this is the last admin: grant the role to someone else first")
        }
      }
      let now = clock.now()
      let changed = try connection.execute(
        """
        UPDATE role_grants SET revoked_at = \(now), revoked_by = \(actor.id)
        WHERE person_id = \(personID) AND role = \(role.rawValue) AND revoked_at IS NULL
        """)
      if changed > 0 {
        try AuditService.recordAdmin(
          connection, actor: actor.id, action: "revoked role \(role.label)", subject: personID, at: now)
      }
    }
  }
}
