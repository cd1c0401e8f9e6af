import Foundation
import HTML
import HTTP
import Trellis

/// Transparent pathways: the framework for everyone, roles side by side, editing for the people team.
enum FrameworkPages {
  static func register(on router: Router, services: Services) {
    let frameworks = services.frameworks

    router.get("/framework") { request in
      let actor = try request.actor()
      return Layout.render(overview(try frameworks.framework(actor), actor: actor), for: request)
    }
    router.get("/framework/roles/:slug") { request in
      let framework = try frameworks.framework(try request.actor())
      guard let role = framework.role(try request.parameter("slug")) else { throw NotFound("role") }
      return Layout.render(rolePage(role, framework), for: request)
    }
    router.get("/framework/compare") { request in
      let actor = try request.actor()
      let framework = try frameworks.framework(actor)
      let from = request.query("from") ?? framework.roles.first?.slug ?? ""
      let to = request.query("to") ?? framework.roles.dropFirst().first?.slug ?? from
      let comparison = framework.roles.isEmpty ? nil : try frameworks.compare(actor, from: from, to: to)
      return Layout.render(comparePage(framework, comparison), for: request)
    }
    router.get("/framework/export.yaml") { request in
      Response.text(try frameworks.framework(try request.actor()).yaml(), type: "application/yaml")
        .asDownload(named: "framework.yaml")
    }
    router.get("/framework/export.json") { request in
      try Response.json(try frameworks.framework(try request.actor())).asDownload(named: "framework.json")
    }
    router.get("/framework/edit") { request in
      let actor = try request.actor()
      try Policy.require(actor, .manageGuides)
      let text = try frameworks.framework(actor).yaml()
      return Layout.render(editPage(text: text, request: request), for: request)
    }
    router.post("/framework") { request in
      let actor = try request.actor()
      try Policy.require(actor, .manageGuides)
      let form = try request.form()
      // An empty file input is still sent, as an empty file: the text area counts then.
      let upload = form.file("file").flatMap {
        $0.data.isEmpty ? nil : String(decoding: $0.data, as: UTF8.self)
      }
      let text = upload ?? form["framework"] ?? ""
      let framework: Framework
      do {
        // JSON is told apart by its opening brace; anything else is read as YAML.
        let isJSON = text.drop { $0.isWhitespace }.first == "{"
        framework =
          isJSON ? try JSONBody.decode(Framework.self, from: Array(text.utf8)) : try Framework(yaml: text)
      } catch let error as HTTPError where error.fieldErrors.isEmpty {
        // Text that does not parse is a problem with the field, shown beside it.
        throw ValidationError(field: "framework", error.detail ?? error.title)
      }
      try frameworks.replace(actor, with: framework)
      return Response.redirect(to: "/framework").withNotice("The framework is saved.")
    }

    router.get("/api/v1/framework") { request in try .json(try frameworks.framework(try request.actor())) }
    router.put("/api/v1/framework") { request in
      let actor = try request.actor()
      try Policy.require(actor, .manageGuides)
      try frameworks.replace(actor, with: try request.decodeJSON(Framework.self))
      return try .json(try frameworks.framework(actor))
    }
    router.get("/api/v1/framework/yaml") { request in
      Response.text(try frameworks.framework(try request.actor()).yaml(), type: "application/yaml")
    }
    router.put("/api/v1/framework/yaml") { request in
      let actor = try request.actor()
      try Policy.require(actor, .manageGuides)
      guard ["application/yaml", "application/x-yaml", "text/yaml"].contains(request.mediaType ?? "") else {
        throw HTTPError.unsupportedMediaType(request.headers["content-type"], expected: ["application/yaml"])
      }
      guard let text = String(validating: try request.checkedBody(), as: UTF8.self) else {
        throw HTTPError.badRequest("The YAML is not valid UTF-8.")
      }
      try frameworks.replace(actor, with: try Framework(yaml: text))
      return try .json(try frameworks.framework(actor))
    }
    router.get("/api/v1/framework/compare") { request in
      guard let from = request.query("from"), let to = request.query("to") else {
        throw HTTPError.badRequest("Give the two roles to compare as ?from=ROLE&to=ROLE.")
      }
      return try .json(try frameworks.compare(try request.actor(), from: from, to: to))
    }
  }

