import Foundation
import SQL

extension TextRule {
  /// What a person calls an API token (checked here, stated by the API).
  public static let tokenName = TextRule.required(100)
}

/// A signed-in browser session. The token itself is only ever in the cookie.
public struct Session: Sendable, Equatable {
  public let id: Int64
  public let personID: Int64
  public let csrfToken: String
  public let createdAt: Date
  public let expiresAt: Date
}

/// A new session and the token to put in the cookie (shown once, never stored).
/// A session that just ended, and the identity provider that signed it in, if one did (with how
/// the provider knows the person and the session, for SAML).
public struct EndedSession: Sendable, Equatable {
  public let providerID: Int64?
  public let nameID: String?
  public let nameIDFormat: String?
  public let sessionIndex: String?
}

public struct NewSession: Sendable {
  public let token: String
  public let session: Session
}

/// Who is signed in, and through which session.
public struct Authenticated: Sendable {
  public let actor: Actor
  /// Nil for personal access tokens.
  public let session: Session?
}

/// A personal access token's record; the secret is shown once, at creation.
public struct AccessToken: Sendable, Equatable, Codable {
  public let id: Int64
  public let name: String
  public let createdAt: Date
  public let lastUsedAt: Date?
  public let revokedAt: Date?
}

public enum LinkPurpose: String, Sendable, Codable {
  case invitation
  case passwordReset = "password_reset"
}

/// A link to set a password: the URL path carries the token; only its hash is kept.
public struct IssuedLink: Sendable, Codable, Equatable {
  public let token: String
  public let purpose: LinkPurpose
  public let personID: Int64
  public let expiresAt: Date
}

/// What the admin who asked for a link learns: it is always emailed to its owner, and shown to
/// the admin only for an account never used (no password yet), so no admin can sign in as
/// someone who has one.
public struct LinkSent: Sendable, Equatable {
  public let purpose: LinkPurpose
  public let personID: Int64
  public let emailedTo: String
  public let expiresAt: Date
  /// The token, for an account with no password yet; nil otherwise.
  public let shownToken: String?
}

/// Sign-in, sessions, links to set a password, and personal access tokens.
public struct AccountService: Sendable {
  let database: Database
  let clock: Clock
  let settings: AccessSettings
  let mail: MailSettings
  /// Verified against when no account matches, so both cases cost the same.
  private let decoy: DecoyHash

  init(database: Database, clock: Clock, settings: AccessSettings, mail: MailSettings) {
    self.database = database
    self.clock = clock
    self.settings = settings
    self.mail = mail
    decoy = DecoyHash(strength: settings.passwordStrength)
  }

  // MARK: Signing in and out

