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
  let mail: MailSettings

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

  /// Grants a role; granting one already held changes nothing. No one grants themselves a role;
  /// the person is told, and so are the other admins.
  public func grant(_ actor: Actor, role: Role, to personID: Int64, via: Channel) throws {
    try Policy.require(actor, .manageRoles, Relationship(isSelf: actor.id == personID))
    try database.transaction { connection in
      guard try PeopleStore.find(connection, id: personID) != nil else { throw NotFound("person") }
      let now = clock.now()
      guard try RoleService.grant(connection, role: role, to: personID, by: actor.id, at: now) else { return }
      try AccountNotices.tell(
        connection, role == .admin ? .adminGranted : .peopleTeamGranted, subject: personID, by: actor.id,
        via: via, mail: mail, at: now)
      try AccountNotices.tellOtherAdmins(
        connection, role: role, grantedTo: personID, by: actor.id, mail: mail, at: now)
    }
  }

  /// Grants a role and writes the admin log; false when it was held already.
  @discardableResult
  static func grant(
    _ connection: any Connection, role: Role, to personID: Int64, by actor: Int64?, at now: Date
  ) throws -> Bool {
    let held =
      try connection.scalar(
        """
        SELECT count(*) FROM role_grants
        WHERE person_id = \(personID) AND role = \(role.rawValue) AND revoked_at IS NULL
        """, as: Int.self) ?? 0
    guard held == 0 else { return false }
    try connection.execute(
      """
      INSERT INTO role_grants (person_id, role, granted_by, granted_at)
      VALUES (\(personID), \(role.rawValue), \(actor), \(now))
      """)
    try AuditService.recordAdmin(
      connection, actor: actor, action: "granted role \(role.label)", subject: personID, at: now)
    return true
  }

  /// Revokes a role, never one's own (so an admin always remains: the one revoking).
  public func revoke(_ actor: Actor, role: Role, from personID: Int64) throws {
    try Policy.require(actor, .manageRoles, Relationship(isSelf: actor.id == personID))
    try database.transaction { connection in
      guard try PeopleStore.find(connection, id: personID) != nil else { throw NotFound("person") }
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
