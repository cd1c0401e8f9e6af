import HTTP
import Trellis

/// How much a request may send, decided before its body is read: a caller no one knows sends
/// little (a sign-in is a few hundred bytes), a signed-in one more, and only admins send imports
/// (the largest), so an anonymous client cannot make the server hold large bodies.
extension TrellisApp {
  public static let anonymousBodyBytes = 16 * 1024
  /// Room for the longest text a form or the API takes (shared notes: 100,000 characters, each
  /// up to 12 bytes as a JSON escape).
  public static let signedInBodyBytes = 4 * 1024 * 1024
  static let importPaths: Set<String> = ["/admin/import", "/api/v1/people/imports"]
  /// A SAML response carries XML with certificates and attributes, posted by the browser from the
  /// identity provider's page (no session yet).
  public static let samlResponseBytes = 1024 * 1024

  public func bodyLimit(method: String, path: String, headers: Headers) -> Int {
    if path == "/sso/saml/acs" { return Self.samlResponseBytes }
    if path.hasPrefix(SCIMRoutes.base + "/") {
      // A provisioning client sends whole groups; its token is not a person's.
      let token = (headers["authorization"] ?? "").split(separator: " ", maxSplits: 1)
      guard token.count == 2, token[0].lowercased() == "bearer",
        (try? services.provisioning.authenticate(bearerToken: String(token[1]))) ?? nil != nil
      else { return Self.anonymousBodyBytes }
      return Self.signedInBodyBytes
    }
    guard let caller = try? caller(headers) else { return Self.anonymousBodyBytes }
    if Self.importPaths.contains(path) && Policy.allows(caller.actor, .managePeople) { return Int.max }
    return Self.signedInBodyBytes
  }

  /// Who the session cookie or bearer token in `headers` belongs to, if anyone.
  private func caller(_ headers: Headers) throws -> Authenticated? {
    if let authorization = headers["authorization"] {
      let parts = authorization.split(separator: " ", maxSplits: 1)
      guard parts.count == 2, parts[0].lowercased() == "bearer" else { return nil }
      return try services.accounts.authenticate(bearerToken: String(parts[1]))
    }
    let session = (headers["cookie"] ?? "").split(separator: ";").lazy
      .map { $0.trimmingCharacters(in: .whitespaces) }
      .first { $0.hasPrefix(Cookies.session + "=") }
      .map { String($0.dropFirst(Cookies.session.count + 1)) }
    guard let session, !session.isEmpty else { return nil }
    return try services.accounts.authenticate(sessionToken: session)
  }
}
