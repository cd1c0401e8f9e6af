import Foundation
import SQL
import TestSupport
import Testing
import Trellis
import TrellisWeb

@Suite("A busy database")
struct BusyDatabaseTests {
  /// Another process holds SQLite's writer past the busy timeout: the change is answered 503 with
  /// `Retry-After` (nothing written), and sent again once the writer is free it succeeds.
  @Test func aWriteThatWaitsTooLongIsTurnedAwayWithRetryAfterNever500() throws {
    let server = try AppServer(.sqlite)
    _ = try DemoOrganization.load(server.services)
    guard case .sqlite(let path) = server.url else { return }
    let session = try server.services.accounts.signIn(
      email: "ana.lima@northwind.example", password: DemoOrganization.password, address: "test")
    let headers = [
      ("Cookie", "trellis_session=\(session.token)"), ("X-CSRF-Token", session.session.csrfToken),
      ("Content-Type", "application/json"),
    ]
    let goal = Array(#"{"title":"Lead a review","horizon":"short term","visibility":"private"}"#.utf8)
    let holder = try SQLiteConnection(path: path)
    try holder.execute("BEGIN IMMEDIATE")
    let refused = try server.client.request("POST", "/api/v1/me/goals", headers: headers, body: goal)
    try holder.execute("ROLLBACK")
    #expect(refused.status == 503)
    #expect(refused.header("Retry-After") == "2")
    #expect(refused.text.contains("saved nothing"))
    let saved = try server.client.request("POST", "/api/v1/me/goals", headers: headers, body: goal)
    #expect(saved.status == 201)
  }
}
