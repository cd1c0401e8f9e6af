import Foundation
import HTTP
import Trellis

/// Finds who is calling: a bearer token (API) or the session cookie. Refuses nothing itself:
/// handlers ask `request.actor()`, and services ask the policy.
struct AuthenticationMiddleware: Middleware {
  let accounts: AccountService

  /// The request with its caller, for an error page drawn outside this middleware: the page keeps
  /// the signed-in header (a refusal must not look like being signed out).
  static func identified(_ request: Request, accounts: AccountService) -> Request {
    guard request[CurrentUser.self] == nil, let token = request.cookies[Cookies.session], !token.isEmpty
    else { return request }
    var request = request
    request[CurrentUser.self] = (try? accounts.authenticate(sessionToken: token)) ?? nil
    return request
  }

  func handle(_ request: Request, next: (Request) throws -> Response) throws -> Response {
    var request = request
    var clearSession = false
    // SCIM requests carry a provisioning client's token, which the SCIM routes check themselves.
    if let authorization = request.headers["authorization"], !request.path.hasPrefix(SCIMRoutes.base + "/") {
      let parts = authorization.split(separator: " ", maxSplits: 1)
      guard parts.count == 2, parts[0].lowercased() == "bearer",
        let user = try accounts.authenticate(bearerToken: String(parts[1]))
      else {
        throw HTTPError(
          .unauthorized, detail: "The access token is not valid (revoked, mistyped or expired).",
          headers: [("WWW-Authenticate", "Bearer")])
      }
      request[CurrentUser.self] = user
    } else if let token = request.cookies[Cookies.session], !token.isEmpty {
      if let user = try accounts.authenticate(sessionToken: token) {
        request[CurrentUser.self] = user
      } else {
        clearSession = true
      }
    }
    if let notice = request.cookies[Cookies.notice], !notice.isEmpty {
      request[Notice.self] = (try? request.decodedCookie(notice)) ?? nil
    }
    var response = try next(request)
    if clearSession { response.headers.add("Set-Cookie", Cookies.clear(Cookies.session)) }
    if request[Notice.self] != nil
      && !response.headers.values("set-cookie").contains(where: {
        $0.hasPrefix(Cookies.notice + "=")
      })
    {
      response.headers.add("Set-Cookie", Cookies.clear(Cookies.notice))
    }
    return response
  }
}

extension Request {
  fileprivate func decodedCookie(_ value: String) throws -> String? {
    let decoded = value.removingPercentEncoding ?? value
    return decoded.isEmpty ? nil : decoded
  }
}
