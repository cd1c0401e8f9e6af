import Foundation
import HTML
import HTTP
import Trellis

/// Personal career goals tied to what the organization needs, and the objectives themselves.
enum GoalPages {
  static func register(on router: Router, services: Services) {
    let goals = services.goals

    router.get("/goals") { request in
      let actor = try request.actor()
      let offset = try request.integerQuery("objectives", in: 0...Int(Int32.max)) ?? 0
      return Layout.render(
        page(
          try goals.goals(actor, of: actor.id, via: .web), alignable: try goals.alignable(actor),
          objectives: try goals.objectives(actor, offset: offset),
          mayAddObjectives: try goals.mayAddObjectives(actor),
          celebrated: CelebrationViews.keys(try services.celebrations.mine(actor)), actor: actor,
          request: request),
        for: request)
    }
    router.get("/people/:id/goals") { request in
      let actor = try request.actor()
      let id = try request.intParameter("id")
      let person = try services.people.person(actor, id: id)
      return Layout.render(
        othersPage(person, try goals.goals(actor, of: id, via: .web), request: request), for: request)
    }
    router.post("/goals") { request in
      let actor = try request.actor()
      let form = try request.form()
      _ = try goals.create(
        actor,
        GoalInput(
          title: form["title"] ?? "", description: form["description"],
          horizon: try form.choice("horizon", default: GoalHorizon.shortTerm),
          objectiveID: try form.optionalID("objectiveID"),
          visibility: try form.choice("visibility", default: GoalVisibility.manager), dueOn: form["dueOn"],
          // One milestone a line; none keeps progress as a percent.
          milestones: (form["milestones"] ?? "").split(whereSeparator: \.isNewline).map(String.init)
            .filter { !$0.allSatisfy(\.isWhitespace) }))
      return Response.redirect(to: "/goals").withNotice("The goal is added.")
    }
    router.post("/goals/:id") { request in
      let form = try request.form()
      _ = try goals.update(
        try request.actor(), goal: try request.intParameter("id"),
        status: try form.optionalChoice("status"), visibility: try form.optionalChoice("visibility"))
      return Response.redirect(to: "/goals").withNotice("The goal is updated.")
    }
    router.post("/goals/:id/checkins") { request in
      let form = try request.form()
      let goal = try goals.checkIn(
        try request.actor(), goal: try request.intParameter("id"),
        progress: form["progress"].map { Int($0) ?? -1 },
        note: form["note"] ?? "")
      return try back(to: goal, request).withNotice("The check-in is saved.")
    }
    router.post("/goals/:id/milestones") { request in
      let goal = try goals.addMilestone(
        try request.actor(), goal: try request.intParameter("id"), title: try request.form()["title"] ?? "")
      return try back(to: goal, request).withNotice("The milestone is added.")
    }
    router.post("/goal-milestones/:id/done") { request in
      let goal = try goals.completeMilestone(try request.actor(), milestone: try request.intParameter("id"))
      return try back(to: goal, request).withNotice(
        goal.status == .achieved ? "Every milestone is done: the goal is achieved!" : "Milestone done.")
    }
    router.post("/objectives") { request in
      let form = try request.form()
      _ = try goals.createObjective(
        try request.actor(), title: form["title"] ?? "", description: form["description"] ?? "",
        period: form["period"] ?? "",
        team: form["team"] ?? "")
      return Response.redirect(to: "/goals#objectives").withNotice("The objective is added.")
    }

  }

  /// After a change: the owner back to their goals, a manager back to the person's.
  static func back(to goal: Goal, _ request: Request) throws -> Response {
    let mine = goal.personID == (try request.actor().id)
    return Response.redirect(to: mine ? "/goals" : "/people/\(goal.personID)/goals")
  }

