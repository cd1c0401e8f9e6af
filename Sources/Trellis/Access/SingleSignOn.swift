import Foundation
import JOSE
import SAML
import SQL

/// An identity provider people sign in with (OpenID Connect or SAML 2.0). The client secret is
/// never shown.
public struct IdentityProvider: Sendable, Codable, Equatable {
  public let id: Int64
  /// `oidc` or `saml`.
  public let kind: String
  public let name: String
  /// The OpenID Connect issuer, or the SAML entity ID.
  public let issuer: String
  public let clientID: String
  public let clientSecretSet: Bool
  public let domains: [String]
  /// Whether someone unknown to Trellis is added on first sign-in (off: SCIM or import adds people).
  public let createPeople: Bool
  /// SAML: whether a sign-in the provider starts (IdP-initiated) is accepted.
  public let allowUnsolicited: Bool
  public let createdAt: Date
}

/// A new provider: OpenID Connect (issuer, client id and secret) or SAML 2.0 (the provider's
/// metadata XML).
public struct IdentityProviderInput: Sendable, Codable, Equatable {
  public var kind: String
  public var name: String
  public var issuer: String
  public var clientID: String
  public var clientSecret: String
  public var metadata: String
  public var domains: [String]
  public var createPeople: Bool
  public var allowUnsolicited: Bool

  public init(
    kind: String = "oidc", name: String, issuer: String = "", clientID: String = "",
    clientSecret: String = "",
    metadata: String = "", domains: [String], createPeople: Bool = false, allowUnsolicited: Bool = false
  ) {
    self.kind = kind
    self.name = name
    self.issuer = issuer
    self.clientID = clientID
    self.clientSecret = clientSecret
    self.metadata = metadata
    self.domains = domains
    self.createPeople = createPeople
    self.allowUnsolicited = allowUnsolicited
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    kind = try container.decodeIfPresent(String.self, forKey: .kind) ?? "oidc"
    name = try container.decode(String.self, forKey: .name)
    issuer = try container.decodeIfPresent(String.self, forKey: .issuer) ?? ""
    clientID = try container.decodeIfPresent(String.self, forKey: .clientID) ?? ""
    clientSecret = try container.decodeIfPresent(String.self, forKey: .clientSecret) ?? ""
    metadata = try container.decodeIfPresent(String.self, forKey: .metadata) ?? ""
    domains = try container.decode([String].self, forKey: .domains)
    createPeople = try container.decodeIfPresent(Bool.self, forKey: .createPeople) ?? false
    allowUnsolicited = try container.decodeIfPresent(Bool.self, forKey: .allowUnsolicited) ?? false
  }
}

/// Fetching over HTTPS (libcurl in `trellis`): discovery documents, key sets, token requests.
public protocol WebClient: Sendable {
  func get(_ url: String) throws -> (status: Int, body: Data)
  /// POSTs `form` (already `application/x-www-form-urlencoded`).
  func postForm(_ url: String, form: String, headers: [(String, String)]) throws -> (status: Int, body: Data)
}

/// Why single sign-on did not sign someone in: each a page the person can act on.
public enum SingleSignOnError: Error, Sendable, Equatable {
  /// No provider signs in this email's domain.
  case noProvider(domain: String)
  /// The provider vouched for someone Trellis does not know (and does not add).
  case unknownAccount(email: String)
  /// The person is known but no longer active.
  case deactivated
  /// The sign-in took too long, was used already, or did not start here.
  case attemptExpired
  /// The provider said no (the person cancelled, or is not assigned to Trellis there).
  case refused(String)
  /// The provider could not be reached or answered something unusable.
  case unreachable(String)
  /// The ID token did not verify (signature, issuer, audience, time, nonce).
  case invalidToken(TokenError)
  /// The SAML response did not verify (signature, issuer, audience, recipient, time, replay).
  case invalidAssertion(String)
  /// Single sign-on is not available in this process (no HTTP client).
  case unavailable
}

