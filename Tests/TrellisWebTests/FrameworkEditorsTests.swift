import Foundation
import HTTP
import SQL
import TestSupport
import Testing
import Trellis
import TrellisWeb

/// The people team edits the framework with fields: tracks and levels, areas and competencies,
/// what each competency expects at every level, and roles. Renamed parts keep their slugs, so
/// what refers to them stays attached; every save is a version in the history, which can be
/// brought back.
@Suite("Framework editors")
struct FrameworkEditorsTests {
  let server: AppServer
  let team: FormSession

  init() throws {
    server = try AppServer(.sqlite)
    _ = try DemoOrganization.load(server.services)
    team = try FormSession(server, "priya.nair@northwind.example")
  }

  func get(_ path: String) throws -> RawResponse { try team.get(path) }

  /// Sends the editor's form on `path`, drawn on that page.
  func post(_ path: String, _ fields: [(String, String)]) throws -> RawResponse {
    try team.post(path, fields, page: path)
  }

  /// The fields of the form sending to `action`, as drawn in `response`.
  func drawn(_ response: RawResponse, _ action: String) throws -> [(String, String)] {
    try FormSession.controls(response, action: action)
      .filter { $0.name != "_csrf" && $0.name != "_page" && $0.kind != "submit" }.map { ($0.name, $0.value) }
  }

  func typing(_ fields: [(String, String)], _ changes: [String: String]) -> [(String, String)] {
    fields.map { (name, value) in (name, changes[name] ?? value) }
  }

  func framework() throws -> Framework {
    try server.services.frameworks.framework(try priya())
  }

  func priya() throws -> Actor {
    try #require(try ConversationWorkspaceTests.actor(server, "priya.nair@northwind.example"))
  }

  func text(_ response: RawResponse) -> String { String(decoding: response.body, as: UTF8.self) }

  // MARK: Roles

  @Test func rolesAreAddedRenamedMovedAndRetiredWithFields() throws {
    let path = "/framework/edit/roles"
    let before = try framework()
    var fields = try drawn(try get(path), path)
    #expect(fields.count == before.roles.count * 4)
    // A new row, typed into, moved first; nothing is saved yet.
    fields = try drawn(try post(path, fields + [("do", "add-role")]), path)
    let last = before.roles.count
    let track = try #require(before.tracks.first)
    fields = typing(
      fields,
      [
        "r\(last)-title": "Principal Engineer", "r\(last)-place": "\(track.slug)/\(track.levels.last!.slug)",
        "r0-title": before.roles[0].title + " (renamed)",
      ])
    let moved = try drawn(try post(path, fields + [("do", "up-role:1")]), path)
    #expect(moved.first { $0.0 == "r0-slug" }?.1 == before.roles[1].slug)
    #expect(try framework() == before, "a row button saves nothing")
    // Retire the third role and save.
    let retired = try drawn(try post(path, moved + [("do", "remove-role:2")]), path)
    #expect(try post(path, retired + [("do", "save")]).status == 303)
    let after = try framework()
    #expect(after.roles.count == before.roles.count)
    #expect(after.roles[0].slug == before.roles[1].slug)
    #expect(after.roles[1].slug == before.roles[0].slug, "renamed, it keeps its slug")
    #expect(after.roles[1].title == before.roles[0].title + " (renamed)")
    #expect(!after.roles.contains { $0.slug == before.roles[2].slug })
    #expect(after.roles.last?.slug == "principal-engineer")
  }

  @Test func aRoleNeedsATitleAndAPlaceOfTheFramework() throws {
    let path = "/framework/edit/roles"
    let before = try framework()
    let fields = try drawn(try get(path), path)
    let refused = try post(path, typing(fields, ["r0-place": "nowhere/at-all"]) + [("do", "save")])
    #expect(refused.status == 422)
    #expect(text(refused).contains("must be one of the framework"))
    #expect(try framework() == before)
  }

  // MARK: Tracks and levels

