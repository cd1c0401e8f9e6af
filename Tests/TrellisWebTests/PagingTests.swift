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
  /// Every item of a paged API list, following `offset` until `total`.
  func everyItem(_ server: AppServer, _ path: String, limit: Int, cookie: [(String, String)]) throws
    -> (items: [[String: Any]], total: Int)
  {
    let separator = path.contains("?") ? "&" : "?"
    var items: [[String: Any]] = []
    var total = 0
    repeat {
      let page = try server.client.get(
        "\(path)\(separator)limit=\(limit)&offset=\(items.count)", headers: cookie)
      #expect(page.status == 200)
      let json = try page.json()
      total = try #require(json["total"] as? Int)
      let batch = try #require(json["items"] as? [[String: Any]])
      if batch.isEmpty { break }
      items += batch
    } while items.count < total
    return (items, total)
  }
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
      let (items, total) = try everyItem(server, path, limit: 100, cookie: cookie)
      let seen = items.filter { ($0["action"] as? String ?? $0["kind"] as? String) == marker }.count
      #expect(seen == 260, "\(path) reaches every row")
      #expect(total >= 260)
    }
    let first = try server.client.get("/admin/audit", headers: cookie).text
    #expect(first.contains(#"rel="next""#))
    let outbox = try server.client.get("/admin/outbox?status=pending", headers: cookie).text
    #expect(outbox.contains(#"/admin/outbox?status=pending&amp;offset=50"#))
  }

  @Test func theOpportunityListReachesEveryOpportunityWithItsFilter() throws {
    let server = try AppServer(.sqlite)
    _ = try DemoOrganization.load(server.services)
    let danielID: Int64 = try #require(
      try server.database.withConnection {
        try $0.scalar("SELECT id FROM people WHERE email = 'daniel.kim@northwind.example'", as: Int64.self)
      })
    let daniel = try #require(try server.services.accounts.actor(personID: danielID))
    var created: Set<Int64> = []
    for index in 0..<130 {
      created.insert(
        try server.services.opportunities.create(
          daniel,
          OpportunityInput(
            title: "Rotation \(index)", kind: .rotation, description: "Six weeks with another team",
            timeCommitment: "Full time", interestDeadline: server.clock.today().adding(days: 30).description)
        ).id)
    }
    let session = try server.services.accounts.signIn(
      email: "ana.lima@northwind.example", password: DemoOrganization.password, address: "test")
    let cookie = [("Cookie", "trellis_session=\(session.token)")]
    let (items, _) = try everyItem(server, "/api/v1/opportunities?kind=rotation", limit: 50, cookie: cookie)
    let seen = Set(try items.map { Int64(try #require($0["id"] as? Int)) })
    #expect(created.isSubset(of: seen))
    let page = try server.client.get("/opportunities?kind=rotation", headers: cookie).text
    #expect(page.contains("/opportunities?kind=rotation&amp;competency=&amp;offset=50#open"))
  }

  @Test func theCommunityListReachesEveryCommunity() throws {
    let server = try AppServer(.sqlite)
    _ = try DemoOrganization.load(server.services)
    let session = try server.services.accounts.signIn(
      email: "ana.lima@northwind.example", password: DemoOrganization.password, address: "test")
    let ana = try #require(try server.services.accounts.actor(personID: session.session.personID))
    var created: Set<Int64> = []
    for index in 0..<70 {
      created.insert(
        try server.services.communities.create(
          ana,
          CommunityInput(
            name: "Guild \(index)", kind: .guild, description: "People who care about \(index)", isOpen: true,
            competencySlugs: [])
        ).id)
    }
    let cookie = [("Cookie", "trellis_session=\(session.token)")]
    let (items, _) = try everyItem(server, "/api/v1/communities", limit: 25, cookie: cookie)
    let seen = Set(try items.map { Int64(try #require($0["id"] as? Int)) })
    #expect(created.isSubset(of: seen))
    #expect(try server.client.get("/communities", headers: cookie).text.contains(#"rel="next""#))
  }

  @Test func theMentorListReachesEveryMentor() throws {
    let server = try AppServer(.sqlite)
    _ = try DemoOrganization.load(server.services)
    let people: [Int64] = try server.database.withConnection {
      try $0.query("SELECT id FROM people WHERE active ORDER BY id LIMIT 30").map { try $0.decode("id") }
    }
    for id in people {
      let actor = try #require(try server.services.accounts.actor(personID: id))
      _ = try server.services.mentorship.offer(
        actor, MentorOfferInput(topics: "Anything", capacity: 3, cadenceDays: 30))
    }
    let session = try server.services.accounts.signIn(
      email: "jordan.reyes@northwind.example", password: DemoOrganization.password, address: "test")
    let cookie = [("Cookie", "trellis_session=\(session.token)")]
    let (items, total) = try everyItem(server, "/api/v1/mentors", limit: 7, cookie: cookie)
    let seen = Set(try items.map { Int64(try #require($0["personID"] as? Int)) })
    let jordan = session.session.personID
    #expect(Set(people).subtracting([jordan]).isSubset(of: seen))
    #expect(seen.count == total)
  }
}