  /// `owner`: the goal's person, who checks in, adds milestones and celebrates it.
  static func goalCard(_ goal: Goal, owner: Bool, celebrated: Set<String> = [], request: Request) -> Node {
    .article(.class("card goal"), .id("goal-\(goal.id)")) {
      Node.h2 {
        Node.text(goal.title)
        Node.text(" ")
        Node.span(.class("badge")) { Node.text(goal.status.rawValue) }
      }
      if !goal.description.isEmpty { Node.p { Node.text(goal.description) } }
      Node.p(.class("muted small")) {
        Node.text(
          "\(Words.sentence(goal.horizon.rawValue)) · seen by \(seenBy(goal.visibility).lowercased())"
        )
        if let objective = goal.objective {
          Node.text(" · towards “\(objective.title)” (\(objective.period))")
        }
        if let due = goal.dueOn { Node.text(" · by \(Dates.day(due))") }
      }
      Node.element(
        "progress",
        [
          .value(String(goal.progress)), Attribute("max", "100"), .aria("label", "Progress of \(goal.title)"),
        ], [])
      Node.span(.class("small")) {
        Node.text(
          goal.progressMode == .milestones
            ? " \(goal.milestones.filter { $0.doneOn != nil }.count) of \(goal.milestones.count) milestones"
            : " \(goal.progress)%")
      }
      if !goal.milestones.isEmpty {
        Node.ul(.class("milestones")) {
          for milestone in goal.milestones {
            Node.li {
              Node.text(milestone.doneOn == nil ? "☐ " : "☑ ")
              Node.text(milestone.title)
              if let done = milestone.doneOn {
                Node.span(.class("muted small")) { Node.text(" · done \(Dates.day(done))") }
              } else if owner {
                Form.post(
                  "/goal-milestones/\(milestone.id)/done", request: request,
                  attributes: [.class("inline-form")]
                ) {
                  Node.button(
                    .type("submit"), .class("secondary small"), .aria("label", "Done: \(milestone.title)")
                  ) {
                    "Done"
                  }
                }
              }
            }
          }
        }
      }
      for checkIn in goal.checkIns.prefix(3) {
        Node.p(.class("small")) {
          Node.text(
            "\(Dates.day(checkIn.createdAt)) · \(checkIn.authorName) · \(checkIn.progress)% \(checkIn.note)")
        }
      }
      if owner {
        Form.post("/goals/\(goal.id)/checkins", request: request, attributes: [.class("inline-form")]) {
          if goal.progressMode == .percent {
            Form.field(
              "Progress %", name: "progress", value: String(goal.progress), type: "number", required: true,
              extra: [Attribute("min", "0"), Attribute("max", "100")], id: "progress-\(goal.id)")
          }
          Form.field("Check-in note", name: "note", id: "note-\(goal.id)")
          Node.button(.type("submit"), .class("secondary small")) { "Check in" }
        }
        if goal.status == .active {
          Form.post("/goals/\(goal.id)/milestones", request: request, attributes: [.class("inline-form")]) {
            Form.field(
              goal.milestones.isEmpty ? "Count progress in milestones: first milestone" : "Another milestone",
              name: "title", required: true, id: "goal-milestone-\(goal.id)")
            Node.button(.type("submit"), .class("secondary small")) { "Add milestone" }
          }
        }
        let settings = "/goals/\(goal.id)"
        Node.details(.class("drop"), .flag("open", Form.isRefused(settings, request: request))) {
          Node.summary { "Change status or who sees it" }
          Form.post(settings, request: request, attributes: [.class("inline-form")]) {
            Form.select(
              "Status", name: "status",
              options: GoalStatus.allCases.map { ($0.rawValue, Words.sentence($0.rawValue)) },
              selected: goal.status.rawValue, id: "status-\(goal.id)")
            Form.select(
              "Seen by", name: "visibility",
              options: GoalVisibility.allCases.map { ($0.rawValue, seenBy($0)) },
              selected: goal.visibility.rawValue, id: "visibility-\(goal.id)")
            Node.button(.type("submit"), .class("secondary small")) { "Save" }
          }
        }
        if goal.status == .achieved && !celebrated.contains(CelebrationViews.key(.goal, goal.id)) {
          CelebrationViews.celebrateForm(.goal, goal.id, title: goal.title, request: request)
        }
      }
    }
  }

