import Foundation
import SAML
import SQL

/// SAML 2.0 sign-in: Trellis is a service provider. The request goes by HTTP-Redirect, the signed
/// response comes back by HTTP-POST; each request is used once, each assertion once.
extension SingleSignOnService {
  static let samlMetadataPath = "/sso/saml/metadata"
  static let samlConsumerPath = "/sso/saml/acs"
  static let samlLogoutPath = "/sso/saml/logout"

  /// Trellis's entity ID: the address of its metadata, stable for the life of the installation.
  public var samlEntityID: String { mail.baseURL + Self.samlMetadataPath }
  /// Where providers post their responses (the assertion consumer service).
  public var samlConsumer: String { mail.baseURL + Self.samlConsumerPath }

  /// The metadata admins give the identity provider.
  public func serviceProviderMetadata() throws -> String {
    SAMLServiceProvider.metadata(
      entityID: samlEntityID, assertionConsumer: samlConsumer,
      singleLogout: mail.baseURL + Self.samlLogoutPath,
      certificate: try signingKey().certificateBase64)
  }

  /// Trellis's signing key, made the first time it is needed; every server reads the same one.
  func signingKey() throws -> SigningKeyPair {
    func stored(_ connection: any Connection) throws -> SigningKeyPair? {
      let rows = try connection.query(
        "SELECT key, value FROM settings WHERE key IN ('saml.signing_key', 'saml.signing_certificate')")
      var values: [String: String] = [:]
      for row in rows { values[try row.decode("key")] = try row.decode("value") }
      guard let key = values["saml.signing_key"], let certificate = values["saml.signing_certificate"] else {
        return nil
      }
      return SigningKeyPair(privateKey: key, certificate: certificate)
    }
    if let pair = try database.withConnection(stored) { return pair }
    let made = try SigningKeyPair.generate(commonName: "Trellis \(mail.baseURL)")
    let now = clock.now()
    return try database.transaction { connection in
      for (key, value) in [
        ("saml.signing_key", made.privateKey), ("saml.signing_certificate", made.certificate),
      ] {
        try connection.execute(
          """
          INSERT INTO settings (key, value, updated_at) VALUES (\(key), \(value), \(now))
          ON CONFLICT (key) DO NOTHING
          """)
      }
      return try stored(connection) ?? made
    }
  }

  /// A signed LogoutRequest for the session that ended, when the provider has single logout.
  func samlSignOut(_ ended: EndedSession, provider: IdentityProvider, metadata: SAMLProviderMetadata) throws
    -> (name: String, url: String)?
  {
    guard let address = metadata.signOutURL, let nameID = ended.nameID else { return nil }
    let key = try signingKey()
    return (
      provider.name,
      try SAMLServiceProvider.signOutRedirect(
        to: address, requestID: "_" + Secrets.randomToken(), entityID: samlEntityID, nameID: nameID,
        nameIDFormat: ended.nameIDFormat, sessionIndex: ended.sessionIndex, now: clock.now(), sign: key.sign)
    )
  }

  func samlProvider(_ id: Int64) throws -> (IdentityProvider, SAMLProviderMetadata)? {
    try database.withConnection { connection in
      guard
        let xml = try connection.scalar(
          "SELECT metadata FROM identity_providers WHERE id = \(id) AND kind = 'saml'", as: String.self),
        let provider = try Self.providers(connection, id: id).first
      else { return nil }
      do {
        return (provider, try SAMLProviderMetadata(xml: xml))
      } catch let error as SAMLError {
        throw SingleSignOnError.unreachable("the provider's SAML metadata cannot be used: \(error)")
      }
    }
  }

  /// Keeps the request's ID (hashed, like an OpenID Connect state) and sends the person on.
  func beginSAML(_ provider: IdentityProvider, _ metadata: SAMLProviderMetadata, next: String) throws
    -> String
  {
    // An xs:ID must not start with a digit.
    let requestID = "_" + Secrets.randomToken()
    let now = clock.now()
    try database.transaction { connection in
      try connection.execute("DELETE FROM sso_attempts WHERE expires_at < \(now)")
      try connection.execute(
        """
        INSERT INTO sso_attempts (state_hash, provider_id, nonce, verifier, next, created_at, expires_at)
        VALUES (\(Secrets.tokenHash(requestID)), \(provider.id), '', '', \(String(next.prefix(500))), \(now),
          \(now.addingTimeInterval(Self.attemptLifetime)))
        """)
    }
    return try SAMLServiceProvider.signInRedirect(
      to: metadata, requestID: requestID, entityID: samlEntityID, assertionConsumer: samlConsumer, now: now,
      sign: try signingKey().sign)
  }

