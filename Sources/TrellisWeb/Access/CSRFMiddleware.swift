import Foundation
import HTTP
import Trellis

/// Every state-changing request from a browser carries a token only our pages know:
/// the session's token, or for anonymous forms a random cookie repeated in a field.
/// Requests with a personal access token are not from a browser and need none.
struct CSRFMiddleware: Middleware {
  static let field = "_csrf"
  static let header = "x-csrf-token"

  func handle(_ request: Request, next: (Request) throws -> Response) throws -> Response {
    let fromBrowser = request.headers["authorization"] == nil
    // Signing in through the API needs JSON, which another site cannot send without CORS.
    // A one-click unsubscribe (RFC 8058) comes from a mail provider: its unguessable link is the credential.
    // A SAML response is posted by the identity provider's page: its signature, for a request of
    // ours used once, is the credential.
    let exempt =
      request.method == "POST"
      && (request.path == "/api/v1/sessions" || request.path.hasPrefix("/unsubscribe/")
        || request.path == "/sso/saml/acs")
    if request.isUnsafeMethod && fromBrowser && !exempt {
      if let origin = request.headers["origin"], origin != "null", let host = request.headers["host"] {
        let url = URL(string: origin)
        let authority = url?.host.map { host in url?.port.map { "\(host):\($0)" } ?? host }
        if authority?.lowercased() != host.lowercased() {
          throw HTTPError(.forbidden, detail: "This request came from another site.")
        }
      }
      let expected = request.csrfToken
      let sent = request.headers[CSRFMiddleware.header] ?? (try? request.form())?[CSRFMiddleware.field]
      guard !expected.isEmpty, let sent, Secrets.constantTimeEqual(sent, expected) else {
        throw HTTPError(
          .forbidden, title: "Form expired",
          detail: "This form was out of date or did not come from Trellis. Reload the page and try again.")
      }
    }
    return try next(request)
  }

  /// For pages with a form a signed-out visitor submits (sign-in, set a password): makes sure
  /// the visitor has a token, drawing a new one only when they have none.
  static func anonymousFormPage(_ request: Request, _ render: (Request) throws -> Response) rethrows
    -> Response
  {
    guard request.csrfToken.isEmpty else { return try render(request) }
    var request = request
    let token = Secrets.randomToken()
    request[AnonymousCSRF.self] = token
    var response = try render(request)
    response.headers.add("Set-Cookie", Cookies.set(Cookies.csrf, token))
    return response
  }
}