/// OpenID Connect sign-in: Authorization Code flow with PKCE, state and nonce; discovery and keys
/// fetched and kept, keys fetched again when a token names one not seen yet (rotation).
public struct SingleSignOnService: Sendable {
  let database: Database
  let clock: Clock
  let mail: MailSettings
  let web: (any WebClient)?
  let accounts: AccountService
  /// How long a sign-in may take at the provider.
  static let attemptLifetime: TimeInterval = 10 * 60
  /// Discovery documents and keys are fetched again after this long.
  static let metadataLifetime: TimeInterval = 3_600
  static let callbackPath = "/sso/oidc/callback"
  /// The longest SAML metadata taken, in characters (a provider's is a few kilobytes).
  public static let metadataLength = 200_000

  /// Where the provider sends people back; admins register it at the provider.
  public var redirectURI: String { mail.baseURL + Self.callbackPath }

  // MARK: Providers (admins)

  public func providers(_ actor: Actor) throws -> [IdentityProvider] {
    try Policy.require(actor, .manageAccounts)
    return try database.withConnection { try Self.providers($0) }
  }

  /// The origins of the providers' sign-in pages, which the sign-in form may lead to; empty when
  /// there is no provider (the sign-in page offers single sign-on only then).
  public func signInOrigins() throws -> [String] {
    try database.withConnection { connection in
      try connection.query("SELECT kind, issuer, metadata FROM identity_providers ORDER BY id").map { row in
        let metadata = try row.decode("metadata", as: String.self)
        let issuer = try row.decode("issuer", as: String.self)
        let address: String
        if try row.decode("kind", as: String.self) == "saml" {
          address = (try? SAMLProviderMetadata(xml: metadata))?.signOnURL ?? ""
        } else {
          let document = (try? JSONSerialization.jsonObject(with: Data(metadata.utf8))) as? [String: Any]
          address = document?["authorization_endpoint"] as? String ?? issuer
        }
        guard let url = URL(string: address), let scheme = url.scheme, let host = url.host else { return "" }
        return "\(scheme)://\(host)\(url.port.map { ":\($0)" } ?? "")"
      }.filter { !$0.isEmpty }
    }
  }

  static func providers(_ connection: any Connection, id: Int64? = nil) throws -> [IdentityProvider] {
    let only: SQLQuery = id.map { "WHERE id = \($0)" } ?? ""
    let rows = try connection.query(
      """
      SELECT id, kind, name, issuer, client_id, client_secret, create_people, allow_unsolicited, created_at
      FROM identity_providers \(only) ORDER BY name
      """
    )
    var domains: [Int64: [String]] = [:]
    let ofProvider: SQLQuery = id.map { "WHERE provider_id = \($0)" } ?? ""
    for row in try connection.query(
      "SELECT domain, provider_id FROM identity_provider_domains \(ofProvider) ORDER BY domain")
    {
      domains[try row.decode("provider_id"), default: []].append(try row.decode("domain"))
    }
    return try rows.map { row in
      let id: Int64 = try row.decode("id")
      return IdentityProvider(
        id: id, kind: try row.decode("kind"), name: try row.decode("name"), issuer: try row.decode("issuer"),
        clientID: try row.decode("client_id"),
        clientSecretSet: !(try row.decode("client_secret", as: String.self)).isEmpty,
        domains: domains[id] ?? [], createPeople: try row.decode("create_people"),
        allowUnsolicited: try row.decode("allow_unsolicited"), createdAt: try row.decode("created_at"))
    }
  }

  /// Adds a provider: OpenID Connect after reading its discovery document, SAML after reading its
  /// metadata, so a wrong address or file is refused now rather than at someone's first sign-in.
  public func addProvider(_ actor: Actor, _ input: IdentityProviderInput, from origin: Origin) throws
    -> IdentityProvider
  {
    try Policy.require(actor, .manageAccounts)
    let saml = input.kind == "saml"
    let checked = try check(input, saml: saml)
    let now = clock.now()
    return try database.transaction { connection in
      try Self.checkUnique(connection, checked, except: nil)
      let id = try connection.query(
        """
        INSERT INTO identity_providers (kind, name, issuer, client_id, client_secret, create_people,
          allow_unsolicited, metadata, fetched_at, created_by, created_at, updated_at)
        VALUES (\(saml ? "saml" : "oidc"), \(checked.name), \(checked.issuer), \(saml ? "" : input.clientID.trimmed),
          \(saml ? "" : input.clientSecret), \(input.createPeople), \(saml && input.allowUnsolicited),
          \(checked.metadata), \(now), \(actor.id), \(now), \(now))
        RETURNING id
        """)[0].decode("id", as: Int64.self)
      try Self.setDomains(connection, checked.domains, of: id)
      try AuditService.recordAdmin(
        connection, actor: actor.id, action: "added identity provider", subject: nil,
        detail: Self.summary(checked, input, saml: saml), from: origin, at: now)
      return try Self.providers(connection, id: id)[0]
    }
  }

