import Foundation
import HTML
import HTTP
import Trellis

/// Feedback: give it to anyone, ask for it, thank, reply, and turn a next step into a plan item.
enum FeedbackPages {
  static func register(on router: Router, services: Services) {
    let feedback = services.feedback

    router.get("/feedback") { request in
      let inbox = try feedback.inbox(
        try request.actor(), offsets: try Pager.offsets(request, of: FeedbackList.self))
      return Layout.render(page(inbox, request: request), for: request)
    }
    router.get("/feedback/give") { request in
      let actor = try request.actor()
      let answering = try request.integerQuery("request", in: 1...Int(Int32.max)).map {
        try feedback.openRequest(actor, id: Int64($0))
      }
      let to = try request.integerQuery("to", in: 1...Int(Int32.max)).map {
        try services.people.person(actor, id: Int64($0))
      }
      return Layout.render(givePage(answering: answering, to: to, request: request), for: request)
    }
    router.post("/feedback") { request in
      let actor = try request.actor()
      let form = try request.form()
      let answering = try form["requestID"].flatMap { Int64($0) }.map {
        try feedback.openRequest(actor, id: $0)
      }
      // An answer goes to whoever asked; otherwise the giver names the recipient.
      let recipientID =
        try answering?.requesterID
        ?? services.people.person(actor, named: form["recipient"] ?? "", field: "recipient").id
      let given = try feedback.give(
        actor,
        FeedbackInput(
          recipientID: recipientID, kind: try form.choice("kind", default: FeedbackKind.appreciation),
          situation: form["situation"] ?? "", behaviour: form["behaviour"] ?? "",
          impact: form["impact"] ?? "",
          nextStep: form["nextStep"], managerMaySee: try form.ticked("managerMaySee"),
          requestID: answering?.id))
      return Response.redirect(to: "/feedback#given").withNotice(
        "Your feedback is with \(given.recipientName). Thank you for taking the time.")
    }
    router.post("/feedback/requests") { request in
      let actor = try request.actor()
      let form = try request.form()
      var givers: [Int64] = []
      for name in (form["givers"] ?? "").split(whereSeparator: { $0 == "," || $0.isNewline })
        .map({ $0.trimmingCharacters(in: .whitespaces) }).filter({ !$0.isEmpty })
      {
        givers.append(try services.people.person(actor, named: name, field: "givers").id)
      }
      let made = try feedback.request(
        actor, from: givers, topic: form["topic"] ?? "",
        planItemID: try form.optionalID("planItemID"), goalID: try form.optionalID("goalID"))
      return Response.redirect(to: "/feedback#requested").withNotice(
        "Asked \(made.map(\.giverName).joined(separator: ", ")).")
    }
    router.post("/feedback/requests/:id/decline") { request in
      _ = try feedback.decline(
        try request.actor(), request: try request.intParameter("id"), note: try request.form()["note"] ?? "")
      return Response.redirect(to: "/feedback").withNotice("The request is declined.")
    }
    router.post("/feedback/:id/thanks") { request in
      let given = try feedback.thank(try request.actor(), feedback: try request.intParameter("id"))
      return Response.redirect(to: "/feedback#feedback-\(given.id)").withNotice(
        "\(given.giverName) is thanked.")
    }
    router.post("/feedback/:id/reply") { request in
      let given = try feedback.reply(
        try request.actor(), feedback: try request.intParameter("id"), text: try request.form()["reply"] ?? ""
      )
      return Response.redirect(to: "/feedback#feedback-\(given.id)").withNotice("Your reply is sent.")
    }
    router.post("/feedback/:id/plan-item") { request in
      let actor = try request.actor()
      let item = try feedback.makePlanItem(actor, feedback: try request.intParameter("id"))
      return Response.redirect(to: WebPage.plan(person: actor.id).path).withNotice(
        "The next step is in your plan as “\(item.skill)”: set its dates and milestones.")
    }
    router.get("/people/:id/feedback") { request in
      let actor = try request.actor()
      let id = try request.intParameter("id")
      let person = try services.people.person(actor, id: id)
      let (limit, offset) = try request.paging()
      return Layout.render(
        personPage(
          person, try feedback.received(actor, by: id, via: .web, limit: limit, offset: offset),
          request: request),
        for: request)
    }

  }