  /// Checks email and password; on success starts a new session (never reusing an old id).
  public func signIn(
    email: String, password: String, address: String, via: Channel = .web, userAgent: String = ""
  ) throws -> NewSession {
    let origin = Origin(address: address, via: via)
    // Nothing longer can be anyone's: refused before any hashing.
    var validator = Validator()
    validator.check(
      email.length <= EmailAddress.maxLength, "email", "must be at most \(EmailAddress.maxLength) characters")
    validator.check(
      password.length <= AccessSettings.maximumPasswordLength, "password",
      "must be at most \(AccessSettings.maximumPasswordLength.grouped) characters")
    try validator.throwIfInvalid()
    let key = EmailAddress.key(email)
    let now = clock.now()
    let since = now.addingTimeInterval(-settings.throttleWindow)
    let found = try database.withConnection { connection -> Result<(Person?, String?), SignInError> in
      let accountFailures =
        try connection.scalar(
          "SELECT count(*) FROM sign_in_failures WHERE email_key = \(key) AND at > \(since)", as: Int.self)
        ?? 0
      let addressFailures =
        try connection.scalar(
          "SELECT count(*) FROM sign_in_failures WHERE address = \(address) AND at > \(since)", as: Int.self)
        ?? 0
      if accountFailures >= settings.maxFailuresPerAccount
        || addressFailures >= settings.maxFailuresPerAddress
      {
        let oldest =
          try connection.scalar(
            """
            SELECT min(at) FROM sign_in_failures
            WHERE (email_key = \(key) OR address = \(address)) AND at > \(since)
            """, as: Date.self) ?? now
        let retry = Int(
          oldest.addingTimeInterval(settings.throttleWindow).timeIntervalSince(now).rounded(.up))
        return .failure(.throttled(retryAfter: max(retry, 1)))
      }
      guard let person = try PeopleStore.find(connection, email: key), person.active else {
        return .success((nil, nil))
      }
      let hash = try connection.scalar(
        "SELECT password_hash FROM credentials WHERE person_id = \(person.id)", as: String.self)
      return .success((person, hash))
    }
    guard case .success(let (person, hash)) = found else {
      // Throttled: refused before any hashing, and written to the security log.
      let retry = if case .failure(.throttled(let seconds)) = found { seconds } else { 1 }
      try database.transaction { connection in
        try AuditService.recordAdmin(
          connection, actor: nil, action: SecurityAction.signInFailed, subject: nil,
          detail: "\(key): too many failures, refused for \(retry) s", from: origin, at: now)
      }
      throw SignInError.throttled(retryAfter: retry)
    }
    let verified = Secrets.verifyPassword(password, hash: hash ?? decoy.value) && hash != nil
    guard verified, let person else {
      try database.transaction { connection in
        try connection.execute(
          "INSERT INTO sign_in_failures (email_key, address, at) VALUES (\(key), \(address), \(now))")
        try AuditService.recordAdmin(
          connection, actor: nil, action: SecurityAction.signInFailed, subject: person?.id,
          detail: "\(key): \(person == nil ? "no active account" : "wrong password")", from: origin, at: now)
      }
      throw SignInError.invalidCredentials
    }
    let outcome = try database.transaction { connection -> Result<NewSession, Error> in
      try connection.execute("DELETE FROM sign_in_failures WHERE email_key = \(key)")
      let policy = try SignInPolicy.load(connection)
      let breakGlass = policy.breakGlass.contains(person.id)
      if policy.requireSingleSignOn && !breakGlass {
        try AuditService.recordAdmin(
          connection, actor: nil, action: SecurityAction.signInFailed, subject: person.id,
          detail: "\(key): password sign-in while single sign-on is required", from: origin, at: now)
        return .failure(SignInError.singleSignOnRequired)
      }
      if let challenge = try secondFactorChallenge(connection, person: person.id, now: now) {
        return .failure(SecondFactorError.required(challenge: challenge))
      }
      if policy.requireSingleSignOn {
        // A break-glass admin without a second factor (it cannot be removed while this holds).
        return .failure(SignInError.singleSignOnRequired)
      }
      try AuditService.recordAdmin(
        connection, actor: person.id, action: SecurityAction.signedIn, subject: nil, detail: "password",
        from: origin, at: now)
      return .success(
        try createSession(connection, person: person.id, address: address, userAgent: userAgent, now: now))
    }
    return try outcome.get()
  }

  func createSession(
    _ connection: any Connection, person: Int64, address: String, userAgent: String, now: Date,
    provider: Int64? = nil
  ) throws -> NewSession {
    let token = Secrets.randomToken()
    let csrf = Secrets.randomToken()
    let expires = now.addingTimeInterval(settings.sessionLifetime)
    let rows = try connection.query(
      """
      INSERT INTO sessions (token_hash, person_id, csrf_token, created_at, last_seen_at, expires_at,
        address, user_agent, provider_id)
      VALUES (\(Secrets.tokenHash(token)), \(person), \(csrf), \(now), \(now), \(expires), \(address),
        \(String(userAgent.prefix(300))), \(provider))
      RETURNING id
      """)
    return NewSession(
      token: token,
      session: Session(
        id: try rows[0].decode("id"), personID: person, csrfToken: csrf, createdAt: now, expiresAt: expires))
  }

