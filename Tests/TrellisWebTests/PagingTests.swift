import Foundation
import SQL
import TestSupport
import Testing
import Trellis
import TrellisWeb

/// Lists that grow without bound are paged on the page and in the API: every row is reachable,
/// and the page says there is more.
@Suite("Paged lists")
struct PagingTests {
  @Test func theAdminLogAndTheOutboxReachEveryRow() throws {
    let server = try AppServer(.sqlite)
    _ = try DemoOrganization.load(server.services)
    let now = server.clock.now()
    try server.database.transaction { connection in
      for index in 0..<260 {
        try connection.execute(
          "INSERT INTO admin_audit (actor_id, action, subject_id, detail, at) VALUES (NULL, 'paging_test', NULL, \("entry \(index)"), \(now))"
        )
        try connection.execute(
          """
          INSERT INTO outbox (channel, kind, dedupe_key, recipient, body, status, next_attempt_at, created_at)
          VALUES ('email', 'paging test', \("paging-\(index)"), 'someone@northwind.example', '', 'pending', \(now), \(now))
          """)
      }
    }
    let session = try server.services.accounts.signIn(
      email: "jordan.reyes@northwind.example", password: DemoOrganization.password, address: "test")
    let cookie = [("Cookie", "trellis_session=\(session.token)")]
    for (path, marker) in [("/api/v1/admin/audit", "paging_test"), ("/api/v1/admin/outbox", "paging test")] {
      var seen = 0
      var offset = 0
      var total = 0
      repeat {
        let page = try server.client.get("\(path)?limit=100&offset=\(offset)", headers: cookie)
        #expect(page.status == 200)
        let json = try page.json()
        total = try #require(json["total"] as? Int)
        let items = try #require(json["items"] as? [[String: Any]])
        seen += items.filter { ($0["action"] as? String ?? $0["kind"] as? String) == marker }.count
        offset += items.count
        if items.isEmpty { break }
      } while offset < total
      #expect(seen == 260, "\(path) reaches every row")
      #expect(total >= 260)
    }
    let first = try server.client.get("/admin/audit", headers: cookie).text
    #expect(first.contains(#"rel="next""#))
    let outbox = try server.client.get("/admin/outbox?status=pending", headers: cookie).text
    #expect(outbox.contains(#"/admin/outbox?status=pending&amp;offset=50"#))
  }
}
