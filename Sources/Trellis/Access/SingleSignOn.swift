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
}

extension TokenError {
  /// A key not seen yet, or (when the token names none) no key that verifies it.
  var mayMeanRotatedKeys: Bool {
    switch self {
    case .unknownKey, .badSignature: true
    default: false
    }
  }
}
