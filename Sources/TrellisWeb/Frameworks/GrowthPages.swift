import Foundation
import HTML
import HTTP
import Trellis

/// Someone's place in the framework, both views of their competencies, and the gaps.
enum GrowthPages {
  struct PlacementBody: Decodable {
    var role: String??
    var targetRole: String??

    enum CodingKeys: String, CodingKey { case role, targetRole }

    init(from decoder: Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      func nullable(_ key: CodingKeys) throws -> String?? {
        guard container.contains(key) else { return nil }
        return .some(
          try container.decodeNil(forKey: key) ? nil : try container.decode(String.self, forKey: key))
      }
      role = try nullable(.role)
      targetRole = try nullable(.targetRole)
    }
  }

  struct AssessmentBody: Decodable {
    let ratings: [String: Rating]
    let note: String?
  }

  static func register(on router: Router, services: Services) {
    let growth = services.growth

    router.get("/people/:id/growth") { request in
      let actor = try request.actor()
      let id = try request.intParameter("id")
      let framework = try services.frameworks.framework(actor)
      let relationship = try services.people.relationship(actor, to: id)
      return Layout.render(
        page(
          try growth.growth(actor, of: id, via: .web), framework: framework, actor: actor,
          relationship: relationship, request: request),
        for: request)
    }
    router.post("/people/:id/growth/placement") { request in
      let actor = try request.actor()
      let id = try request.intParameter("id")
      let form = try request.form()
      func choice(_ name: String) -> String?? {
        guard let value = form[name] else { return nil }
        return .some(value.isEmpty ? nil : value)
      }
      try growth.place(actor, person: id, role: choice("role"), target: choice("targetRole"))
      return Response.redirect(to: "/people/\(id)/growth").withNotice("Saved.")
    }
    router.post("/people/:id/growth/assessment") { request in
      let actor = try request.actor()
      let id = try request.intParameter("id")
      let form = try request.form()
      var ratings: [String: Rating] = [:]
      var problems = Validator()
      for (name, value) in form.fields where name.hasPrefix("rating-") && !value.isEmpty {
        // Left empty is not rated; anything but a rating on the scale is refused, never dropped.
        guard let rating = Int(value).flatMap(Rating.init(rawValue:)) else {
          problems.add(name, "must be a rating from Not yet to Exceeds")
          continue
        }
        ratings[String(name.dropFirst(7))] = rating
      }
      try problems.throwIfInvalid()
      try growth.assess(actor, person: id, ratings: ratings, note: form["note"] ?? "")
      return Response.redirect(to: "/people/\(id)/growth").withNotice("Your view is saved.")
    }

    router.get("/api/v1/people/:id/growth") { request in
      try .json(try growth.growth(try request.actor(), of: try request.intParameter("id"), via: .api))
    }
    router.put("/api/v1/people/:id/growth/placement") { request in
      let body = try request.decodeJSON(PlacementBody.self)
      let actor = try request.actor()
      let id = try request.intParameter("id")
      try growth.place(actor, person: id, role: body.role, target: body.targetRole)
      // No body: the people team may place someone without being allowed to read their growth.
      return Response(status: .noContent)
    }
    router.put("/api/v1/people/:id/growth/assessment") { request in
      let body = try request.decodeJSON(AssessmentBody.self)
      let actor = try request.actor()
      let id = try request.intParameter("id")
      try growth.assess(actor, person: id, ratings: body.ratings, note: body.note ?? "")
      return try .json(try growth.growth(actor, of: id, via: .api))
    }
  }

  static func page(
    _ growth: Growth, framework: Framework, actor: Actor, relationship: Relationship, request: Request
  ) -> Page {
    let person = growth.person
    let isSelf = actor.id == person.id
    let mine = isSelf ? growth.selfAssessment : growth.managerAssessment
    return Page(title: "Growth of \(person.displayName)", section: .people) {
      Node.p { Node.a(.href("/people/\(person.id)")) { Node.text("← \(person.displayName)") } }
      Node.h1 { Node.text(isSelf ? "My growth" : "Growth of \(person.displayName)") }
      Node.p(.class("muted small")) {
        Node.text(
          isSelf
            ? "Visible to you and your manager; their views are listed in your access history."
            : "Your view is recorded in \(person.displayName)’s access history.")
      }
      Node.section(.class("card")) {
        Node.h2 { "Role" }
        Form.post(
          "/people/\(person.id)/growth/placement", request: request, attributes: [.class("grid-form")]
        ) {
          if Policy.allows(actor, .placeOnRole, relationship) {
            roleSelect("role", "Current role", framework, selected: growth.role?.slug)
          } else {
            Node.p {
              Node.strong { "Current role: " }
              Node.text(growth.role?.title ?? "not set")
            }
          }
          roleSelect("targetRole", "Aiming for", framework, selected: growth.targetRole?.slug)
          Node.button(.type("submit"), .class("secondary")) { "Save" }
        }
        if let from = growth.role, let to = growth.targetRole {
          Node.p {
            Node.a(.href("/framework/compare?from=\(from.slug)&to=\(to.slug)")) {
              "See what changes from \(from.title) to \(to.title)"
            }
          }
        }
      }
      Node.section(.class("card")) {
        Node.h2 {
          Node.text(
            "Competencies against \(growth.targetRole?.title ?? growth.role?.title ?? "the framework")")
        }
        Node.dl(.class("scale-legend small")) {
          for rating in Rating.allCases {
            Node.dt { Node.text(rating.label) }
            Node.dd { Node.text(rating.meaning) }
          }
        }
        Form.post("/people/\(person.id)/growth/assessment", request: request) {
          Node.table(.class("gaps")) {
            Node.thead {
              Node.tr {
                Node.th { "Competency" }
                Node.th { "Expected" }
                Node.th { Node.text(isSelf ? "My view" : "Your view") }
                Node.th { Node.text(isSelf ? "Manager" : "\(person.displayName)’s view") }
              }
            }
            Node.tbody {
              for row in growth.gaps {
                Node.tr(.class(row.isGap ? "gap" : "")) {
                  Node.th {
                    Node.text(row.competency)
                    Node.span(.class("muted small")) { Node.text(" · \(row.area)") }
                  }
                  Node.td { Node.text(row.expected ?? "—") }
                  Node.td {
                    Form.select(
                      "Rating for \(row.competency)", name: "rating-\(row.competencySlug)",
                      options: [("", "—")] + Rating.allCases.map { (String($0.rawValue), $0.label) },
                      selected: mine?.ratings[row.competencySlug].map { String($0.rawValue) } ?? "",
                      id: "rating-\(row.competencySlug)", hiddenLabel: true)
                  }
                  Node.td {
                    let other = isSelf ? row.managerRating : row.selfRating
                    Node.text(other?.label ?? "—")
                    if row.isGap {
                      Node.span(.class("badge status-due_soon")) {
                        Node.text(Words.sentence(row.gapReason))
                      }
                      Node.a(
                        .href("/people/\(person.id)/plan?competency=\(row.competencySlug)#new-item"),
                        .class("small")
                      ) {
                        " Make it a plan item"
                      }
                    }
                  }
                }
              }
            }
          }
          Form.textArea("Note", name: "note", value: mine?.note ?? "")
          Node.button(.type("submit")) { "Save my view" }
        }
      }
    }
  }

  static func roleSelect(_ name: String, _ label: String, _ framework: Framework, selected: String?) -> Node {
    Form.select(
      label, name: name, options: [("", "Not set")] + framework.roles.map { ($0.slug, $0.title) },
      selected: selected)
  }
}
