import Foundation
import HTML
import HTTP
import Trellis

/// The conversations hub, scheduling, and the conversation page with everything said and decided.
enum ConversationPages {
  static func register(on router: Router, services: Services) {
    let conversations = services.conversations

    router.get("/conversations") { request in
      let actor = try request.actor()
      return Layout.render(
        hub(
          actor, rhythms: try conversations.rhythms(actor), items: try conversations.myActionItems(actor),
          today: services.clock.today(), request: request),
        for: request)
    }

    router.get("/relationships/:id/schedule") { request in
      let actor = try request.actor()
      let id = try request.intParameter("id")
      let rhythm = try conversations.rhythm(actor, relationship: id)
      let guides = try conversations.guides(actor)
      let guide = ConversationService.defaultGuide(guides, for: rhythm.relationship.kind)
      return Layout.render(
        schedulePage(
          rhythm, guides: guides, values: guide.map { ["guideID": String($0.id)] } ?? [:],
          request: request),
        for: request)
    }

    router.post("/relationships/:id/conversations") { request in
      let actor = try request.actor()
      let id = try request.intParameter("id")
      let conversation = try conversations.schedule(
        actor, relationship: id, try ConversationViews.scheduleInput(try request.form()))
      return Response.redirect(to: WebPage.conversation(conversation.id).path).withNotice(
        "The conversation is scheduled.")
    }

    router.post("/relationships/:id/cadence") { request in
      let actor = try request.actor()
      let text = try request.form()["cadenceDays"] ?? ""
      let days: Int? = text == "default" || text.isEmpty ? nil : Int(text)
      if days == nil && !(text == "default" || text.isEmpty) {
        throw HTTPError.invalid([FieldError(field: "cadenceDays", message: "must be a number of days")])
      }
      try conversations.setCadence(actor, relationship: try request.intParameter("id"), days: days)
      return Response.redirect(to: WebPage.conversations.path).withNotice("The cadence is saved.")
    }

    router.get("/conversations/:id") { request in
      try page(request, services: services)
    }

    router.get("/conversations/:id/move") { request in
      let actor = try request.actor()
      let detail = try conversations.detail(actor, conversation: try request.intParameter("id"), via: .web)
      let (date, time) = ConversationViews.localDate(detail.conversation)
      let values = [
        "date": date, "time": time, "timeZone": detail.conversation.timeZone,
        "durationMinutes": String(detail.conversation.durationMinutes),
        "location": detail.conversation.location,
      ]
      return Layout.render(movePage(detail, values: values, request: request), for: request)
    }

    router.post("/conversations/:id/move") { request in
      let actor = try request.actor()
      let id = try request.intParameter("id")
      let form = try request.form()
      _ = try conversations.reschedule(
        actor, conversation: id, try ConversationViews.scheduleInput(form), reason: form["reason"] ?? "")
      return Response.redirect(to: WebPage.conversation(id).path).withNotice("The conversation is moved.")
    }

    router.get("/conversations/:id/calendar.ics") { request in
      let actor = try request.actor()
      let id = try request.intParameter("id")
      let text = try conversations.ics(actor, conversation: id, baseURL: baseURL(request))
      return Response.text(text, type: "text/calendar").asDownload(named: "conversation-\(id).ics")
    }

    router.get("/conversations/:id/notes/history") { request in
      let actor = try request.actor()
      let id = try request.intParameter("id")
      let detail = try conversations.detail(actor, conversation: id, via: .web)
      return Layout.render(
        historyPage(detail, try conversations.noteRevisions(actor, conversation: id)), for: request)
    }

    // One form for the whole conversation page: see ConversationWorkspace.
    router.post("/conversations/:id") { request in
      try ConversationWorkspace.submit(request, services: services)
    }
  }

  static func baseURL(_ request: Request) -> String {
    "http\(Cookies.secure ? "s" : "")://\(request.headers["host"] ?? "localhost")"
  }

