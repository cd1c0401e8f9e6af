import Foundation
import SQL
import TestSupport
import Testing
import Trellis

@Suite("Security log: what is recorded, filters, export, streaming settings")
struct SecurityLogTests {
  let anaEmail = "ana.lima@northwind.example"

  @Test(arguments: TestDatabases.available)
  func signInsSignOutsAndTokensAreRecordedWithWhereTheyCameFrom(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let accounts = fixture.services.accounts
    let ana = try fixture.actor(anaEmail)
    _ = try? accounts.signIn(email: anaEmail, password: "not her password", address: "10.1.1.1")
    _ = try? accounts.signIn(email: "Nobody@Northwind.example", password: "whatever", address: "10.1.1.2")
    let session = try accounts.signIn(
      email: anaEmail, password: DemoOrganization.password, address: "10.1.1.3", via: .api)
    let (_, token) = try accounts.createToken(
      ana, name: "script", from: Origin(address: "10.1.1.4", via: .web))
    try accounts.revokeToken(ana, id: token.id, from: Origin(address: "10.1.1.5", via: .api))
    try accounts.signOut(sessionID: session.session.id, from: Origin(address: "10.1.1.6", via: .web))
    // Signing out twice records nothing more.
    try accounts.signOut(sessionID: session.session.id, from: Origin(address: "10.1.1.6", via: .web))

    let events = try fixture.services.audit.securityLog(fixture.admin, limit: 500).items.filter {
      $0.address.hasPrefix("10.1.1.")
    }
    let seen = events.reversed().map {
      "\($0.action) | \($0.actorName ?? "-") | \($0.subjectName ?? "-") | \($0.detail) | \($0.via) | \($0.address)"
    }
    #expect(
      seen == [
        "sign-in failed | - | Ana Lima | ana.lima@northwind.example: wrong password | web | 10.1.1.1",
        "sign-in failed | - | - | nobody@northwind.example: no active account | web | 10.1.1.2",
        "signed in | Ana Lima | - | password | api | 10.1.1.3",
        "created API token | Ana Lima | - | token \(token.id) | web | 10.1.1.4",
        "revoked API token | Ana Lima | - | token \(token.id) | api | 10.1.1.5",
        "signed out | Ana Lima | - |  | web | 10.1.1.6",
      ])
    // Nothing typed as a password reaches the log.
    #expect(events.allSatisfy { !$0.detail.contains("not her password") && !$0.detail.contains("whatever") })
  }

  @Test(arguments: TestDatabases.available)
  func throttledSignInsAreRecordedToo(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    for _ in 0..<5 {
      _ = try? fixture.services.accounts.signIn(email: anaEmail, password: "guess", address: "b")
    }
    #expect(throws: SignInError.self) {
      try fixture.services.accounts.signIn(email: anaEmail, password: DemoOrganization.password, address: "b")
    }
    let failed = try fixture.services.audit.securityLog(
      fixture.admin, SecurityLogFilter(action: SecurityAction.signInFailed)
    ).items
    #expect(failed.count == 6)
    #expect(failed.first?.detail.contains("too many failures") == true)
  }

  @Test(arguments: TestDatabases.available)
  func theLogIsFilteredAndExportedByAdminsOnly(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let audit = fixture.services.audit
    let ana = try fixture.actor(anaEmail)
    _ = try fixture.services.accounts.signIn(
      email: anaEmail, password: DemoOrganization.password, address: "c")
    fixture.clock.advance(by: 3 * 86_400)
    _ = try fixture.services.accounts.signIn(
      email: "ravi.iyer@northwind.example", password: DemoOrganization.password, address: "c")
    let today = CalendarDate(fixture.clock.now())

    let anaSignIns = try audit.securityLog(
      fixture.admin, SecurityLogFilter(action: SecurityAction.signedIn, person: ana.id)
    )
    #expect(anaSignIns.total == 1 && anaSignIns.items[0].actorID == ana.id)
    let recent = try audit.securityLog(
      fixture.admin, SecurityLogFilter(action: SecurityAction.signedIn, from: today, to: today))
    #expect(recent.items.map(\.actorName) == ["Ravi Iyer"])
    #expect(try audit.securityActions(fixture.admin).contains(SecurityAction.signedIn))

    let lines = try audit.exportSecurityLog(
      fixture.admin, SecurityLogFilter(action: SecurityAction.signedIn), from: .commandLine)
    let decoded = try String(decoding: lines, as: UTF8.self).split(separator: "\n").map {
      try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] ?? [:]
    }
    #expect(decoded.count == 2)
    #expect(decoded.map { $0["actorName"] as? String } == ["Ana Lima", "Ravi Iyer"], "oldest first")
    #expect((decoded[0]["at"] as? String)?.hasSuffix("Z") == true)
    // The export is itself an event.
    #expect(
      try audit.securityLog(fixture.admin, SecurityLogFilter(action: SecurityAction.logExported)).total == 1)

    for email in [anaEmail, "priya.nair@northwind.example", "daniel.kim@northwind.example"] {
      let someone = try fixture.actor(email)
      #expect(throws: AccessError.self) { try audit.securityLog(someone) }
      #expect(throws: AccessError.self) { try audit.exportSecurityLog(someone, .init(), from: .commandLine) }
      #expect(throws: AccessError.self) { try audit.streaming(someone) }
      #expect(throws: AccessError.self) {
        try audit.setStreaming(someone, .init(syslog: "udp://127.0.0.1:514", https: ""), from: .commandLine)
      }
    }
  }

  @Test(arguments: TestDatabases.available)
  func streamingDestinationsAreCheckedAndTheirChangesLogged(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let audit = fixture.services.audit
    for (syslog, https, field) in [
      ("syslog.example:514", "", "syslog"), ("udp://syslog.example", "", "syslog"),
      ("http://syslog.example:514", "", "syslog"), ("udp://:514", "", "syslog"),
      ("", "ftp://logs.example/in", "https"),
    ] {
      #expect(throws: ValidationError.self, "\(syslog) \(https)") {
        try audit.setStreaming(fixture.admin, .init(syslog: syslog, https: https), from: .commandLine)
      }
      do {
        try audit.setStreaming(fixture.admin, .init(syslog: syslog, https: https), from: .commandLine)
      } catch let error as ValidationError {
        #expect(error.problems.map(\.field) == [field])
      }
    }
    let saved = try audit.setStreaming(
      fixture.admin,
      .init(syslog: "tcp://logs.example:601", https: "https://siem.example/in", httpsToken: "s3cret"),
      from: .commandLine)
    #expect(saved.syslog == "tcp://logs.example:601" && saved.https == "https://siem.example/in")
    #expect(saved.httpsTokenSet)
    let change = try audit.securityLog(
      fixture.admin, SecurityLogFilter(action: SecurityAction.streamingChanged)
    ).items
    #expect(change.count == 1)
    #expect(change[0].detail.contains("https token set") && !change[0].detail.contains("s3cret"))
    // Keeping the token when it is not given; removing it with "".
    #expect(
      try audit.setStreaming(fixture.admin, .init(syslog: "", https: saved.https), from: .commandLine)
        .httpsTokenSet)
    #expect(
      !(try audit.setStreaming(
        fixture.admin, .init(syslog: "", https: "", httpsToken: ""), from: .commandLine
      )
      .httpsTokenSet))
  }

  @Test func syslogMessagesFollowRFC5424() throws {
    let event = SecurityEvent(
      id: 7, actorID: nil, actorName: nil, action: "sign-in failed", subjectID: 3, subjectName: "Ana Lima",
      detail: #"a "quoted] \ detail"#, address: "10.0.0.1", via: "web",
      at: Date(timeIntervalSince1970: 1_800_000_000))
    let line = event.syslogLine(host: "app-1")
    #expect(line.hasPrefix("<84>1 2027-01-15T08:00:00.000Z app-1 trellis - sign-in-failed [trellis@32473 "))
    #expect(line.contains(#"id="7" action="sign-in failed" subject="3" address="10.0.0.1" via="web"]"#))
    let json = try #require(line.split(separator: "] ", maxSplits: 1).last)
    let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
    #expect(object?["detail"] as? String == #"a "quoted] \ detail"#)
    let notice = SecurityEvent(
      id: 8, actorID: 1, actorName: "Jordan Reyes", action: "granted role Admin", subjectID: 2,
      subjectName: nil,
      detail: "x]y", address: "", via: "", at: Date(timeIntervalSince1970: 0)
    ).syslogLine(host: "")
    #expect(notice.hasPrefix("<85>1 1970-01-01T00:00:00.000Z - trellis - granted-role-Admin "))
    #expect(SecurityEvent.escapeParameter(#"a"b\c]d"#) == #"a\"b\\c\]d"#)
  }
}
