import CCrypto
import Foundation
import SQL

/// Time-based one-time passwords (RFC 6238 over RFC 4226): HMAC-SHA1, 30-second steps, six digits,
/// as every authenticator app reads them.
public enum OneTimePassword {
  public static let step: TimeInterval = 30

  /// The code for `secret` at time step `counter`.
  public static func code(secret: [UInt8], counter: UInt64) -> String {
    var message = withUnsafeBytes(of: counter.bigEndian) { Array($0) }
    var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
    var length: UInt32 = 0
    _ = HMAC(EVP_sha1(), secret, Int32(secret.count), &message, message.count, &digest, &length)
    let offset = Int(digest[Int(length) - 1] & 0x0F)
    let value =
      (UInt32(digest[offset]) & 0x7F) << 24 | UInt32(digest[offset + 1]) << 16 | UInt32(digest[offset + 2])
      << 8
      | UInt32(digest[offset + 3])
    let code = String(value % 1_000_000)
    return String(repeating: "0", count: 6 - code.count) + code
  }

  public static func counter(at date: Date) -> UInt64 { UInt64(date.timeIntervalSince1970 / step) }

  /// The step `code` belongs to, allowing one step of clock difference either way.
  static func matchingStep(_ code: String, secret: [UInt8], at date: Date) -> UInt64? {
    let now = counter(at: date)
    let typed = code.filter { !$0.isWhitespace }
    for candidate in [now, now - 1, now + 1]
    where Secrets.constantTimeEqual(OneTimePassword.code(secret: secret, counter: candidate), typed) {
      return candidate
    }
    return nil
  }
}

/// Base32 (RFC 4648) without padding: how TOTP secrets are written for people and apps.
public enum Base32 {
  static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")

  public static func encode(_ bytes: [UInt8]) -> String {
    var output = ""
    var buffer = 0
    var bits = 0
    for byte in bytes {
      buffer = buffer << 8 | Int(byte)
      bits += 8
      while bits >= 5 {
        output.append(alphabet[(buffer >> (bits - 5)) & 31])
        bits -= 5
      }
    }
    if bits > 0 { output.append(alphabet[(buffer << (5 - bits)) & 31]) }
    return output
  }

  public static func decode(_ text: String) -> [UInt8]? {
    var output: [UInt8] = []
    var buffer = 0
    var bits = 0
    for character in text.uppercased() where character != "=" && !character.isWhitespace {
      guard let value = alphabet.firstIndex(of: character) else { return nil }
      buffer = (buffer << 5 | value) & 0xFFFF
      bits += 5
      if bits >= 8 {
        output.append(UInt8((buffer >> (bits - 8)) & 0xFF))
        bits -= 8
      }
    }
    return output
  }
}

/// A second factor being set up: the secret to type into an app, or the address to scan.
public struct SecondFactorSetup: Sendable, Codable, Equatable {
  public let secret: String
  public let uri: String
}

/// Whether someone has a second factor, and when it was confirmed.
public struct SecondFactorStatus: Sendable, Codable, Equatable {
  public let enabled: Bool
  public let confirmedAt: Date?
}

/// Why a code was not accepted.
public enum SecondFactorError: Error, Sendable, Equatable {
  /// The password was right; now the code (`challenge` names this sign-in, for the code page).
  case required(challenge: String)
  case wrongCode
  /// Too many wrong codes or too slow: start again from the password.
  case challengeExpired
  /// A break-glass admin keeps a second factor while single sign-on is required.
  case neededForBreakGlass
}

extension AccountService {
  static let challengeLifetime: TimeInterval = 5 * 60
  static let maxCodeAttempts = 5

  /// The second factor being set up and not yet confirmed, if any.
  public func pendingSecondFactor(_ actor: Actor) throws -> SecondFactorSetup? {
    try Policy.require(actor, .manageOwnCredentials, Relationship(isSelf: true))
    let secret = try database.withConnection {
      try $0.scalar(
        "SELECT secret FROM totp_secrets WHERE person_id = \(actor.id) AND confirmed_at IS NULL",
        as: String.self)
    }
    return secret.map { Self.setup(secret: $0, for: actor) }
  }

