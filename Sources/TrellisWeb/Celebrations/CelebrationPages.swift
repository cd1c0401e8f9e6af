import Foundation
import HTML
import HTTP
import Trellis

/// The celebration feed: finished milestones, plan items and goals, as their people chose to
/// share them, with kudos.
enum CelebrationPages {
  struct CelebrateBody: Decodable {
    let kind: CelebrationKind
    let subjectId: Int64
    let audience: CelebrationAudience
    let message: String?
  }

  static func register(on router: Router, services: Services) {
    let celebrations = services.celebrations

    router.get("/celebrations") { request in
      let actor = try request.actor()
      let before = try request.integerQuery("before", in: 1...Int(Int32.max)).map(Int64.init)
      let feed = try celebrations.feed(actor, before: before)
      return Layout.render(page(feed, actor: actor, paged: before != nil, request: request), for: request)
    }
    router.post("/celebrations") { request in
      let form = try request.form()
      guard let kind = CelebrationKind(rawValue: form["kind"] ?? "") else {
        throw ValidationError(field: "kind", "must be milestone, plan item or goal")
      }
      guard let audience = CelebrationAudience(rawValue: form["audience"] ?? "") else {
        throw ValidationError(field: "audience", "must be manager, team or everyone")
      }
      let celebration = try celebrations.celebrate(
        try request.actor(), kind: kind, subject: Int64(form["subject"] ?? "") ?? 0, audience: audience,
        message: form["message"] ?? "")
      return Response.redirect(to: "/celebrations#celebration-\(celebration.id)").withNotice(
        "Celebrated! \(CelebrationViews.audienceText(audience)) can see it.")
    }
    router.post("/celebrations/:id/kudos") { request in
      let id = try request.intParameter("id")
      let actor = try request.actor()
      // The form says what the kudos should become: given, or not.
      let withdraw = try request.form()["given"] == "false"
      let celebration =
        withdraw
        ? try celebrations.withdrawKudos(actor, celebration: id)
        : try celebrations.giveKudos(actor, celebration: id)
      return Response.redirect(to: "/celebrations#celebration-\(celebration.id)")
    }
    router.post("/celebrations/:id/withdraw") { request in
      try celebrations.withdraw(try request.actor(), celebration: try request.intParameter("id"))
      return Response.redirect(to: "/celebrations").withNotice("The celebration is taken back.")
    }

    router.get("/api/v1/celebrations") { request in
      try .json(
        try celebrations.feed(
          try request.actor(),
          before: try request.integerQuery("before", in: 1...Int(Int32.max)).map(Int64.init),
          limit: try request.integerQuery("limit", in: 1...100) ?? 30))
    }
    router.post("/api/v1/celebrations") { request in
      let body = try request.decodeJSON(CelebrateBody.self)
      return try .json(
        try celebrations.celebrate(
          try request.actor(), kind: body.kind, subject: body.subjectId, audience: body.audience,
          message: body.message ?? ""),
        status: .created)
    }
    router.delete("/api/v1/celebrations/:id") { request in
      try celebrations.withdraw(try request.actor(), celebration: try request.intParameter("id"))
      return Response(status: .noContent)
    }
    router.put("/api/v1/celebrations/:id/kudos") { request in
      try .json(try celebrations.giveKudos(try request.actor(), celebration: try request.intParameter("id")))
    }
    router.delete("/api/v1/celebrations/:id/kudos") { request in
      try .json(
        try celebrations.withdrawKudos(try request.actor(), celebration: try request.intParameter("id")))
    }
  }

  static func page(_ feed: [Celebration], actor: Actor, paged: Bool, request: Request) -> Page {
    Page(title: "Celebrations", section: .celebrations) {
      Node.h1 { "Celebrations" }
      Node.p(.class("lead")) {
        "Milestones reached, plan items done and goals achieved, shared by the people who got there. Celebrate your own from your plan or your goals."
      }
      if feed.isEmpty {
        Node.p(.class("empty")) { paged ? "Nothing older." : "Nothing to celebrate yet: it will come." }
      }
      for celebration in feed {
        Node.article(.class("card celebration"), .id("celebration-\(celebration.id)")) {
          Node.p(.class("muted small")) {
            Node.text(
              "\(CelebrationViews.kindText(celebration.kind)) · \(Dates.day(celebration.createdAt)) · seen by \(CelebrationViews.audienceText(celebration.audience).lowercased())"
            )
          }
          Node.h2 {
            Node.a(.href("/people/\(celebration.personID)")) { Node.text(celebration.personName) }
            Node.text(" · \(celebration.title)")
          }
          if !celebration.message.isEmpty { Node.p { Node.text(celebration.message) } }
          Node.p(.class("small")) {
            Node.text(
              celebration.kudos.isEmpty
                ? "No kudos yet." : "Kudos from \(celebration.kudos.joined(separator: ", ")).")
          }
          if celebration.personID == actor.id {
            Form.post(
              "/celebrations/\(celebration.id)/withdraw", request: request,
              attributes: [.class("inline-form")]
            ) {
              Node.button(.type("submit"), .class("secondary small")) { "Take back" }
            }
          } else {
            Form.post(
              "/celebrations/\(celebration.id)/kudos", request: request, attributes: [.class("inline-form")]
            ) {
              Node.input(.type("hidden"), .name("given"), .value(celebration.kudosGiven ? "false" : "true"))
              Node.button(
                .type("submit"), .class(celebration.kudosGiven ? "secondary small" : "small"),
                .aria("pressed", celebration.kudosGiven ? "true" : "false")
              ) { celebration.kudosGiven ? "Kudos given ✓" : "Give kudos" }
            }
          }
        }
      }
      if feed.count == 30, let last = feed.last {
        Node.p { Node.a(.href("/celebrations?before=\(last.id)")) { "Older celebrations →" } }
      }
    }
  }
}