  static func page(
    _ goals: [Goal], alignable: [Objective], objectives: Trellis.Page<Objective>, mayAddObjectives: Bool,
    celebrated: Set<String>,
    actor: Actor, request: Request
  ) -> Page {
    Page(title: "Goals", section: .goals) {
      Node.h1 { "My goals" }
      Node.p(.class("lead")) {
        "Short and long term, including where you would like to go next. You choose who sees each."
      }
      if goals.isEmpty { Node.p(.class("empty")) { "No goals yet." } }
      for goal in goals { goalCard(goal, owner: true, celebrated: celebrated, request: request) }
      Node.section(.class("card")) {
        Node.h2 { "Add a goal" }
        Form.post("/goals", request: request, attributes: [.class("grid-form")]) {
          Form.field("Goal", name: "title", required: true)
          Form.field("More about it", name: "description")
          Form.select(
            "Horizon", name: "horizon",
            options: GoalHorizon.allCases.map { ($0.rawValue, Words.sentence($0.rawValue)) }, selected: nil)
          Form.select(
            "Towards objective", name: "objectiveID",
            options: [("", "—")]
              + alignable.map {
                (String($0.id), "\($0.title) (\($0.team.isEmpty ? "organization" : $0.team), \($0.period))")
              },
            selected: nil, id: "field-objective")
          Form.select(
            "Who sees it", name: "visibility",
            options: GoalVisibility.allCases.map { ($0.rawValue, seenBy($0)) },
            selected: GoalVisibility.manager.rawValue)
          Form.field("By (optional)", name: "dueOn", type: "date")
          Form.textArea(
            "Milestones (optional, one a line)", name: "milestones",
            hint: "With milestones, progress is the share of them done; without, you set a percent.")
          Node.button(.type("submit")) { "Add goal" }
        }
      }
      Node.section(.class("card"), .id("objectives")) {
        Node.h2 { "What the organization is aiming for" }
        if objectives.items.isEmpty { Node.p(.class("empty")) { "No objectives yet." } }
        Node.ul {
          for objective in objectives.items {
            Node.li {
              Node.strong { Node.text(objective.title) }
              Node.text(
                " · \(objective.team.isEmpty ? "organization" : objective.team) · \(objective.period) · \(objective.ownerName)"
              )
            }
          }
        }
        Pager.nav(objectives, list: "objectives", on: "/goals", offsets: [("objectives", objectives.offset)])
        // Only those who may add one see the form: the people team, and managers for their team.
        if mayAddObjectives {
          objectiveForm(actor: actor, request: request)
        } else {
          Node.p(.class("muted")) {
            "The people team sets the organization's objectives, and managers their team's."
          }
        }
      }
    }
  }

  static func objectiveForm(actor: Actor, request: Request) -> Node {
    Form.post("/objectives", request: request, attributes: [.class("grid-form")]) {
      Form.field("New objective", name: "title", required: true, id: "objective-title")
      Form.field(
        "Period", name: "period", value: "\(Calendar.current.component(.year, from: Date()) + 1)",
        required: true)
      Form.field(
        "Team (empty: the organization)", name: "team",
        value: Policy.allows(actor, .manageGuides) ? "" : actor.person.department,
        hint: "People team: any; managers: their own team.")
      Node.button(.type("submit"), .class("secondary")) { "Add objective" }
    }
  }

  /// Who sees a goal, in words.
  static func seenBy(_ visibility: GoalVisibility) -> String {
    switch visibility {
    case .everyone: "Everyone"
    case .manager: "You and your manager"
    case .private: "You only"
    }
  }

  static func othersPage(_ person: Person, _ goals: [Goal], request: Request) -> Page {
    Page(title: "Goals of \(person.displayName)", section: .people) {
      Node.p { Node.a(.href("/people/\(person.id)")) { Node.text("← \(person.displayName)") } }
      Node.h1 { Node.text("Goals of \(person.displayName)") }
      Node.p(.class("muted small")) {
        "Only the goals they let you see. Your view is recorded in their access history."
      }
      if goals.isEmpty { Node.p(.class("empty")) { "No goals you can see." } }
      for goal in goals { goalCard(goal, owner: false, request: request) }
    }
  }
}