  static func overview(_ framework: Framework, actor: Actor) -> Page {
    Page(title: "Career framework", section: .framework) {
      Node.h1 { "Career framework" }
      Node.p(.class("lead")) {
        "Tracks, levels and what each competency looks like at every level: the same for everyone."
      }
      Node.nav(.class("subnav")) {
        Node.a(.class("button"), .href("/framework/compare")) { "Compare two roles" }
        if Policy.allows(actor, .manageGuides) {
          Node.a(.class("button secondary"), .href("/framework/edit")) { "Edit the framework" }
        }
        Node.a(.class("button secondary"), .href("/framework/export.yaml")) { "Download as YAML" }
        Node.a(.class("button secondary"), .href("/framework/export.json")) { "Download as JSON" }
      }
      if framework.tracks.isEmpty {
        Node.p(.class("empty")) { "No framework yet. The people team can import one." }
      }
      for track in framework.tracks {
        Node.section(.class("card")) {
          Node.h2 { Node.text(track.name) }
          if let description = track.description { Node.p { Node.text(description) } }
          Node.ol(.class("levels")) {
            for level in track.levels {
              Node.li {
                Node.strong { Node.text(level.name) }
                if let summary = level.summary { Node.text(" — \(summary)") }
                let roles = framework.roles.filter { $0.track == track.slug && $0.level == level.slug }
                if !roles.isEmpty {
                  Node.div(.class("role-links")) {
                    for role in roles {
                      Node.a(.class("badge"), .href("/framework/roles/\(role.slug)")) {
                        Node.text(role.title)
                      }
                    }
                  }
                }
              }
            }
          }
        }
      }
      for area in framework.areas {
        Node.section(.class("card")) {
          Node.h2 { Node.text(area.name) }
          Node.ul {
            for competency in area.competencies {
              Node.li {
                Node.strong { Node.text(competency.name) }
                Node.text(competency.description.map { ": \($0)" } ?? "")
              }
            }
          }
        }
      }
    }
  }

  static func rolePage(_ role: Framework.Role, _ framework: Framework) -> Page {
    let track = framework.track(role.track)
    let level = track?.levels.first { $0.slug == role.level }
    return Page(title: role.title, section: .framework) {
      Node.p { Node.a(.href("/framework")) { "← Framework" } }
      Node.h1 { Node.text(role.title) }
      Node.p(.class("lead")) { Node.text("\(track?.name ?? role.track) · \(level?.name ?? role.level)") }
      if let description = role.description { Node.p { Node.text(description) } }
      for area in framework.areas {
        Node.section(.class("card")) {
          Node.h2 { Node.text(area.name) }
          Node.dl(.class("answers")) {
            for competency in area.competencies {
              Node.dt { Node.text(competency.name) }
              Node.dd {
                Node.text(
                  competency.expectations["\(role.track)/\(role.level)"]?.description
                    ?? "No expectation at this level.")
              }
            }
          }
        }
      }
      Node.p { Node.a(.href("/framework/compare?from=\(role.slug)")) { "Compare with another role" } }
    }
  }

  static func comparePage(_ framework: Framework, _ comparison: RoleComparison?) -> Page {
    Page(title: "Compare roles", section: .framework) {
      Node.p { Node.a(.href("/framework")) { "← Framework" } }
      Node.h1 { "Compare two roles" }
      Node.form(.method("get"), .action("/framework/compare"), .class("filters")) {
        for (name, label, selected) in [
          ("from", "From", comparison?.from.slug), ("to", "To", comparison?.to.slug),
        ] {
          Form.select(
            label, name: name, options: framework.roles.map { ($0.slug, $0.title) }, selected: selected)
        }
        Node.button(.type("submit")) { "Compare" }
      }
      if let comparison {
        Node.table(.class("compare")) {
          Node.thead {
            Node.tr {
              Node.th { "Competency" }
              Node.th { Node.text(comparison.from.title) }
              Node.th { Node.text(comparison.to.title) }
            }
          }
          Node.tbody {
            for row in comparison.rows {
              Node.tr(.class(row.changes ? "changes" : "same")) {
                Node.th {
                  Node.text(row.competency)
                  Node.span(.class("muted small")) { Node.text(" · \(row.area)") }
                }
                Node.td { Node.text(row.from?.description ?? "—") }
                Node.td { Node.text(row.to?.description ?? "—") }
              }
            }
          }
        }
      }
    }
  }

