import Foundation
import SQL

/// A provisioning client's token (an identity provider's SCIM connection); the secret is shown
/// once, at creation.
public struct ProvisioningToken: Sendable, Codable, Equatable {
  public let id: Int64
  public let name: String
  public let createdAt: Date
  public let lastUsedAt: Date?
  public let revokedAt: Date?
}

/// The client a SCIM request came from, for the security log.
public struct ProvisioningClient: Sendable, Equatable {
  public let tokenID: Int64
  public let name: String
}

/// SCIM 2.0 provisioning: the identity provider adds, changes and deactivates people, under the
/// same rules as the HR import.
public struct ProvisioningService: Sendable {
  let database: Database
  let clock: Clock

  public static let tokenPrefix = "trellis_scim_"

  /// A new token for a provisioning client (admins); the secret is never shown again.
  public func createToken(_ actor: Actor, name: String, from origin: Origin) throws
    -> (secret: String, token: ProvisioningToken)
  {
    try Policy.require(actor, .manageAccounts)
    let name = name.trimmed
    var validator = Validator()
    validator.check(!name.isEmpty, "name", "is required, e.g. the identity provider's name")
    TextRule.tokenName.check(name, "name", in: &validator)
    try validator.throwIfInvalid()
    let secret = Self.tokenPrefix + Secrets.randomToken()
    let now = clock.now()
    let id = try database.transaction { connection in
      let id = try connection.query(
        """
        INSERT INTO scim_tokens (name, token_hash, created_by, created_at)
        VALUES (\(name), \(Secrets.tokenHash(secret)), \(actor.id), \(now)) RETURNING id
        """)[0].decode("id", as: Int64.self)
      try AuditService.recordAdmin(
        connection, actor: actor.id, action: "created provisioning token", subject: nil,
        detail: "\(name) (token \(id))", from: origin, at: now)
      return id
    }
    return (secret, ProvisioningToken(id: id, name: name, createdAt: now, lastUsedAt: nil, revokedAt: nil))
  }

  public func tokens(_ actor: Actor) throws -> [ProvisioningToken] {
    try Policy.require(actor, .manageAccounts)
    return try database.withConnection { connection in
      try connection.query(
        "SELECT id, name, created_at, last_used_at, revoked_at FROM scim_tokens ORDER BY created_at DESC, id DESC"
      ).map { row in
        ProvisioningToken(
          id: try row.decode("id"), name: try row.decode("name"), createdAt: try row.decode("created_at"),
          lastUsedAt: try row.decode("last_used_at"), revokedAt: try row.decode("revoked_at"))
      }
    }
  }

  public func revokeToken(_ actor: Actor, id: Int64, from origin: Origin) throws {
    try Policy.require(actor, .manageAccounts)
    let now = clock.now()
    try database.transaction { connection in
      let revoked = try connection.query(
        "UPDATE scim_tokens SET revoked_at = \(now) WHERE id = \(id) AND revoked_at IS NULL RETURNING name")
      guard let name = try revoked.first?.decode("name", as: String.self) else { throw NotFound("token") }
      try AuditService.recordAdmin(
        connection, actor: actor.id, action: "revoked provisioning token", subject: nil,
        detail: "\(name) (token \(id))", from: origin, at: now)
    }
  }

  /// The client behind a bearer token, if it is valid and not revoked.
  public func authenticate(bearerToken secret: String) throws -> ProvisioningClient? {
    guard secret.hasPrefix(Self.tokenPrefix) else { return nil }
    let now = clock.now()
    return try database.withConnection { connection in
      guard
        let row = try connection.queryFirst(
          """
          SELECT id, name, last_used_at FROM scim_tokens
          WHERE token_hash = \(Secrets.tokenHash(secret)) AND revoked_at IS NULL
          """)
      else { return nil }
      let client = ProvisioningClient(tokenID: try row.decode("id"), name: try row.decode("name"))
      if try row.decode("last_used_at", as: Date?.self).map({ now.timeIntervalSince($0) > 60 }) ?? true {
        try connection.execute("UPDATE scim_tokens SET last_used_at = \(now) WHERE id = \(client.tokenID)")
      }
      return client
    }
  }
}