  /// Changes a provider (its kind stays): new metadata when a SAML provider rotates its
  /// certificate, a new client secret, other domains. An empty client secret or SAML metadata keeps
  /// the current one.
  /// People stay linked unless the issuer changes (its subjects then mean other people).
  public func changeProvider(_ actor: Actor, id: Int64, _ input: IdentityProviderInput, from origin: Origin)
    throws -> IdentityProvider
  {
    try Policy.require(actor, .manageAccounts)
    guard let current = try database.withConnection({ try Self.providers($0, id: id).first }) else {
      throw NotFound("identity provider")
    }
    let saml = current.kind == "saml"
    var input = input
    if saml && input.metadata.trimmed.isEmpty {
      // Empty metadata keeps what the provider gave last time, as an empty secret does.
      input.metadata =
        try database.withConnection {
          try $0.scalar("SELECT metadata FROM identity_providers WHERE id = \(id)", as: String.self)
        } ?? ""
    }
    let checked = try check(input, saml: saml)
    let now = clock.now()
    return try database.transaction { connection in
      try Self.checkUnique(connection, checked, except: id)
      let secret: SQLQuery = saml || input.clientSecret.isEmpty ? "client_secret" : "\(input.clientSecret)"
      try connection.execute(
        """
        UPDATE identity_providers SET name = \(checked.name), issuer = \(checked.issuer),
          client_id = \(saml ? "" : input.clientID.trimmed), client_secret = \(secret),
          create_people = \(input.createPeople), allow_unsolicited = \(saml && input.allowUnsolicited),
          metadata = \(checked.metadata), fetched_at = \(now), keys = '', updated_at = \(now)
        WHERE id = \(id)
        """)
      if checked.issuer != current.issuer {
        try connection.execute("DELETE FROM external_identities WHERE provider_id = \(id)")
      }
      try connection.execute("DELETE FROM identity_provider_domains WHERE provider_id = \(id)")
      try Self.setDomains(connection, checked.domains, of: id)
      try AuditService.recordAdmin(
        connection, actor: actor.id, action: "changed identity provider", subject: nil,
        detail: Self.summary(checked, input, saml: saml), from: origin, at: now)
      return try Self.providers(connection, id: id)[0]
    }
  }

  /// A provider's settings once checked, with what was read from the provider.
  struct CheckedProvider {
    let name: String
    let issuer: String
    let domains: [String]
    let metadata: String
  }

