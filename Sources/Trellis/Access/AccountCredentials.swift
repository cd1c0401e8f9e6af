import Foundation
import SQL

/// Passwords, the links that set them, and personal access tokens.
extension AccountService {
  // MARK: Passwords and links

  static func passwordProblems(_ password: String, email: String) -> [ValidationError.Problem] {
    var validator = Validator()
    validator.check(
      password.count >= AccessSettings.minimumPasswordLength, "password",
      "must be at least \(AccessSettings.minimumPasswordLength) characters")
    validator.check(
      password.length <= AccessSettings.maximumPasswordLength, "password",
      "must be at most \(AccessSettings.maximumPasswordLength.grouped) characters")
    validator.check(
      EmailAddress.key(password) != EmailAddress.key(email), "password", "must not be your email address")
    return validator.problems
  }

  /// An invitation (first password) or reset link for someone; admins only. Earlier unused links
  /// die. The owner is emailed the link and told who asked for it; the admin sees it only for an
  /// account without a password.
  public func issueLink(_ actor: Actor, personID: Int64, purpose: LinkPurpose, via: Channel) throws
    -> LinkSent
  {
    try Policy.require(actor, .manageAccounts)
    return try database.transaction { connection in
      guard let person = try PeopleStore.find(connection, id: personID) else { throw NotFound("person") }
      guard person.active else {
        throw Conflict("\(person.displayName) is inactive: reactivate them before sending a link")
      }
      let now = clock.now()
      let link = try AccountService.insertLink(
        connection, person: personID, purpose: purpose, by: actor.id, now: now,
        lifetime: purpose == .invitation ? settings.invitationLifetime : settings.passwordResetLifetime)
      let notice: AccountNotice = purpose == .invitation ? .invitationIssued : .resetLinkIssued
      try AuditService.recordAdmin(
        connection, actor: actor.id, action: notice.rawValue, subject: personID, at: now)
      try AccountNotices.tell(
        connection, notice, subject: personID, by: actor.id, via: via, mail: mail,
        body: """
          To choose a password, open this link (it works once, until \(SQLTimestamp.format(link.expiresAt)) UTC):
          \(mail.url(.accountLink(token: link.token)))
          """, at: now)
      let hasPassword =
        try connection.scalar("SELECT count(*) FROM credentials WHERE person_id = \(personID)", as: Int.self)
        ?? 0 > 0
      return LinkSent(
        purpose: purpose, personID: personID, emailedTo: person.email, expiresAt: link.expiresAt,
        shownToken: hasPassword ? nil : link.token)
    }
  }

  static func insertLink(
    _ connection: any Connection, person: Int64, purpose: LinkPurpose, by creator: Int64?, now: Date,
    lifetime: TimeInterval
  ) throws -> IssuedLink {
    try connection.execute(
      "UPDATE account_links SET used_at = \(now) WHERE person_id = \(person) AND used_at IS NULL")
    let token = Secrets.randomToken()
    let expires = now.addingTimeInterval(lifetime)
    try connection.execute(
      """
      INSERT INTO account_links (person_id, purpose, token_hash, created_by, created_at, expires_at)
      VALUES (\(person), \(purpose.rawValue), \(Secrets.tokenHash(token)), \(creator), \(now), \(expires))
      """)
    return IssuedLink(token: token, purpose: purpose, personID: person, expiresAt: expires)
  }

  /// Whose link this is and what it is for, if it can still be used.
  public func link(token: String) throws -> (person: Person, purpose: LinkPurpose) {
    let now = clock.now()
    return try database.withConnection { connection in
      guard
        let row = try connection.queryFirst(
          """
          SELECT person_id, purpose FROM account_links
          WHERE token_hash = \(Secrets.tokenHash(token)) AND used_at IS NULL AND expires_at > \(now)
          """),
        let person = try PeopleStore.find(connection, id: try row.decode("person_id")), person.active,
        let purpose = LinkPurpose(rawValue: try row.decode("purpose"))
      else { throw LinkError.invalidOrExpired }
      return (person, purpose)
    }
  }

  /// Sets the password from a link (once), ends every other session, and signs the person in.
  public func redeemLink(token: String, password: String, address: String, userAgent: String = "") throws
    -> NewSession
  {
    let origin = Origin(address: address, via: .web)
    let (person, _) = try link(token: token)
    try ValidationError.throwing(AccountService.passwordProblems(password, email: person.email))
    let hash = Secrets.hashPassword(password, strength: settings.passwordStrength)
    let now = clock.now()
    return try database.transaction { connection in
      // Marked used in the same statement that checks it, so two tabs cannot both redeem it.
      let used = try connection.execute(
        """
        UPDATE account_links SET used_at = \(now)
        WHERE token_hash = \(Secrets.tokenHash(token)) AND used_at IS NULL AND expires_at > \(now)
        """)
      guard used == 1 else { throw LinkError.invalidOrExpired }
      try AccountService.storePassword(connection, person: person.id, hash: hash, now: now)
      try connection.execute("DELETE FROM sessions WHERE person_id = \(person.id)")
      if let issuer = try connection.scalar(
        "SELECT created_by FROM account_links WHERE token_hash = \(Secrets.tokenHash(token))", as: Int64?.self
      )
        ?? nil, issuer != person.id
      {
        try AuditService.recordAdmin(
          connection, actor: issuer, action: AccountNotice.linkUsed.rawValue, subject: person.id, at: now)
        try AccountNotices.tell(
          connection, .linkUsed, subject: person.id, by: issuer, via: .web, mail: mail, at: now)
      }
      try AuditService.recordAdmin(
        connection, actor: person.id, action: SecurityAction.signedIn, subject: nil,
        detail: "password set with a link", from: origin, at: now)
      return try createSession(
        connection, person: person.id, address: address, userAgent: userAgent, now: now)
    }
  }

