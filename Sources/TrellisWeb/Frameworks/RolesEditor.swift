import Foundation
import HTML
import HTTP
import Trellis

/// The framework's roles edited with fields (people team): add, rename, reorder and retire roles,
/// each placed at a track and level. A role keeps its short name (slug) when renamed, so the
/// people placed in it stay placed.
enum RolesEditor {
  static let path = "/framework/edit/roles"

  struct Row: Equatable {
    /// Empty for a role added here: it gets one from its title when saved.
    var slug: String
    var title: String
    /// "track/level".
    var place: String
    var description: String
  }

  static func register(on router: Router, services: Services) {
    let frameworks = services.frameworks
    router.get(path) { request in
      let actor = try request.actor()
      try Policy.require(actor, .manageGuides)
      let framework = try frameworks.framework(actor)
      let rows = request[FormReplay.self].map { Self.rows(from: $0.typed) } ?? Self.rows(of: framework)
      return Layout.render(page(rows, framework: framework, request: request), for: request)
    }
    router.post(path) { request in
      let actor = try request.actor()
      try Policy.require(actor, .manageGuides)
      let form = try request.form()
      var framework = try frameworks.framework(actor)
      var rows = Self.rows(from: form)
      if let press = RowButtons.press(form["do"] ?? ""), press.thing == "role" {
        RowButtons.apply(press.verb, at: press.positions.first, to: &rows) {
          Row(slug: "", title: "", place: "", description: "")
        }
        let focus = press.verb == .add ? "r\(rows.count - 1)-title" : nil
        return Layout.render(page(rows, framework: framework, focus: focus, request: request), for: request)
      }
      framework.roles = try roles(rows, framework: framework)
      try frameworks.replace(actor, with: framework)
      return Response.redirect(to: "/framework").withNotice("The roles are saved.")
    }
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

  /// The places a role may be at: every level of every track, as "track/level".
  static func places(_ framework: Framework) -> [(value: String, label: String)] {
    framework.tracks.flatMap { track in
      track.levels.map { ("\(track.slug)/\($0.slug)", "\(track.name) · \($0.name)") }
    }
  }

  /// The roles to save, in the order of the rows; rows left without a title are dropped.
  static func roles(_ rows: [Row], framework: Framework) throws -> [Framework.Role] {
    var problems = Validator()
    let known = Set(places(framework).map(\.value))
    var taken = Set(rows.map(\.slug).filter { !$0.isEmpty })
    var roles: [Framework.Role] = []
    for (index, row) in rows.enumerated() where !row.title.trimmed.isEmpty || !row.slug.isEmpty {
      problems.check(!row.title.trimmed.isEmpty, "r\(index)-title", "is required: a role needs a title")
      guard known.contains(row.place) else {
        problems.add("r\(index)-place", "must be one of the framework's track levels")
        continue
      }
      var slug = row.slug
      if slug.isEmpty {
        slug = Slug.unique(Slug.make(row.title, otherwise: "role", asciiOnly: true), taken: taken)
        taken.insert(slug)
      }
      let parts = row.place.split(separator: "/", maxSplits: 1).map(String.init)
      roles.append(
        Framework.Role(
          slug: slug, title: row.title.trimmed, track: parts[0], level: parts[1],
          description: row.description.trimmed.isEmpty ? nil : row.description.trimmed))
    }
    try problems.throwIfInvalid()
    return roles
  }

  static func page(_ rows: [Row], framework: Framework, focus: String? = nil, request: Request) -> Page {
    let places = places(framework)
    return Page(title: "Edit the roles", section: .framework) {
      Node.p { Node.a(.href("/framework/edit")) { "← Edit the framework" } }
      Node.h1 { "Roles" }
      Node.p(.class("lead")) {
        "Each role sits at a level of a track. Renaming a role keeps the people placed in it; removing one (when it is retired) leaves them without a role until they are placed again."
      }
      Form.post(path, request: request, attributes: [.class("row-editor")]) {
        Node.div(.class("actions")) { saveButton }
        Node.ol(.class("edit-rows roles")) {
          for (index, row) in rows.enumerated() {
            Node.li {
              Node.input(.type("hidden"), .name("r\(index)-slug"), .value(row.slug))
              Form.field(
                "Role \(index + 1)", name: "r\(index)-title", value: row.title,
                extra: focus == "r\(index)-title" ? [.flag("autofocus")] : [], id: "r\(index)-title")
              Form.select(
                "Track and level of role \(index + 1)", name: "r\(index)-place",
                options: (row.place.isEmpty ? [("", "Choose…")] : []) + places, selected: row.place,
                id: "r\(index)-place")
              Form.field(
                "What role \(index + 1) does (optional)", name: "r\(index)-description",
                value: row.description,
                id: "r\(index)-description")
              RowButtons.forRow("role", [index], index: index, count: rows.count, name: "role \(index + 1)")
            }
          }
        }
        Node.div(.class("actions")) {
          RowButtons.button("Add a role", "add-role")
          saveButton
        }
      }
    }
  }

  static let saveButton: Node = .element(
    "button", [.type("submit"), .name("do"), .value("save")], [.text("Save the roles")])
}
