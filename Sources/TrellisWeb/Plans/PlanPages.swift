import Foundation
import HTML
import HTTP
import Trellis

/// The development plan: items with milestones, supporters and progress; prints cleanly.
enum PlanPages {
  struct StatusBody: Decodable {
    let status: PlanItemStatus
    let reason: String?
  }
  struct MilestoneBody: Decodable {
    let title: String
    let targetOn: String
  }
  struct EvidenceBody: Decodable { let evidence: String? }
  struct UpdateBody: Decodable { let body: String }
  struct SupporterBody: Decodable {
    let personId: Int64
    let kind: String
  }

  static func register(on router: Router, services: Services) {
    let plans = services.plans

    router.get("/people/:id/plan") { request in
      let actor = try request.actor()
      let id = try request.intParameter("id")
      let plan = try plans.plan(actor, of: id, via: .web)
      let framework = try services.frameworks.framework(actor)
      let celebrated = id == actor.id ? CelebrationViews.keys(try services.celebrations.mine(actor)) : []
      return Layout.render(
        page(
          plan, framework: framework, communities: try services.communities.all(actor), actor: actor,
          prefill: request.query("competency"), celebrated: celebrated, request: request),
        for: request)
    }

    // Form posts: back to the plan, with what happened.
    func change(
      _ path: String, notice: String, _ action: @escaping @Sendable (Actor, Int64, FormData) throws -> Int64
    ) {
      router.post(path) { request in
        let actor = try request.actor()
        let person = try action(actor, try request.intParameter("id"), try request.form())
        return Response.redirect(to: WebPage.plan(person: person).path).withNotice(notice)
      }
    }
    change("/people/:id/plan/items", notice: "The plan item is added.") { actor, person, form in
      _ = try plans.addItem(
        actor, for: person,
        PlanItemInput(
          competencySlug: form["competencySlug"].flatMap { $0.isEmpty ? nil : $0 },
          skill: form["skill"] ?? "",
          learningMode: try form.choice("learningMode", default: LearningMode.selfStudy),
          description: form["description"] ?? "", startOn: form["startOn"] ?? "",
          targetOn: form["targetOn"] ?? "",
          successCriteria: form["successCriteria"], communityID: try form.optionalID("communityID")))
      return person
    }
    change("/people/:id/plan/archive", notice: "The plan is archived; the next item starts a new one.") {
      actor, person, _ in
      try plans.archive(actor, of: person)
      return person
    }
    change("/plan-items/:id/status", notice: "The item is updated.") { actor, item, form in
      return try plans.setStatus(
        actor, item: item, to: try form.choice("status") as PlanItemStatus,
        reason: form["reason"] ?? ""
      ).personID
    }
    change("/plan-items/:id/milestones", notice: "The milestone is added.") { actor, item, form in
      return try plans.addMilestone(
        actor, item: item, title: form["title"] ?? "", targetOn: form["targetOn"] ?? ""
      ).personID
    }
    change("/plan-items/:id/updates", notice: "Your update is added.") { actor, item, form in
      return try plans.addUpdate(actor, item: item, body: form["body"] ?? "").personID
    }
    change("/plan-items/:id/supporters", notice: "The supporter is named.") { actor, item, form in
      let person = try services.people.person(actor, named: form["email"] ?? "", field: "email")
      return try plans.addSupporter(actor, item: item, person: person.id, kind: form["kind"] ?? "peer")
        .personID
    }
    change("/milestones/:id/done", notice: "Milestone done. Well done!") { actor, milestone, form in
      try plans.completeMilestone(actor, milestone: milestone, evidence: form["evidence"] ?? "").personID
    }

    router.get("/api/v1/people/:id/plan") { request in
      try .json(try plans.plan(try request.actor(), of: try request.intParameter("id"), via: .api))
    }
    router.post("/api/v1/people/:id/plan/items") { request in
      try .json(
        try plans.addItem(
          try request.actor(), for: try request.intParameter("id"), try request.decodeJSON(PlanItemInput.self)
        ),
        status: .created)
    }
    router.patch("/api/v1/plan-items/:id") { request in
      let body = try request.decodeJSON(StatusBody.self)
      return try .json(
        try plans.setStatus(
          try request.actor(), item: try request.intParameter("id"), to: body.status,
          reason: body.reason ?? ""))
    }
    router.post("/api/v1/plan-items/:id/milestones") { request in
      let body = try request.decodeJSON(MilestoneBody.self)
      return try .json(
        try plans.addMilestone(
          try request.actor(), item: try request.intParameter("id"), title: body.title,
          targetOn: body.targetOn), status: .created)
    }
    router.post("/api/v1/milestones/:id/completion") { request in
      let body = try request.decodeJSON(EvidenceBody.self)
      return try .json(
        try plans.completeMilestone(
          try request.actor(), milestone: try request.intParameter("id"), evidence: body.evidence ?? ""))
    }
    router.post("/api/v1/plan-items/:id/updates") { request in
      try .json(
        try plans.addUpdate(
          try request.actor(), item: try request.intParameter("id"),
          body: try request.decodeJSON(UpdateBody.self).body),
        status: .created)
    }
    router.post("/api/v1/plan-items/:id/supporters") { request in
      let body = try request.decodeJSON(SupporterBody.self)
      try plans.addSupporter(
        try request.actor(), item: try request.intParameter("id"), person: body.personId, kind: body.kind)
      return Response(status: .noContent)
    }
  }

