import Foundation
import JOSE
import SAML
import SQL

/// Signing in at the organization's identity provider (OpenID Connect): the redirect there, the
/// answer back, and what is asked of the provider on the way.
extension SingleSignOnService {
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
      ("post_logout_redirect_uri", mail.url(.signIn)),
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

  func fetchDiscovery(_ issuer: String) throws -> Data {
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
      _ = try database.transaction { connection in
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
