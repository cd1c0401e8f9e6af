import Foundation
import HTTP
import TestSupport
import Testing
import Trellis
import TrellisWeb

/// What pages and the API give away beyond the policy: employment data in the directory, email
/// subjects in the admins' outbox, redirects to other sites, formulas in CSV downloads.
@Suite("Exposure: directory, outbox, redirects, CSV")
struct ExposureTests {
  let server: AppServer

  init() throws {
    server = try AppServer(.sqlite)
    _ = try DemoOrganization.load(server.services)
  }

  func cookie(_ email: String) throws -> String {
    let session = try server.services.accounts.signIn(
      email: email, password: DemoOrganization.password, address: "test")
    return "trellis_session=\(session.token)"
  }

  /// Signs in through the form, as a browser would, asking to go to `next` afterwards.
  func signInByForm(next: String) throws -> RawResponse {
    let page = try server.client.get("/sign-in")
    let cookie = String(try #require(page.header("Set-Cookie")).split(separator: ";")[0])
    let csrf = String(cookie.split(separator: "=")[1])
    let form =
      "email=ana.lima%40northwind.example&password=\(DemoOrganization.password)&next=\(next)&_csrf=\(csrf)"
    return try server.client.request(
      "POST", "/sign-in",
      headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Cookie", cookie)],
      body: Array(form.utf8))
  }

  func personID(_ email: String) throws -> Int64 {
    try #require(
      try server.database.withConnection {
        try $0.scalar("SELECT id FROM people WHERE email_key = \(email)", as: Int64.self)
      })
  }

  @Test func theDirectoryCarriesNoEmploymentData() throws {
    let ana = try cookie("ana.lima@northwind.example")
    let mei = try personID("mei.chen@northwind.example")
    let list = try server.client.get("/api/v1/people?limit=500", headers: [("Cookie", ana)])
    let items = try #require(try list.json()["items"] as? [[String: Any]])
    #expect(items.count > 10)
    #expect(items.allSatisfy { $0["employeeNumber"] == nil && $0["hireDate"] == nil })
    let one = try server.client.get("/api/v1/people/\(mei)", headers: [("Cookie", ana)]).json()
    #expect(one["givenName"] as? String == "Mei")
    #expect(one["employeeNumber"] == nil && one["hireDate"] == nil)
    let chart = try server.client.get("/api/v1/people/\(mei)/org-chart", headers: [("Cookie", ana)])
    #expect(!chart.text.contains("employeeNumber") && !chart.text.contains("hireDate"))
    // Admins keep people records and read them whole.
    let admin = try cookie("jordan.reyes@northwind.example")
    let record = try server.client.get("/api/v1/people/\(mei)", headers: [("Cookie", admin)]).json()
    #expect(record["employeeNumber"] as? String != nil && record["hireDate"] as? String != nil)
  }

  @Test func theAdminsOutboxShowsNoSubjects() throws {
    let mei = try #require(
      try server.services.accounts.actor(personID: try personID("mei.chen@northwind.example")))
    let item = try server.services.plans.addItem(
      mei, for: mei.id,
      PlanItemInput(
        skill: "Negotiation", learningMode: .selfStudy, description: "Practice",
        startOn: server.clock.today().description, targetOn: server.clock.today().adding(days: 90).description
      ))
    _ = try server.services.plans.addMilestone(
      mei, item: item.id, title: "Secret salary talk",
      targetOn: server.clock.today().adding(days: 2).description)
    #expect(try server.services.notifications.enqueueReminders() > 0)
    let admin = try cookie("jordan.reyes@northwind.example")
    let page = try server.client.get("/admin/outbox", headers: [("Cookie", admin)])
    #expect(page.status == 200 && page.text.contains("plan milestone due"))
    #expect(!page.text.contains("Secret salary talk"))
    let api = try server.client.get("/api/v1/admin/outbox", headers: [("Cookie", admin)])
    #expect(
      api.status == 200 && !api.text.contains("Secret salary talk") && !api.text.contains("\"subject\""))
  }

  @Test(arguments: [
    "%2F%09%2Fevil.example", "%2F%0A%2Fevil.example", "%2F%2Fevil.example", "%2F%5Cevil.example",
    "https%3A%2F%2Fevil.example", "%2F%0D%2Fevil.example", "evil.example",
  ])
  func signingInNeverLeavesTheSite(next: String) throws {
    let signIn = try signInByForm(next: next)
    #expect(signIn.status == 303)
    #expect(signIn.header("Location") == "/", "next=\(next)")
    let signedIn = try server.client.get(
      "/sign-in?next=\(next)", headers: [("Cookie", try cookie("ana.lima@northwind.example"))])
    #expect(signedIn.header("Location") == "/", "next=\(next) when signed in")
  }

  @Test func aPathOnTheSiteIsKeptAfterSigningIn() throws {
    let signIn = try signInByForm(next: "%2Fgoals%3Fx%3D1")
    #expect(signIn.header("Location") == "/goals?x=1")
  }

  @Test func csvDownloadsNeverCarryFormulas() throws {
    let services = server.services
    let admin = try #require(
      try services.accounts.actor(personID: try personID("jordan.reyes@northwind.example")))
    let manager = try personID("priya.nair@northwind.example")
    for given in ["Rui", "Sara", "Tiago", "Vera", "Xana"] {
      _ = try services.people.create(
        admin,
        PersonDraft(
          email: "\(given.lowercased()).formula@northwind.example", givenName: given, familyName: "Formula",
          department: "=HYPERLINK(\"http://evil.example\",\"x\")", team: "+cmd", location: "@SUM(1)",
          hireDate: services.clock.today().adding(days: -400), managerID: manager))
    }
    try services.insights.refresh()
    let priya = try cookie("priya.nair@northwind.example")
    for dimension in ["department", "team", "location"] {
      let csv = try server.client.get("/insights.csv?dimension=\(dimension)", headers: [("Cookie", priya)])
      #expect(csv.status == 200)
      let cells = try CSV.parse(csv.text).flatMap(\.fields)
      #expect(
        cells.contains { $0.hasPrefix("'=HYPERLINK") || $0.hasPrefix("'+cmd") || $0.hasPrefix("'@SUM") })
      #expect(!cells.contains { $0.hasPrefix("=") || $0.hasPrefix("+") || $0.hasPrefix("@") }, "\(dimension)")
    }
  }

  @Test func aManagerChangeByAnAdminIsShownOnThePersonsHomeAndHistoryPages() throws {
    let admin = try #require(
      try server.services.accounts.actor(personID: try personID("jordan.reyes@northwind.example")))
    let ana = try #require(
      try server.services.accounts.actor(personID: try personID("ana.lima@northwind.example")))
    var draft = PersonDraft(ana.person)
    draft.managerID = try personID("sofia.rossi@northwind.example")
    _ = try server.services.people.update(admin, id: ana.id, draft, via: .api)
    let cookie = try cookie("ana.lima@northwind.example")
    let home = try server.client.get("/", headers: [("Cookie", cookie)]).text
    #expect(home.contains("Changes to your account"))
    #expect(home.contains("An administrator changed your manager (Jordan Reyes)"))
    let history = try server.client.get("/me/access-history", headers: [("Cookie", cookie)]).text
    #expect(history.contains("account: an administrator changed your manager"))
    // Someone else's home says nothing of it.
    let other = try server.client.get(
      "/", headers: [("Cookie", try self.cookie("mei.chen@northwind.example"))])
    #expect(!other.text.contains("Changes to your account"))
  }
}