  @Test func tracksAndLevelsAreRenamedAddedAndRemovedKeepingWhatRefersToThem() throws {
    let path = "/framework/edit/tracks"
    let before = try framework()
    let track = before.tracks[0]
    var fields = try drawn(try get(path), path)
    #expect(fields.first { $0.0 == "t0-name" }?.1 == track.name)
    // A level added at the end of the first track, and the first track renamed.
    fields = try drawn(try post(path, fields + [("do", "add-level:0")]), path)
    let added = track.levels.count
    fields = typing(fields, ["t0-name": "Engineering", "t0-l\(added)-name": "Distinguished engineer"])
    #expect(try framework() == before, "a row button saves nothing")
    #expect(try post(path, fields + [("do", "save")]).status == 303)
    let after = try framework()
    #expect(after.tracks[0].slug == track.slug, "renamed, the track keeps its slug")
    #expect(after.tracks[0].name == "Engineering")
    #expect(after.tracks[0].levels.last?.slug == "distinguished-engineer")
    #expect(after.roles == before.roles, "roles stay at their levels")
    #expect(after.areas == before.areas, "expectations stay at their levels")
  }

  @Test func aLevelARoleIsAtIsNotRemoved() throws {
    let path = "/framework/edit/tracks"
    let before = try framework()
    let role = try #require(before.roles.first)
    let t = try #require(before.tracks.firstIndex { $0.slug == role.track })
    let l = try #require(before.tracks[t].levels.firstIndex { $0.slug == role.level })
    let fields = try drawn(
      try post(path, try drawn(try get(path), path) + [("do", "remove-level:\(t):\(l)")]), path)
    let refused = try post(path, fields + [("do", "save")])
    #expect(refused.status == 422)
    #expect(text(refused).contains("the role “\(role.title)”"))
    #expect(text(refused).contains("Nothing was saved"))
    #expect(try framework() == before)
  }

  @Test func removingAnUnusedLevelTakesItsExpectationsWithIt() throws {
    let path = "/framework/edit/tracks"
    var unused = try framework()
    let track = unused.tracks[0]
    let l = track.levels.count - 1
    let key = "\(track.slug)/\(track.levels[l].slug)"
    unused.roles.removeAll { "\($0.track)/\($0.level)" == key }
    try server.services.frameworks.replace(try priya(), with: unused)
    #expect(unused.areas.flatMap(\.competencies).contains { $0.expectations[key] != nil })
    let fields = try drawn(
      try post(path, try drawn(try get(path), path) + [("do", "remove-level:0:\(l)")]), path)
    #expect(try post(path, fields + [("do", "save")]).status == 303)
    let after = try framework()
    #expect(after.tracks[0].levels.count == track.levels.count - 1)
    #expect(!after.areas.flatMap(\.competencies).contains { $0.expectations[key] != nil })
  }

  @Test func aTrackNeedsANameAndALevel() throws {
    let path = "/framework/edit/tracks"
    let before = try framework()
    var fields = try drawn(try post(path, try drawn(try get(path), path) + [("do", "add-track")]), path)
    let t = before.tracks.count
    fields = typing(fields, ["t\(t)-description": "A track with no name"])
    let refused = try post(path, fields + [("do", "save")])
    #expect(refused.status == 422)
    #expect(text(refused).contains("A track with no name"), "what was typed is kept")
    #expect(try framework() == before)
  }

  // MARK: Competencies and expectations

  @Test func competenciesAreRenamedAndAddedKeepingTheirExpectations() throws {
    let path = "/framework/edit/competencies"
    let before = try framework()
    let competency = before.areas[0].competencies[0]
    var fields = try drawn(try get(path), path)
    fields = try drawn(try post(path, fields + [("do", "add-competency:0")]), path)
    let added = before.areas[0].competencies.count
    fields = typing(
      fields, ["a0-c0-name": competency.name + " (renamed)", "a0-c\(added)-name": "Écoute active"])
    fields = try drawn(try post(path, fields + [("do", "down-competency:0:0")]), path)
    #expect(try post(path, fields + [("do", "save")]).status == 303)
    let after = try framework()
    let renamed = try #require(after.areas[0].competencies.first { $0.slug == competency.slug })
    #expect(after.areas[0].competencies[1].slug == competency.slug, "moved down one")
    #expect(renamed.name == competency.name + " (renamed)")
    #expect(renamed.expectations == competency.expectations)
    #expect(after.areas[0].competencies.last?.slug == "ecoute-active")
    #expect(after.tracks == before.tracks && after.roles == before.roles)
  }