  /// The conversation page; with `typed`, as it was submitted, beside the problems found.
  static func page(
    _ request: Request, services: Services, typed: FormData? = nil, problems: [FieldError] = [],
    status: Status = .ok
  ) throws -> Response {
    let actor = try request.actor()
    // With the relationship's latest conversations and the goals at a glance (for its
    // participants, goals as each one's visibility allows), read with the rest.
    let detail = try services.conversations.detail(
      actor, conversation: try request.intParameter("id"), via: .web, history: 4, goals: true)
    let goals = (detail.goals ?? []).filter { $0.status == .active }
    let page = ConversationPage(
      detail: detail, actor: actor, now: services.clock.now(), today: services.clock.today(),
      history: detail.history ?? [], goals: goals, typed: typed, problems: problems, request: request)
    return Layout.render(page.page, for: request, status: status)
  }

  // MARK: Pages

  static func hub(
    _ actor: Actor, rhythms: [Rhythm], items: [ActionItem], today: CalendarDate, request: Request
  ) -> Page {
    let managed = rhythms.filter { $0.relationship.kind == .manager }
    let mentoring = rhythms.filter { $0.relationship.kind == .mentor }
    let mine = managed.filter { $0.relationship.employeeID == actor.id }
    // Who needs a conversation first: overdue, then due soon, each by due date.
    let urgency: [RhythmStatus: Int] = [.overdue: 0, .dueSoon: 1, .onTrack: 2]
    let theirs = managed.filter { $0.relationship.partnerID == actor.id }.sorted {
      (urgency[$0.status]!, $0.dueOn) < (urgency[$1.status]!, $1.dueOn)
    }
    return Page(title: "Conversations", section: .conversations) {
      Node.h1 { "Conversations" }
      Node.p(.class("lead")) {
        "A steady rhythm of career conversations, and the next steps that come out of them."
      }
      if !mine.isEmpty {
        Node.section(.aria("labelledby", "mine")) {
          Node.h2(.id("mine")) { "With my manager" }
          Node.ul(.class("rhythm-list")) {
            for rhythm in mine { rhythmCard(rhythm, partner: rhythm.partner, request: request) }
          }
        }
      }
      if !theirs.isEmpty {
        Node.section(.aria("labelledby", "team")) {
          Node.h2(.id("team")) { "With my team" }
          Node.ul(.class("rhythm-list")) {
            for rhythm in theirs { rhythmCard(rhythm, partner: rhythm.employee, request: request) }
          }
        }
      }
      if !mentoring.isEmpty {
        Node.section(.aria("labelledby", "mentoring")) {
          Node.h2(.id("mentoring")) { "Mentoring" }
          Node.ul(.class("rhythm-list")) {
            for rhythm in mentoring {
              rhythmCard(
                rhythm,
                partner: rhythm.relationship.employeeID == actor.id ? rhythm.partner : rhythm.employee,
                request: request)
            }
          }
        }
      }
      if mine.isEmpty && theirs.isEmpty && mentoring.isEmpty {
        Node.p(.class("empty")) {
          "You have no manager or reports in Trellis yet, so there is no conversation to plan."
        }
      }
      Node.section(.aria("labelledby", "actions")) {
        Node.h2(.id("actions")) { "My open action items" }
        if items.isEmpty {
          Node.p(.class("empty")) { "Nothing open. Next steps you own appear here with their due dates." }
        } else {
          Node.ul(.class("action-list")) {
            for item in items {
              Node.li(.class(item.isOverdue(on: today) ? "action overdue" : "action")) {
                Node.a(.href("/conversations/\(item.conversationID)#action-items")) { Node.text(item.title) }
                Node.span(.class("muted small")) {
                  Node.text(
                    " · due \(Dates.day(item.dueOn))" + (item.isOverdue(on: today) ? " · overdue" : ""))
                }
              }
            }
          }
        }
      }
      Node.p(.class("actions")) {
        Node.a(.href("/me/timeline")) { "My timeline" }
        Node.a(.href("/conversations/search")) { "Search my conversations" }
        Node.a(.href("/me/calendar")) { "Add your conversations to your calendar" }
      }
    }
  }