  static func card(_ feedback: Feedback, received: Bool, request: Request?) -> Node {
    .article(.class("card feedback"), .id("feedback-\(feedback.id)")) {
      Node.p(.class("muted small")) {
        Node.text(
          "\(Words.sentence(feedback.kind.rawValue)) · \(received ? "from \(feedback.giverName)" : "to \(feedback.recipientName)") · \(Dates.day(feedback.createdAt))"
            + (feedback.topic.map { " · on “\($0)”" } ?? "")
            + (feedback.managerMaySee ? " · their manager may read it" : " · not shared with their manager"))
      }
      Node.dl(.class("sbi")) {
        Node.dt { "Situation" }
        Node.dd { Node.text(feedback.situation) }
        Node.dt { "Behaviour" }
        Node.dd { Node.text(feedback.behaviour) }
        Node.dt { "Impact" }
        Node.dd { Node.text(feedback.impact) }
        if !feedback.nextStep.isEmpty {
          Node.dt { "Suggested next step" }
          Node.dd { Node.text(feedback.nextStep) }
        }
      }
      if feedback.thankedAt != nil { Node.p(.class("small")) { "🙏 Thanked." } }
      if !feedback.reply.isEmpty {
        Node.p(.class("small")) {
          Node.strong { "Reply: " }
          Node.text(feedback.reply)
        }
      }
      if let request, received {
        Node.div(.class("actions")) {
          if feedback.thankedAt == nil {
            Form.post(
              "/feedback/\(feedback.id)/thanks", request: request, attributes: [.class("inline-form")]
            ) {
              Node.button(.type("submit"), .class("secondary small")) { "Say thanks" }
            }
          }
          if !feedback.nextStep.isEmpty {
            if let item = feedback.planItemID {
              Node.p(.class("small")) {
                Node.a(.href(WebPage.plan(person: feedback.recipientID).path)) { "In your plan" }
                Node.text(" (item \(item))")
              }
            } else {
              Form.post(
                "/feedback/\(feedback.id)/plan-item", request: request, attributes: [.class("inline-form")]
              ) {
                Node.button(.type("submit"), .class("small")) { "Make the next step a plan item" }
              }
            }
          }
        }
        if feedback.reply.isEmpty {
          Form.post("/feedback/\(feedback.id)/reply", request: request, attributes: [.class("inline-form")]) {
            Form.field("Reply to \(feedback.giverName)", name: "reply", id: "reply-\(feedback.id)")
            Node.button(.type("submit"), .class("secondary small")) { "Reply" }
          }
        }
      }
    }
  }

  static func page(_ inbox: FeedbackInbox, request: Request) -> Page {
    Page(title: "Feedback", section: .feedback) {
      Node.h1 { "Feedback" }
      Node.p(.class("lead")) {
        "Specific, kind and useful: what happened, what was done, the difference it made, and a next step. You decide whether the recipient's manager may read what you give."
      }
      Node.p { Node.a(.class("button"), .href("/feedback/give")) { "Give feedback" } }
      Node.section(.class("card"), .id("asked")) {
        Node.h2 { "Asked of you" }
        if inbox.asked.items.isEmpty { Node.p(.class("empty")) { "No one is waiting on you." } }
        for asked in inbox.asked.items {
          Node.div(.class("request")) {
            Node.p {
              Node.strong { Node.text(asked.requesterName) }
              Node.text(" asks about “\(asked.topic)”")
              if let item = asked.planItemTitle { Node.text(" (plan item: \(item))") }
              if let goal = asked.goalTitle { Node.text(" (goal: \(goal))") }
              Node.span(.class("muted small")) { Node.text(" · \(Dates.day(asked.createdAt))") }
            }
            Node.div(.class("actions")) {
              Node.a(.class("button small"), .href("/feedback/give?request=\(asked.id)")) { "Answer" }
              Form.post(
                "/feedback/requests/\(asked.id)/decline", request: request,
                attributes: [.class("inline-form")]
              ) {
                Form.field("Why not (optional)", name: "note", id: "decline-\(asked.id)")
                Node.button(.type("submit"), .class("secondary small")) { "Decline" }
              }
            }
          }
        }
        pager(inbox.asked, .asked, inbox)
      }
      Node.section(.id("received")) {
        Node.h2 { "Received" }
        if inbox.received.items.isEmpty {
          Node.p(.class("empty")) { "Nothing yet. Asking is the surest way to get some." }
        }
        for feedback in inbox.received.items { card(feedback, received: true, request: request) }
        pager(inbox.received, .received, inbox)
      }
      Node.section(.class("card"), .id("ask")) {
        Node.h2 { "Ask for feedback" }
        Form.post("/feedback/requests", request: request, attributes: [.class("grid-form")]) {
          Form.person(
            "Ask whom", name: "givers", required: true, multiple: true,
            hint: "One to ten people, separated by commas; each answers on their own.")
          Form.field("About", name: "topic", required: true, hint: "e.g. How I ran Tuesday's design review")
          Node.button(.type("submit")) { "Ask" }
        }
      }
      Node.section(.id("requested")) {
        Node.h2 { "Your requests" }
        if inbox.requested.items.isEmpty { Node.p(.class("empty")) { "You have not asked anyone yet." } }
        Node.ul {
          for asked in inbox.requested.items {
            Node.li {
              Node.text("“\(asked.topic)” · \(asked.giverName) · \(asked.status.rawValue)")
              if !asked.declineNote.isEmpty { Node.text(": \(asked.declineNote)") }
            }
          }
        }
        pager(inbox.requested, .requested, inbox)
      }
      Node.section(.id("given")) {
        Node.h2 { "Given" }
        if inbox.given.items.isEmpty { Node.p(.class("empty")) { "None given yet." } }
        for feedback in inbox.given.items { card(feedback, received: false, request: nil) }
        pager(inbox.given, .given, inbox)
      }
    }
  }

