import Foundation
import HTTP
import TestSupport
import Testing
import Trellis
import TrellisWeb

/// The people team builds a guide with fields: sections and prompts are added, moved and removed
/// without losing what was typed, and only "Save" writes a version.
@Suite("Guide editor: sections and prompts as fields")
struct GuideEditorTests {
  let server: AppServer
  let team: FormSession

  init() throws {
    server = try AppServer(.sqlite)
    _ = try DemoOrganization.load(server.services)
    team = try FormSession(server, "priya.nair@northwind.example")
  }

  func post(_ path: String, _ fields: [(String, String)]) throws -> RawResponse {
    try team.post(path, fields)
  }

  /// The editor's fields as the page draws them.
  func fields(_ response: RawResponse, action: String) throws -> [String: String] {
    Dictionary(
      try FormSession.controls(response, action: action).map { ($0.name, $0.value) },
      uniquingKeysWith: { first, _ in first })
  }

  @Test func rowsAreAddedMovedAndRemovedAsTypedAndOnlySaveWrites() throws {
    let typed: [(String, String)] = [
      ("_page", "/guides/new"), ("title", "Quarterly growth"), ("purpose", "Looking back and ahead"),
      ("s0-title", "Looking back"), ("s0-p0", "What went well?"), ("s0-p0-for", "both"),
    ]
    // A second section, drawn with what was typed kept and nothing saved.
    let added = try post("/guides", typed + [("do", "add-section")])
    #expect(added.status == 200)
    var drawn = try fields(added, action: "/guides")
    #expect(drawn["title"] == "Quarterly growth")
    #expect(drawn["s0-p0"] == "What went well?")
    #expect(drawn["s1-title"] == "")
    let actor = try #require(try ConversationWorkspaceTests.actor(server, "priya.nair@northwind.example"))
    let guidesBefore = try server.services.conversations.guides(actor, includeRetired: true).count
    // The new section, filled and moved first; its second prompt is the employee's.
    let filled =
      typed + [
        ("s1-title", "Looking ahead"), ("s1-p0", "What will you learn next?"), ("s1-p0-for", "employee"),
        ("s1-p1", "How can I help?"), ("s1-p1-for", "partner"),
      ]
    let moved = try post("/guides", filled + [("do", "up-section:1")])
    drawn = try fields(moved, action: "/guides")
    #expect(drawn["s0-title"] == "Looking ahead")
    #expect(drawn["s0-p1-for"] == "partner")
    #expect(drawn["s1-title"] == "Looking back")
    let removed = try post("/guides", filled + [("do", "remove-prompt:1:1")])
    drawn = try fields(removed, action: "/guides")
    #expect(drawn["s1-p1"] == nil)
    #expect(drawn["s1-p0"] == "What will you learn next?")
    #expect(try server.services.conversations.guides(actor, includeRetired: true).count == guidesBefore)

    // A section with prompts and no title is refused beside its title; what was typed stays.
    var untitled = filled
    untitled[untitled.firstIndex { $0.0 == "s1-title" }!] = ("s1-title", "")
    let refused = try post("/guides", untitled + [("do", "save")])
    #expect(refused.status == 422)
    drawn = try fields(refused, action: "/guides")
    #expect(drawn["s1-p1"] == "How can I help?")
    #expect(String(decoding: refused.body, as: UTF8.self).contains("a section with prompts needs a title"))

    // Saved: the sections in order, each prompt for its side.
    let saved = try post("/guides", filled + [("do", "save")])
    #expect(saved.status == 303)
    let guide = try #require(
      try server.services.conversations.guides(actor, includeRetired: true).first {
        $0.title == "Quarterly growth"
      })
    #expect(guide.version.sections.map(\.title) == ["Looking back", "Looking ahead"])
    #expect(guide.version.sections[1].audience(of: 0) == .employee)
    #expect(guide.version.sections[1].audience(of: 1) == .partner)

    // Editing it again starts from what it holds, and saving makes version 2.
    let edit = try team.get("/guides/\(guide.id)/edit")
    drawn = try fields(edit, action: "/guides/\(guide.id)")
    #expect(drawn["s1-p1"] == "How can I help?")
    let revised = try post(
      "/guides/\(guide.id)",
      drawn.filter { !["_csrf", "do"].contains($0.key) }.map {
        ($0.key, $0.key == "s0-title" ? "Looking back, honestly" : $0.value)
      }
        + [("do", "save")])
    #expect(revised.status == 303)
    let again = try server.services.conversations.guide(actor, id: guide.id)
    #expect(again.version.number == 2)
    #expect(again.version.sections.first?.title == "Looking back, honestly")
  }

  @Test func onlyThePeopleTeamUsesTheEditor() throws {
    let ana = try FormSession(server, "ana.lima@northwind.example")
    #expect(try ana.get("/guides/new").status == 403)
    let pressed = try ana.post(
      "/guides", [("title", "x"), ("s0-title", "a"), ("s0-p0", "b"), ("do", "add-section")])
    #expect(pressed.status == 403)
  }
}