  static func setup(secret: String, for actor: Actor) -> SecondFactorSetup {
    let label =
      "Trellis:\(actor.person.email)".addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? ""
    return SecondFactorSetup(
      secret: secret, uri: "otpauth://totp/\(label)?secret=\(secret)&issuer=Trellis&digits=6&period=30")
  }

  /// Starts (or restarts) setting up a second factor: a new secret, confirmed by a first code.
  public func startSecondFactor(_ actor: Actor) throws -> SecondFactorSetup {
    try Policy.require(actor, .manageOwnCredentials, Relationship(isSelf: true))
    let secret = Base32.encode(Secrets.randomBytes(20))
    try database.transaction { connection in
      if try connection.scalar(
        "SELECT count(*) FROM totp_secrets WHERE person_id = \(actor.id) AND confirmed_at IS NOT NULL",
        as: Int.self)
        ?? 0 > 0
      {
        throw Conflict("A second factor is already set up: remove it first to set up another.")
      }
      try connection.execute("DELETE FROM totp_secrets WHERE person_id = \(actor.id)")
      try connection.execute(
        "INSERT INTO totp_secrets (person_id, secret, created_at) VALUES (\(actor.id), \(secret), \(clock.now()))"
      )
    }
    return Self.setup(secret: secret, for: actor)
  }

  /// Confirms the secret being set up with a code from the app.
  public func confirmSecondFactor(_ actor: Actor, code: String, from origin: Origin) throws {
    try Policy.require(actor, .manageOwnCredentials, Relationship(isSelf: true))
    let now = clock.now()
    try database.transaction { connection in
      guard
        let secret = try connection.scalar(
          "SELECT secret FROM totp_secrets WHERE person_id = \(actor.id) AND confirmed_at IS NULL",
          as: String.self),
        let bytes = Base32.decode(secret)
      else { throw Conflict("Start setting up a second factor first.") }
      guard let step = OneTimePassword.matchingStep(code, secret: bytes, at: now) else {
        throw ValidationError(field: "code", "is not the code your app shows now")
      }
      try connection.execute(
        "UPDATE totp_secrets SET confirmed_at = \(now), last_step = \(Int64(step)) WHERE person_id = \(actor.id)"
      )
      try AuditService.recordAdmin(
        connection, actor: actor.id, action: SecurityAction.secondFactorEnabled, subject: nil, from: origin,
        at: now)
    }
  }

  public func secondFactor(_ actor: Actor) throws -> SecondFactorStatus {
    try Policy.require(actor, .manageOwnCredentials, Relationship(isSelf: true))
    let confirmed = try database.withConnection {
      try $0.scalar(
        "SELECT confirmed_at FROM totp_secrets WHERE person_id = \(actor.id) AND confirmed_at IS NOT NULL",
        as: Date.self)
    }
    return SecondFactorStatus(enabled: confirmed != nil, confirmedAt: confirmed)
  }

  /// Removes one's second factor, with a current code; not while one is a break-glass admin and
  /// single sign-on is required.
  public func removeSecondFactor(_ actor: Actor, code: String, from origin: Origin) throws {
    try Policy.require(actor, .manageOwnCredentials, Relationship(isSelf: true))
    let now = clock.now()
    try database.transaction { connection in
      let policy = try SignInPolicy.load(connection)
      if policy.requireSingleSignOn && policy.breakGlass.contains(actor.id) {
        throw SecondFactorError.neededForBreakGlass
      }
      guard
        let secret = try connection.scalar(
          "SELECT secret FROM totp_secrets WHERE person_id = \(actor.id) AND confirmed_at IS NOT NULL",
          as: String.self),
        let bytes = Base32.decode(secret)
      else { throw NotFound("second factor") }
      guard OneTimePassword.matchingStep(code, secret: bytes, at: now) != nil else {
        throw ValidationError(field: "code", "is not the code your app shows now")
      }
      try connection.execute("DELETE FROM totp_secrets WHERE person_id = \(actor.id)")
      try AuditService.recordAdmin(
        connection, actor: actor.id, action: SecurityAction.secondFactorRemoved, subject: nil, from: origin,
        at: now)
    }
  }

