import Foundation
import HTTP
import SQL
import TestSupport
import Testing
import Trellis
import TrellisWeb

@Suite("Trellis on a real port")
struct AppTests {
  @Test(arguments: TestDatabases.available)
  func probesAnswer(kind: TestDatabases.Kind) throws {
    let server = try AppServer(kind)
    let health = try server.client.get("/healthz")
    #expect(health.status == 200)
    #expect(try health.json()["status"] as? String == "ok")
    let ready = try server.client.get("/readyz")
    #expect(ready.status == 200)
    #expect(try ready.json()["status"] as? String == "ready")
  }

  @Test func readinessFailsWhenTheDatabaseDoesNotAnswer() throws {
    let database = Database(url: .sqlite(path: "/nonexistent-dir/trellis.db"))
    let app = TrellisApp(services: Services(database: database), logger: RequestLogger(descriptor: -1))
    let response = app.respond(to: Request(method: "GET", path: "/readyz"))
    #expect(response.status == .serviceUnavailable)
    #expect(response.bodyText.contains("database does not answer"))
    // Liveness does not depend on the database.
    #expect(app.respond(to: Request(method: "GET", path: "/healthz")).status == .ok)
  }

  /// A signed-in home reads who is asking, then everything it shows (what needs the person
  /// included) in one more round trip.
  @Test(arguments: TestDatabases.available)
  func theSignedInHomeIsTwoRoundTrips(kind: TestDatabases.Kind) throws {
    let server = try AppServer(kind)
    _ = try DemoOrganization.load(server.services)
    let session = try FormSession(server, "ravi.iyer@northwind.example")
    let ravi = try #require(try ConversationWorkspaceTests.actor(server, "ravi.iyer@northwind.example"))
    let waiting = try server.services.needsYou.items(ravi)
    #expect(!waiting.isEmpty, "the demo leaves Ravi something to do")
    _ = try session.get("/")  // the first page after signing in also notes when the session was seen
    let before = server.connections.roundTrips
    let page = try session.get("/")
    #expect(page.status == 200)
    #expect(server.connections.roundTrips - before == 2)
    #expect(ConversationWorkspaceTests.waiting(page.text) == waiting.count)
    #expect(page.text.contains(waiting[0].personName), "the oldest thing waiting is on the page")
  }

  @Test(arguments: TestDatabases.available)
  func homePageRendersInTheLayout(kind: TestDatabases.Kind) throws {
    let server = try AppServer(kind)
    let page = try server.client.get("/")
    #expect(page.status == 200)
    #expect(page.header("Content-Type") == "text/html; charset=utf-8")
    let html = page.text
    #expect(html.hasPrefix("<!DOCTYPE html>"))
    #expect(html.contains(#"<html lang="en">"#))
    #expect(html.contains(#"<main id="main""#))
    #expect(html.contains(#"<nav aria-label="Main">"#))
    #expect(html.contains(#"aria-current="page""#))
    #expect(html.contains("Career conversations that lead somewhere"))
    #expect(!html.contains("<script>"), "no inline script")
    // The stylesheet it links to is served.
    let stylesheet = try #require(html.firstMatch(of: /href="(\/assets\/app\.css\?v=[0-9a-f]+)"/))
    let css = try server.client.get(String(stylesheet.1))
    #expect(css.status == 200)
    #expect(css.header("Content-Type") == "text/css; charset=utf-8")
    #expect(css.text.contains("prefers-color-scheme: dark"))
    #expect(css.text.contains("@media print"))
  }

  @Test(arguments: TestDatabases.available)
  func badRequestsGetClearAnswers(kind: TestDatabases.Kind) throws {
    let server = try AppServer(kind, bodyLimit: 1024)
    let missing = try server.client.get("/no/such/page")
    #expect(missing.status == 404)
    #expect(missing.text.contains("Back to the home page"), "the error page uses the layout")
    let apiMissing = try server.client.get("/api/v1/nothing")
    #expect(apiMissing.status == 404)
    #expect(apiMissing.header("Content-Type") == "application/problem+json")
    let wrongMethod = try server.client.request("POST", "/healthz")
    #expect(wrongMethod.status == 405)
    #expect(wrongMethod.header("Allow") == "GET, HEAD")
    let tooLarge = try server.client.request(
      "POST", "/api/v1/sessions", headers: [("Content-Type", "application/json")],
      body: [UInt8](repeating: 32, count: 2048))
    #expect(tooLarge.status == 413)
    #expect(tooLarge.header("Content-Type") == "application/problem+json")
    for response in [missing, apiMissing, wrongMethod, tooLarge] {
      #expect(response.header("Content-Security-Policy") != nil)
      #expect(response.header("X-Frame-Options") == "DENY")
    }
  }

  @Test func openAPIDocumentListsExactlyTheAPIRoutes() throws {
    let server = try AppServer(.sqlite)
    let response = try server.client.get("/api/openapi.json")
    #expect(response.status == 200)
    let document = try response.json()
    #expect(document["openapi"] as? String == "3.1.0")
    let paths = try #require(document["paths"] as? [String: [String: Any]])
    var documented: Set<String> = []
    for (path, item) in paths {
      for method in item.keys { documented.insert("\(method.uppercased()) \(path)") }
    }
    // Every API and probe route the router has, in OpenAPI's `{name}` form.
    let routed = Set(
      server.app.router.registered
        .filter { $0.pattern.hasPrefix("/api/") || $0.pattern == "/healthz" || $0.pattern == "/readyz" }
        .map { route in
          let path = route.pattern.split(separator: "/", omittingEmptySubsequences: false)
            .map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0) }
            .joined(separator: "/")
          return "\(route.method) \(path)"
        })
    #expect(documented == routed)
  }
}
