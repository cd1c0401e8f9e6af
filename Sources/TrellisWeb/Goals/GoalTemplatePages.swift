import Foundation
import HTML
import HTTP
import Trellis

/// Goal templates: the people team writes one and gives it to a team, or everyone, at once.
enum GoalTemplatePages {
  struct TemplateBody: Decodable {
    let title: String
    let description: String?
    let horizon: GoalHorizon
    let objectiveID: Int64?
  }
  struct AssignmentBody: Decodable { let team: String? }
  struct Assigned: Encodable { let assigned: Int }

  static func register(on router: Router, services: Services) {
    let goals = services.goals

    router.get("/goal-templates") { request in
      let actor = try request.actor()
      return Layout.render(
        page(
          try goals.templates(actor), objectives: try goals.alignable(actor),
          teams: try services.people.departments(actor), request: request),
        for: request)
    }
    router.post("/goal-templates") { request in
      let form = try request.form()
      _ = try goals.createTemplate(
        try request.actor(), title: form["title"] ?? "", description: form["description"] ?? "",
        horizon: try form.choice("horizon", default: GoalHorizon.shortTerm),
        objectiveID: try form.optionalID("objectiveID"))
      return Response.redirect(to: "/goal-templates").withNotice("The template is added.")
    }
    router.post("/goal-templates/:id/assignments") { request in
      let count = try goals.assign(
        try request.actor(), template: try request.intParameter("id"), team: try request.form()["team"] ?? "")
      return Response.redirect(to: "/goal-templates").withNotice("\(count) people received the goal.")
    }

    router.get("/api/v1/goal-templates") { request in try .json(try goals.templates(try request.actor())) }
    router.post("/api/v1/goal-templates") { request in
      let body = try request.decodeJSON(TemplateBody.self)
      return try .json(
        try goals.createTemplate(
          try request.actor(), title: body.title, description: body.description ?? "", horizon: body.horizon,
          objectiveID: body.objectiveID),
        status: .created)
    }
    router.post("/api/v1/goal-templates/:id/assignments") { request in
      let body = try request.decodeJSON(AssignmentBody.self)
      return try .json(
        Assigned(
          assigned: try goals.assign(
            try request.actor(), template: try request.intParameter("id"), team: body.team ?? "")))
    }
  }

  static func page(_ templates: [GoalTemplate], objectives: [Objective], teams: [String], request: Request)
    -> Page
  {
    Page(title: "Goal templates", section: .goals) {
      Node.p { Node.a(.href("/goals")) { "← Goals" } }
      Node.h1 { "Goal templates" }
      Node.p(.class("lead")) {
        "A goal many people share, given to a team or to everyone; each person then owns their copy."
      }
      if templates.isEmpty {
        Node.p(.class("empty")) {
          "No templates yet. Make one below for a goal many people share (a course everyone takes, a team's skill), then give it to a team or to everyone."
        }
      }
      for template in templates {
        Node.article(.class("card")) {
          Node.h2 { Node.text(template.title) }
          if !template.description.isEmpty { Node.p { Node.text(template.description) } }
          Node.p(.class("muted small")) {
            Node.text(
              "\(Words.sentence(template.horizon.rawValue)) · \(Words.count(template.assigned, "person has", "people have")) it"
            )
          }
          Form.post(
            "/goal-templates/\(template.id)/assignments", request: request,
            attributes: [.class("inline-form")]
          ) {
            Form.select(
              "Give it to", name: "team", options: [("", "Everyone")] + teams.map { ($0, $0) }, selected: "",
              id: "team-\(template.id)")
            Node.button(.type("submit"), .class("secondary small")) { "Assign" }
          }
        }
      }
      Node.section(.class("card")) {
        Node.h2 { "New template" }
        Form.post("/goal-templates", request: request, attributes: [.class("grid-form")]) {
          Form.field("Goal", name: "title", required: true, id: "template-title")
          Form.field("More about it", name: "description", id: "template-description")
          Form.select(
            "Horizon", name: "horizon",
            options: GoalHorizon.allCases.map { ($0.rawValue, Words.sentence($0.rawValue)) }, selected: nil,
            id: "template-horizon")
          Form.select(
            "Towards objective", name: "objectiveID",
            options: [("", "—")] + objectives.map { (String($0.id), $0.title) }, selected: nil,
            id: "template-objective")
          Node.button(.type("submit")) { "Add template" }
        }
      }
    }
  }
}

extension GoalAPI {
  static let templatePaths: [(String, JSONValue)] = [
    (
      "/api/v1/goal-templates",
      [
        "get": Spec.operation(
          "listGoalTemplates", "Goal templates (people team)", tag: "goals",
          success: ("200", "Templates", ["type": "array", "items": ["type": "object"]]),
          errors: ["401", "403"]),
        "post": Spec.operation(
          "createGoalTemplate", "A goal template (people team)", tag: "goals",
          body: Spec.json([
            "type": "object", "required": ["title", "horizon"],
            "properties": [
              "title": Spec.text(.goalTitle), "description": Spec.text(.goalDescription, orNull: true),
              "horizon": Spec.oneOf(GoalHorizon.self),
              "objectiveID": Spec.optionalID,
            ],
          ]), success: ("201", "The template", ["type": "object"]),
          errors: ["400", "401", "403", "415", "422"]),
      ]
    ),
    (
      "/api/v1/goal-templates/{id}/assignments",
      [
        "post": Spec.operation(
          "assignGoalTemplate", "Give the template's goal to a team (or everyone: team null) (people team)",
          tag: "goals",
          parameters: [Spec.idParameter()],
          body: Spec.json(["type": "object", "properties": ["team": Spec.text(.department, orNull: true)]]),
          success: (
            "200", "How many received it",
            ["type": "object", "required": ["assigned"], "properties": ["assigned": ["type": "integer"]]]
          ),
          errors: ["400", "401", "403", "404", "415"])
      ]
    ),
  ]
}