  static func editPage(text: String, request: Request) -> Page {
    Page(title: "Edit the framework", section: .framework) {
      Node.p { Node.a(.href("/framework")) { "← Framework" } }
      Node.h1 { "Edit the framework" }
      Node.nav(.class("subnav"), .aria("label", "Edit one part")) {
        Node.a(.class("button"), .href(TracksEditor.path)) { "Tracks and levels" }
        Node.a(.class("button"), .href(CompetenciesEditor.path)) { "Competencies" }
        Node.a(.class("button"), .href(RolesEditor.path)) { "Roles" }
        Node.a(.class("button secondary"), .href(FrameworkHistoryPages.path)) { "History" }
      }
      Node.p {
        "The framework as YAML: tracks with their levels, areas, topics (competencies) with what is expected at each level (criteria and examples), and roles placed at a track and level. The JSON exchange format is accepted too. Saving replaces the whole framework, or nothing if anything is wrong; each problem names where it is."
      }
      Node.p {
        Node.a(.href("/framework/export.yaml")) { "Download as YAML" }
        " · "
        Node.a(.href("/framework/export.json")) { "Download as JSON" }
      }
      Form.post("/framework", request: request, attributes: [Attribute("enctype", "multipart/form-data")]) {
        Form.textArea(
          "Framework (YAML or JSON)", name: "framework", value: text, rows: 24, extra: [.class("code")])
        Form.field(
          "Or upload a YAML or JSON file", name: "file", type: "file",
          extra: [Attribute("accept", ".yaml,.yml,.json,application/yaml,application/json")])
        Node.button(.type("submit")) { "Save the framework" }
      }
    }
  }
}

/// The OpenAPI description of the framework operations.
enum FrameworkAPI {
  static let any: JSONValue = ["type": "object"]
  static func object(_ required: [String], _ properties: [(String, JSONValue)]) -> JSONValue {
    ["type": "object", "required": .array(required.map(JSONValue.string)), "properties": .object(properties)]
  }
  static let slug = Spec.slug()
  static let name = Spec.text(.frameworkName)
  static let optionalText = Spec.text(.frameworkText, orNull: true)

  /// The YAML document: topics carry their area and a list of levels with criteria and examples.
  static let yamlFramework: JSONValue = [
    "type": "object", "required": ["tracks", "areas", "topics", "roles"],
    "properties": [
      "tracks": ["type": "array", "items": ["type": "object", "required": ["slug", "name", "levels"]]],
      "areas": ["type": "array", "items": ["type": "object", "required": ["slug", "name"]]],
      "topics": [
        "type": "array",
        "items": object(
          ["slug", "name", "area", "levels"],
          [
            ("slug", slug), ("name", name), ("area", slug), ("description", optionalText),
            (
              "levels",
              [
                "type": "array",
                "items": object(
                  ["level", "criteria"],
                  [
                    ("level", ["type": "string", "description": "track/level"]),
                    ("criteria", ["type": "string"]),
                    ("examples", ["type": "array", "items": ["type": "string"]]),
                  ]),
              ]
            ),
          ]),
      ],
      "roles": [
        "type": "array", "items": ["type": "object", "required": ["slug", "title", "track", "level"]],
      ],
    ],
  ]

  /// The exchange format of the framework; order in arrays is the order shown.
  static let framework: JSONValue = [
    "type": "object", "required": ["tracks", "areas", "roles"],
    "description":
      "Tracks with levels; areas with competencies, each expectation keyed by track/level; roles at a track and level. Slugs are unique within their list.",
    "properties": [
      "tracks": Spec.list(
        .frameworkTracks,
        of: object(
          ["slug", "name", "levels"],
          [
            ("slug", slug), ("name", name), ("description", optionalText),
            (
              "levels",
              Spec.list(
                .frameworkLevels,
                of: object(["slug", "name"], [("slug", slug), ("name", name), ("summary", optionalText)]))
            ),
          ])),
      "areas": Spec.list(
        .frameworkAreas,
        of: object(
          ["slug", "name", "competencies"],
          [
            ("slug", slug), ("name", name),
            (
              "competencies",
              Spec.list(
                .frameworkCompetencies,
                of: object(
                  ["slug", "name", "expectations"],
                  [
                    ("slug", slug), ("name", name), ("description", optionalText),
                    (
                      "expectations",
                      [
                        "type": "object",
                        "description": "What is expected at each level, keyed by track/level",
                        "additionalProperties": object(
                          ["description"],
                          [
                            ("description", Spec.text(.expectation)),
                            (
                              "examples",
                              Spec.list(
                                .expectationExamples, of: Spec.text(.expectationExample), orNull: true)
                            ),
                          ]),
                      ]
                    ),
                  ]))
            ),
          ])),
      "roles": Spec.list(
        .frameworkRoles,
        of: object(
          ["slug", "title", "track", "level"],
          [
            ("slug", slug), ("title", name), ("track", slug), ("level", slug), ("description", optionalText),
          ])),
    ],
  ]

