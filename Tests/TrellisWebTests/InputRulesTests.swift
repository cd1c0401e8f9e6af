import Foundation
import HTTP
import TestSupport
import Testing
import Trellis
import TrellisWeb

/// What a request may send before anyone knows who it is from, and how strictly addresses are read.
@Suite("Input rules: bodies, ids")
struct InputRulesTests {
  let server: AppServer

  init() throws {
    server = try AppServer(.sqlite, bodyLimit: 16 << 20)
    _ = try DemoOrganization.load(server.services)
  }

  func cookie(_ email: String) throws -> (cookie: String, csrf: String) {
    let session = try server.services.accounts.signIn(
      email: email, password: DemoOrganization.password, address: "test")
    return ("trellis_session=\(session.token)", session.session.csrfToken)
  }

  @Test func anAnonymousCallerMaySendOnlyASmallBody() throws {
    // The body is declared, never sent: the answer comes before reading it.
    let head =
      "POST /api/v1/sessions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(15 << 20)\r\n\r\n"
    let answer = String(
      decoding: try server.client.exchange(Array(head.utf8), halfClose: true), as: UTF8.self)
    #expect(answer.hasPrefix("HTTP/1.1 413"))
    // A fake session cookie buys nothing.
    let faked = try server.client.request(
      "POST", "/api/v1/sessions",
      headers: [("Content-Type", "application/json"), ("Cookie", "trellis_session=made-up")],
      body: Array(repeating: UInt8(ascii: " "), count: 20_000) + Array(#"{"email":"a","password":"b"}"#.utf8))
    #expect(faked.status == 413)
    let small = try server.client.request(
      "POST", "/api/v1/sessions", headers: [("Content-Type", "application/json")],
      body: Array(#"{"email":"ana.lima@northwind.example","password":"wrong-password"}"#.utf8))
    #expect(small.status == 401)
    // A route that needs a signed-in caller asks for that first, whatever the body.
    let anonymous = try server.client.request(
      "PUT", "/api/v1/conversations/1/summary", headers: [("Content-Type", "application/json")],
      body: Array(#"{"body":"\#(String(repeating: "x", count: 20_000))"}"#.utf8))
    #expect([401, 403].contains(anonymous.status), "refused for who is calling, not for the body")
  }

  @Test func signedInCallersSendMoreAndAdminsSendImports() throws {
    let ana = try cookie("ana.lima@northwind.example")
    let padded = Array(repeating: UInt8(ascii: " "), count: 40_000) + Array(#"{"name":"padded"}"#.utf8)
    let token = try server.client.request(
      "POST", "/api/v1/me/tokens",
      headers: [("Content-Type", "application/json"), ("Cookie", ana.cookie), ("X-CSRF-Token", ana.csrf)],
      body: padded)
    #expect(token.status == 201)
    // An import larger than a signed-in caller may send (ten rows with 430 KB departments, which
    // the import then refuses row by row) reaches the import when an admin sends it.
    let department = String(repeating: "Operations and logistics ", count: 17_200)
    var csv = "userName,givenName,familyName,department\n"
    for index in 0..<10 {
      csv += "bulk.person\(index)@northwind.example,Bulk,Person \(index),\(department)\n"
    }
    #expect(csv.utf8.count > TrellisApp.signedInBodyBytes)
    let admin = try cookie("jordan.reyes@northwind.example")
    let imported = try server.client.request(
      "POST", "/api/v1/people/imports?dryRun=true",
      headers: [("Content-Type", "text/csv"), ("Cookie", admin.cookie), ("X-CSRF-Token", admin.csrf)],
      body: Array(csv.utf8))
    #expect(imported.status == 422, "read and refused row by row, not refused whole for its size")
    #expect(try imported.json()["rows"] as? Int == 10)
    let refused = try server.client.request(
      "POST", "/api/v1/people/imports?dryRun=true",
      headers: [("Content-Type", "text/csv"), ("Cookie", ana.cookie), ("X-CSRF-Token", ana.csrf)],
      body: Array(csv.utf8))
    // Refused for who she is, before her body (over her limit, so never kept) would be read.
    #expect(refused.status == 403, "an employee may not import")
  }

  @Test(arguments: ["05", "+5", "5%00", "5%20", "0x5", "5.0", "-5", "99999999999999999999"])
  func idsAreReadOnlyInCanonicalDecimal(id: String) throws {
    let admin = try cookie("jordan.reyes@northwind.example")
    #expect(try server.client.get("/api/v1/people/5", headers: [("Cookie", admin.cookie)]).status == 200)
    #expect(try server.client.get("/api/v1/people/\(id)", headers: [("Cookie", admin.cookie)]).status == 404)
  }

  @Test func controlCharactersAreRefusedNamingTheField() throws {
    let signIn = try server.client.request(
      "POST", "/api/v1/sessions", headers: [("Content-Type", "application/json")],
      body: Array(#"{"email":"ana.lima@northwind.example\u0000x","password":"trellis-demo"}"#.utf8))
    #expect(signIn.status == 422)
    #expect((try signIn.json()["errors"] as? [[String: String]])?.first?["field"] == "email")
    let ana = try cookie("ana.lima@northwind.example")
    let goal = try server.client.request(
      "POST", "/api/v1/me/goals",
      headers: [("Content-Type", "application/json"), ("Cookie", ana.cookie), ("X-CSRF-Token", ana.csrf)],
      body: Array(#"{"title":"before\u0000after","horizon":"short term","visibility":"private"}"#.utf8))
    #expect(goal.status == 422)
    #expect((try goal.json()["errors"] as? [[String: String]])?.first?["field"] == "title")
    let form = try server.client.request(
      "POST", "/me/tokens",
      headers: [
        ("Content-Type", "application/x-www-form-urlencoded"), ("Cookie", ana.cookie),
        ("X-CSRF-Token", ana.csrf),
      ],
      body: Array("name=script%07bell".utf8))
    #expect(form.status == 422)
    let query = try server.client.get("/api/v1/people?q=ana%01", headers: [("Cookie", ana.cookie)])
    #expect(query.status == 422)
    #expect((try query.json()["errors"] as? [[String: String]])?.first?["field"] == "q")
    // Tabs and line breaks are text.
    let notes = try server.client.request(
      "POST", "/api/v1/me/tokens",
      headers: [("Content-Type", "application/json"), ("Cookie", ana.cookie), ("X-CSRF-Token", ana.csrf)],
      body: Array(#"{"name":"a\tb"}"#.utf8))
    #expect(notes.status == 201)
  }

  @Test func theServiceChecksWhatTheSchemaStates() throws {
    let ana = try cookie("ana.lima@northwind.example")
    let headers = [("Content-Type", "application/json"), ("Cookie", ana.cookie), ("X-CSRF-Token", ana.csrf)]
    let people = try server.database.withConnection {
      try $0.query("SELECT id FROM people WHERE email <> 'ana.lima@northwind.example' ORDER BY id LIMIT 11")
        .map { try $0.decode("id", as: Int64.self) }
    }
    func ask(_ givers: [Int64]) throws -> RawResponse {
      try server.client.request(
        "POST", "/api/v1/feedback-requests", headers: headers,
        body: Array(#"{"giverIds":\#(givers),"topic":"The demo"}"#.utf8))
    }
    #expect(try ask(people).status == 422, "eleven people")
    #expect(try ask(Array(repeating: people[0], count: 12)).status == 422, "one person, twelve times")
    #expect(try ask([people[0]]).status == 201)
    let goal = try server.client.request(
      "POST", "/api/v1/me/goals", headers: headers,
      body: Array(
        #"{"title":"Ship it","horizon":"short term","visibility":"private","milestones":["One","Two"]}"#.utf8)
    )
    #expect(goal.status == 201)
    let id = try #require(try goal.json()["id"] as? Int)
    let checkIn = try server.client.request(
      "POST", "/api/v1/goals/\(id)/checkins", headers: headers,
      body: Array(#"{"progress":-120477116560352,"note":""}"#.utf8))
    #expect(checkIn.status == 422)
    let empty = try server.client.request(
      "POST", "/api/v1/me/goals", headers: headers,
      body: Array(#"{"title":"","horizon":"short term","visibility":"private"}"#.utf8))
    #expect(empty.status == 422)
  }

  /// Every text, number and list a request may send states its bounds (from the rule the service
  /// checks), so no input is unbounded and schemathesis can prove each bound holds.
  @Test func everyInputTheAPITakesIsBounded() throws {
    let document = try server.client.get("/api/openapi.json").json()
    let schemas = (document["components"] as? [String: Any])?["schemas"] as? [String: Any] ?? [:]
    var unbounded: [String] = []
    func walk(_ schema: Any?, _ path: String, _ seen: Set<String>) {
      guard let schema = schema as? [String: Any] else { return }
      if let reference = schema["$ref"] as? String {
        let name = String(reference.split(separator: "/").last ?? "")
        if !seen.contains(name) { walk(schemas[name], "\(path)->\(name)", seen.union([name])) }
        return
      }
      let types = (schema["type"] as? [String]) ?? [schema["type"] as? String].compactMap { $0 }
      if types.contains("string") && schema["enum"] == nil && schema["maxLength"] == nil {
        unbounded.append(path)
      }
      if types.contains("integer") && (schema["minimum"] == nil || schema["maximum"] == nil) {
        unbounded.append(path)
      }
      if types.contains("array") && schema["maxItems"] == nil { unbounded.append(path) }
      for (name, property) in schema["properties"] as? [String: Any] ?? [:] {
        walk(property, "\(path).\(name)", seen)
      }
      walk(schema["items"], "\(path)[]", seen)
      walk(schema["additionalProperties"], "\(path).*", seen)
      for variant in (schema["oneOf"] as? [Any] ?? []) + (schema["anyOf"] as? [Any] ?? []) {
        walk(variant, path, seen)
      }
    }
    let paths = document["paths"] as? [String: [String: Any]] ?? [:]
    for (path, operations) in paths {
      for (method, operation) in operations {
        let operation = operation as? [String: Any] ?? [:]
        for parameter in operation["parameters"] as? [[String: Any]] ?? [] {
          walk(parameter["schema"], "\(method) \(path) ?\(parameter["name"] ?? "")", [])
        }
        let content = (operation["requestBody"] as? [String: Any])?["content"] as? [String: Any] ?? [:]
        // Files (CSV, YAML) are bounded by the body limit alone.
        walk((content["application/json"] as? [String: Any])?["schema"], "\(method) \(path)", [])
      }
    }
    #expect(unbounded.sorted() == [])
  }

  /// A rule's bound is where the API starts refusing: one under passes, one over is named.
  @Test func theAPIRefusesJustPastEachStatedBound() throws {
    let (cookie, csrf) = try cookie("ana.lima@northwind.example")
    let headers = [("Cookie", cookie), ("X-CSRF-Token", csrf), ("Content-Type", "application/json")]
    func post(_ path: String, _ body: [String: Any]) throws -> RawResponse {
      try server.client.request(
        "POST", path, headers: headers, body: Array(try JSONSerialization.data(withJSONObject: body)))
    }
    let title = TextRule.goalTitle.maxLength
    let fits = try post(
      "/api/v1/me/goals",
      [
        "title": String(repeating: "é", count: title), "horizon": "short term", "visibility": "private",
        "description": String(repeating: "d", count: TextRule.goalDescription.maxLength),
      ])
    #expect(fits.status == 201)
    let long = try post(
      "/api/v1/me/goals",
      [
        "title": "Fine", "horizon": "short term", "visibility": "private",
        "description": String(repeating: "d", count: TextRule.goalDescription.maxLength + 1),
      ])
    #expect(long.status == 422)
    #expect(long.text.contains("description"))
    #expect(long.text.contains("at most 5,000 characters"))
    let blank = try post(
      "/api/v1/me/goals", ["title": "   ", "horizon": "short term", "visibility": "private"])
    #expect(blank.status == 422)
    let id = try #require(try fits.json()["id"] as? Int)
    let note = try post(
      "/api/v1/goals/\(id)/checkins",
      ["progress": 40, "note": String(repeating: "n", count: TextRule.checkInNote.maxLength + 1)])
    #expect(note.status == 422)
    #expect(try post("/api/v1/goals/\(id)/checkins", ["progress": 100, "note": "done"]).status == 201)
    let offer = try server.client.request(
      "PUT", "/api/v1/me/mentor-offer", headers: headers,
      body: Array(
        #"{"topics":"Writing","capacity":11,"cadenceDays":30,"active":true}"#.utf8))
    #expect(offer.status == 422)
    #expect(offer.text.contains("must be from 1 to 10 mentees"))
  }
}
