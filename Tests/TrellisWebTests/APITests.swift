import Foundation
import HTTP
import TestSupport
import Testing
import Trellis
import TrellisWeb

@Suite("JSON API: sessions, tokens, people, imports")
struct APITests {
  let server: AppServer

  init() throws {
    server = try AppServer(.sqlite)
    _ = try DemoOrganization.load(server.services)
  }

  func json(_ text: String) -> [UInt8] { Array(text.utf8) }

  /// Signs in through the API; returns the cookie header and the CSRF token.
  func signIn(_ email: String) throws -> (cookie: String, csrf: String) {
    let response = try server.client.request(
      "POST", "/api/v1/sessions", headers: [("Content-Type", "application/json")],
      body: json(#"{"email":"\#(email)","password":"\#(DemoOrganization.password)"}"#))
    #expect(response.status == 201)
    let cookie = try #require(response.header("Set-Cookie"))
    #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"))
    let csrf = try #require(try response.json()["csrfToken"] as? String)
    return (String(cookie.split(separator: ";")[0]), csrf)
  }

  @Test func failedSignInSaysTheSameForUnknownEmailsAndWrongPasswords() throws {
    let wrong = try server.client.request(
      "POST", "/api/v1/sessions", headers: [("Content-Type", "application/json")],
      body: json(#"{"email":"ana.lima@northwind.example","password":"nope-nope-nope"}"#))
    let unknown = try server.client.request(
      "POST", "/api/v1/sessions", headers: [("Content-Type", "application/json")],
      body: json(#"{"email":"nobody@northwind.example","password":"nope-nope-nope"}"#))
    #expect(wrong.status == 401)
    #expect(unknown.status == 401)
    #expect(try wrong.json()["detail"] as? String == unknown.json()["detail"] as? String)
    let missing = try server.client.request(
      "POST", "/api/v1/sessions", headers: [("Content-Type", "application/json")],
      body: json(#"{"email":"x"}"#))
    #expect(missing.status == 400)
    #expect((try missing.json()["errors"] as? [[String: String]])?.first?["field"] == "password")
  }

  @Test func aRefusedPageKeepsTheSignedInHeader() throws {
    let (cookie, _) = try signIn("ana.lima@northwind.example")
    let refused = try server.client.get("/admin/audit", headers: [("Cookie", cookie)])
    #expect(refused.status == 403)
    #expect(refused.text.contains("Ana Lima"), "the header still shows who is signed in")
    #expect(!refused.text.contains(#"href="/sign-in""#))
    let missing = try server.client.get("/no/such/page", headers: [("Cookie", cookie)])
    #expect(missing.status == 404 && missing.text.contains("Ana Lima"))
    #expect(
      try server.client.get("/no/such/page").text.contains(#"href="/sign-in""#), "signed out stays signed out"
    )
  }

  @Test func onlyThoseWhoMayAddObjectivesSeeTheForm() throws {
    for (email, offered) in [
      ("ana.lima@northwind.example", false), ("daniel.kim@northwind.example", true),
      ("priya.nair@northwind.example", true),
    ] {
      let (cookie, _) = try signIn(email)
      let page = try server.client.get("/goals", headers: [("Cookie", cookie)])
      #expect(page.status == 200)
      #expect(page.text.contains("Add objective") == offered, "\(email)")
    }
  }

  @Test func anUnknownChoiceInAFormIsRefusedNotReplaced() throws {
    let (cookie, csrf) = try signIn("ana.lima@northwind.example")
    let headers = [
      ("Cookie", cookie), ("X-CSRF-Token", csrf), ("Content-Type", "application/x-www-form-urlencoded"),
    ]
    let profile = try server.client.get("/api/v1/me", headers: [("Cookie", cookie)]).json()
    let me = try #require((profile["person"] as? [String: Any])?["id"] as? Int)
    func goals() throws -> [[String: Any]] {
      let response = try server.client.get("/api/v1/people/\(me)/goals", headers: [("Cookie", cookie)])
      return try JSONSerialization.jsonObject(with: Data(response.body)) as? [[String: Any]] ?? []
    }
    let goal = try #require(try goals().first)
    let id = try #require(goal["id"] as? Int)
    let before = try #require(goal["status"] as? String)
    let refused = try server.client.request(
      "POST", "/goals/\(id)", headers: headers, body: Array("status=finished-ish".utf8))
    #expect(refused.status == 422)
    #expect(refused.text.contains("status") && refused.text.contains("must be one of"))
    #expect(try goals().first { $0["id"] as? Int == id }?["status"] as? String == before)
    let badHorizon = try server.client.request(
      "POST", "/goals", headers: headers, body: Array("title=Learn+SQL&horizon=someday".utf8))
    #expect(badHorizon.status == 422)
  }

  @Test func countsAreWordedNotHedged() throws {
    for email in ["ana.lima@northwind.example", "daniel.kim@northwind.example"] {
      let (cookie, _) = try signIn(email)
      for path in ["/", "/mentoring", "/opportunities", "/communities", "/people"] {
        let page = try server.client.get(path, headers: [("Cookie", cookie)])
        #expect(page.status == 200, "\(path)")
        #expect(!page.text.contains("(s)"), "\(email) \(path)")
      }
    }
  }

  @Test func theAccountMenusPagesHighlightNoSection() throws {
    let (cookie, _) = try signIn("ana.lima@northwind.example")
    let preferences = try server.client.get("/me/notifications", headers: [("Cookie", cookie)])
    #expect(preferences.status == 200)
    #expect(!preferences.text.contains(#"aria-current="page""#), "email preferences are not Home")
    let home = try server.client.get("/", headers: [("Cookie", cookie)])
    #expect(home.text.contains(#"<a href="/" aria-current="page">Home</a>"#))
  }

  @Test func goalTemplatesSayWhenThereAreNone() throws {
    let (cookie, csrf) = try signIn("priya.nair@northwind.example")
    let empty = try server.client.get("/goal-templates", headers: [("Cookie", cookie)])
    #expect(empty.status == 200 && empty.text.contains("No templates yet."))
    let created = try server.client.request(
      "POST", "/goal-templates",
      headers: [
        ("Cookie", cookie), ("X-CSRF-Token", csrf), ("Content-Type", "application/x-www-form-urlencoded"),
      ],
      body: Array("title=Finish+the+security+course&horizon=short+term".utf8))
    #expect(created.status == 303)
    let listed = try server.client.get("/goal-templates", headers: [("Cookie", cookie)])
    #expect(!listed.text.contains("No templates yet.") && listed.text.contains("0 people have it"))
  }

  @Test func changesWithTheSessionCookieNeedTheCSRFHeader() throws {
    let (cookie, csrf) = try signIn("ana.lima@northwind.example")
    let without = try server.client.request(
      "POST", "/api/v1/me/tokens", headers: [("Cookie", cookie), ("Content-Type", "application/json")],
      body: json(#"{"name":"x"}"#))
    #expect(without.status == 403)
    let forged = try server.client.request(
      "POST", "/api/v1/me/tokens",
      headers: [("Cookie", cookie), ("Content-Type", "application/json"), ("X-CSRF-Token", "guess")],
      body: json(#"{"name":"x"}"#))
    #expect(forged.status == 403)
    let crossSite = try server.client.request(
      "POST", "/api/v1/me/tokens",
      headers: [
        ("Cookie", cookie), ("Content-Type", "application/json"), ("X-CSRF-Token", csrf),
        ("Origin", "https://evil.example"),
      ],
      body: json(#"{"name":"x"}"#))
    #expect(crossSite.status == 403)
    let with = try server.client.request(
      "POST", "/api/v1/me/tokens",
      headers: [("Cookie", cookie), ("Content-Type", "application/json"), ("X-CSRF-Token", csrf)],
      body: json(#"{"name":"x"}"#))
    #expect(with.status == 201)
    // Reads need no token.
    #expect(try server.client.get("/api/v1/me", headers: [("Cookie", cookie)]).status == 200)
  }

  @Test func personalAccessTokensWorkUntilRevoked() throws {
    let (cookie, csrf) = try signIn("daniel.kim@northwind.example")
    let created = try server.client.request(
      "POST", "/api/v1/me/tokens",
      headers: [("Cookie", cookie), ("Content-Type", "application/json"), ("X-CSRF-Token", csrf)],
      body: json(#"{"name":"team report"}"#))
    let body = try created.json()
    let secret = try #require(body["token"] as? String)
    let id = try #require((body["accessToken"] as? [String: Any])?["id"] as? Int)
    let bearer = [("Authorization", "Bearer \(secret)")]
    let me = try server.client.get("/api/v1/me", headers: bearer)
    #expect(me.status == 200)
    #expect((try me.json()["manages"] as? Int) == 8)
    // No CSRF token needed with a bearer token.
    let patch = try server.client.request(
      "DELETE", "/api/v1/me/tokens/\(id)", headers: bearer)
    #expect(patch.status == 204)
    let after = try server.client.get("/api/v1/me", headers: bearer)
    #expect(after.status == 401)
    #expect(after.header("WWW-Authenticate") == "Bearer")
    #expect(
      try server.client.get("/api/v1/me", headers: [("Authorization", "Bearer nonsense")]).status == 401)
  }

  @Test func adminsCreateAndChangePeopleWithFieldLevelErrors() throws {
    let (cookie, csrf) = try signIn("jordan.reyes@northwind.example")
    let headers = [("Cookie", cookie), ("Content-Type", "application/json"), ("X-CSRF-Token", csrf)]
    let invalid = try server.client.request(
      "POST", "/api/v1/people", headers: headers, body: json(#"{"email":"nope","hireDate":"2024-13-01"}"#))
    #expect(invalid.status == 422, "a date that does not exist is invalid input, not a malformed body")
    #expect((try invalid.json()["errors"] as? [[String: String]])?.first?["field"] == "hireDate")
    let noName = try server.client.request(
      "POST", "/api/v1/people", headers: headers, body: json(#"{"email":"nope"}"#))
    #expect(noName.status == 422)
    let fields = Set(((try noName.json()["errors"] as? [[String: String]]) ?? []).compactMap { $0["field"] })
    #expect(fields == ["email", "givenName"])
    let duplicate = try server.client.request(
      "POST", "/api/v1/people", headers: headers,
      body: json(#"{"email":"ANA.LIMA@northwind.example","givenName":"A"}"#))
    #expect(duplicate.status == 409)

    let created = try server.client.request(
      "POST", "/api/v1/people", headers: headers,
      body: json(
        #"{"email":"zoe.park@northwind.example","givenName":"Zoe","familyName":"Park","managerId":4,"hireDate":"2026-11-02"}"#
      ))
    #expect(created.status == 201)
    let id = try #require(try created.json()["id"] as? Int)
    #expect(created.header("Location") == "/api/v1/people/\(id)")
    #expect(try created.json()["managerId"] as? Int == 4)

    let moved = try server.client.request(
      "PATCH", "/api/v1/people/\(id)", headers: headers,
      body: json(#"{"jobTitle":"Engineer","managerId":null}"#))
    #expect(moved.status == 200)
    let person = try moved.json()
    #expect(person["jobTitle"] as? String == "Engineer")
    #expect(person["managerId"] is NSNull)
    #expect(person["familyName"] as? String == "Park", "absent fields stay as they were")

    let loop = try server.client.request(
      "PATCH", "/api/v1/people/1", headers: headers, body: json(#"{"managerId":5}"#))
    #expect(loop.status == 422)
    #expect((try loop.json()["errors"] as? [[String: String]])?.first?["field"] == "manager")
  }

  @Test func importsThroughTheAPIReportRowErrors() throws {
    let (cookie, csrf) = try signIn("jordan.reyes@northwind.example")
    let headers = [("Cookie", cookie), ("Content-Type", "text/csv"), ("X-CSRF-Token", csrf)]
    let bad = try server.client.request(
      "POST", "/api/v1/people/imports", headers: headers,
      body: json("userName,givenName,hireDate\nnew.one@northwind.example,New,soon\n"))
    #expect(bad.status == 422)
    let errors = try #require(try bad.json()["errors"] as? [[String: Any]])
    #expect(errors.first?["line"] as? Int == 2)
    #expect(errors.first?["column"] as? String == "hireDate")
    let good = try server.client.request(
      "POST", "/api/v1/people/imports", headers: headers,
      body: json("userName,givenName,manager\nnew.one@northwind.example,New,daniel.kim@northwind.example\n"))
    #expect(good.status == 200)
    #expect(try good.json()["created"] as? Int == 1)
    let json = try server.client.request(
      "POST", "/api/v1/people/imports",
      headers: [("Cookie", cookie), ("Content-Type", "application/json"), ("X-CSRF-Token", csrf)],
      body: self.json("{}"))
    #expect(json.status == 415)
  }

  @Test func theFrameworkGoesOutAndComesBackAsYAML() throws {
    let (cookie, csrf) = try signIn("priya.nair@northwind.example")
    let exported = try server.client.get("/api/v1/framework/yaml", headers: [("Cookie", cookie)])
    #expect(exported.status == 200)
    #expect(exported.header("Content-Type")?.hasPrefix("application/yaml") == true)
    let headers = [("Cookie", cookie), ("X-CSRF-Token", csrf), ("Content-Type", "application/yaml")]
    let back = try server.client.request(
      "PUT", "/api/v1/framework/yaml", headers: headers, body: exported.body)
    #expect(back.status == 200)
    #expect(
      try server.client.get("/api/v1/framework/yaml", headers: [("Cookie", cookie)]).text == exported.text)

    let broken = exported.text.replacingOccurrences(of: "area: craft", with: "area: nowhere")
    let refused = try server.client.request(
      "PUT", "/api/v1/framework/yaml", headers: headers, body: json(broken))
    #expect(refused.status == 422)
    let errors = try #require(try refused.json()["errors"] as? [[String: String]])
    #expect(errors.first?["field"]?.hasPrefix("topics[") == true)
    #expect(errors.first?["message"]?.contains("names no area: \"nowhere\"") == true)
    #expect(
      try server.client.get("/api/v1/framework/yaml", headers: [("Cookie", cookie)]).text == exported.text)

    let wrongType = try server.client.request(
      "PUT", "/api/v1/framework/yaml",
      headers: [("Cookie", cookie), ("X-CSRF-Token", csrf), ("Content-Type", "application/json")],
      body: json("{}"))
    #expect(wrongType.status == 415)
  }

  @Test func signingOutEndsTheSession() throws {
    let (cookie, csrf) = try signIn("ana.lima@northwind.example")
    let out = try server.client.request(
      "DELETE", "/api/v1/sessions/current", headers: [("Cookie", cookie), ("X-CSRF-Token", csrf)])
    #expect(out.status == 204)
    #expect(try server.client.get("/api/v1/me", headers: [("Cookie", cookie)]).status == 401)
  }
}
