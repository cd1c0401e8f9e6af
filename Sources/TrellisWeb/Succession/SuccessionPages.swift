import Foundation
import HTML
import HTTP
import Trellis

/// Succession: key roles and potential successors for the people team; one's own nominations
/// for everyone, when the organization shares them.
enum SuccessionPages {
  struct SuccessorBody: Decodable {
    let personID: Int64
    let readiness: Readiness
    let development: String?
  }
  struct SharingBody: Codable { let shared: Bool }

  static func register(on router: Router, services: Services) {
    let succession = services.succession

    router.get("/succession") { request in
      let actor = try request.actor()
      let (limit, offset) = try request.paging()
      return Layout.render(
        page(
          try succession.keyRoles(actor, limit: limit, offset: offset), shared: try succession.sharing(actor),
          request: request),
        for: request)
    }
    router.post("/succession/roles") { request in
      let actor = try request.actor()
      let form = try request.form()
      let holder = try form["holder"].flatMap { $0.isEmpty ? nil : $0 }.map {
        try services.people.person(actor, named: $0, field: "holder")
      }
      let role = try succession.createKeyRole(
        actor,
        KeyRoleInput(
          title: form["title"] ?? "", team: form["team"], holderID: holder?.id, whyKey: form["whyKey"]))
      return Response.redirect(to: "/succession#role-\(role.id)").withNotice("\(role.title) is a key role.")
    }
    router.post("/succession/roles/:id/successors") { request in
      let actor = try request.actor()
      let form = try request.form()
      let person = try services.people.person(actor, named: form["email"] ?? "", field: "email")
      guard let readiness = Readiness(rawValue: form["readiness"] ?? "") else {
        throw ValidationError(field: "readiness", "must be ready now, 1-2 years or 3+ years")
      }
      let role = try succession.nameSuccessor(
        actor, role: try request.intParameter("id"), person: person.id, readiness: readiness,
        development: form["development"] ?? "")
      return Response.redirect(to: "/succession#role-\(role.id)").withNotice(
        "\(person.displayName) is named for \(role.title).")
    }
    router.post("/succession/successors/:id/remove") { request in
      try succession.removeSuccessor(try request.actor(), successor: try request.intParameter("id"))
      return Response.redirect(to: "/succession").withNotice("Taken off the list.")
    }
    router.post("/succession/sharing") { request in
      let shared = try request.form().ticked("shared")
      try succession.setShared(try request.actor(), shared)
      return Response.redirect(to: "/succession").withNotice(
        shared
          ? "People now see the roles they are named for (never the other names)."
          : "Nominations are no longer shown to the people named.")
    }
    router.get("/me/succession") { request in
      Layout.render(minePage(try succession.mine(try request.actor())), for: request)
    }

    router.get("/api/v1/succession/roles") { request in
      let (limit, offset) = try request.paging()
      return try .json(try succession.keyRoles(try request.actor(), limit: limit, offset: offset))
    }
    router.post("/api/v1/succession/roles") { request in
      try .json(
        try succession.createKeyRole(try request.actor(), try request.decodeJSON(KeyRoleInput.self)),
        status: .created)
    }
    router.post("/api/v1/succession/roles/:id/successors") { request in
      let body = try request.decodeJSON(SuccessorBody.self)
      return try .json(
        try succession.nameSuccessor(
          try request.actor(), role: try request.intParameter("id"), person: body.personID,
          readiness: body.readiness, development: body.development ?? ""))
    }
    router.delete("/api/v1/succession/successors/:id") { request in
      try succession.removeSuccessor(try request.actor(), successor: try request.intParameter("id"))
      return Response(status: .noContent)
    }
    router.get("/api/v1/succession/sharing") { request in
      try .json(SharingBody(shared: try succession.sharing(try request.actor())))
    }
    router.put("/api/v1/succession/sharing") { request in
      let body = try request.decodeJSON(SharingBody.self)
      try succession.setShared(try request.actor(), body.shared)
      return try .json(body)
    }
    router.get("/api/v1/me/succession") { request in try .json(try succession.mine(try request.actor())) }
  }