  static func storePassword(_ connection: any Connection, person: Int64, hash: String, now: Date) throws {
    try connection.execute(
      """
      INSERT INTO credentials (person_id, password_hash, changed_at) VALUES (\(person), \(hash), \(now))
      ON CONFLICT (person_id) DO UPDATE SET password_hash = excluded.password_hash, changed_at = excluded.changed_at
      """)
  }

  /// Changes one's own password; other sessions end.
  public func changePassword(_ actor: Actor, current: String, new: String, keepSession: Int64?) throws {
    try Policy.require(actor, .manageOwnCredentials, Relationship(isSelf: true))
    let stored = try database.withConnection {
      try $0.scalar("SELECT password_hash FROM credentials WHERE person_id = \(actor.id)", as: String.self)
    }
    guard let stored, Secrets.verifyPassword(current, hash: stored) else {
      throw ValidationError(field: "currentPassword", "is not your current password")
    }
    try ValidationError.throwing(AccountService.passwordProblems(new, email: actor.person.email))
    let hash = Secrets.hashPassword(new, strength: settings.passwordStrength)
    try database.transaction { connection in
      try AccountService.storePassword(connection, person: actor.id, hash: hash, now: clock.now())
      try connection.execute(
        "DELETE FROM sessions WHERE person_id = \(actor.id) AND id <> \(keepSession ?? -1)")
    }
  }

  /// Sets a password directly (the demo organization and the command line).
  func setPassword(_ connection: any Connection, person: Int64, hash: String) throws {
    try AccountService.storePassword(connection, person: person, hash: hash, now: clock.now())
  }

  // MARK: Personal access tokens

  public static let tokenPrefix = "trellis_"

  /// A new token for the API; the returned secret is never shown again.
  public func createToken(_ actor: Actor, name: String, from origin: Origin) throws
    -> (secret: String, token: AccessToken)
  {
    try Policy.require(actor, .manageOwnCredentials, Relationship(isSelf: true))
    let name = name.trimmed
    var validator = Validator()
    validator.check(!name.isEmpty, "name", "is required, so you can tell your tokens apart")
    TextRule.tokenName.check(name, "name", in: &validator)
    try validator.throwIfInvalid()
    let secret = AccountService.tokenPrefix + Secrets.randomToken()
    let now = clock.now()
    let id = try database.transaction { connection in
      let id = try connection.query(
        """
        INSERT INTO access_tokens (person_id, name, token_hash, created_at)
        VALUES (\(actor.id), \(name), \(Secrets.tokenHash(secret)), \(now)) RETURNING id
        """)[0].decode("id", as: Int64.self)
      try AuditService.recordAdmin(
        connection, actor: actor.id, action: SecurityAction.tokenCreated, subject: nil, detail: "token \(id)",
        from: origin, at: now)
      return id
    }
    return (secret, AccessToken(id: id, name: name, createdAt: now, lastUsedAt: nil, revokedAt: nil))
  }

  public func tokens(_ actor: Actor) throws -> [AccessToken] {
    try Policy.require(actor, .manageOwnCredentials, Relationship(isSelf: true))
    return try database.withConnection { connection in
      try connection.query(
        """
        SELECT id, name, created_at, last_used_at, revoked_at FROM access_tokens
        WHERE person_id = \(actor.id) ORDER BY created_at DESC, id DESC
        """
      ).map { row in
        AccessToken(
          id: try row.decode("id"), name: try row.decode("name"), createdAt: try row.decode("created_at"),
          lastUsedAt: try row.decode("last_used_at"), revokedAt: try row.decode("revoked_at"))
      }
    }
  }

  /// Revokes one of the actor's own tokens; someone else's token is "not found".
  public func revokeToken(_ actor: Actor, id: Int64, from origin: Origin) throws {
    try Policy.require(actor, .manageOwnCredentials, Relationship(isSelf: true))
    let now = clock.now()
    try database.transaction { connection in
      let changed = try connection.execute(
        """
        UPDATE access_tokens SET revoked_at = \(now)
        WHERE id = \(id) AND person_id = \(actor.id) AND revoked_at IS NULL
        """)
      if changed == 0 { throw NotFound("token") }
      try AuditService.recordAdmin(
        connection, actor: actor.id, action: SecurityAction.tokenRevoked, subject: nil, detail: "token \(id)",
        from: origin, at: now)
    }
  }

  /// The actor behind a bearer token, if it is valid and not revoked.
  public func authenticate(bearerToken secret: String) throws -> Authenticated? {
    guard secret.hasPrefix(AccountService.tokenPrefix) else { return nil }
    let now = clock.now()
    return try database.withConnection { connection in
      guard
        let row = try connection.queryFirst(
          """
          SELECT access_tokens.id AS token_id, access_tokens.last_used_at, \(AccountService.actorColumns)
          FROM access_tokens LEFT JOIN people ON people.id = access_tokens.person_id
          WHERE access_tokens.token_hash = \(Secrets.tokenHash(secret)) AND access_tokens.revoked_at IS NULL
          """),
        let actor = try AccountService.actor(row: row)
      else { return nil }
      let lastUsed = try row.decode("last_used_at", as: Date?.self)
      if lastUsed.map({ now.timeIntervalSince($0) > 60 }) ?? true {
        try connection.execute(
          "UPDATE access_tokens SET last_used_at = \(now) WHERE id = \(try row.decode("token_id", as: Int64.self))"
        )
      }
      return Authenticated(actor: actor, session: nil)
    }
  }
}