  private func check(_ input: IdentityProviderInput, saml: Bool) throws -> CheckedProvider {
    let name = input.name.trimmed
    var issuer =
      input.issuer.trimmed.hasSuffix("/") ? String(input.issuer.trimmed.dropLast()) : input.issuer.trimmed
    let domains = Array(Set(input.domains.map { $0.trimmed.lowercased() }.filter { !$0.isEmpty })).sorted()
    var validator = Validator()
    validator.check(["oidc", "saml"].contains(input.kind), "kind", "is oidc (OpenID Connect) or saml")
    validator.check(!name.isEmpty, "name", "is required")
    TextRule.required(100).check(name, "name", in: &validator)
    if saml {
      validator.check(
        !input.metadata.trimmed.isEmpty, "metadata", "is required: paste the provider's SAML metadata (XML)")
      TextRule.optional(Self.metadataLength).check(input.metadata, "metadata", in: &validator)
    } else {
      WebAddress.check(issuer, "issuer", in: &validator)
      validator.check(
        !input.clientID.trimmed.isEmpty, "clientID", "is required: the id the provider gave Trellis")
      TextRule.required(500).check(input.clientID.trimmed, "clientID", in: &validator)
      TextRule.optional(2_000).check(input.clientSecret, "clientSecret", in: &validator)
    }
    validator.check(!domains.isEmpty, "domains", "name at least one email domain, e.g. northwind.example")
    validator.check(domains.count <= 50, "domains", "name at most 50 domains")
    for domain in domains {
      validator.check(
        domain.range(of: #"^[a-z0-9-]+(\.[a-z0-9-]+)+$"#, options: .regularExpression) != nil
          && domain.count <= 253, "domains", "\(domain) is not an email domain")
    }
    try validator.throwIfInvalid()
    let metadata: String
    if saml {
      do {
        issuer = try SAMLProviderMetadata(xml: input.metadata).entityID
        metadata = input.metadata
      } catch SAMLError.malformed(let why) {
        throw ValidationError(field: "metadata", why)
      }
    } else {
      do {
        metadata = String(decoding: try fetchDiscovery(issuer), as: UTF8.self)
      } catch let error as SingleSignOnError {
        if case .unreachable(let why) = error { throw ValidationError(field: "issuer", why) }
        throw error
      }
    }
    return CheckedProvider(name: name, issuer: issuer, domains: domains, metadata: metadata)
  }

  private static func checkUnique(_ connection: any Connection, _ checked: CheckedProvider, except id: Int64?)
    throws
  {
    if try connection.scalar(
      "SELECT count(*) FROM identity_providers WHERE name = \(checked.name) AND id <> \(id ?? -1)",
      as: Int.self)
      ?? 0 > 0
    {
      throw ValidationError(field: "name", "another provider is called \(checked.name)")
    }
    let taken = try connection.query(
      """
      SELECT domain FROM identity_provider_domains
      WHERE domain IN (\(list: checked.domains)) AND provider_id <> \(id ?? -1)
      """
    ).map { try $0.decode("domain", as: String.self) }
    if !taken.isEmpty {
      throw ValidationError(
        field: "domains", "\(taken.joined(separator: ", ")) already signs in with another provider")
    }
  }

  private static func setDomains(_ connection: any Connection, _ domains: [String], of id: Int64) throws {
    for domain in domains {
      try connection.execute(
        "INSERT INTO identity_provider_domains (domain, provider_id) VALUES (\(domain), \(id))")
    }
  }

  private static func summary(_ checked: CheckedProvider, _ input: IdentityProviderInput, saml: Bool)
    -> String
  {
    "\(checked.name) (\(saml ? "SAML" : "OpenID Connect"), \(checked.issuer)) for \(checked.domains.joined(separator: ", "))"
      + (input.createPeople ? "; adds people" : "")
      + (saml && input.allowUnsolicited ? "; accepts sign-ins it starts" : "")
  }

  /// Removes a provider; the people it signed in keep their accounts (and any password).
  public func removeProvider(_ actor: Actor, id: Int64, from origin: Origin) throws {
    try Policy.require(actor, .manageAccounts)
    try database.transaction { connection in
      guard let provider = try Self.providers(connection, id: id).first else {
        throw NotFound("identity provider")
      }
      for table in ["sso_attempts", "external_identities", "identity_provider_domains", "saml_assertions"] {
        try connection.execute("DELETE FROM \(raw: table) WHERE provider_id = \(id)")
      }
      try connection.execute("UPDATE sessions SET provider_id = NULL WHERE provider_id = \(id)")
      try connection.execute("DELETE FROM identity_providers WHERE id = \(id)")
      try AuditService.recordAdmin(
        connection, actor: actor.id, action: "removed identity provider", subject: nil, detail: provider.name,
        from: origin, at: clock.now())
    }
  }

  // MARK: Signing in

  /// Where to send someone who signs in with `email`: their domain's provider, with a new attempt
  /// (state, nonce, PKCE verifier) kept for the callback.
  public func begin(email: String, next: String, from origin: Origin) throws -> String {
    let domain = EmailAddress.key(email).split(separator: "@").last.map(String.init) ?? ""
    let providerID = try database.withConnection {
      try $0.scalar(
        "SELECT provider_id FROM identity_provider_domains WHERE domain = \(domain)", as: Int64.self)
    }
    guard let providerID, !domain.isEmpty else {
      try recordFailure(nil, "no identity provider for \(domain.isEmpty ? "(no domain)" : domain)", origin)
      throw SingleSignOnError.noProvider(domain: domain)
    }
    return try begin(providerID: providerID, next: next, loginHint: email.trimmed, from: origin)
  }

  public func begin(providerID: Int64, next: String, loginHint: String = "", from origin: Origin) throws
    -> String
  {
    if let (provider, metadata) = try samlProvider(providerID) {
      return try beginSAML(provider, metadata, next: next)
    }
    let (provider, discovery) = try providerAndDiscovery(providerID)
    guard let endpoint = discovery["authorization_endpoint"] as? String else {
      throw SingleSignOnError.unreachable("the provider's discovery document has no authorization endpoint")
    }
    let state = Secrets.randomToken()
    let nonce = Secrets.randomToken()
    let verifier = Secrets.randomToken()
    let now = clock.now()
    try database.transaction { connection in
      try connection.execute("DELETE FROM sso_attempts WHERE expires_at < \(now)")
      try connection.execute(
        """
        INSERT INTO sso_attempts (state_hash, provider_id, nonce, verifier, next, created_at, expires_at)
        VALUES (\(Secrets.tokenHash(state)), \(provider.id), \(nonce), \(verifier), \(String(next.prefix(500))), \(now),
          \(now.addingTimeInterval(Self.attemptLifetime)))
        """)
    }
    var query = [
      ("response_type", "code"), ("client_id", provider.clientID), ("redirect_uri", redirectURI),
      ("scope", "openid email profile"), ("state", state), ("nonce", nonce),
      ("code_challenge", PKCE.challenge(for: verifier)), ("code_challenge_method", "S256"),
    ]
    if !loginHint.isEmpty { query.append(("login_hint", loginHint)) }
    let separator = endpoint.contains("?") ? "&" : "?"
    return endpoint + separator + query.map { "\($0)=\(Self.formEncode($1))" }.joined(separator: "&")
  }

  /// Completes a sign-in at the callback: the attempt is used once, the code exchanged, the ID
  /// token verified, the person found; returns their new session and where they were going.
  public func finish(
    state: String, code: String?, error: String?, errorDescription: String?, from origin: Origin,
    userAgent: String
  ) throws -> (session: NewSession, next: String) {
    let now = clock.now()
    let attempt = try database.transaction {
      connection -> (provider: Int64, nonce: String, verifier: String, next: String)? in
      let rows = try connection.query(
        """
        DELETE FROM sso_attempts WHERE state_hash = \(Secrets.tokenHash(state))
        RETURNING provider_id, nonce, verifier, next, expires_at
        """)
      guard let row = rows.first, try row.decode("expires_at", as: Date.self) > now else { return nil }
      return (
        try row.decode("provider_id"), try row.decode("nonce"), try row.decode("verifier"),
        try row.decode("next")
      )
    }
    guard let attempt else {
      // Some providers leave the state out of a refusal; it signs no one in, so say what it says.
      if let error {
        let refusal = SingleSignOnError.refused(
          [error, errorDescription ?? ""].filter { !$0.isEmpty }.joined(separator: ": "))
        try recordFailure(nil, "single sign-on: \(Self.describe(refusal))", origin)
        throw refusal
      }
      try recordFailure(nil, "single sign-on: unknown or expired sign-in attempt", origin)
      throw SingleSignOnError.attemptExpired
    }
    let (provider, discovery) = try providerAndDiscovery(attempt.provider)
    do {
      if let error {
        throw SingleSignOnError.refused(
          [error, errorDescription ?? ""].filter { !$0.isEmpty }.joined(separator: ": "))
      }
      guard let code, !code.isEmpty else { throw SingleSignOnError.refused("the provider sent no code") }
      let idToken = try exchange(
        code: code, verifier: attempt.verifier, provider: provider, discovery: discovery)
      let token = try verify(idToken, provider: provider, discovery: discovery)
      try token.validate(
        issuer: discovery["issuer"] as? String ?? provider.issuer, audience: provider.clientID,
        nonce: attempt.nonce,
        now: now)
      let person = try person(for: token, provider: provider, now: now)
      let session = try database.transaction { connection in
        try AuditService.recordAdmin(
          connection, actor: person, action: SecurityAction.signedIn, subject: nil,
          detail: "single sign-on: \(provider.name)", from: origin, at: now)
        return try accounts.createSession(
          connection, person: person, address: origin.address, userAgent: userAgent, now: now,
          provider: provider.id)
      }
      return (session, attempt.next)
    } catch let failure as SingleSignOnError {
      try recordFailure(provider, Self.describe(failure), origin)
      throw failure
    } catch let failure as TokenError {
      try recordFailure(provider, failure.description, origin)
      throw SingleSignOnError.invalidToken(failure)
    }
  }

  /// The person a verified ID token names. A verified email matches; so does one in the provider's
  /// own domains when it says nothing either way (Microsoft Entra ID sends no email_verified for the
  /// addresses it manages).
  private func person(for token: JSONWebToken, provider: IdentityProvider, now: Date) throws -> Int64 {
    guard let subject = token.string("sub"), !subject.isEmpty else {
      throw SingleSignOnError.invalidToken(.malformed("no subject"))
    }
    let email = token.string("email") ?? ""
    let domain = EmailAddress.key(email).split(separator: "@").last.map(String.init) ?? ""
    return try person(
      subject: subject, email: email,
      verified: token.flag("email_verified")
        || (token.claims["email_verified"] == nil && provider.domains.contains(domain)),
      givenName: token.string("given_name") ?? token.string("name") ?? "",
      familyName: token.string("family_name") ?? "", provider: provider, now: now)
  }

  /// The person a provider vouches for: by the provider's subject; else, the first time, by a
  /// verified email of an active person; else a new person when the provider may add people.
  func person(
    subject: String, email: String, verified: Bool, givenName: String, familyName: String,
    provider: IdentityProvider, now: Date
  ) throws -> Int64 {
    return try database.transaction { connection in
      if let known = try connection.scalar(
        "SELECT person_id FROM external_identities WHERE provider_id = \(provider.id) AND subject = \(subject)",
        as: Int64.self)
      {
        guard try PeopleStore.find(connection, id: known)?.active == true else {
          throw SingleSignOnError.deactivated
        }
        try connection.execute(
          "UPDATE external_identities SET last_used_at = \(now) WHERE provider_id = \(provider.id) AND subject = \(subject)"
        )
        return known
      }
      let domain = EmailAddress.key(email).split(separator: "@").last.map(String.init) ?? ""
      guard !email.isEmpty, verified else {
        throw SingleSignOnError.unknownAccount(email: email.isEmpty ? "(no email from the provider)" : email)
      }
      var personID: Int64
      if let person = try PeopleStore.find(connection, email: EmailAddress.key(email)) {
        guard person.active else { throw SingleSignOnError.deactivated }
        personID = person.id
      } else {
        guard provider.createPeople, provider.domains.contains(domain) else {
          throw SingleSignOnError.unknownAccount(email: email)
        }
        let longest = TextRule.personDetail.maxLength
        var draft = PersonDraft(email: email)
        draft.givenName = String(givenName.prefix(longest))
        draft.familyName = String(familyName.prefix(longest))
        if draft.givenName.trimmed.isEmpty && draft.familyName.trimmed.isEmpty {
          draft.preferredName = String(email.prefix { $0 != "@" }.prefix(longest))
        }
        draft = draft.normalized()
        guard draft.problems().isEmpty else { throw SingleSignOnError.unknownAccount(email: email) }
        try PeopleStore.checkUnique(connection, draft, except: nil)
        personID = try PeopleStore.insert(connection, draft, now: now)
        try AuditService.recordAdmin(
          connection, actor: nil, action: "created person", subject: personID,
          detail: "on first sign-in with \(provider.name)", at: now)
      }
      try connection.execute(
        """
        INSERT INTO external_identities (provider_id, subject, person_id, created_at, last_used_at)
        VALUES (\(provider.id), \(subject), \(personID), \(now), \(now))
        """)
      return personID
    }
  }

  /// The provider's own sign-out (OpenID Connect RP-initiated logout, SAML single logout), when it
  /// has one: offered to someone who signed out of Trellis after signing in there.
  public func endSession(_ ended: EndedSession) throws -> (name: String, url: String)? {
    guard let id = ended.providerID else { return nil }
    if let (provider, metadata) = try samlProvider(id) {
      return try samlSignOut(ended, provider: provider, metadata: metadata)
    }
    let row = try database.withConnection {
      try $0.queryFirst("SELECT name, client_id, metadata FROM identity_providers WHERE id = \(id)")
    }
    guard let row else { return nil }
    let metadata = try row.decode("metadata", as: String.self)
    let document = (try? JSONSerialization.jsonObject(with: Data(metadata.utf8))) as? [String: Any]
    guard let endpoint = document?["end_session_endpoint"] as? String else { return nil }
    let query = [
      ("client_id", try row.decode("client_id", as: String.self)),
      ("post_logout_redirect_uri", mail.baseURL + "/sign-in"),
    ].map { "\($0)=\(Self.formEncode($1))" }.joined(separator: "&")
    return (try row.decode("name"), endpoint + (endpoint.contains("?") ? "&" : "?") + query)
  }

  // MARK: Talking to the provider

  private func client() throws -> any WebClient {
    guard let web else { throw SingleSignOnError.unavailable }
    return web
  }

  private func fetchJSON(_ url: String) throws -> Data {
    let (status, body): (Int, Data)
    do {
      (status, body) = try client().get(url)
    } catch let error as SingleSignOnError {
      throw error
    } catch {
      throw SingleSignOnError.unreachable("could not read \(url): \(error)")
    }
    guard (200..<300).contains(status), (try? JSONSerialization.jsonObject(with: body)) is [String: Any]
    else {
      throw SingleSignOnError.unreachable("\(url) answered \(status) without a JSON document")
    }
    return body
  }

  private func fetchDiscovery(_ issuer: String) throws -> Data {
    let body = try fetchJSON(issuer + "/.well-known/openid-configuration")
    let document = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
    let stated = (document["issuer"] as? String ?? "")
    guard stated == issuer || stated == issuer + "/" else {
      throw SingleSignOnError.unreachable("the discovery document names the issuer \(stated), not \(issuer)")
    }
    return body
  }

  /// The provider and its discovery document, fetched again when older than an hour.
  private func providerAndDiscovery(_ id: Int64) throws -> (IdentityProvider, [String: Any]) {
    let (provider, stored, fetched) = try database.withConnection {
      connection -> (IdentityProvider?, String, Date?) in
      let row = try connection.queryFirst(
        "SELECT metadata, fetched_at FROM identity_providers WHERE id = \(id)")
      return (
        try Self.providers(connection, id: id).first, try row?.decode("metadata") ?? "",
        try row?.decode("fetched_at", as: Date?.self) ?? nil
      )
    }
    guard let provider else { throw SingleSignOnError.attemptExpired }
    var metadata = Data(stored.utf8)
    if fetched.map({ clock.now().timeIntervalSince($0) > Self.metadataLifetime }) ?? true {
      metadata = try fetchDiscovery(provider.issuer)
      try database.transaction { connection in
        try connection.execute(
          """
          UPDATE identity_providers SET metadata = \(String(decoding: metadata, as: UTF8.self)), keys = '',
            fetched_at = \(clock.now()) WHERE id = \(id)
          """)
      }
    }
    return (provider, (try? JSONSerialization.jsonObject(with: metadata)) as? [String: Any] ?? [:])
  }

  private func exchange(code: String, verifier: String, provider: IdentityProvider, discovery: [String: Any])
    throws -> String
  {
    guard let endpoint = discovery["token_endpoint"] as? String else {
      throw SingleSignOnError.unreachable("the provider's discovery document has no token endpoint")
    }
    let secret =
      try database.withConnection {
        try $0.scalar(
          "SELECT client_secret FROM identity_providers WHERE id = \(provider.id)", as: String.self)
      } ?? ""
    var fields = [
      ("grant_type", "authorization_code"), ("code", code), ("redirect_uri", redirectURI),
      ("code_verifier", verifier),
    ]
    var headers = [("Accept", "application/json")]
    let methods = discovery["token_endpoint_auth_methods_supported"] as? [String] ?? ["client_secret_basic"]
    if secret.isEmpty {
      fields.append(("client_id", provider.clientID))
    } else if methods.contains("client_secret_basic") {
      let credentials = "\(Self.formEncode(provider.clientID)):\(Self.formEncode(secret))"
      headers.append(("Authorization", "Basic \(Data(credentials.utf8).base64EncodedString())"))
    } else {
      fields += [("client_id", provider.clientID), ("client_secret", secret)]
    }
    let (status, body): (Int, Data)
    do {
      let form = fields.map { "\($0)=\(Self.formEncode($1))" }.joined(separator: "&")
      (status, body) = try client().postForm(endpoint, form: form, headers: headers)
    } catch let error as SingleSignOnError {
      throw error
    } catch {
      throw SingleSignOnError.unreachable("the token endpoint could not be reached: \(error)")
    }
    let answer = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
    guard (200..<300).contains(status), let idToken = answer["id_token"] as? String else {
      let reason = [answer["error"] as? String, answer["error_description"] as? String].compactMap { $0 }
      throw SingleSignOnError.refused(
        "the token endpoint answered \(status)\(reason.isEmpty ? "" : ": " + reason.joined(separator: ": "))")
    }
    return idToken
  }

  /// Verifies the token with the provider's keys, fetching them again once when the token names
  /// a key not among them (the provider rotated its keys).
  private func verify(_ idToken: String, provider: IdentityProvider, discovery: [String: Any]) throws
    -> JSONWebToken
  {
    guard let keysURL = discovery["jwks_uri"] as? String else {
      throw SingleSignOnError.unreachable("the provider's discovery document has no jwks_uri")
    }
    let stored =
      try database.withConnection {
        try $0.scalar("SELECT keys FROM identity_providers WHERE id = \(provider.id)", as: String.self)
      } ?? ""
    var fetchedNow = false
    var keys = (try? JSONDecoder().decode(JSONWebKeySet.self, from: Data(stored.utf8)))
    if keys == nil {
      keys = try fetchKeys(keysURL, provider: provider.id)
      fetchedNow = true
    }
    do {
      return try JSONWebToken.verify(idToken, keys: keys ?? JSONWebKeySet(keys: []))
    } catch let error as TokenError where !fetchedNow && error.mayMeanRotatedKeys {
      // A key not seen yet, or (when the token names none) none that verifies: the provider may
      // have rotated its keys. The token came from its token endpoint, so asking again is cheap.
      return try JSONWebToken.verify(idToken, keys: try fetchKeys(keysURL, provider: provider.id))
    }
  }

  private func fetchKeys(_ url: String, provider: Int64) throws -> JSONWebKeySet {
    let body = try fetchJSON(url)
    guard let keys = try? JSONDecoder().decode(JSONWebKeySet.self, from: body) else {
      throw SingleSignOnError.unreachable("\(url) is not a JSON Web Key Set")
    }
    try database.transaction { connection in
      _ = try connection.execute(
        "UPDATE identity_providers SET keys = \(String(decoding: body, as: UTF8.self)) WHERE id = \(provider)"
      )
    }
    return keys
  }

  func recordFailure(_ provider: IdentityProvider?, _ detail: String, _ origin: Origin) throws {
    try database.transaction { connection in
      try AuditService.recordAdmin(
        connection, actor: nil, action: SecurityAction.signInFailed, subject: nil,
        detail: provider.map { "single sign-on: \($0.name): \(detail)" } ?? detail, from: origin,
        at: clock.now())
    }
  }

  static func describe(_ error: SingleSignOnError) -> String {
    switch error {
    case .noProvider(let domain): "no identity provider for \(domain)"
    case .unknownAccount(let email): "\(email): no active account"
    case .deactivated: "the account is deactivated"
    case .attemptExpired: "unknown or expired sign-in attempt"
    case .refused(let why): "refused by the provider: \(why)"
    case .unreachable(let why): why
    case .invalidToken(let why): why.description
    case .invalidAssertion(let why): why
    case .unavailable: "single sign-on is not available"
    }
  }

  /// `application/x-www-form-urlencoded` value encoding (also used for query strings).
  static func formEncode(_ value: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
  }
}

extension TokenError {
  /// A key not seen yet, or (when the token names none) no key that verifies it.
  fileprivate var mayMeanRotatedKeys: Bool {
    switch self {
    case .unknownKey, .badSignature: true
    default: false
    }
  }
}