  /// Completes a SAML sign-in at the assertion consumer service: the response verified against the
  /// provider it names, checked to answer a request of ours still open (or, where the admin allows
  /// it, none), its assertion never seen before; returns the new session and where to go.
  public func finishSAML(_ encodedResponse: String, from origin: Origin, userAgent: String) throws -> (
    session: NewSession, next: String
  ) {
    let now = clock.now()
    let named = (try? SAMLResponse.issuer(encodedResponse)) ?? ""
    let providerID = try database.withConnection {
      try $0.scalar(
        "SELECT id FROM identity_providers WHERE kind = 'saml' AND issuer = \(named)", as: Int64.self)
    }
    guard let providerID, let (provider, metadata) = try samlProvider(providerID) else {
      let detail = named.isEmpty ? "a SAML response that names no provider" : "a SAML response from \(named)"
      try recordFailure(nil, "single sign-on: \(detail), which is not set up", origin)
      throw SingleSignOnError.refused("this identity provider is not set up in Trellis")
    }
    do {
      let assertion: SAMLAssertion
      do {
        assertion = try SAMLResponse.verify(encodedResponse, certificates: metadata.certificates)
      } catch SAMLError.refused(let why) {
        throw SingleSignOnError.refused(why)
      }
      let requestID = assertion.inResponseTo ?? assertion.confirmationInResponseTo
      let next = try claimRequest(requestID, provider: provider, now: now)
      try assertion.validate(
        issuer: metadata.entityID, audience: samlEntityID, recipient: samlConsumer, requestID: requestID,
        now: now)
      try markUsed(assertion, provider: provider, now: now)
      let email = assertion.email ?? ""
      let domain = EmailAddress.key(email).split(separator: "@").last.map(String.init) ?? ""
      // SAML has no "verified" flag: the provider vouches only for addresses in its own domains.
      let person = try person(
        subject: assertion.nameID, email: email, verified: provider.domains.contains(domain),
        givenName: assertion.attribute(
          "givenName", "firstName", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname") ?? "",
        familyName: assertion.attribute(
          "sn", "surname", "lastName", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/surname") ?? "",
        provider: provider, now: now)
      let session = try database.transaction { connection in
        try AuditService.recordAdmin(
          connection, actor: person, action: SecurityAction.signedIn, subject: nil,
          detail: "single sign-on: \(provider.name) (SAML)", from: origin, at: now)
        let new = try accounts.createSession(
          connection, person: person, address: origin.address, userAgent: userAgent, now: now,
          provider: provider.id)
        try connection.execute(
          """
          UPDATE sessions SET provider_name_id = \(assertion.nameID), provider_name_id_format = \(assertion.nameIDFormat),
            provider_session_index = \(assertion.sessionIndex)
          WHERE id = \(new.session.id)
          """)
        return new
      }
      return (session, next ?? "")
    } catch let failure as SingleSignOnError {
      try recordFailure(provider, Self.describe(failure), origin)
      throw failure
    } catch let failure as SAMLError {
      try recordFailure(provider, failure.description, origin)
      throw SingleSignOnError.invalidAssertion(failure.description)
    }
  }

  /// The open request the response answers (used up now), giving where the person was going; nil
  /// for a sign-in the provider started, accepted only where the admin allowed it.
  private func claimRequest(_ requestID: String?, provider: IdentityProvider, now: Date) throws -> String? {
    guard let requestID else {
      guard provider.allowUnsolicited else {
        throw SingleSignOnError.refused(
          "sign-ins started at the identity provider are turned off: start at Trellis's sign-in page")
      }
      return nil
    }
    let next = try database.transaction { connection -> String? in
      let rows = try connection.query(
        """
        DELETE FROM sso_attempts WHERE state_hash = \(Secrets.tokenHash(requestID)) AND provider_id = \(provider.id)
        RETURNING next, expires_at
        """)
      guard let row = rows.first, try row.decode("expires_at", as: Date.self) > now else { return nil }
      return try row.decode("next", as: String.self)
    }
    guard let next else { throw SingleSignOnError.attemptExpired }
    return next
  }

  /// Remembers the assertion until it expires; a second use is a replay.
  private func markUsed(_ assertion: SAMLAssertion, provider: IdentityProvider, now: Date) throws {
    let expires = [assertion.notOnOrAfter, assertion.confirmationNotOnOrAfter].compactMap { $0 }.max() ?? now
    try database.transaction { connection in
      try connection.execute(
        "DELETE FROM saml_assertions WHERE expires_at < \(now.addingTimeInterval(-3_600))")
      let inserted = try connection.execute(
        """
        INSERT INTO saml_assertions (provider_id, assertion_id, expires_at)
        VALUES (\(provider.id), \(assertion.id), \(expires.addingTimeInterval(120)))
        ON CONFLICT DO NOTHING
        """)
      guard inserted == 1 else { throw SAMLError.invalid("this response was used already (a replay)") }
    }
  }
}
