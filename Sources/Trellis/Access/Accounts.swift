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
      // The session and its person in one statement, as every request asks.
      guard
        let row = try connection.queryFirst(
          """
          SELECT sessions.id AS session_id, sessions.person_id, sessions.csrf_token,
                 sessions.created_at AS session_created_at, sessions.last_seen_at, sessions.expires_at,
                 \(AccountService.actorColumns)
          FROM sessions LEFT JOIN people ON people.id = sessions.person_id
          WHERE sessions.token_hash = \(Secrets.tokenHash(token))
          """)
      else { return nil }
      let session = Session(
        id: try row.decode("session_id"), personID: try row.decode("person_id"),
        csrfToken: try row.decode("csrf_token"), createdAt: try row.decode("session_created_at"),
        expiresAt: try row.decode("expires_at"))
      let lastSeen = try row.decode("last_seen_at", as: Date.self)
      guard session.expiresAt > now, lastSeen.addingTimeInterval(settings.sessionIdleTimeout) > now else {
        try connection.execute("DELETE FROM sessions WHERE id = \(session.id)")
        return nil
      }
      guard let actor = try AccountService.actor(row: row) else { return nil }
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

  /// The actor for a person who is active, with their current roles: one statement.
  static func actor(_ connection: any Connection, personID: Int64) throws -> Actor? {
    try connection.queryFirst("SELECT \(actorColumns) FROM people WHERE people.id = \(personID)")
      .flatMap(actor(row:))
  }

  /// What makes a row of `people` an actor, read with it: their roles, where they are (their own
  /// time zone, else the organization's) and whether anyone reports to them. Every request reads
  /// it, so it is one statement with its session or token.
  static let actorColumns: SQLQuery = {
    let roles = Role.allCases.map { role in
      "EXISTS (SELECT 1 FROM role_grants WHERE role_grants.person_id = people.id AND role_grants.role = '\(role.rawValue)' AND role_grants.revoked_at IS NULL) AS role_\(role.rawValue)"
    }.joined(separator: ", ")
    return """
      \(raw: Person.columns), \(raw: roles),
      coalesce(
        (SELECT time_zone FROM person_time_zones WHERE person_time_zones.person_id = people.id),
        (SELECT value FROM settings WHERE key = \(PeopleStore.organizationTimeZone)), 'UTC') AS actor_time_zone,
      EXISTS (SELECT 1 FROM people reports WHERE reports.manager_id = people.id AND reports.active = TRUE)
        AS actor_has_reports
      """
  }()

  /// The actor a row read with `actorColumns` holds; nil when the person is missing or inactive.
  static func actor(row: Row) throws -> Actor? {
    guard try row.decode("id", as: Int64?.self) != nil else { return nil }
    let person = try Person(row: row)
    guard person.active else { return nil }
    return Actor(
      person: person, roles: Set(try Role.allCases.filter { try row.decode("role_\($0.rawValue)") }),
      timeZone: try row.decode("actor_time_zone"), hasReports: try row.decode("actor_has_reports"))
  }

  /// Loads the actor for a person id (the command line and tests act as someone).
  public func actor(personID: Int64) throws -> Actor? {
    try database.withConnection { try AccountService.actor($0, personID: personID) }
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
