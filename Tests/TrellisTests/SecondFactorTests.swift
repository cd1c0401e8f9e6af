import Foundation
import SQL
import TestSupport
import Testing
import Trellis

@Suite("Second factor and required single sign-on")
struct SecondFactorTests {
  let adminEmail = "jordan.reyes@northwind.example"

  @Test func codesFollowRFC6238() {
    // RFC 6238, appendix B (SHA-1), the last six of its eight digits.
    let secret = Array("12345678901234567890".utf8)
    for (time, code) in [
      (59.0, "287082"), (1_111_111_109, "081804"), (1_234_567_890, "005924"), (2_000_000_000, "279037"),
    ] {
      #expect(
        OneTimePassword.code(
          secret: secret, counter: OneTimePassword.counter(at: Date(timeIntervalSince1970: time))) == code)
    }
    let bytes: [UInt8] = Array(0..<20)
    #expect(Base32.decode(Base32.encode(bytes)) == bytes)
    #expect(Base32.encode(Array("foobar".utf8)) == "MZXW6YTBOI")
    #expect(Base32.decode("not base32!") == nil)
  }

  /// The code an authenticator app shows now for `setup`.
  func code(_ setup: SecondFactorSetup, _ fixture: Fixture, offset: TimeInterval = 0) -> String {
    OneTimePassword.code(
      secret: Base32.decode(setup.secret) ?? [],
      counter: OneTimePassword.counter(at: fixture.clock.now().addingTimeInterval(offset)))
  }

  @Test(arguments: TestDatabases.available)
  func aSecondFactorIsAskedAfterThePasswordAndEachCodeWorksOnce(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let accounts = fixture.services.accounts
    let admin = fixture.admin!
    let setup = try accounts.startSecondFactor(admin)
    #expect(
      setup.uri.hasPrefix("otpauth://totp/Trellis%3Ajordan.reyes@northwind.example?secret=\(setup.secret)"))
    #expect(throws: ValidationError.self) {
      try accounts.confirmSecondFactor(admin, code: "000000", from: .commandLine)
    }
    // Not on until confirmed: the password alone still signs in.
    _ = try accounts.signIn(email: adminEmail, password: DemoOrganization.password, address: "a")
    try accounts.confirmSecondFactor(admin, code: code(setup, fixture), from: .commandLine)
    #expect(try accounts.secondFactor(admin).enabled)
    #expect(throws: Conflict.self) { try accounts.startSecondFactor(admin) }

    func challenge() throws -> String {
      do {
        _ = try accounts.signIn(email: adminEmail, password: DemoOrganization.password, address: "a")
      } catch SecondFactorError.required(let challenge) {
        return challenge
      }
      Issue.record("no second factor was asked")
      return ""
    }
    // The step used to confirm cannot sign in again; the next step's code can, once.
    let first = try challenge()
    #expect(throws: SecondFactorError.wrongCode) {
      try accounts.completeSignIn(challenge: first, code: code(setup, fixture), from: .commandLine)
    }
    fixture.clock.advance(by: 30)
    let session = try accounts.completeSignIn(
      challenge: first, code: code(setup, fixture), from: .commandLine)
    #expect(try accounts.authenticate(sessionToken: session.token)?.actor.id == admin.id)
    #expect(throws: SecondFactorError.challengeExpired) {
      try accounts.completeSignIn(challenge: first, code: code(setup, fixture), from: .commandLine)
    }
    // Five wrong codes end a challenge; so does waiting five minutes.
    let guessed = try challenge()
    for _ in 0..<5 {
      #expect(throws: SecondFactorError.wrongCode) {
        try accounts.completeSignIn(challenge: guessed, code: "123456", from: .commandLine)
      }
    }
    fixture.clock.advance(by: 30)
    #expect(throws: SecondFactorError.challengeExpired) {
      try accounts.completeSignIn(challenge: guessed, code: code(setup, fixture), from: .commandLine)
    }
    let slow = try challenge()
    fixture.clock.advance(by: 301)
    #expect(throws: SecondFactorError.challengeExpired) {
      try accounts.completeSignIn(challenge: slow, code: code(setup, fixture), from: .commandLine)
    }
    let log = try fixture.services.audit.securityLog(fixture.admin, SecurityLogFilter(person: admin.id)).items
    #expect(log.contains { $0.action == SecurityAction.secondFactorEnabled })
    #expect(log.filter { $0.detail == "wrong second-factor code" }.count == 6)
    #expect(log.contains { $0.detail == "password and second factor" })

    try accounts.removeSecondFactor(admin, code: code(setup, fixture), from: .commandLine)
    _ = try accounts.signIn(email: adminEmail, password: DemoOrganization.password, address: "a")
  }

  @Test(arguments: TestDatabases.available)
  func requiringSingleSignOnLeavesPasswordsToBreakGlassAdminsWithACode(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let accounts = fixture.services.accounts
    let sso = fixture.services.singleSignOn
    let admin = fixture.admin!
    let require = SignInPolicyView(requireSingleSignOn: true, breakGlass: [adminEmail])
    // No provider yet, and the admin has no second factor: both named.
    do {
      _ = try sso.setSignInPolicy(admin, require, from: .commandLine)
      Issue.record("accepted")
    } catch let error as ValidationError {
      #expect(Set(error.problems.map(\.field)) == ["requireSingleSignOn", "breakGlass"])
    }
    try fixture.database.withConnection { connection in
      try connection.execute(
        """
        INSERT INTO identity_providers (kind, name, issuer, client_id, created_at, updated_at)
        VALUES ('oidc', 'Northwind SSO', 'https://sso.northwind.example', 'trellis', \(Date()), \(Date()))
        """)
    }
    let setup = try accounts.startSecondFactor(admin)
    try accounts.confirmSecondFactor(admin, code: code(setup, fixture), from: .commandLine)
    #expect(throws: ValidationError.self) {
      try sso.setSignInPolicy(
        admin, SignInPolicyView(requireSingleSignOn: true, breakGlass: ["ana.lima@northwind.example"]),
        from: .commandLine)
    }
    #expect(throws: ValidationError.self) {
      try sso.setSignInPolicy(
        admin, SignInPolicyView(requireSingleSignOn: true, breakGlass: []), from: .commandLine)
    }
    #expect(try sso.setSignInPolicy(admin, require, from: .commandLine) == require)

    #expect(throws: SignInError.singleSignOnRequired) {
      try accounts.signIn(
        email: "ana.lima@northwind.example", password: DemoOrganization.password, address: "b")
    }
    #expect(throws: SecondFactorError.self) {
      try accounts.signIn(email: adminEmail, password: DemoOrganization.password, address: "b")
    }
    #expect(throws: SecondFactorError.neededForBreakGlass) {
      try accounts.removeSecondFactor(admin, code: code(setup, fixture, offset: 30), from: .commandLine)
    }
    for someone in ["ana.lima@northwind.example", "priya.nair@northwind.example"] {
      let actor = try fixture.actor(someone)
      #expect(throws: AccessError.self) { try sso.signInPolicy(actor) }
      #expect(throws: AccessError.self) { try sso.setSignInPolicy(actor, require, from: .commandLine) }
    }
    _ = try sso.setSignInPolicy(
      admin, SignInPolicyView(requireSingleSignOn: false, breakGlass: []), from: .commandLine)
    _ = try accounts.signIn(
      email: "ana.lima@northwind.example", password: DemoOrganization.password, address: "b")
    let changes = try fixture.services.audit.securityLog(
      admin, SecurityLogFilter(action: SecurityAction.signInPolicyChanged)
    ).items.map(\.detail)
    #expect(
      changes == [
        "single sign-on optional; break-glass: none",
        "single sign-on required; break-glass: jordan.reyes@northwind.example",
      ])
  }
}
