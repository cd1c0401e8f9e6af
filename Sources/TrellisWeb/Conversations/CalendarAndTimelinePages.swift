import Foundation
import HTML
import HTTP
import Trellis

/// The secret calendar feed, and one's own timeline of conversations with handover controls.
enum CalendarAndTimelinePages {
  static func register(on router: Router, services: Services) {
    let conversations = services.conversations

    router.get("/me/calendar") { request in
      let actor = try request.actor()
      return Layout.render(
        calendarPage(hasFeed: try conversations.hasCalendarFeed(actor), newURL: nil, request: request),
        for: request)
    }

    router.post("/me/calendar") { request in
      let actor = try request.actor()
      let token = try conversations.regenerateCalendarFeed(actor)
      let url = "\(ConversationPages.baseURL(request))/calendar/\(token).ics"
      return Layout.render(calendarPage(hasFeed: true, newURL: url, request: request), for: request)
    }

    router.post("/me/calendar/revoke") { request in
      try conversations.revokeCalendarFeed(try request.actor())
      return Response.redirect(to: "/me/calendar").withNotice("The calendar address no longer works.")
    }

    // Calendar apps cannot sign in: the secret in the address is the credential.
    router.get("/calendar/:file") { request in
      let file = try request.parameter("file")
      guard file.hasSuffix(".ics"),
        let text = try conversations.calendarFeed(
          token: String(file.dropLast(4)), baseURL: ConversationPages.baseURL(request))
      else { throw HTTPError.notFound("This calendar address is not valid (it may have been replaced).") }
      return Response(
        status: .ok,
        headers: Headers([
          ("Content-Type", "text/calendar; charset=utf-8"), ("Cache-Control", "private, max-age=300"),
        ]),
        body: Array(text.utf8))
    }

    router.get("/me/timeline") { request in
      let actor = try request.actor()
      let (limit, offset) = try request.paging()
      let timeline = try conversations.timeline(actor, of: actor.id, limit: limit, offset: offset)
      let chart = try services.people.orgChart(actor, id: actor.id)
      return Layout.render(
        timelinePage(actor, timeline, manager: chart.managementChain.first, request: request), for: request)
    }

    router.post("/me/handovers") { request in
      let actor = try request.actor()
      let form = try request.form()
      if form["revoke"] != nil, let recipient = form["recipient"].flatMap({ Int64($0) }) {
        try conversations.revokeHandovers(actor, from: recipient)
        return Response.redirect(to: "/me/timeline").withNotice("Nothing from the past is shared any more.")
      }
      let conversation = form["conversation"].flatMap { $0 == "all" ? nil : Int64($0) }
      try conversations.handOver(actor, conversation: conversation)
      return Response.redirect(to: "/me/timeline").withNotice(
        conversation == nil
          ? "Your manager can now read all your past conversations."
          : "Your manager can now read that conversation.")
    }
  }

  static func calendarPage(hasFeed: Bool, newURL: String?, request: Request) -> Page {
    Page(title: "Calendar", section: .conversations) {
      Node.h1 { "Your conversations in your calendar" }
      Node.p(.class("lead")) {
        "Subscribe to a private address in any calendar app: scheduled conversations and the due dates of your action items appear there. Titles and times only, never notes."
      }
      if let newURL {
        Node.div(.class("notice success"), .role("status")) {
          Node.p { Node.strong { "Copy this address now; it is shown only once." } }
          Node.p { Node.code { Node.text(newURL) } }
        }
      }
      Node.div(.class("actions")) {
        Form.post("/me/calendar", request: request) {
          Node.button(.type("submit")) {
            Node.text(hasFeed ? "Make a new address (the old one stops working)" : "Make my calendar address")
          }
        }
        if hasFeed {
          Form.post("/me/calendar/revoke", request: request) {
            Node.button(.type("submit"), .class("secondary")) { "Stop the calendar address" }
          }
        }
      }
    }
  }

  static func timelinePage(
    _ actor: Actor, _ conversations: Trellis.Page<Conversation>, manager: Person?, request: Request
  ) -> Page {
    Page(title: "My timeline", section: .conversations) {
      Node.h1 { "My conversations over time" }
      Node.p(.class("lead")) {
        "Every conversation you have had. When you change manager, your new manager sees none of the past unless you hand it over."
      }
      if let manager {
        Node.div(.class("actions")) {
          Form.post("/me/handovers", request: request) {
            Node.input(.type("hidden"), .name("conversation"), .value("all"))
            Node.button(.type("submit"), .class("secondary")) {
              Node.text("Let \(manager.displayName) read all my past conversations")
            }
          }
          Form.post("/me/handovers", request: request) {
            Node.input(.type("hidden"), .name("revoke"), .value("yes"))
            Node.input(.type("hidden"), .name("recipient"), .value(String(manager.id)))
            Node.button(.type("submit"), .class("secondary")) {
              Node.text("Keep my past conversations from \(manager.displayName)")
            }
          }
        }
      }
      if conversations.items.isEmpty { Node.p(.class("empty")) { "No conversations yet." } }
      Node.ol(.class("timeline")) {
        for conversation in conversations.items {
          Node.li {
            Node.a(.href(WebPage.conversation(conversation.id).path)) {
              Node.text(ConversationViews.when(conversation))
            }
            Node.text(" ")
            ConversationViews.conversationBadge(conversation.status)
            if let manager, conversation.employeeID == actor.id, conversation.partnerID != manager.id {
              Form.post("/me/handovers", request: request, attributes: [.class("inline")]) {
                Node.input(.type("hidden"), .name("conversation"), .value(String(conversation.id)))
                Node.button(.type("submit"), .class("link-button small")) {
                  Node.text("Hand over to \(manager.displayName)")
                }
              }
            }
          }
        }
      }
      Pager.nav(conversations) { "/me/timeline?offset=\($0)" }
    }
  }
}