  /// After a right password: a challenge when the person has a second factor, else nothing.
  func secondFactorChallenge(_ connection: any Connection, person: Int64, now: Date) throws -> String? {
    guard
      try connection.scalar(
        "SELECT count(*) FROM totp_secrets WHERE person_id = \(person) AND confirmed_at IS NOT NULL",
        as: Int.self)
        ?? 0 > 0
    else { return nil }
    let token = Secrets.randomToken()
    try connection.execute("DELETE FROM second_factor_challenges WHERE expires_at < \(now)")
    try connection.execute(
      """
      INSERT INTO second_factor_challenges (token_hash, person_id, expires_at)
      VALUES (\(Secrets.tokenHash(token)), \(person), \(now.addingTimeInterval(Self.challengeLifetime)))
      """)
    return token
  }

  /// Completes a password sign-in with the code of the person's app: a step is used only once,
  /// and five wrong codes end the challenge.
  public func completeSignIn(challenge: String, code: String, from origin: Origin, userAgent: String = "")
    throws
    -> NewSession
  {
    let now = clock.now()
    let outcome = try database.transaction { connection -> Result<NewSession, SecondFactorError> in
      guard
        let row = try connection.queryFirst(
          """
          SELECT second_factor_challenges.person_id, attempts, expires_at, secret, last_step
          FROM second_factor_challenges JOIN totp_secrets ON totp_secrets.person_id = second_factor_challenges.person_id
          WHERE token_hash = \(Secrets.tokenHash(challenge)) AND confirmed_at IS NOT NULL
          """),
        try row.decode("expires_at", as: Date.self) > now,
        try row.decode("attempts", as: Int.self) < Self.maxCodeAttempts,
        let bytes = Base32.decode(try row.decode("secret"))
      else { return .failure(.challengeExpired) }
      let person: Int64 = try row.decode("person_id")
      guard let step = OneTimePassword.matchingStep(code, secret: bytes, at: now),
        Int64(step) > (try row.decode("last_step", as: Int64.self))
      else {
        try connection.execute(
          "UPDATE second_factor_challenges SET attempts = attempts + 1 WHERE token_hash = \(Secrets.tokenHash(challenge))"
        )
        try AuditService.recordAdmin(
          connection, actor: nil, action: SecurityAction.signInFailed, subject: person,
          detail: "wrong second-factor code", from: origin, at: now)
        return .failure(.wrongCode)
      }
      try connection.execute("DELETE FROM second_factor_challenges WHERE person_id = \(person)")
      try connection.execute("UPDATE totp_secrets SET last_step = \(Int64(step)) WHERE person_id = \(person)")
      try AuditService.recordAdmin(
        connection, actor: person, action: SecurityAction.signedIn, subject: nil,
        detail: "password and second factor",
        from: origin, at: now)
      return .success(
        try createSession(connection, person: person, address: origin.address, userAgent: userAgent, now: now)
      )
    }
    return try outcome.get()
  }
}

/// Who may still sign in with a password once single sign-on is required.
public struct SignInPolicy: Sendable, Codable, Equatable {
  public var requireSingleSignOn: Bool
  /// Admins who keep password sign-in (with a second factor) for when the provider is down.
  public var breakGlass: [Int64]

  static let requireKey = "sign_in.require_single_sign_on"
  static let breakGlassKey = "sign_in.break_glass"

