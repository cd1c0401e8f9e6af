import Foundation
import HTTP
import TestSupport
import Testing
import Trellis
import TrellisWeb

/// Someone signed in to a test server, reading pages and sending forms as a browser does: with
/// the session cookie and the CSRF token.
struct FormSession {
  let server: AppServer
  let cookie: String
  let csrf: String

  init(_ server: AppServer, _ email: String) throws {
    self.server = server
    let session = try server.services.accounts.signIn(
      email: email, password: DemoOrganization.password, address: "test")
    cookie = "trellis_session=\(session.token)"
    csrf = session.session.csrfToken
  }

  func get(_ path: String) throws -> RawResponse {
    try server.client.request("GET", path, headers: [("Cookie", cookie)])
  }

  /// Sends `fields` to `path`; `page` is the page the form was drawn on (refusals draw it again).
  func post(_ path: String, _ fields: [(String, String)], page: String? = nil) throws -> RawResponse {
    let sent = [("_csrf", csrf)] + (page.map { [("_page", $0)] } ?? []) + fields
    let body = sent.map { URLEncoding.encode($0.0) + "=" + URLEncoding.encode($0.1) }.joined(separator: "&")
    return try server.client.request(
      "POST", path, headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Cookie", cookie)],
      body: Array(body.utf8))
  }

  /// The controls of the form sending to `action`, as `response` draws it.
  static func controls(_ response: RawResponse, action: String) throws -> [EveryFormTests.Control] {
    let html = String(decoding: response.body, as: UTF8.self)
    return try #require(EveryFormTests.forms(in: html, page: "").first { $0.action == action }).controls
  }
}