  @Test func whatACompetencyExpectsIsEditedLevelByLevel() throws {
    let before = try framework()
    let competency = before.areas[0].competencies[0]
    let track = before.tracks[0]
    let key = "\(track.slug)/\(track.levels[0].slug)"
    let path = "/framework/edit/competencies/\(competency.slug)"
    let fields = try drawn(try get(path), path)
    #expect(fields.count == before.tracks.flatMap(\.levels).count * 2)
    // Examples with nothing expected are refused, with what was typed kept.
    let refused = try post(
      path, typing(fields, ["expect:\(key)": "", "examples:\(key)": "Runs the weekly review"]))
    #expect(refused.status == 422)
    #expect(text(refused).contains("Runs the weekly review"))
    #expect(try framework() == before)
    let saved = try post(
      path,
      typing(
        fields,
        [
          "expect:\(key)": "Asks for help early",
          "examples:\(key)": "Pairs on a hard bug\r\n\r\nNames a blocker",
        ]))
    #expect(saved.status == 303)
    let after = try #require(try framework().areas[0].competencies.first { $0.slug == competency.slug })
    #expect(
      after.expectations[key]
        == .init(description: "Asks for help early", examples: ["Pairs on a hard bug", "Names a blocker"]))
    let others = after.expectations.filter { $0.key != key }
    #expect(others == competency.expectations.filter { $0.key != key }, "the other levels are unchanged")
  }

  // MARK: History

  @Test func everySaveIsAVersionThatCanBeBroughtBack() throws {
    let before = try framework()
    #expect(text(try get("/framework/history")).contains("No saved versions yet"))
    let path = "/framework/edit/tracks"
    let fields = try drawn(try get(path), path)
    #expect(try post(path, typing(fields, ["t0-name": "Engineering"]) + [("do", "save")]).status == 303)
    let history = text(try get("/framework/history"))
    #expect(history.contains("The framework as it stood when its history began."))
    #expect(history.contains("Renamed the track “\(before.tracks[0].name)” to “Engineering”."))
    let role = before.roles[0]
    var renamed = try framework()
    renamed.roles[0].title = "Associate"
    let words = renamed.changes(from: try framework())
    #expect(
      words.contains {
        $0.hasPrefix("Renamed the role “\(role.title)” at ") && $0.hasSuffix(" to “Associate”.")
      })
    let versions = try server.services.frameworks.history(try priya())
    #expect(versions.total == 2)
    let first = try #require(versions.items.last)
    #expect(try server.services.frameworks.version(try priya(), number: first.number).framework == before)
    // The first version's page offers it back; bringing it back is a third version.
    let page = text(try get("/framework/history/\(first.number)"))
    #expect(page.contains("Bring this version back"))
    #expect(try post("/framework/history/\(first.number)/restore", []).status == 303)
    #expect(try framework() == before)
    #expect(try server.services.frameworks.history(try priya()).total == 3)
    // The API lists the same versions.
    let token = try server.services.accounts.createToken(try priya(), name: "history", from: .commandLine)
      .secret
    let listed = try server.client.request(
      "GET", "/api/v1/framework/versions", headers: [("Authorization", "Bearer \(token)")])
    #expect(listed.status == 200)
    #expect(text(listed).contains("\"total\":3"))
  }

  @Test func aGuideListsItsVersionsAndBringsOneBack() throws {
    let services = server.services
    let priya = try priya()
    let guide = try #require(try services.conversations.guides(priya).first { $0.isDefault })
    let number = guide.version.number
    try services.conversations.reviseGuide(
      priya, guide: guide.id, title: guide.title, purpose: guide.purpose,
      sections: [GuideSection(title: "Only one", prompts: ["What matters most now?"])])
    // Each version counts the conversations held with it, not those only scheduled.
    let first = try #require(
      try services.conversations.guideVersions(priya, guide: guide.id).items.first { $0.version.number == 1 })
    let (held, scheduled) = try server.database.withConnection { connection in
      (
        try connection.scalar(
          "SELECT count(*) FROM conversations WHERE guide_version_id = \(first.version.id) AND status = 'held'",
          as: Int.self) ?? 0,
        try connection.scalar(
          "SELECT count(*) FROM conversations WHERE guide_version_id = \(first.version.id) AND status = 'scheduled'",
          as: Int.self) ?? 0
      )
    }
    #expect(scheduled > 0, "the demo schedules conversations with the first version")
    #expect(first.conversations == held)
    let list = text(try get("/guides/\(guide.id)/versions"))
    #expect(list.contains("Version \(number + 1)"))
    #expect(list.contains("Version 1"))
    #expect(list.contains("Saved") && list.contains("Priya"))
    #expect(try post("/guides/\(guide.id)/versions/\(number)/restore", []).status == 303)
    let restored = try services.conversations.guide(priya, id: guide.id)
    #expect(restored.version.number == number + 2)
    #expect(restored.version.sections == guide.version.sections)
  }
}
