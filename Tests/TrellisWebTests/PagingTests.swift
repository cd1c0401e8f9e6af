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
  /// Every item of a paged API list, following `offset` until `total`; `within` names the page
  /// when the answer holds it in a field (an opportunity's interest).
  func everyItem(
    _ server: AppServer, _ path: String, limit: Int, within: String? = nil, cookie: [(String, String)]
  ) throws -> (items: [[String: Any]], total: Int) {
    let separator = path.contains("?") ? "&" : "?"
    var items: [[String: Any]] = []
    var total = 0
    repeat {
      let page = try server.client.get(
        "\(path)\(separator)limit=\(limit)&offset=\(items.count)", headers: cookie)
      #expect(page.status == 200, "\(path)")
      let answer = try page.json()
      let json = try within.map { try #require(answer[$0] as? [String: Any]) } ?? answer
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

  /// A person's own lists (feedback, requests, mentorships), what others may read of them, a
  /// community's members and resources, an opportunity's interest and the key roles: each walked
  /// in the API past its first page, and each page offers the next.
  @Test func everyOtherListReachesEveryRow() throws {
    let server = try AppServer(.sqlite)
    _ = try DemoOrganization.load(server.services)
    let now = server.clock.now()
    func id(_ email: String) throws -> Int64 {
      let found = try server.database.withConnection {
        try $0.scalar("SELECT id FROM people WHERE email = \(email)", as: Int64.self)
      }
      guard let found else { throw NotFound("person \(email)") }
      return found
    }
    let (mei, sofia, jordan) = (
      try id("mei.chen@northwind.example"), try id("sofia.rossi@northwind.example"),
      try id("jordan.reyes@northwind.example")
    )
    let others: [Int64] = try server.database.withConnection {
      try $0.query("SELECT id FROM people WHERE active AND id NOT IN (\(list: [mei, sofia])) ORDER BY id")
        .map { try $0.decode("id") }
    }
    let community = try server.services.communities.create(
      try #require(try server.services.accounts.actor(personID: mei)),
      CommunityInput(
        name: "Everyone", kind: .guild, description: "All of us", isOpen: true, competencySlugs: []))
    let opportunity = try server.services.opportunities.create(
      try #require(try server.services.accounts.actor(personID: sofia)),
      OpportunityInput(
        title: "Big rotation", kind: .rotation, description: "Six weeks elsewhere",
        timeCommitment: "Full time",
        interestDeadline: server.clock.today().adding(days: 30).description))
    try server.database.transaction { c in
      for (index, other) in others.enumerated() {
        let shared = index.isMultiple(of: 2)
        for (giver, recipient) in [(other, mei), (mei, other)] {
          try c.execute(
            """
            INSERT INTO feedback (giver_id, recipient_id, kind, situation, behaviour, impact, manager_may_see, created_at)
            VALUES (\(giver), \(recipient), 'appreciation', 'PAGED', 'b', 'i', \(shared), \(now))
            """)
          try c.execute(
            """
            INSERT INTO feedback_requests (requester_id, giver_id, topic, status, created_at)
            VALUES (\(recipient), \(giver), 'PAGED', 'open', \(now))
            """)
          try c.execute(
            """
            INSERT INTO mentorship_requests (mentee_id, mentor_id, note, status, created_at)
            VALUES (\(giver), \(recipient), 'PAGED', 'pending', \(now))
            """)
        }
        let relationship = try c.query(
          """
          INSERT INTO relationships (kind, employee_id, partner_id, started_on, created_at)
          VALUES ('mentor', \(mei), \(other), '2026-01-01', \(now)) RETURNING id
          """)[0].decode("id", as: Int64.self)
        try c.execute("INSERT INTO mentorships (relationship_id) VALUES (\(relationship))")
        try c.execute(
          """
          INSERT INTO conversations (relationship_id, guide_version_id, scheduled_at, time_zone, duration_minutes,
            status, created_by, created_at, updated_at)
          VALUES (\(relationship), (SELECT min(id) FROM guide_versions), \(now), 'UTC', 30, 'held', \(mei), \(now), \(now))
          """)
        for period in ["2027", "2028"] {
          try c.execute(
            """
            INSERT INTO objectives (title, period, team, owner_id, created_at)
            VALUES (\("Objective \(index)"), \(period), \(index.isMultiple(of: 3) ? "" : "Platform"), \(jordan), \(now))
            """)
        }
        try c.execute(
          "INSERT INTO key_roles (title, created_by, created_at) VALUES (\("Key role \(index)"), \(jordan), \(now))"
        )
        try c.execute(
          """
          INSERT INTO community_members (community_id, person_id, is_organiser, joined_at)
          VALUES (\(community.id), \(other), FALSE, \(now))
          """)
        try c.execute(
          """
          INSERT INTO community_resources (community_id, title, added_by, created_at)
          VALUES (\(community.id), \("Book \(index)"), \(other), \(now))
          """)
        try c.execute(
          """
          INSERT INTO opportunity_interests (opportunity_id, person_id, share_with_manager, status, created_at, updated_at)
          VALUES (\(opportunity.id), \(other), \(shared), 'interested', \(now), \(now))
          """)
        // Mei shows interest in an opportunity of each colleague's.
        let theirs = try c.query(
          """
          INSERT INTO opportunities (title, kind, description, time_commitment, interest_deadline, places, owner_id,
            status, created_by, created_at)
          VALUES (\("Gig \(index)"), 'gig', 'Help out', 'A day a week', '2099-01-01', 1, \(other), 'open', \(other), \(now))
          RETURNING id
          """)[0].decode("id", as: Int64.self)
        try c.execute(
          """
          INSERT INTO opportunity_interests (opportunity_id, person_id, share_with_manager, status, created_at, updated_at)
          VALUES (\(theirs), \(mei), \(shared), 'interested', \(now), \(now))
          """)
      }
    }
    func count(_ sql: SQLQuery) throws -> Int {
      try server.database.withConnection { try $0.scalar(sql, as: Int.self) ?? 0 }
    }
    func cookie(_ email: String) throws -> [(String, String)] {
      let session = try server.services.accounts.signIn(
        email: email, password: DemoOrganization.password, address: "test")
      return [("Cookie", "trellis_session=\(session.token)")]
    }
    let (asMei, asSofia, asPriya) = (
      try cookie("mei.chen@northwind.example"), try cookie("sofia.rossi@northwind.example"),
      try cookie("priya.nair@northwind.example")
    )
    let lists: [(path: String, as: [(String, String)], expected: Int)] = [
      (
        "/api/v1/me/feedback/received", asMei,
        try count("SELECT count(*) FROM feedback WHERE recipient_id = \(mei)")
      ),
      (
        "/api/v1/me/feedback/given", asMei, try count("SELECT count(*) FROM feedback WHERE giver_id = \(mei)")
      ),
      (
        "/api/v1/me/feedback/asked", asMei,
        try count("SELECT count(*) FROM feedback_requests WHERE giver_id = \(mei) AND status = 'open'")
      ),
      (
        "/api/v1/me/feedback/requested", asMei,
        try count("SELECT count(*) FROM feedback_requests WHERE requester_id = \(mei)")
      ),
      (
        "/api/v1/people/\(mei)/feedback", asSofia,
        try count(
          "SELECT count(*) FROM feedback WHERE recipient_id = \(mei) AND (manager_may_see OR giver_id = \(sofia))"
        )
      ),
      (
        "/api/v1/me/mentorships", asMei,
        try count(
          "SELECT count(*) FROM relationships WHERE kind = 'mentor' AND (employee_id = \(mei) OR partner_id = \(mei))"
        )
      ),
      (
        "/api/v1/me/mentorship-requests/asked", asMei,
        try count("SELECT count(*) FROM mentorship_requests WHERE mentor_id = \(mei) AND status = 'pending'")
      ),
      (
        "/api/v1/me/mentorship-requests/requested", asMei,
        try count("SELECT count(*) FROM mentorship_requests WHERE mentee_id = \(mei)")
      ),
      ("/api/v1/succession/roles", asPriya, try count("SELECT count(*) FROM key_roles")),
      (
        "/api/v1/me/timeline", asMei,
        try count(
          """
          SELECT count(*) FROM conversations JOIN relationships ON relationships.id = conversations.relationship_id
          WHERE relationships.employee_id = \(mei) OR (relationships.partner_id = \(mei) AND relationships.ended_on IS NULL)
          """)
      ),
      ("/api/v1/objectives", asMei, try count("SELECT count(*) FROM objectives")),
      (
        "/api/v1/objectives?team=Platform", asMei,
        try count("SELECT count(*) FROM objectives WHERE team = 'Platform'")
      ),
      ("/api/v1/communities/\(community.id)/members", asMei, others.count + 1),
      ("/api/v1/communities/\(community.id)/resources", asMei, others.count),
      ("/api/v1/opportunities/\(opportunity.id)", asSofia, others.count),
      (
        "/api/v1/people/\(mei)/opportunity-interests", asMei,
        try count("SELECT count(*) FROM opportunity_interests WHERE person_id = \(mei)")
      ),
    ]
    for list in lists {
      #expect(list.expected > 14, "\(list.path) has more than two pages")
      let (items, total) = try everyItem(
        server, list.path, limit: 7,
        within: list.path.hasPrefix("/api/v1/opportunities/") ? "interests" : nil,
        cookie: list.as)
      let ids = Set(items.map { ($0["id"] as? Int) ?? ($0["personID"] as? Int) ?? -1 })
      #expect(total == list.expected, "\(list.path) counts every row")
      #expect(ids.count == list.expected && !ids.contains(-1), "\(list.path) reaches every row once")
    }
    for (path, viewer, next) in [
      ("/feedback", asMei, "/feedback?received=20#received"),
      ("/feedback?received=20", asMei, "/feedback?received=20&amp;given=20#given"),
      ("/mentoring", asMei, "/mentoring?mentorships=20#mentorships"),
      ("/people/\(mei)/feedback?limit=10", asSofia, "/people/\(mei)/feedback?offset=10"),
      ("/people/\(mei)/opportunities?limit=10", asMei, "/people/\(mei)/opportunities?offset=10"),
      ("/succession?limit=10", asPriya, "/succession?offset=10"),
      ("/me/timeline?limit=10", asMei, "/me/timeline?offset=10"),
      ("/goals", asMei, "/goals?objectives=50#objectives"),
      ("/communities/\(community.id)?members=40", asMei, "/communities/\(community.id)#members"),
      (
        "/opportunities/\(opportunity.id)?limit=10", asSofia,
        "/opportunities/\(opportunity.id)?offset=10#interest"
      ),
    ] {
      let page = try server.client.get(path, headers: viewer)
      #expect(page.status == 200)
      let links = page.text.contains(#"href="\#(next)""#)
      #expect(links, "\(path) links to \(next)")
    }
  }
}