  static func rhythmCard(_ rhythm: Rhythm, partner: Person, request: Request) -> Node {
    .li(.class("card rhythm")) {
      Node.div(.class("rhythm-head")) {
        PersonViews.chip(partner)
        ConversationViews.statusBadge(rhythm.status)
      }
      Node.dl(.class("facts")) {
        Node.dt { "Cadence" }
        Node.dd { Node.text(Cadence.label(rhythm.cadenceDays)) }
        Node.dt { "Last held" }
        Node.dd {
          if let held = rhythm.lastHeldOn {
            Node.a(.href("/relationships/\(rhythm.relationship.id)/history")) { Node.text(Dates.day(held)) }
          } else {
            Node.text("not yet")
          }
        }
        Node.dt { "Next due" }
        Node.dd { Node.text(Dates.day(rhythm.dueOn)) }
        Node.dt { "Scheduled" }
        Node.dd {
          if let next = rhythm.nextScheduled {
            Node.a(.href(WebPage.conversation(next.id).path)) { Node.text(ConversationViews.when(next)) }
          } else {
            Node.text("nothing yet")
          }
        }
      }
      Node.div(.class("actions")) {
        Node.a(.class("button"), .href(WebPage.schedule(relationship: rhythm.relationship.id).path)) {
          "Schedule"
        }
        Form.post(
          "/relationships/\(rhythm.relationship.id)/cadence", request: request,
          attributes: [.class("inline-form")]
        ) {
          Form.select(
            "Cadence", name: "cadenceDays",
            options: [("default", "Organization default")]
              + Cadence.presets.map { (String($0.days), $0.label) },
            selected: rhythm.relationship.cadenceDays.map(String.init) ?? "default",
            id: "cadence-\(rhythm.relationship.id)", hiddenLabel: true)
          Node.button(.type("submit"), .class("secondary small")) { "Set cadence" }
        }
      }
    }
  }

  static func schedulePage(
    _ rhythm: Rhythm, guides: [Guide], values: [String: String], request: Request
  )
    -> Page
  {
    let other =
      rhythm.relationship.employeeID == request.signedIn?.actor.id ? rhythm.partner : rhythm.employee
    return Page(title: "Schedule a conversation", section: .conversations) {
      Node.p { Node.a(.href(WebPage.conversations.path)) { "← Conversations" } }
      Node.h1 { Node.text("Schedule a conversation with \(other.displayName)") }
      if let next = rhythm.nextScheduled {
        // A second one is allowed (a follow-up soon after), but rarely meant.
        Node.div(.class("notice warning"), .id("already-scheduled")) {
          Node.p {
            Node.text("You already have a conversation with \(other.displayName) on ")
            Node.a(.href(WebPage.conversation(next.id).path)) { Node.text(ConversationViews.when(next)) }
            Node.text(". You can move that one instead, or schedule another as well.")
          }
        }
      }
      Form.post(
        "/relationships/\(rhythm.relationship.id)/conversations", request: request,
        attributes: [.class("grid-form")]
      ) {
        ConversationViews.scheduleFields(values: values, guides: guides)
        Node.button(.type("submit")) { "Schedule" }
      }
    }
  }

  static func movePage(
    _ detail: ConversationDetail, values: [String: String], request: Request
  ) -> Page {
    Page(title: "Move the conversation", section: .conversations) {
      Node.p {
        Node.a(.href(WebPage.conversation(detail.conversation.id).path)) { "← Back to the conversation" }
      }
      Node.h1 { "Move the conversation" }
      Form.post(
        "/conversations/\(detail.conversation.id)/move", request: request, attributes: [.class("grid-form")]
      ) {
        ConversationViews.scheduleFields(values: values, guides: nil)
        Form.field("Why (optional)", name: "reason", value: values["reason"] ?? "")
        Node.button(.type("submit")) { "Move" }
      }
    }
  }

  static func historyPage(_ detail: ConversationDetail, _ revisions: [NoteRevision]) -> Page {
    Page(title: "Shared notes history", section: .conversations) {
      Node.p {
        Node.a(.href("/conversations/\(detail.conversation.id)#notes")) { "← Back to the conversation" }
      }
      Node.h1 { "Shared notes: every version" }
      if revisions.isEmpty { Node.p(.class("empty")) { "No shared notes yet." } }
      for revision in revisions {
        Node.article(.class("card revision")) {
          Node.h2 {
            Node.text(
              "Version \(revision.revision) · \(revision.authorName) · \(Dates.dayAndTime(revision.createdAt))"
            )
          }
          Node.div(.class("markdown")) { Markdown.render(revision.body) }
        }
      }
    }
  }
}