  static let growth: JSONValue = [
    "type": "object", "required": ["person", "gaps"],
    "properties": [
      "person": Spec.ref("Person"), "role": any, "targetRole": any, "selfAssessment": any,
      "managerAssessment": any, "gaps": ["type": "array", "items": any],
    ],
  ]

  static let paths: [(String, JSONValue)] = [
    (
      "/api/v1/people/{id}/growth",
      [
        "get": Spec.operation(
          "getGrowth",
          "Role, target role, both assessments and the gaps (the person and their manager; recorded)",
          tag: "framework", parameters: [Spec.idParameter()], success: ("200", "Growth", growth),
          errors: ["401", "403", "404"])
      ]
    ),
    (
      "/api/v1/people/{id}/growth/placement",
      [
        "put": Spec.operation(
          "placeOnRole",
          "Set the current role (people team or manager) and/or the target role (the person or manager); null clears",
          tag: "framework", parameters: [Spec.idParameter()],
          body: Spec.json([
            "type": "object",
            "properties": [
              "role": Spec.slug(orNull: true), "targetRole": Spec.slug(orNull: true),
            ],
          ]), success: ("204", "Saved", nil), errors: ["400", "401", "403", "404", "415", "422"])
      ]
    ),
    (
      "/api/v1/people/{id}/growth/assessment",
      [
        "put": Spec.operation(
          "assessCompetencies",
          "Your ratings of the person (self, or as their manager): 1 not yet … 4 exceeds",
          tag: "framework", parameters: [Spec.idParameter()],
          body: Spec.json([
            "type": "object", "required": ["ratings"],
            "properties": [
              "ratings": [
                "type": "object", "additionalProperties": ["type": "integer", "minimum": 1, "maximum": 4],
              ],
              "note": Spec.text(.assessmentNote, orNull: true),
            ],
          ]), success: ("200", "Growth", growth), errors: ["400", "401", "403", "404", "415", "422"])
      ]
    ),
    (
      "/api/v1/framework",
      [
        "get": Spec.operation(
          "getFramework", "The career framework (everyone)", tag: "framework",
          success: ("200", "The framework", framework),
          errors: ["401"]),
        "put": Spec.operation(
          "replaceFramework", "Replace the framework (people team); errors name the path of the bad element",
          tag: "framework", body: Spec.json(framework), success: ("200", "The framework", framework),
          errors: ["400", "401", "403", "415", "422"]),
      ]
    ),
    (
      "/api/v1/framework/yaml",
      [
        "get": Spec.operation(
          "getFrameworkYAML",
          "The framework as YAML: tracks, areas, topics with levels, criteria and examples, roles",
          tag: "framework", success: ("200", "The framework", yamlFramework), errors: ["401"],
          successMediaType: "application/yaml"),
        "put": Spec.operation(
          "replaceFrameworkYAML",
          "Replace the framework from YAML (people team); errors name the path and line of the bad element",
          tag: "framework", body: ["application/yaml": ["schema": ["type": "string"]]],
          success: ("200", "The framework", framework), errors: ["400", "401", "403", "413", "415", "422"]),
      ]
    ),
    (
      "/api/v1/framework/compare",
      [
        "get": Spec.operation(
          "compareRoles", "What changes between two roles, competency by competency", tag: "framework",
          parameters: ["from", "to"].map { name in
            [
              "name": .string(name), "in": "query", "required": true, "description": "Role slug",
              "schema": slug,
            ]
          },
          success: ("200", "The comparison", any), errors: ["400", "401", "404"])
      ]
    ),
  ]
}