  static func page(_ roles: Trellis.Page<KeyRole>, shared: Bool, request: Request) -> Page {
    Page(title: "Succession", section: .people) {
      Node.h1 { "Succession" }
      Node.p(.class("lead")) {
        "Key roles and the people who could grow into them, with the development each needs. Only the people team sees this page."
      }
      Form.post("/succession/sharing", request: request, attributes: [.class("inline-form card")]) {
        Form.checkbox(
          "Show people the roles they are named for (never the other names)", name: "shared", checked: shared)
        Node.button(.type("submit"), .class("secondary small")) { "Save" }
      }
      if roles.items.isEmpty { Node.p(.class("empty")) { "No key role yet." } }
      for role in roles.items {
        Node.section(.class("card key-role"), .id("role-\(role.id)")) {
          Node.h2 { Node.text(role.title) }
          Node.p(.class("muted small")) {
            Node.text(
              [role.team, role.holderName.map { "held by \($0)" } ?? ""].filter { !$0.isEmpty }.joined(
                separator: " · "))
          }
          if !role.whyKey.isEmpty { Node.p { Node.text(role.whyKey) } }
          if role.successors.isEmpty { Node.p(.class("empty")) { "No one named yet." } }
          Node.ul {
            for successor in role.successors {
              Node.li {
                Node.a(.href("/people/\(successor.personID)")) { Node.text(successor.name) }
                Node.text(" · \(successor.readiness.rawValue)")
                if !successor.development.isEmpty { Node.text(" · needs: \(successor.development)") }
                Form.post(
                  "/succession/successors/\(successor.id)/remove", request: request,
                  attributes: [.class("inline-form")]
                ) {
                  Node.button(.type("submit"), .class("link-button small")) {
                    Node.text("Take \(successor.name) off")
                  }
                }
              }
            }
          }
          Form.post(
            "/succession/roles/\(role.id)/successors", request: request, attributes: [.class("inline-form")]
          ) {
            Form.person("Name someone", name: "email", required: true, id: "successor-\(role.id)")
            Form.select(
              "Readiness", name: "readiness",
              options: Readiness.allCases.map { ($0.rawValue, Words.sentence($0.rawValue)) }, selected: nil,
              id: "readiness-\(role.id)")
            Form.field("Development they need", name: "development", id: "development-\(role.id)")
            Node.button(.type("submit"), .class("secondary small")) { "Name" }
          }
        }
      }
      Pager.nav(roles) { "/succession?offset=\($0)" }
      Node.section(.class("card"), .id("new-role")) {
        Node.h2 { "Mark a key role" }
        Form.post("/succession/roles", request: request, attributes: [.class("grid-form")]) {
          Form.field("Role", name: "title", required: true)
          Form.field("Team", name: "team")
          Form.person("Held by", name: "holder")
          Form.textArea("Why it is key", name: "whyKey")
          Node.button(.type("submit")) { "Mark as key" }
        }
      }
    }
  }

  static func minePage(_ mine: MySuccession) -> Page {
    Page(title: "Roles you are named for", section: .people) {
      Node.h1 { "Roles you are named for" }
      if !mine.shared {
        Node.p(.class("empty")) {
          "Your organization does not share succession plans with the people named in them."
        }
      } else if mine.nominations.isEmpty {
        Node.p(.class("empty")) { "You are not named for a key role at the moment." }
      } else {
        Node.p(.class("lead")) {
          "Roles the people team sees you growing into, and what would help you get there."
        }
        Node.ul {
          for nomination in mine.nominations {
            Node.li {
              Node.strong { Node.text(nomination.roleTitle) }
              Node.text(
                (nomination.team.isEmpty ? "" : " (\(nomination.team))")
                  + " · \(nomination.readiness.rawValue)"
                  + (nomination.development.isEmpty ? "" : " · to grow: \(nomination.development)"))
            }
          }
        }
      }
    }
  }
}

