import Foundation
import SQL
import TestSupport
import Testing
import Trellis

/// PostgreSQL plans a statement once per connection from the tables' statistics. When those saw
/// only early people (a pilot's first admins signing in and acting), a merge join from a small
/// table to `people` would read the people table in id order up to a later hire, on every
/// request. Trellis's connections plan no merge joins; these check that requests and pages read a
/// later hire's row by id. PostgreSQL only: SQLite has no merge join.
@Suite("Later hires: lookups by person whatever the statistics saw")
struct LaterHiresTests {
  static let hires = 20_000
  static let lastHire = "later\(hires)@northwind.example"

  /// The demo organization, then `hires` people after it; the last can sign in with the demo password.
  static func organizationWithLaterHires(_ kind: TestDatabases.Kind) throws -> Fixture {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let ana = try fixture.person("ana.lima@northwind.example")
    try fixture.database.withConnection { connection in
      try connection.executeScript(
        """
        INSERT INTO people (email, email_key, given_name, family_name, created_at, updated_at)
        SELECT 'later' || n || '@northwind.example', 'later' || n || '@northwind.example', 'Later',
          'Hire ' || n, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
        FROM generate_series(1, \(hires)) AS n
        """)
      try connection.execute(
        """
        INSERT INTO credentials (person_id, password_hash, changed_at)
        SELECT people.id, credentials.password_hash, credentials.changed_at FROM people, credentials
        WHERE people.email_key = \(lastHire) AND credentials.person_id = \(ana.id)
        """)
    }
    return fixture
  }

  /// How many rows of `people` `body` read on the connection it runs on (PostgreSQL counts them
  /// per backend until it reports them: the difference is this body's).
  static func peopleRead(_ fixture: Fixture, _ body: () throws -> Void) throws -> Int {
    try fixture.database.withConnection { connection in
      func read() throws -> Int {
        try connection.scalar(
          "SELECT idx_tup_fetch + seq_tup_read FROM pg_stat_xact_user_tables WHERE relname = 'people'",
          as: Int.self) ?? 0
      }
      return try connection.transaction {
        let before = try read()
        try body()
        return try read() - before
      }
    }
  }