  /// The pager of one list on the feedback page.
  static func pager<Item>(_ page: Trellis.Page<Item>, _ list: FeedbackList, _ inbox: FeedbackInbox) -> Node {
    Pager.nav(
      page, list: list.rawValue, on: "/feedback",
      offsets: [
        ("asked", inbox.asked.offset), ("received", inbox.received.offset),
        ("requested", inbox.requested.offset), ("given", inbox.given.offset),
      ])
  }

  static func givePage(answering: FeedbackRequest?, to person: Person?, request: Request) -> Page {
    Page(title: "Give feedback", section: .feedback) {
      Node.p { Node.a(.href("/feedback")) { "← Feedback" } }
      Node.h1 { Node.text(answering.map { "Feedback for \($0.requesterName)" } ?? "Give feedback") }
      if let answering {
        Node.p(.class("lead")) {
          Node.text("\(answering.requesterName) asked about “\(answering.topic)”.")
          if let item = answering.planItemTitle { Node.text(" It is part of their plan: \(item).") }
          if let goal = answering.goalTitle { Node.text(" It is about their goal: \(goal).") }
        }
      }
      Form.post("/feedback", request: request, attributes: [.class("grid-form")]) {
        if let answering {
          Node.input(.type("hidden"), .name("requestID"), .value(String(answering.id)))
        } else {
          Form.person("To", name: "recipient", value: person?.email ?? "", required: true)
        }
        Form.select(
          "Kind", name: "kind",
          options: [
            ("appreciation", "Appreciation: more of this"),
            ("coaching", "Coaching: something to try differently"),
          ], selected: nil)
        Form.textArea(
          "Situation", name: "situation", required: true,
          hint: "When and where: “In Tuesday's design review…”")
        Form.textArea(
          "Behaviour", name: "behaviour", required: true, hint: "What they did or said, as you saw it")
        Form.textArea(
          "Impact", name: "impact", required: true,
          hint: "The difference it made, to you, the team or the work")
        Form.textArea("Suggested next step", name: "nextStep", hint: "Optional: one thing to try next")
        Form.checkbox("Their manager may read this", name: "managerMaySee")
        Node.button(.type("submit")) { "Send feedback" }
      }
    }
  }

  static func personPage(_ person: Person, _ feedback: Trellis.Page<Feedback>, request: Request) -> Page {
    Page(title: "Feedback for \(person.displayName)", section: .people) {
      Node.p { Node.a(.href("/people/\(person.id)")) { Node.text("← \(person.displayName)") } }
      Node.h1 { Node.text("Feedback for \(person.displayName)") }
      Node.p(.class("lead")) { "What their givers chose to share with you." }
      if feedback.items.isEmpty { Node.p(.class("empty")) { "Nothing you may read." } }
      for piece in feedback.items { card(piece, received: false, request: nil) }
      Pager.nav(feedback) { "/people/\(person.id)/feedback?offset=\($0)" }
    }
  }
}