/// The OpenAPI description of the succession operations.
enum SuccessionAPI {
  static let text: JSONValue = ["type": "string"]
  static let keyRole: JSONValue = [
    "type": "object", "required": ["id", "title", "team", "whyKey", "successors"],
    "properties": [
      "id": Spec.id, "title": text, "team": text, "holderID": Spec.optionalID,
      "holderName": ["type": ["string", "null"]], "whyKey": text,
      "successors": [
        "type": "array",
        "items": [
          "type": "object", "required": ["id", "personID", "name", "readiness", "development"],
          "properties": [
            "id": Spec.id, "personID": Spec.id, "name": text, "readiness": Spec.oneOf(Readiness.self),
            "development": text,
          ],
        ],
      ],
    ],
  ]
  static let sharing: JSONValue = [
    "type": "object", "required": ["shared"], "properties": ["shared": ["type": "boolean"]],
  ]
  static let changes = ["400", "401", "403", "404", "415", "422"]

  static let paths: [(String, JSONValue)] = [
    (
      "/api/v1/succession/roles",
      [
        "get": Spec.operation(
          "listKeyRoles", "Key roles and their potential successors (the people team)", tag: "succession",
          parameters: Spec.paging, success: ("200", "A page of key roles", Spec.page(of: keyRole)),
          errors: ["400", "401", "403"]),
        "post": Spec.operation(
          "createKeyRole", "Mark a key role (the people team)", tag: "succession",
          body: Spec.json([
            "type": "object", "required": ["title"],
            "properties": [
              "title": Spec.text(.keyRoleTitle), "team": Spec.text(.department, orNull: true),
              "holderID": Spec.optionalID, "whyKey": Spec.text(.whyKey, orNull: true),
            ],
          ]), success: ("201", "The key role", keyRole), errors: changes),
      ]
    ),
    (
      "/api/v1/succession/roles/{id}/successors",
      [
        "post": Spec.operation(
          "nameSuccessor", "Name (or re-rate) a potential successor (the people team)", tag: "succession",
          parameters: [Spec.idParameter()],
          body: Spec.json([
            "type": "object", "required": ["personID", "readiness"],
            "properties": [
              "personID": Spec.id, "readiness": Spec.oneOf(Readiness.self),
              "development": Spec.text(.successorDevelopment, orNull: true),
            ],
          ]), success: ("200", "The key role", keyRole), errors: changes)
      ]
    ),
    (
      "/api/v1/succession/successors/{id}",
      [
        "delete": Spec.operation(
          "removeSuccessor", "Take someone off a key role's list (the people team)", tag: "succession",
          parameters: [Spec.idParameter()], success: ("204", "Removed", nil), errors: ["401", "403", "404"])
      ]
    ),
    (
      "/api/v1/succession/sharing",
      [
        "get": Spec.operation(
          "getSuccessionSharing", "Whether people see the roles they are named for (the people team)",
          tag: "succession", success: ("200", "The setting", sharing), errors: ["401", "403"]),
        "put": Spec.operation(
          "setSuccessionSharing", "Show people the roles they are named for, or not (the people team)",
          tag: "succession", body: Spec.json(sharing), success: ("200", "The setting", sharing),
          errors: ["400", "401", "403", "415", "422"]),
      ]
    ),
    (
      "/api/v1/me/succession",
      [
        "get": Spec.operation(
          "getMySuccession", "The key roles you are named for, when your organization shares them",
          tag: "succession",
          success: (
            "200", "Your nominations",
            [
              "type": "object", "required": ["shared", "nominations"],
              "properties": [
                "shared": ["type": "boolean"],
                "nominations": [
                  "type": "array",
                  "items": [
                    "type": "object", "required": ["roleTitle", "team", "readiness", "development"],
                    "properties": [
                      "roleTitle": text, "team": text, "readiness": Spec.oneOf(Readiness.self),
                      "development": text,
                    ],
                  ],
                ],
              ],
            ]
          ), errors: ["401"])
      ]
    ),
  ]
}
