import Foundation
import HTTP
import Trellis

/// The goal operations of the JSON API: their routes and their OpenAPI description.
enum GoalAPI {
  struct ObjectiveBody: Decodable {
    let title: String
    let description: String?
    let period: String
    let team: String?
  }
  struct GoalUpdate: Decodable {
    let status: GoalStatus?
    let visibility: GoalVisibility?
  }
  struct CheckInBody: Decodable {
    let progress: Int?
    let note: String?
  }
  struct MilestoneBody: Decodable { let title: String }

  static func register(on router: Router, services: Services) {
    let goals = services.goals
    router.get("/api/v1/objectives") { request in
      let (limit, offset) = try request.paging()
      let team = request.query("team")
      return try .json(try goals.objectives(try request.actor(), team: team, limit: limit, offset: offset))
    }
    router.post("/api/v1/objectives") { request in
      let body = try request.decodeJSON(ObjectiveBody.self)
      return try .json(
        try goals.createObjective(
          try request.actor(), title: body.title, description: body.description ?? "", period: body.period,
          team: body.team ?? ""),
        status: .created)
    }
    router.get("/api/v1/people/:id/goals") { request in
      try .json(try goals.goals(try request.actor(), of: try request.intParameter("id"), via: .api))
    }
    router.post("/api/v1/me/goals") { request in
      try .json(
        try goals.create(try request.actor(), try request.decodeJSON(GoalInput.self)), status: .created)
    }
    router.patch("/api/v1/goals/:id") { request in
      let body = try request.decodeJSON(GoalUpdate.self)
      return try .json(
        try goals.update(
          try request.actor(), goal: try request.intParameter("id"), status: body.status,
          visibility: body.visibility))
    }
    router.post("/api/v1/goals/:id/milestones") { request in
      try .json(
        try goals.addMilestone(
          try request.actor(), goal: try request.intParameter("id"),
          title: try request.decodeJSON(MilestoneBody.self).title), status: .created)
    }
    router.post("/api/v1/goal-milestones/:id/completion") { request in
      try .json(try goals.completeMilestone(try request.actor(), milestone: try request.intParameter("id")))
    }
    router.post("/api/v1/goals/:id/checkins") { request in
      let body = try request.decodeJSON(CheckInBody.self)
      return try .json(
        try goals.checkIn(
          try request.actor(), goal: try request.intParameter("id"), progress: body.progress,
          note: body.note ?? ""),
        status: .created)
    }
  }

  static let text: JSONValue = ["type": "string"]
  static let goal: JSONValue = [
    "type": "object", "required": ["id", "title", "status", "progress", "visibility"],
  ]
  static let objective: JSONValue = ["type": "object", "required": ["id", "title", "period", "team"]]
  static let changes = ["400", "401", "403", "404", "415", "422"]

  static let paths: [(String, JSONValue)] = [
    (
      "/api/v1/objectives",
      [
        "get": Spec.operation(
          "listObjectives", "Objectives of the organization and its teams, the latest period first",
          tag: "goals",
          parameters: [
            Spec.query(
              "team", schema: Spec.text(.department),
              description: "Only this team's; empty: the organization's own")
          ] + Spec.paging,
          success: ("200", "A page of objectives", Spec.page(of: objective)), errors: ["400", "401"]),
        "post": Spec.operation(
          "createObjective", "An objective (people team; managers for their own team)", tag: "goals",
          body: Spec.json([
            "type": "object", "required": ["title", "period"],
            "properties": [
              "title": Spec.text(.goalTitle), "description": Spec.text(.goalDescription, orNull: true),
              "period": Spec.text(.goalPeriod), "team": Spec.text(.department, orNull: true),
            ],
          ]),
          success: ("201", "The objective", objective), errors: changes),
      ]
    ),
    (
      "/api/v1/people/{id}/goals",
      [
        "get": Spec.operation(
          "listGoals", "The goals of a person that you may see (recorded when not yours)", tag: "goals",
          parameters: [Spec.idParameter()], success: ("200", "Goals", ["type": "array", "items": goal]),
          errors: ["401", "404"])
      ]
    ),
    (
      "/api/v1/me/goals",
      [
        "post": Spec.operation(
          "createGoal", "A goal of your own, with who may see it", tag: "goals",
          body: Spec.json([
            "type": "object", "required": ["title", "horizon", "visibility"],
            "properties": [
              "title": Spec.text(.goalTitle), "description": Spec.text(.goalDescription, orNull: true),
              "horizon": Spec.oneOf(GoalHorizon.self),
              "objectiveID": Spec.optionalID,
              "visibility": ["type": "string", "enum": ["private", "manager", "everyone"]],
              "dueOn": Spec.date(optional: true, orNull: true),
              "milestones": Spec.described(
                Spec.list(.goalMilestones, of: Spec.text(.goalTitle), orNull: true),
                "When given, progress counts these milestones done instead of a percent"),
            ],
          ]), success: ("201", "The goal", goal), errors: changes)
      ]
    ),
    (
      "/api/v1/goals/{id}",
      [
        "patch": Spec.operation(
          "updateGoal", "Change a goal's status or visibility (its owner)", tag: "goals",
          parameters: [Spec.idParameter()],
          body: Spec.json([
            "type": "object",
            "properties": [
              "status": [
                "type": ["string", "null"], "enum": ["active", "achieved", "paused", "dropped", .null],
              ],
              "visibility": [
                "type": ["string", "null"], "enum": ["private", "manager", "everyone", .null],
              ],
            ],
          ]), success: ("200", "The goal", goal), errors: changes)
      ]
    ),
    (
      "/api/v1/goals/{id}/checkins",
      [
        "post": Spec.operation(
          "checkInGoal", "A check-in with progress (the owner, or their manager on goals they may see)",
          tag: "goals",
          parameters: [Spec.idParameter()],
          body: Spec.json([
            "type": "object",
            "description":
              "progress is required for a goal counted in percent, ignored for one counted in milestones",
            "properties": [
              "progress": Spec.integer(.progress, orNull: true),
              "note": Spec.text(.checkInNote, orNull: true),
            ],
          ]),
          success: ("201", "The goal", goal), errors: changes)
      ]
    ),
    (
      "/api/v1/goals/{id}/milestones",
      [
        "post": Spec.operation(
          "addGoalMilestone", "A milestone on your goal; its progress then counts milestones done",
          tag: "goals",
          parameters: [Spec.idParameter()],
          body: Spec.json([
            "type": "object", "required": ["title"],
            "properties": ["title": Spec.text(.goalTitle)],
          ]),
          success: ("201", "The goal", goal), errors: changes)
      ]
    ),
    (
      "/api/v1/goal-milestones/{id}/completion",
      [
        "post": Spec.operation(
          "completeGoalMilestone",
          "Mark a goal's milestone done today (the owner, or their manager on goals they may see)",
          tag: "goals", parameters: [Spec.idParameter()], success: ("200", "The goal", goal),
          errors: ["401", "403", "404"])
      ]
    ),
  ]
}
