import Foundation
import HTML
import HTTP
import Trellis

/// The framework's tracks and their levels edited with fields (people team). A track or level
/// keeps its short name (slug) when renamed, so the roles at it and what competencies expect at
/// it stay attached.
enum TracksEditor: FrameworkEditor {
  static let path = "/framework/edit/tracks"
  static let saved = "The tracks and levels are saved."

  struct Level: Equatable {
    /// Empty for a level added here: it gets one from its name when saved.
    var slug: String
    var name: String
    var summary: String
  }

  struct Track: Equatable {
    var slug: String
    var name: String
    var description: String
    var levels: [Level]
  }

  static func rows(of framework: Framework) -> [Track] {
    framework.tracks.map { track in
      Track(
        slug: track.slug, name: track.name, description: track.description ?? "",
        levels: track.levels.map { Level(slug: $0.slug, name: $0.name, summary: $0.summary ?? "") })
    }
  }

  static func rows(from form: FormData) -> [Track] {
    var tracks: [Track] = []
    while let name = form["t\(tracks.count)-name"] {
      let t = tracks.count
      var levels: [Level] = []
      while let level = form["t\(t)-l\(levels.count)-name"] {
        let l = levels.count
        levels.append(
          Level(slug: form["t\(t)-l\(l)-slug"] ?? "", name: level, summary: form["t\(t)-l\(l)-summary"] ?? "")
        )
      }
      tracks.append(
        Track(
          slug: form["t\(t)-slug"] ?? "", name: name, description: form["t\(t)-description"] ?? "",
          levels: levels))
    }
    return tracks
  }

  /// A row button's change; the field to type in next when a row was added.
  static func apply(_ press: RowButtons.Press, to rows: inout [Track]) -> String? {
    let blankLevel = { Level(slug: "", name: "", summary: "") }
    switch press.thing {
    case "track":
      RowButtons.apply(press.verb, at: press.positions.first, to: &rows) {
        Track(slug: "", name: "", description: "", levels: [blankLevel()])
      }
      return press.verb == .add ? "t\(rows.count - 1)-name" : nil
    case "level":
      guard let t = press.positions.first, rows.indices.contains(t) else { return nil }
      RowButtons.apply(
        press.verb, at: press.positions.dropFirst().first, to: &rows[t].levels, new: blankLevel)
      return press.verb == .add ? "t\(t)-l\(rows[t].levels.count - 1)-name" : nil
    default:
      return nil
    }
  }

  /// Puts the rows into `framework`: rows with nothing typed are left out, and what competencies
  /// expected at a removed level goes with it (the history keeps it). A level a role is at cannot
  /// be removed: the role is moved first.
  static func save(_ rows: [Track], into framework: inout Framework) throws {
    var problems = Validator()
    var trackSlugs = Set(rows.map(\.slug).filter { !$0.isEmpty })
    var tracks: [Framework.Track] = []
    for (t, row) in rows.enumerated() {
      // A row with nothing typed is left out; one with anything typed is saved or refused.
      let named = row.levels.enumerated().filter {
        !($0.element.name + $0.element.summary).trimmed.isEmpty || !$0.element.slug.isEmpty
      }
      if (row.name + row.description).trimmed.isEmpty && row.slug.isEmpty && named.isEmpty { continue }
      TextRule.frameworkName.check(row.name, "t\(t)-name", in: &problems)
      TextRule.frameworkText.check(row.description, "t\(t)-description", in: &problems)
      problems.check(!named.isEmpty, "t\(t)-l0-name", "a track needs at least one level")
      var levelSlugs = Set(row.levels.map(\.slug).filter { !$0.isEmpty })
      var levels: [Framework.Level] = []
      for (l, level) in named {
        TextRule.frameworkName.check(level.name, "t\(t)-l\(l)-name", in: &problems)
        TextRule.frameworkText.check(level.summary, "t\(t)-l\(l)-summary", in: &problems)
        levels.append(
          Framework.Level(
            slug: FrameworkEditing.slug(level.slug, name: level.name, otherwise: "level", taken: &levelSlugs),
            name: level.name.trimmed, summary: level.summary.trimmed.nilIfEmpty))
      }
      tracks.append(
        Framework.Track(
          slug: FrameworkEditing.slug(row.slug, name: row.name, otherwise: "track", taken: &trackSlugs),
          name: row.name.trimmed, description: row.description.trimmed.nilIfEmpty, levels: levels))
    }
    let kept = Set(tracks.flatMap { track in track.levels.map { "\(track.slug)/\($0.slug)" } })
    for role in framework.roles where !kept.contains("\(role.track)/\(role.level)") {
      let track = framework.track(role.track)
      let level = track?.levels.first { $0.slug == role.level }
      problems.add(
        "roles",
        "the role “\(role.title)” is at \(track?.name ?? role.track) · \(level?.name ?? role.level), which this removes: move the role to another level first"
      )
    }
    try problems.throwIfInvalid()
    framework.tracks = tracks
    for a in framework.areas.indices {
      for c in framework.areas[a].competencies.indices {
        framework.areas[a].competencies[c].expectations = framework.areas[a].competencies[c].expectations
          .filter {
            kept.contains($0.key)
          }
      }
    }
  }

  static func page(_ rows: [Track], framework: Framework, focus: String?, request: Request) -> Page {
    FrameworkEditing.page(
      "Edit the tracks and levels",
      lead:
        "A track is a path people grow along (engineering, people management); its levels are the steps, lowest first. Renaming keeps the roles placed at a level and what each competency expects there. Removing a level removes those expectations too: earlier versions stay in the history.",
      action: path, save: "Save the tracks and levels", add: RowButtons.button("Add a track", "add-track"),
      request: request
    ) {
      for (t, track) in rows.enumerated() {
        Node.fieldset(.class("card guide-section")) {
          Node.legend { Node.text("Track \(t + 1)") }
          Node.input(.type("hidden"), .name("t\(t)-slug"), .value(track.slug))
          Form.field(
            "Name of track \(t + 1)", name: "t\(t)-name", value: track.name,
            extra: FrameworkEditing.focus("t\(t)-name", focus), id: "t\(t)-name")
          Form.field(
            "What track \(t + 1) is (optional)", name: "t\(t)-description", value: track.description,
            id: "t\(t)-description")
          Node.ol(.class("edit-rows pairs")) {
            for (l, level) in track.levels.enumerated() {
              Node.li {
                Node.input(.type("hidden"), .name("t\(t)-l\(l)-slug"), .value(level.slug))
                Form.field(
                  "Level \(l + 1)", name: "t\(t)-l\(l)-name", value: level.name,
                  extra: FrameworkEditing.focus("t\(t)-l\(l)-name", focus), id: "t\(t)-l\(l)-name")
                Form.field(
                  "Summary of level \(l + 1) (optional)", name: "t\(t)-l\(l)-summary", value: level.summary,
                  id: "t\(t)-l\(l)-summary")
                RowButtons.forRow(
                  "level", [t, l], index: l, count: track.levels.count,
                  name: "level \(l + 1) of track \(t + 1)")
              }
            }
          }
          Node.div(.class("row-buttons")) {
            RowButtons.button("Add a level", "add-level:\(t)", label: "Add a level to track \(t + 1)")
          }
          RowButtons.forRow("track", [t], index: t, count: rows.count, name: "track \(t + 1)", spelled: true)
        }
      }
    }
  }
}