/// The "Celebrate" form shown next to a finished milestone, plan item or goal.
enum CelebrationViews {
  static func key(_ kind: CelebrationKind, _ subject: Int64) -> String { "\(kind.rawValue):\(subject)" }

  static func keys(_ celebrations: [Celebration]) -> Set<String> {
    Set(celebrations.map { key($0.kind, $0.subjectID) })
  }

  static func kindText(_ kind: CelebrationKind) -> String {
    switch kind {
    case .milestone: "Milestone reached"
    case .planItem: "Plan item done"
    case .goal: "Goal achieved"
    }
  }

  static func audienceText(_ audience: CelebrationAudience) -> String {
    switch audience {
    case .manager: "Your manager"
    case .team: "Your team"
    case .everyone: "Everyone"
    }
  }

  static func celebrateForm(_ kind: CelebrationKind, _ subject: Int64, title: String, request: Request)
    -> Node
  {
    let id = "celebrate-\(kind == .planItem ? "item" : kind.rawValue)-\(subject)"
    // One form per thing to celebrate on a page: the key keeps a refused one apart from the rest.
    return Form.post(
      "/celebrations", request: request, key: id, attributes: [.class("inline-form celebrate")]
    ) {
      Node.input(.type("hidden"), .name("kind"), .value(kind.rawValue))
      Node.input(.type("hidden"), .name("subject"), .value(String(subject)))
      Form.select(
        "Who sees the celebration of “\(title)”", name: "audience",
        options: [("manager", "My manager"), ("team", "My team"), ("everyone", "Everyone")], selected: "team",
        id: "\(id)-audience", hiddenLabel: true)
      Form.field("A word about it (optional)", name: "message", id: id)
      Node.button(.type("submit"), .class("small")) { "Celebrate 🎉" }
    }
  }
}

/// The OpenAPI description of the celebration operations.
enum CelebrationAPI {
  static let celebration: JSONValue = [
    "type": "object",
    "required": [
      "id", "personID", "personName", "kind", "subjectID", "title", "message", "audience", "createdAt",
      "kudos",
      "kudosGiven",
    ],
    "properties": [
      "id": Spec.id, "personID": Spec.id, "personName": ["type": "string"],
      "kind": Spec.oneOf(CelebrationKind.self),
      "subjectID": Spec.id, "title": ["type": "string"], "message": ["type": "string"],
      "audience": Spec.oneOf(CelebrationAudience.self),
      "createdAt": ["type": "string", "format": "date-time"],
      "kudos": ["type": "array", "items": ["type": "string"], "description": "Who gave kudos, oldest first"],
      "kudosGiven": ["type": "boolean"],
    ],
  ]

  static let paths: [(String, JSONValue)] = [
    (
      "/api/v1/celebrations",
      [
        "get": Spec.operation(
          "listCelebrations", "Celebrations you may see, newest first", tag: "celebrations",
          parameters: [
            [
              "name": "before", "in": "query", "required": false, "description": "Page back: ids below this",
              "schema": Spec.id,
            ],
            [
              "name": "limit", "in": "query", "required": false,
              "schema": ["type": "integer", "minimum": 1, "maximum": 100],
            ],
          ],
          success: ("200", "Celebrations", ["type": "array", "items": celebration]), errors: ["400", "401"]),
        "post": Spec.operation(
          "celebrate", "Celebrate your finished milestone, plan item or achieved goal, for whom you choose",
          tag: "celebrations",
          body: Spec.json([
            "type": "object", "required": ["kind", "subjectId", "audience"],
            "properties": [
              "kind": Spec.oneOf(CelebrationKind.self),
              "subjectId": Spec.id,
              "audience": Spec.oneOf(CelebrationAudience.self),
              "message": Spec.text(.celebrationMessage, orNull: true),
            ],
          ]),
          success: ("201", "The celebration", celebration),
          errors: ["400", "401", "404", "409", "415", "422"]),
      ]
    ),
    (
      "/api/v1/celebrations/{id}",
      [
        "delete": Spec.operation(
          "withdrawCelebration", "Take your celebration back", tag: "celebrations",
          parameters: [Spec.idParameter()], success: ("204", "Taken back", nil),
          errors: ["401", "403", "404"])
      ]
    ),
    (
      "/api/v1/celebrations/{id}/kudos",
      [
        "put": Spec.operation(
          "giveKudos", "Kudos on a celebration you see (not your own)", tag: "celebrations",
          parameters: [Spec.idParameter()], success: ("200", "The celebration", celebration),
          errors: ["401", "404", "422"]),
        "delete": Spec.operation(
          "withdrawKudos", "Take your kudos back", tag: "celebrations", parameters: [Spec.idParameter()],
          success: ("200", "The celebration", celebration), errors: ["401", "404"]),
      ]
    ),
  ]
}
