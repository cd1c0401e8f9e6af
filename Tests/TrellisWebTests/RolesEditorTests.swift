import Foundation
import HTTP
import TestSupport
import Testing
import Trellis
import TrellisWeb

/// The people team adds, renames, reorders and retires roles with fields; a renamed role keeps
/// the people placed in it.
@Suite("Roles editor")
struct RolesEditorTests {
  static let path = "/framework/edit/roles"
  let server: AppServer
  let cookie: String
  let csrf: String

  init() throws {
    server = try AppServer(.sqlite)
    _ = try DemoOrganization.load(server.services)
    let session = try server.services.accounts.signIn(
      email: "priya.nair@northwind.example", password: DemoOrganization.password, address: "test")
    cookie = "trellis_session=\(session.token)"
    csrf = session.session.csrfToken
  }

  func post(_ fields: [(String, String)]) throws -> RawResponse {
    let body = ([("_csrf", csrf), ("_page", Self.path)] + fields)
      .map { URLEncoding.encode($0.0) + "=" + URLEncoding.encode($0.1) }.joined(separator: "&")
    return try server.client.request(
      "POST", Self.path,
      headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Cookie", cookie)],
      body: Array(body.utf8))
  }

  func drawn(_ response: RawResponse) throws -> [(String, String)] {
    let html = String(decoding: response.body, as: UTF8.self)
    let form = try #require(EveryFormTests.forms(in: html, page: "").first { $0.action == Self.path })
    return form.controls.filter { $0.name != "_csrf" && $0.name != "_page" }.map { ($0.name, $0.value) }
  }

  func framework() throws -> Framework {
    try server.services.frameworks.framework(
      try #require(try ConversationWorkspaceTests.actor(server, "priya.nair@northwind.example")))
  }

  @Test func rolesAreAddedRenamedMovedAndRetiredWithFields() throws {
    let before = try framework()
    let page = try server.client.request("GET", Self.path, headers: [("Cookie", cookie)])
    var fields = try drawn(page)
    #expect(fields.count == before.roles.count * 4)
    // A new row, typed into, moved first; nothing is saved yet.
    fields = try drawn(try post(fields + [("do", "add-role")]))
    let last = before.roles.count
    let track = try #require(before.tracks.first)
    fields = fields.map {
      switch $0.0 {
      case "r\(last)-title": ($0.0, "Principal Engineer")
      case "r\(last)-place":
        ($0.0, "\(track.slug)/\(track.levels.last!.slug)")
      case "r0-title": ($0.0, before.roles[0].title + " (renamed)")
      default: $0
      }
    }
    let moved = try drawn(try post(fields + [("do", "up-role:1")]))
    #expect(moved.first { $0.0 == "r0-slug" }?.1 == before.roles[1].slug)
    #expect(try framework() == before, "a row button saves nothing")
    // Retire the third role and save.
    let retired = try drawn(try post(moved + [("do", "remove-role:2")]))
    let saved = try post(retired + [("do", "save")])
    #expect(saved.status == 303)
    let after = try framework()
    #expect(after.roles.count == before.roles.count)
    #expect(after.roles[0].slug == before.roles[1].slug)
    #expect(after.roles[1].slug == before.roles[0].slug, "renamed, it keeps its slug")
    #expect(after.roles[1].title == before.roles[0].title + " (renamed)")
    #expect(!after.roles.contains { $0.slug == before.roles[2].slug })
    #expect(after.roles.last?.slug == "principal-engineer")
  }

  @Test func aRoleNeedsATitleAndAPlaceOfTheFramework() throws {
    let before = try framework()
    let fields = try drawn(try server.client.request("GET", Self.path, headers: [("Cookie", cookie)]))
    let broken = fields.map { $0.0 == "r0-place" ? ($0.0, "nowhere/at-all") : $0 }
    let refused = try post(broken + [("do", "save")])
    #expect(refused.status == 422)
    let text = String(decoding: refused.body, as: UTF8.self)
    #expect(
      text.contains("must be one of the framework&#39;s track levels")
        || text.contains("must be one of the framework’s track levels")
        || text.contains("must be one of the framework's track levels"))
    #expect(try framework() == before)
  }
}