  static func page(
    _ plan: Plan, framework: Framework, communities: [Community], actor: Actor, prefill: String?,
    celebrated: Set<String>, request: Request
  ) -> Page {
    let person = plan.person
    let mine = actor.id == person.id
    let full = actor.id == person.id || person.managerID == actor.id
    let competencies = framework.areas.flatMap(\.competencies)
    let today = CalendarDate(Date())
    return Page(title: "Development plan of \(person.displayName)", section: .people) {
      Node.p { Node.a(.href("/people/\(person.id)")) { Node.text("← \(person.displayName)") } }
      Node.h1 {
        Node.text(actor.id == person.id ? "My development plan" : "Development plan of \(person.displayName)")
      }
      if !full { Node.p(.class("notice")) { "You see the items you support." } }
      if plan.items.isEmpty {
        Node.p(.class("empty")) { "No items yet: what will you develop next, how, and by when?" }
      }
      for item in plan.items {
        Node.article(.class("card plan-item")) {
          Node.h2 {
            Node.text(item.skill)
            Node.text(" ")
            Node.span(.class("badge")) { Node.text(item.status.rawValue) }
          }
          Node.p { Node.text(item.description) }
          Node.p(.class("muted small")) {
            Node.text(
              "\(Words.sentence(item.learningMode.rawValue)) · \(Dates.day(item.startOn)) → \(Dates.day(item.targetOn))"
            )
            if !item.statusReason.isEmpty { Node.text(" · \(item.statusReason)") }
            if let community = item.communityID {
              Node.text(" · with ")
              Node.a(.href("/communities/\(community)")) { Node.text(item.communityName ?? "a community") }
            }
          }
          if mine && item.status == .done && !celebrated.contains(CelebrationViews.key(.planItem, item.id)) {
            CelebrationViews.celebrateForm(.planItem, item.id, title: item.skill, request: request)
          }
          if !item.successCriteria.isEmpty {
            Node.p {
              Node.strong { "Success looks like: " }
              Node.text(item.successCriteria)
            }
          }
          if !item.supporters.isEmpty {
            Node.p(.class("small")) {
              Node.text(
                "Supported by " + item.supporters.map { "\($0.name) (\($0.kind))" }.joined(separator: ", "))
            }
          }
          Node.h3 { "Milestones" }
          Node.ul(.class("milestones")) {
            for milestone in item.milestones {
              Node.li(.class(milestone.doneOn == nil && milestone.targetOn < today ? "overdue" : "")) {
                Node.text(milestone.doneOn == nil ? "☐ " : "☑ ")
                Node.text("\(milestone.title) · by \(Dates.day(milestone.targetOn))")
                if let done = milestone.doneOn {
                  Node.span(.class("muted small")) {
                    Node.text(
                      " · done \(Dates.day(done))"
                        + (milestone.evidence.isEmpty ? "" : ": \(milestone.evidence)"))
                  }
                  if mine && !celebrated.contains(CelebrationViews.key(.milestone, milestone.id)) {
                    CelebrationViews.celebrateForm(
                      .milestone, milestone.id, title: milestone.title, request: request)
                  }
                } else if full {
                  Form.post(
                    "/milestones/\(milestone.id)/done", request: request, attributes: [.class("inline-form")]
                  ) {
                    Form.field(
                      "Evidence for “\(milestone.title)”", name: "evidence", id: "evidence-\(milestone.id)")
                    Node.button(.type("submit"), .class("secondary small")) { "Done" }
                  }
                }
              }
            }
          }
          if full {
            // Opened when one of its forms comes back refused, so the problem shows.
            let refused = ["milestones", "supporters", "status"].contains {
              Form.isRefused("/plan-items/\(item.id)/\($0)", request: request)
            }
            Node.details(.class("drop"), .flag("open", refused)) {
              Node.summary { "Add a milestone, a supporter, or change course…" }
              Form.post(
                "/plan-items/\(item.id)/milestones", request: request, attributes: [.class("inline-form")]
              ) {
                Form.field("Milestone", name: "title", required: true, id: "milestone-\(item.id)")
                Form.field(
                  "By", name: "targetOn", value: item.targetOn.description, type: "date", required: true,
                  id: "milestone-date-\(item.id)")
                Node.button(.type("submit"), .class("secondary small")) { "Add milestone" }
              }
              Form.post(
                "/plan-items/\(item.id)/supporters", request: request, attributes: [.class("inline-form")]
              ) {
                Form.person("Supporter", name: "email", required: true, id: "supporter-\(item.id)")
                Form.select(
                  "As", name: "kind",
                  options: ["mentor", "sponsor", "peer"].map { ($0, Words.sentence($0)) },
                  selected: "peer", id: "supporter-kind-\(item.id)")
                Node.button(.type("submit"), .class("secondary small")) { "Name supporter" }
              }
              Form.post(
                "/plan-items/\(item.id)/status", request: request, attributes: [.class("inline-form")]
              ) {
                Form.select(
                  "Status", name: "status",
                  options: PlanItemStatus.allCases.map { ($0.rawValue, Words.sentence($0.rawValue)) },
                  selected: item.status.rawValue, id: "status-\(item.id)")
                Form.field("Why (needed to pause or drop)", name: "reason", id: "reason-\(item.id)")
                Node.button(.type("submit"), .class("secondary small")) { "Change status" }
              }
            }
          }
          Node.h3 { "Progress" }
          for update in item.updates {
            Node.p(.class("small")) {
              Node.strong { Node.text(update.authorName) }
              Node.text(" · \(Dates.day(update.createdAt)): \(update.body)")
            }
          }
          Form.post("/plan-items/\(item.id)/updates", request: request, attributes: [.class("inline-form")]) {
            Form.field("Add a progress note", name: "body", required: true, id: "update-\(item.id)")
            Node.button(.type("submit"), .class("secondary small")) { "Add" }
          }
        }
      }
      if full {
        Node.section(.class("card"), .id("new-item")) {
          Node.h2 { "Add an item" }
          Form.post("/people/\(person.id)/plan/items", request: request, attributes: [.class("grid-form")]) {
            Form.select(
              "Competency (optional)", name: "competencySlug",
              options: [("", "—")] + competencies.map { ($0.slug, $0.name) }, selected: prefill ?? "",
              id: "field-competency")
            Form.field(
              "Skill to develop", name: "skill", value: competencies.first { $0.slug == prefill }?.name ?? "",
              required: true)
            Form.select(
              "How", name: "learningMode",
              options: LearningMode.allCases.map { ($0.rawValue, Words.sentence($0.rawValue)) },
              selected: nil,
              id: "field-mode")
            if !communities.isEmpty {
              Form.select(
                "Learning community (optional)", name: "communityID",
                options: [("", "—")] + communities.map { (String($0.id), $0.name) }, selected: "",
                id: "field-community")
            }
            Form.field("What will be done", name: "description", required: true)
            Form.field("Start", name: "startOn", value: today.description, type: "date", required: true)
            Form.field(
              "Target", name: "targetOn", value: today.adding(days: 90).description, type: "date",
              required: true)
            Form.field("Success criteria", name: "successCriteria")
            Node.button(.type("submit")) { "Add to the plan" }
          }
        }
      }
    }
  }
}