  @Test(arguments: TestDatabases.available.filter { $0 == .postgresql })
  func aSessionOrTokenFindsItsPersonById(kind: TestDatabases.Kind) throws {
    let fixture = try Self.organizationWithLaterHires(kind)
    let accounts = fixture.services.accounts
    let ana = try fixture.actor("ana.lima@northwind.example")
    for n in 0..<5 {
      _ = try accounts.signIn(email: ana.person.email, password: DemoOrganization.password, address: "a")
      _ = try accounts.createToken(ana, name: "script \(n)", from: .commandLine)
    }
    try fixture.database.withConnection {
      try $0.executeScript("ANALYZE people; ANALYZE sessions; ANALYZE access_tokens")
    }
    let later = try accounts.signIn(email: Self.lastHire, password: DemoOrganization.password, address: "a")
    let (secret, _) = try accounts.createToken(
      try fixture.actor(Self.lastHire), name: "script", from: .commandLine)
    var bySession: Authenticated?
    var byToken: Authenticated?
    let readBySession = try Self.peopleRead(fixture) {
      bySession = try accounts.authenticate(sessionToken: later.token)
    }
    let readByToken = try Self.peopleRead(fixture) {
      byToken = try accounts.authenticate(bearerToken: secret)
    }
    #expect(
      bySession?.actor.person.familyName == "Hire \(Self.hires)"
        && byToken?.actor.person.familyName == "Hire \(Self.hires)")
    #expect(readBySession < 5, "rows of people read to authenticate one request")
    #expect(readByToken < 5, "rows of people read to authenticate one API call")
  }

  @Test(arguments: TestDatabases.available.filter { $0 == .postgresql })
  func aNoticeFindsTheAdminWhoGaveItById(kind: TestDatabases.Kind) throws {
    let fixture = try Self.organizationWithLaterHires(kind)
    let roles = fixture.services.roles
    let later = try fixture.person(Self.lastHire)
    try roles.grant(fixture.admin, role: .admin, to: later.id, via: .web)
    // A few hundred entries by the first admin, as a pilot's set-up leaves.
    try fixture.database.withConnection { connection in
      try connection.execute(
        """
        INSERT INTO admin_audit (actor_id, action, subject_id, at)
        SELECT \(fixture.admin.id), 'changed manager', people.id, '2026-01-01T00:00:00.000Z'
        FROM people WHERE people.id <> \(later.id) ORDER BY people.id LIMIT 300
        """)
      try connection.executeScript("ANALYZE people; ANALYZE admin_audit")
    }
    let grace = try fixture.actor("grace.mensah@northwind.example")
    try roles.grant(try fixture.actor(Self.lastHire), role: .peopleTeam, to: grace.id, via: .web)
    var notices: [AccountNoticeEntry] = []
    let read = try Self.peopleRead(fixture) {
      notices = try fixture.services.insights.home(grace, via: .web).accountNotices
    }
    #expect(
      notices.map(\.notice) == [.peopleTeamGranted] && notices.first?.byName == "Later Hire \(Self.hires)")
    #expect(read < 1_000, "rows of people read for Grace's home")
  }

  /// A later hire asks and gives feedback, offers mentoring and is asked for it, posts an
  /// opportunity and shows interest in another, and cheers a celebration, after PostgreSQL analyzed
  /// the tables when only the demo's people had done any of it. Every page that shows these
  /// names the people in them by id, for the later hire and for the early people alike.
  @Test(arguments: TestDatabases.available.filter { $0 == .postgresql })
  func everyPageFindsTheLaterHireById(kind: TestDatabases.Kind) throws {
    let fixture = try Self.organizationWithLaterHires(kind)
    try fixture.database.withConnection { try $0.executeScript("ANALYZE") }
    let services = fixture.services
    let later = try fixture.actor(Self.lastHire)
    let ana = try fixture.actor("ana.lima@northwind.example")
    let sofia = try fixture.actor("sofia.rossi@northwind.example")
    // Someone reports to the later hire, so they may post opportunities.
    try fixture.database.withConnection {
      try $0.execute(
        "UPDATE people SET manager_id = \(later.id) WHERE email_key = 'later1@northwind.example'")
    }
    _ = try services.feedback.request(later, from: [ana.id], topic: "My first week")
    _ = try services.feedback.request(ana, from: [later.id], topic: "The design review")
    _ = try services.mentorship.offer(
      later, MentorOfferInput(topics: "Getting started", capacity: 2, cadenceDays: 30))
    _ = try services.mentorship.request(ana, mentor: later.id, note: "Would you?")
    func post(_ owner: Actor, _ title: String) throws -> Opportunity {
      try services.opportunities.create(
        owner,
        OpportunityInput(
          title: title, kind: .project, description: "Ten weeks", timeCommitment: "A day a week",
          interestDeadline: fixture.clock.today().adding(days: 30).description))
    }
    let posted = try post(later, "Data guild")
    _ = try services.opportunities.expressInterest(ana, in: posted.id, note: "Me", shareWithManager: true)
    let sofias = try post(sofia, "Platform rotation")
    _ = try services.opportunities.expressInterest(
      later, in: sofias.id, note: "Me too", shareWithManager: false)
    let celebration = try #require(try services.celebrations.feed(ana).first)
    _ = try services.celebrations.giveKudos(later, celebration: celebration.id)

    let reads: [(String, () throws -> Void)] = [
      ("the later hire's home", { _ = try services.insights.home(later, via: .web) }),
      ("Ana's home", { _ = try services.insights.home(ana, via: .web) }),
      ("Sofia's home", { _ = try services.insights.home(sofia, via: .web) }),
      ("the later hire's mentoring", { _ = try services.mentorship.overview(later) }),
      ("Ana's mentoring", { _ = try services.mentorship.overview(ana) }),
      ("the mentors Ana can ask", { _ = try services.mentorship.mentors(ana) }),
      ("the mentors suggested to Ana", { _ = try services.mentorship.suggestions(ana) }),
      ("the later hire's feedback", { _ = try services.feedback.inbox(later) }),
      ("Ana's feedback", { _ = try services.feedback.inbox(ana) }),
      ("the opportunities Ana sees", { _ = try services.opportunities.list(ana) }),
      (
        "the later hire's opportunity",
        { _ = try services.opportunities.detail(later, id: posted.id, via: .web) }
      ),
      ("the later hire's interests", { _ = try services.opportunities.myInterests(later) }),
      ("the celebrations Ana sees", { _ = try services.celebrations.feed(ana) }),
      ("what needs the later hire", { _ = try services.needsYou.items(later) }),
      ("what needs Ana", { _ = try services.needsYou.items(ana) }),
    ]
    for (page, read) in reads {
      #expect(try Self.peopleRead(fixture, read) < 1_000, "rows of people read for \(page)")
    }
    // Read by id, the later hire is still found.
    #expect(try services.mentorship.mentors(ana).items.contains { $0.personID == later.id })
    #expect(try services.opportunities.list(ana).items.contains { $0.ownerID == later.id })
  }
}
