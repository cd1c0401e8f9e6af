import Foundation
import HTML
import HTTP
import Trellis

/// The framework's roles edited with fields (people team): add, rename, reorder and retire roles,
/// each placed at a track and level. A role keeps its short name (slug) when renamed, so the
/// people placed in it stay placed.
enum RolesEditor: FrameworkEditor {
  static let path = "/framework/edit/roles"
  static let saved = "The roles are saved."

  struct Row: Equatable {
    /// Empty for a role added here: it gets one from its title when saved.
    var slug: String
    var title: String
    /// "track/level".
    var place: String
    var description: String
  }

  static func rows(of framework: Framework) -> [Row] {
    framework.roles.map {
      Row(slug: $0.slug, title: $0.title, place: "\($0.track)/\($0.level)", description: $0.description ?? "")
    }
  }

  static func rows(from form: FormData) -> [Row] {
    var rows: [Row] = []
    while let title = form["r\(rows.count)-title"] {
      let index = rows.count
      rows.append(
        Row(
          slug: form["r\(index)-slug"] ?? "", title: title, place: form["r\(index)-place"] ?? "",
          description: form["r\(index)-description"] ?? ""))
    }
    return rows
  }

  static func apply(_ press: RowButtons.Press, to rows: inout [Row]) -> String? {
    guard press.thing == "role" else { return nil }
    RowButtons.apply(press.verb, at: press.positions.first, to: &rows) {
      Row(slug: "", title: "", place: "", description: "")
    }
    return press.verb == .add ? "r\(rows.count - 1)-title" : nil
  }

  static func save(_ rows: [Row], into framework: inout Framework) throws {
    framework.roles = try roles(rows, framework: framework)
  }

  /// The places a role may be at: every level of every track, as "track/level".
  static func places(_ framework: Framework) -> [(value: String, label: String)] {
    framework.tracks.flatMap { track in
      track.levels.map { ("\(track.slug)/\($0.slug)", "\(track.name) · \($0.name)") }
    }
  }

  /// The roles to save, in the order of the rows; rows with nothing typed are left out.
  static func roles(_ rows: [Row], framework: Framework) throws -> [Framework.Role] {
    var problems = Validator()
    let known = Set(places(framework).map(\.value))
    var taken = Set(rows.map(\.slug).filter { !$0.isEmpty })
    var roles: [Framework.Role] = []
    // A row with nothing typed is left out; one with anything typed is saved or refused.
    for (index, row) in rows.enumerated()
    where !(row.title + row.description).trimmed.isEmpty || !row.slug.isEmpty {
      TextRule.frameworkName.check(row.title, "r\(index)-title", in: &problems)
      TextRule.frameworkText.check(row.description, "r\(index)-description", in: &problems)
      guard known.contains(row.place) else {
        problems.add("r\(index)-place", "must be one of the framework's track levels")
        continue
      }
      let slug = FrameworkEditing.slug(row.slug, name: row.title, otherwise: "role", taken: &taken)
      let parts = row.place.split(separator: "/", maxSplits: 1).map(String.init)
      roles.append(
        Framework.Role(
          slug: slug, title: row.title.trimmed, track: parts[0], level: parts[1],
          description: row.description.trimmed.isEmpty ? nil : row.description.trimmed))
    }
    try problems.throwIfInvalid()
    return roles
  }

  static func page(_ rows: [Row], framework: Framework, focus: String?, request: Request) -> Page {
    let places = places(framework)
    return FrameworkEditing.page(
      "Edit the roles",
      lead:
        "Each role sits at a level of a track. Renaming a role keeps the people placed in it; removing one (when it is retired) leaves them without a role until they are placed again.",
      action: path, save: "Save the roles", add: RowButtons.button("Add a role", "add-role"), request: request
    ) {
      Node.ol(.class("edit-rows roles")) {
        for (index, row) in rows.enumerated() {
          Node.li {
            Node.input(.type("hidden"), .name("r\(index)-slug"), .value(row.slug))
            Form.field(
              "Role \(index + 1)", name: "r\(index)-title", value: row.title,
              extra: FrameworkEditing.focus("r\(index)-title", focus), id: "r\(index)-title")
            Form.select(
              "Track and level of role \(index + 1)", name: "r\(index)-place",
              options: (row.place.isEmpty ? [("", "Choose…")] : []) + places, selected: row.place,
              id: "r\(index)-place")
            Form.field(
              "What role \(index + 1) does (optional)", name: "r\(index)-description",
              value: row.description, id: "r\(index)-description")
            RowButtons.forRow("role", [index], index: index, count: rows.count, name: "role \(index + 1)")
          }
        }
      }
    }
  }
}
