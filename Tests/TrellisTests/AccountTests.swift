import Foundation
import SQL
import TestSupport
import Testing
import Trellis

@Suite("Accounts: passwords, sessions, links, tokens, roles")
struct AccountTests {
  let anaEmail = "ana.lima@northwind.example"

  @Test(arguments: TestDatabases.available)
  func signInChecksThePasswordAndSaysNothingAboutWhichPartWasWrong(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let accounts = fixture.services.accounts
    let session = try accounts.signIn(
      email: "ANA.LIMA@northwind.example", password: DemoOrganization.password, address: "a")
    #expect(session.token.count >= 43)
    #expect(try accounts.authenticate(sessionToken: session.token)?.actor.person.email == anaEmail)
    #expect(throws: SignInError.invalidCredentials) {
      try accounts.signIn(email: anaEmail, password: "wrong password", address: "a")
    }
    #expect(throws: SignInError.invalidCredentials) {
      try accounts.signIn(email: "nobody@northwind.example", password: "whatever it is", address: "a")
    }
    // Only hashes are stored: Argon2id for passwords, a digest for session tokens.
    try fixture.database.withConnection { connection in
      let hash = try connection.scalar("SELECT password_hash FROM credentials LIMIT 1", as: String.self)
      #expect(hash?.hasPrefix("$argon2id$") == true)
      #expect(
        try connection.scalar(
          "SELECT count(*) FROM sessions WHERE token_hash = \(session.token)", as: Int.self) == 0)
    }
  }

  @Test(arguments: TestDatabases.available)
  func repeatedFailuresLockTheAccountForAWhile(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let accounts = fixture.services.accounts
    for _ in 0..<5 {
      #expect(throws: SignInError.invalidCredentials) {
        try accounts.signIn(email: anaEmail, password: "guess", address: "10.0.0.1")
      }
    }
    // Even the right password is refused now, from any address, with a time to wait.
    let throttled = #expect(throws: SignInError.self) {
      try accounts.signIn(email: anaEmail, password: DemoOrganization.password, address: "10.0.0.2")
    }
    guard case .throttled(let seconds) = throttled else {
      Issue.record("expected throttling, got \(String(describing: throttled))")
      return
    }
    #expect(seconds > 0 && seconds <= 900)
    // The same happens for an email that does not exist, so throttling reveals nothing.
    for _ in 0..<5 {
      _ = try? accounts.signIn(email: "ghost@northwind.example", password: "guess", address: "10.0.0.3")
    }
    #expect(throws: SignInError.throttled(retryAfter: 900)) {
      try accounts.signIn(email: "ghost@northwind.example", password: "guess", address: "10.0.0.4")
    }
    fixture.clock.advance(by: 901)
    _ = try accounts.signIn(email: anaEmail, password: DemoOrganization.password, address: "10.0.0.2")
  }

  @Test(arguments: TestDatabases.available)
  func oneAddressIsLimitedAcrossAccounts(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    for index in 0..<30 {
      _ = try? fixture.services.accounts.signIn(
        email: "probe\(index)@northwind.example", password: "x", address: "198.51.100.7")
    }
    #expect(throws: SignInError.self) {
      try fixture.services.accounts.signIn(
        email: anaEmail, password: DemoOrganization.password, address: "198.51.100.7")
    }
    _ = try fixture.services.accounts.signIn(
      email: anaEmail, password: DemoOrganization.password, address: "198.51.100.8")
  }

  @Test(arguments: TestDatabases.available)
  func sessionsEndWhenIdleOrOldOrSignedOut(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let accounts = fixture.services.accounts
    let idle = try accounts.signIn(email: anaEmail, password: DemoOrganization.password, address: "a")
    fixture.clock.advance(by: fixture.services.settings.sessionIdleTimeout + 1)
    #expect(try accounts.authenticate(sessionToken: idle.token) == nil)

    let busy = try accounts.signIn(email: anaEmail, password: DemoOrganization.password, address: "a")
    for _ in 0..<15 {
      fixture.clock.advance(by: 86_400)
      _ = try accounts.authenticate(sessionToken: busy.token)
    }
    #expect(try accounts.authenticate(sessionToken: busy.token) == nil, "past the absolute lifetime")

    let ended = try accounts.signIn(email: anaEmail, password: DemoOrganization.password, address: "a")
    try accounts.signOut(sessionID: ended.session.id, from: .commandLine)
    #expect(try accounts.authenticate(sessionToken: ended.token) == nil)

    // Deactivated people are signed out and cannot sign in.
    let live = try accounts.signIn(email: anaEmail, password: DemoOrganization.password, address: "a")
    let ana = try fixture.person(anaEmail)
    var draft = PersonDraft(ana)
    draft.active = false
    _ = try fixture.services.people.update(fixture.admin, id: ana.id, draft, via: .web)
    #expect(try accounts.authenticate(sessionToken: live.token) == nil)
    #expect(throws: SignInError.invalidCredentials) {
      try accounts.signIn(email: anaEmail, password: DemoOrganization.password, address: "a")
    }
  }

  @Test(arguments: TestDatabases.available)
  func linksWorkOnceBeforeTheyExpire(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let accounts = fixture.services.accounts
    let newcomer = try fixture.services.people.create(
      fixture.admin, PersonDraft(email: "new.hire@northwind.example", givenName: "New"))
    let invitation = try accounts.issueLink(
      fixture.admin, personID: newcomer.id, purpose: .invitation, via: .web)
    // No password yet: the admin may hand the link over; it is emailed too.
    let invitationToken = try #require(invitation.shownToken)
    #expect(try fixture.emailedLinkToken(to: newcomer.id) == invitationToken)
    #expect(try accounts.link(token: invitationToken).person.id == newcomer.id)
    #expect(throws: ValidationError.self) {
      try accounts.redeemLink(token: invitationToken, password: "short", address: "a")
    }
    let session = try accounts.redeemLink(
      token: invitationToken, password: "a long new password", address: "a")
    #expect(try accounts.authenticate(sessionToken: session.token)?.actor.id == newcomer.id)
    #expect(throws: LinkError.invalidOrExpired) {
      try accounts.redeemLink(token: invitationToken, password: "another long password", address: "a")
    }
    _ = try accounts.signIn(
      email: "new.hire@northwind.example", password: "a long new password", address: "a")

    // An account in use: the reset link goes to its owner alone.
    let reset = try accounts.issueLink(
      fixture.admin, personID: newcomer.id, purpose: .passwordReset, via: .web)
    #expect(reset.shownToken == nil && reset.emailedTo == "new.hire@northwind.example")
    let resetToken = try fixture.emailedLinkToken(to: newcomer.id)
    fixture.clock.advance(by: fixture.services.settings.passwordResetLifetime + 1)
    #expect(throws: LinkError.invalidOrExpired) { try accounts.link(token: resetToken) }

    // A new link replaces the old one; a reset signs out every other session.
    _ = try accounts.issueLink(fixture.admin, personID: newcomer.id, purpose: .passwordReset, via: .web)
    let first = try fixture.emailedLinkToken(to: newcomer.id)
    fixture.clock.advance(by: 1)
    _ = try accounts.issueLink(fixture.admin, personID: newcomer.id, purpose: .passwordReset, via: .web)
    let second = try fixture.emailedLinkToken(to: newcomer.id)
    #expect(throws: LinkError.invalidOrExpired) { try accounts.link(token: first) }
    let before = try accounts.signIn(
      email: "new.hire@northwind.example", password: "a long new password", address: "a")
    _ = try accounts.redeemLink(token: second, password: "yet another password", address: "a")
    #expect(try accounts.authenticate(sessionToken: before.token) == nil)

    let ana = try fixture.actor(anaEmail)
    #expect(throws: AccessError.forbidden(.manageAccounts)) {
      try accounts.issueLink(ana, personID: newcomer.id, purpose: .passwordReset, via: .web)
    }
  }

  @Test(arguments: TestDatabases.available)
  func personalAccessTokensAreShownOnceAndCanBeRevoked(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let accounts = fixture.services.accounts
    let ana = try fixture.actor(anaEmail)
    let (secret, token) = try accounts.createToken(ana, name: "report script", from: .commandLine)
    #expect(secret.hasPrefix("trellis_"))
    #expect(try accounts.authenticate(bearerToken: secret)?.actor.id == ana.id)
    #expect(try accounts.tokens(ana).map(\.name) == ["report script"])
    let grace = try fixture.actor("grace.mensah@northwind.example")
    #expect(throws: NotFound.self) { try accounts.revokeToken(grace, id: token.id, from: .commandLine) }
    try accounts.revokeToken(ana, id: token.id, from: .commandLine)
    #expect(try accounts.authenticate(bearerToken: secret) == nil)
    #expect(try accounts.authenticate(bearerToken: "trellis_made-up") == nil)
    #expect(throws: ValidationError.self) { try accounts.createToken(ana, name: "  ", from: .commandLine) }
  }

  @Test(arguments: TestDatabases.available)
  func rolesAreGrantedByAdminsAndRecorded(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let roles = fixture.services.roles
    let ana = try fixture.actor(anaEmail)
    #expect(throws: AccessError.forbidden(.manageRoles)) {
      try roles.grant(ana, role: .admin, to: ana.id, via: .web)
    }
    try roles.grant(fixture.admin, role: .peopleTeam, to: ana.id, via: .web)
    try roles.grant(fixture.admin, role: .peopleTeam, to: ana.id, via: .web)
    #expect(try roles.roles(of: ana.id) == [.peopleTeam])
    try roles.revoke(fixture.admin, role: .peopleTeam, from: ana.id)
    #expect(try roles.roles(of: ana.id) == [])
    // No one changes their own roles, so an admin always remains.
    #expect(throws: AccessError.forbidden(.manageRoles)) {
      try roles.revoke(fixture.admin, role: .admin, from: fixture.admin.id)
    }
    #expect(throws: AccessError.forbidden(.manageRoles)) {
      try roles.grant(fixture.admin, role: .peopleTeam, to: fixture.admin.id, via: .web)
    }
    let log = try fixture.services.audit.securityLog(fixture.admin).items
    #expect(
      log.filter { $0.subjectName == "Ana Lima" }.map(\.action) == [
        "revoked role People team", "granted role People team",
      ])
    #expect(log.allSatisfy { !$0.detail.contains(DemoOrganization.password) })
  }
}