/// The OpenAPI description of the plan operations.
enum PlanAPI {
  static let any: JSONValue = ["type": "object"]
  static let item: JSONValue = ["type": "object", "required": ["id", "skill", "learningMode", "status"]]
  static let changes = ["400", "401", "403", "404", "415", "422"]
  static let text: JSONValue = ["type": "string"]

  static let paths: [(String, JSONValue)] = [
    (
      "/api/v1/people/{id}/plan",
      [
        "get": Spec.operation(
          "getPlan",
          "The active development plan (the person and manager see all; a supporter the items they support)",
          tag: "plans", parameters: [Spec.idParameter()],
          success: ("200", "The plan", ["type": "object", "required": ["id", "person", "items"]]),
          errors: ["401", "403", "404"])
      ]
    ),
    (
      "/api/v1/people/{id}/plan/items",
      [
        "post": Spec.operation(
          "addPlanItem", "Add an item to the active plan", tag: "plans", parameters: [Spec.idParameter()],
          body: Spec.json([
            "type": "object", "required": ["skill", "learningMode", "description", "startOn", "targetOn"],
            "properties": [
              "competencySlug": Spec.slug(orNull: true), "skill": Spec.text(.planSkill),
              "learningMode": Spec.oneOf(LearningMode.self), "description": Spec.text(.planDescription),
              "ownerID": Spec.optionalID, "startOn": Spec.date(), "targetOn": Spec.date(),
              "successCriteria": Spec.text(.successCriteria, orNull: true), "communityID": Spec.optionalID,
            ],
          ]), success: ("201", "The item", item), errors: changes)
      ]
    ),
    (
      "/api/v1/plan-items/{id}",
      [
        "patch": Spec.operation(
          "setPlanItemStatus", "Change an item's status (pausing or dropping needs a reason)", tag: "plans",
          parameters: [Spec.idParameter()],
          body: Spec.json([
            "type": "object", "required": ["status"],
            "properties": [
              "status": Spec.oneOf(PlanItemStatus.self),
              "reason": Spec.text(.reason, orNull: true),
            ],
          ]), success: ("200", "The item", item), errors: changes)
      ]
    ),
    (
      "/api/v1/plan-items/{id}/milestones",
      [
        "post": Spec.operation(
          "addMilestone", "A measurable milestone", tag: "plans", parameters: [Spec.idParameter()],
          body: Spec.json([
            "type": "object", "required": ["title", "targetOn"],
            "properties": ["title": Spec.text(.planMilestoneTitle), "targetOn": Spec.date()],
          ]),
          success: ("201", "The item", item), errors: changes)
      ]
    ),
    (
      "/api/v1/milestones/{id}/completion",
      [
        "post": Spec.operation(
          "completeMilestone", "Mark a milestone done, with evidence", tag: "plans",
          parameters: [Spec.idParameter()],
          body: Spec.json(["type": "object", "properties": ["evidence": Spec.text(.evidence, orNull: true)]]),
          success: ("200", "The item", item), errors: changes)
      ]
    ),
    (
      "/api/v1/plan-items/{id}/updates",
      [
        "post": Spec.operation(
          "addPlanUpdate", "A progress note (the person, their manager or a supporter)", tag: "plans",
          parameters: [Spec.idParameter()],
          body: Spec.json([
            "type": "object", "required": ["body"],
            "properties": ["body": Spec.text(.planUpdate)],
          ]),
          success: ("201", "The item", item), errors: changes)
      ]
    ),
    (
      "/api/v1/plan-items/{id}/supporters",
      [
        "post": Spec.operation(
          "addSupporter", "Name a supporter of one item; they see that item only", tag: "plans",
          parameters: [Spec.idParameter()],
          body: Spec.json([
            "type": "object", "required": ["personId", "kind"],
            "properties": [
              "personId": Spec.id, "kind": ["type": "string", "enum": ["mentor", "sponsor", "peer"]],
            ],
          ]), success: ("204", "Named", nil), errors: changes)
      ]
    ),
  ]
}
