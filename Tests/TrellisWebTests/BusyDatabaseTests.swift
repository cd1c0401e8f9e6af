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

  /// Page views take the writer only to record a read: while another process holds SQLite's
  /// writer, a person reads their own conversation, plan, goals, growth and employment record;
  /// their manager's read of the employment record, which must be recorded, waits and is turned
  /// away unrecorded, then succeeds and is recorded once the writer is free.
  @Test func readsDoNotWaitForTheWriterUnlessTheyAreRecorded() throws {
    let server = try AppServer(.sqlite)
    _ = try DemoOrganization.load(server.services)
    guard case .sqlite(let path) = server.url else { return }
    func signIn(_ email: String) throws -> [(String, String)] {
      let session = try server.services.accounts.signIn(
        email: email, password: DemoOrganization.password, address: "test")
      return [("Cookie", "trellis_session=\(session.token)")]
    }
    let (mei, sofia) = (try signIn("mei.chen@northwind.example"), try signIn("sofia.rossi@northwind.example"))
    let (meiID, conversation): (Int64, Int64) = try server.database.withConnection { c in
      let id = try #require(
        try c.scalar("SELECT id FROM people WHERE email = 'mei.chen@northwind.example'", as: Int64.self))
      let conversation = try #require(
        try c.scalar(
          """
          SELECT max(conversations.id) FROM conversations
          JOIN relationships ON relationships.id = conversations.relationship_id WHERE relationships.employee_id = \(id)
          """, as: Int64.self))
      return (id, conversation)
    }
    func recordedReads() throws -> Int {
      try server.database.withConnection {
        try $0.scalar(
          "SELECT count(*) FROM access_log WHERE subject_id = \(meiID) AND data = 'employment record'",
          as: Int.self) ?? 0
      }
    }
    let before = try recordedReads()
    // Her plan is made on her first visit (a write); from then on it is read.
    #expect(try server.client.get("/people/\(meiID)/plan", headers: mei).status == 200)
    let holder = try SQLiteConnection(path: path)
    try holder.execute("BEGIN IMMEDIATE")
    var statuses: [String: Int] = [:]
    for path in [
      "/conversations/\(conversation)", "/people/\(meiID)/plan", "/goals", "/people/\(meiID)/growth",
      "/api/v1/people/\(meiID)/employment", "/api/v1/people/\(meiID)/goals",
    ] {
      statuses[path] = try server.client.get(path, headers: mei).status
    }
    let managerWhileHeld = try server.client.get("/api/v1/people/\(meiID)/employment", headers: sofia)
    try holder.execute("ROLLBACK")
    #expect(statuses.values.allSatisfy { $0 == 200 }, "\(statuses)")
    #expect(managerWhileHeld.status == 503)
    #expect(try recordedReads() == before, "nothing was shown, so nothing is recorded")
    #expect(try server.client.get("/api/v1/people/\(meiID)/employment", headers: sofia).status == 200)
    #expect(try recordedReads() == before + 1)
  }
}
