import Foundation
import HTML
import HTTP
import Trellis

/// The framework's history (people team): every saved version with what changed, each one
/// readable whole and able to be brought back as the newest.
enum FrameworkHistoryPages {
  static let path = "/framework/history"

  static func register(on router: Router, services: Services) {
    let frameworks = services.frameworks
    router.get(path) { request in
      let actor = try request.actor()
      let (limit, offset) = try request.paging(defaultLimit: 20)
      let versions = try frameworks.history(actor, limit: limit, offset: offset)
      return Layout.render(list(versions, request: request), for: request)
    }
    router.get("\(path)/:number") { request in
      let actor = try request.actor()
      let (version, framework) = try frameworks.version(actor, number: try request.intParameter("number"))
      return Layout.render(page(version, framework: framework, request: request), for: request)
    }
    router.post("\(path)/:number/restore") { request in
      let actor = try request.actor()
      try frameworks.restore(actor, number: try request.intParameter("number"))
      return Response.redirect(to: path).withNotice(
        "That version is the framework again; the one before stays here.")
    }
    router.get("/api/v1/framework/versions") { request in
      let (limit, offset) = try request.paging()
      return try .json(try frameworks.history(try request.actor(), limit: limit, offset: offset))
    }
    router.get("/api/v1/framework/versions/:number") { request in
      let (version, framework) = try frameworks.version(
        try request.actor(), number: try request.intParameter("number"))
      return try .json(SavedFramework(version: version, framework: framework))
    }
    router.post("/api/v1/framework/versions/:number/restore") { request in
      let actor = try request.actor()
      try frameworks.restore(actor, number: try request.intParameter("number"))
      return try .json(try frameworks.framework(actor))
    }
  }

  struct SavedFramework: Encodable {
    let version: FrameworkVersion
    let framework: Framework
  }

  static func list(_ versions: Trellis.Page<FrameworkVersion>, request: Request) -> Page {
    Page(title: "History of the framework", section: .framework) {
      Node.p { Node.a(.href(FrameworkEditing.hub)) { "← Edit the framework" } }
      Node.h1 { "History of the framework" }
      Node.p(.class("lead")) {
        "Every saved framework, newest first, with what changed. Bringing an earlier version back saves it as the newest: nothing is lost."
      }
      if versions.items.isEmpty {
        Node.p(.class("empty")) {
          "No saved versions yet: the first save of the framework starts its history."
        }
      }
      Node.ol(.class("versions")) {
        for version in versions.items {
          Node.li(.class("card")) {
            Node.h2 {
              Node.a(.href("\(path)/\(version.number)")) { Node.text("Version \(version.number)") }
              if version.current {
                Node.text(" ")
                Node.span(.class("badge")) { "Current" }
              }
            }
            Node.p(.class("muted")) {
              Node.text("Saved \(Dates.dayAndTime(version.savedAt))")
              if let savedBy = version.savedBy { Node.text(" by \(savedBy)") }
            }
            changes(version)
          }
        }
      }
      Pager.nav(versions, label: "Pages of versions") { "\(path)?offset=\($0)" }
    }
  }

  static func changes(_ version: FrameworkVersion) -> Node {
    .ul(.class("changes")) {
      for line in version.changes { Node.li { Node.text(line) } }
      if version.changes.isEmpty { Node.li { "Nothing changed." } }
    }
  }

  static func page(_ version: FrameworkVersion, framework: Framework, request: Request) -> Page {
    Page(title: "Framework version \(version.number)", section: .framework) {
      Node.p { Node.a(.href(path)) { "← History of the framework" } }
      Node.h1 { Node.text("Framework version \(version.number)") }
      Node.p(.class("muted")) {
        Node.text("Saved \(Dates.dayAndTime(version.savedAt))")
        if let savedBy = version.savedBy { Node.text(" by \(savedBy)") }
        Node.text(
          " · \(framework.tracks.count) tracks, \(framework.areas.flatMap(\.competencies).count) competencies, \(framework.roles.count) roles"
        )
      }
      Node.h2 { "What changed" }
      changes(version)
      if version.current {
        Node.p { "This is the framework as it is now." }
      } else {
        Form.post("\(path)/\(version.number)/restore", request: request, attributes: [.class("actions")]) {
          Node.button(.type("submit")) { "Bring this version back" }
        }
      }
      Node.h2 { "The framework as YAML" }
      Node.element("pre", [.class("card yaml"), Attribute("tabindex", "0")]) { Node.text(framework.yaml()) }
    }
  }

  static let paths: [(String, JSONValue)] = [
    (
      "/api/v1/framework/versions",
      [
        "get": Spec.operation(
          "listFrameworkVersions", "Every saved framework, newest first, with what changed (people team)",
          tag: "framework", parameters: Spec.paging,
          success: ("200", "A page of versions", Spec.page(of: version)), errors: ["400", "401", "403"])
      ]
    ),
    (
      "/api/v1/framework/versions/{number}",
      [
        "get": Spec.operation(
          "getFrameworkVersion", "One saved framework, whole (people team)", tag: "framework",
          parameters: [number],
          success: (
            "200", "The version",
            [
              "type": "object", "required": ["version", "framework"],
              "properties": ["version": version, "framework": FrameworkAPI.framework],
            ]
          ), errors: ["400", "401", "403", "404"])
      ]
    ),
    (
      "/api/v1/framework/versions/{number}/restore",
      [
        "post": Spec.operation(
          "restoreFrameworkVersion", "Save an earlier version again as the newest (people team)",
          tag: "framework", parameters: [number], success: ("200", "The framework", FrameworkAPI.framework),
          errors: ["400", "401", "403", "404", "422"])
      ]
    ),
  ]

  static let number = Spec.idParameter("number")

  static let version: JSONValue = [
    "type": "object", "required": ["number", "savedAt", "changes", "current"],
    "properties": [
      "number": ["type": "integer"], "savedAt": ["type": "string", "format": "date-time"],
      "current": ["type": "boolean"],
      "savedBy": ["type": ["string", "null"]],
      "changes": ["type": "array", "items": ["type": "string"]],
    ],
  ]
}