  /// The session a cookie names, if it is still valid (not idle too long, not past its lifetime).
  public func authenticate(sessionToken token: String) throws -> Authenticated? {
    let now = clock.now()
    return try database.withConnection { connection in
      guard
        let row = try connection.queryFirst(
          """
          SELECT id, person_id, csrf_token, created_at, last_seen_at, expires_at FROM sessions
          WHERE token_hash = \(Secrets.tokenHash(token))
          """)
      else { return nil }
      let session = Session(
        id: try row.decode("id"), personID: try row.decode("person_id"),
        csrfToken: try row.decode("csrf_token"), createdAt: try row.decode("created_at"),
        expiresAt: try row.decode("expires_at"))
      let lastSeen = try row.decode("last_seen_at", as: Date.self)
      guard session.expiresAt > now, lastSeen.addingTimeInterval(settings.sessionIdleTimeout) > now else {
        try connection.execute("DELETE FROM sessions WHERE id = \(session.id)")
        return nil
      }
      guard let actor = try AccountService.actor(connection, personID: session.personID) else { return nil }
      // Writing on every request would cost a write per page; a minute's precision is enough.
      if now.timeIntervalSince(lastSeen) > 60 {
        try connection.execute("UPDATE sessions SET last_seen_at = \(now) WHERE id = \(session.id)")
      }
      return Authenticated(actor: actor, session: session)
    }
  }

  /// Ends one session; says which identity provider it came from, if any.
  @discardableResult
  public func signOut(sessionID: Int64, from origin: Origin) throws -> EndedSession? {
    try database.transaction { connection in
      let ended = try connection.query(
        """
        DELETE FROM sessions WHERE id = \(sessionID)
        RETURNING person_id, provider_id, provider_name_id, provider_name_id_format, provider_session_index
        """)
      guard let row = ended.first else { return nil }
      try AuditService.recordAdmin(
        connection, actor: try row.decode("person_id"), action: SecurityAction.signedOut, subject: nil,
        from: origin, at: clock.now())
      return EndedSession(
        providerID: try row.decode("provider_id"), nameID: try row.decode("provider_name_id"),
        nameIDFormat: try row.decode("provider_name_id_format"),
        sessionIndex: try row.decode("provider_session_index"))
    }
  }

  /// The actor for a person who is active, with their current roles.
  static func actor(_ connection: any Connection, personID: Int64) throws -> Actor? {
    guard let person = try PeopleStore.find(connection, id: personID), person.active else { return nil }
    let roles = try connection.query(
      "SELECT role FROM role_grants WHERE person_id = \(personID) AND revoked_at IS NULL"
    ).compactMap { Role(rawValue: try $0.decode("role")) }
    let standing = try connection.queryFirst(
      """
      SELECT \(PeopleStore.timeZoneOf(personID)) AS time_zone,
        EXISTS (SELECT 1 FROM people WHERE manager_id = \(personID) AND active = TRUE) AS has_reports
      """)
    return Actor(
      person: person, roles: Set(roles), timeZone: try standing?.decode("time_zone") ?? "UTC",
      hasReports: try standing?.decode("has_reports") ?? false)
  }

  /// Loads the actor for a person id (the command line and tests act as someone).
  public func actor(personID: Int64) throws -> Actor? {
    try database.withConnection { try AccountService.actor($0, personID: personID) }
  }

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
          \(mail.baseURL)/links/\(link.token)
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
          SELECT id, person_id, last_used_at FROM access_tokens
          WHERE token_hash = \(Secrets.tokenHash(secret)) AND revoked_at IS NULL
          """),
        let actor = try AccountService.actor(connection, personID: try row.decode("person_id"))
      else { return nil }
      let lastUsed = try row.decode("last_used_at", as: Date?.self)
      if lastUsed.map({ now.timeIntervalSince($0) > 60 }) ?? true {
        try connection.execute(
          "UPDATE access_tokens SET last_used_at = \(now) WHERE id = \(try row.decode("id", as: Int64.self))")
      }
      return Authenticated(actor: actor, session: nil)
    }
  }
}

/// A password hash made on first need (it costs as much as a real one, which is the point).
final class DecoyHash: @unchecked Sendable {
  private let lock = NSLock()
  private let strength: Secrets.Strength
  private var made: String?

  init(strength: Secrets.Strength) { self.strength = strength }

  var value: String {
    lock.withLock {
      if let made { return made }
      let hash = Secrets.hashPassword("no such account", strength: strength)
      made = hash
      return hash
    }
  }
}