  static func load(_ connection: any Connection) throws -> SignInPolicy {
    var policy = SignInPolicy(requireSingleSignOn: false, breakGlass: [])
    for row in try connection.query("SELECT key, value FROM settings WHERE key LIKE 'sign_in.%'") {
      let value: String = try row.decode("value")
      switch try row.decode("key", as: String.self) {
      case requireKey: policy.requireSingleSignOn = value == "true"
      case breakGlassKey: policy.breakGlass = value.split(separator: ",").compactMap { Int64($0) }
      default: break
      }
    }
    return policy
  }
}

/// The sign-in policy as admins see it: break-glass admins by email.
public struct SignInPolicyView: Sendable, Codable, Equatable {
  public var requireSingleSignOn: Bool
  public var breakGlass: [String]

  public init(requireSingleSignOn: Bool, breakGlass: [String]) {
    self.requireSingleSignOn = requireSingleSignOn
    self.breakGlass = breakGlass
  }
}

extension SingleSignOnService {
  public func signInPolicy(_ actor: Actor) throws -> SignInPolicyView {
    try Policy.require(actor, .manageAccounts)
    return try database.withConnection { try Self.view($0) }
  }

  static func view(_ connection: any Connection) throws -> SignInPolicyView {
    let policy = try SignInPolicy.load(connection)
    let people = try PeopleStore.findAll(connection, ids: policy.breakGlass)
    return SignInPolicyView(
      requireSingleSignOn: policy.requireSingleSignOn,
      breakGlass: policy.breakGlass.compactMap { people[$0]?.email })
  }

  /// Requires single sign-on (or not). Requiring it needs a provider and at least one break-glass
  /// admin, each an active admin with a second factor, so no one is locked out when the provider is.
  public func setSignInPolicy(_ actor: Actor, _ input: SignInPolicyView, from origin: Origin) throws
    -> SignInPolicyView
  {
    try Policy.require(actor, .manageAccounts)
    let now = clock.now()
    return try database.transaction { connection in
      var validator = Validator()
      var ids: [Int64] = []
      for email in Set(input.breakGlass.map { $0.trimmed }.filter { !$0.isEmpty }).sorted() {
        guard let person = try PeopleStore.find(connection, email: EmailAddress.key(email)), person.active,
          let admin = try AccountService.actor(connection, personID: person.id), admin.roles.contains(.admin)
        else {
          validator.add("breakGlass", "\(email) is not an active admin")
          continue
        }
        let hasFactor =
          try connection.scalar(
            "SELECT count(*) FROM totp_secrets WHERE person_id = \(person.id) AND confirmed_at IS NOT NULL",
            as: Int.self) ?? 0 > 0
        validator.check(
          hasFactor, "breakGlass",
          "\(email) has no second factor yet: they set one up under Account → Second factor")
        ids.append(person.id)
      }
      if input.requireSingleSignOn {
        validator.check(
          try connection.scalar("SELECT count(*) FROM identity_providers", as: Int.self) ?? 0 > 0,
          "requireSingleSignOn", "add an identity provider first")
        validator.check(
          !ids.isEmpty, "breakGlass", "name at least one admin who can still sign in if the provider is down")
      }
      try validator.throwIfInvalid()
      for (key, value) in [
        (SignInPolicy.requireKey, input.requireSingleSignOn ? "true" : "false"),
        (SignInPolicy.breakGlassKey, ids.map(String.init).joined(separator: ",")),
      ] {
        try connection.execute(
          """
          INSERT INTO settings (key, value, updated_at) VALUES (\(key), \(value), \(now))
          ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
          """)
      }
      let view = try Self.view(connection)
      try AuditService.recordAdmin(
        connection, actor: actor.id, action: SecurityAction.signInPolicyChanged, subject: nil,
        detail:
          "single sign-on \(view.requireSingleSignOn ? "required" : "optional"); break-glass: \(view.breakGlass.isEmpty ? "none" : view.breakGlass.joined(separator: ", "))",
        from: origin, at: now)
      return view
    }
  }
}
