import Foundation
import SQL
import TestSupport
import Testing
import Trellis

/// PostgreSQL plans a statement once per connection from the tables' statistics. When those saw
/// only early people (a pilot's first admins signing in and acting), a merge join from a small
/// table to `people` would read the people table in id order up to a later hire, on every
/// request. These check that the statements every request or home runs read a later hire's row
/// by id. (PostgreSQL only: SQLite has no merge join.)
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
}
