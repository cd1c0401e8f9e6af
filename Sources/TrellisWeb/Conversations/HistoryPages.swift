import Foundation
import HTML
import HTTP
import Trellis

/// A relationship's history: every past conversation, what was agreed and what became of it.
enum HistoryPages {
  static func register(on router: Router, services: Services) {
    router.get("/relationships/:id/history") { request in
      let actor = try request.actor()
      let id = try request.intParameter("id")
      let (limit, offset) = try request.paging(defaultLimit: 20)
      let history = try services.conversations.history(
        actor, relationship: id, limit: limit, offset: offset, via: .web)
      return Layout.render(historyPage(history, actor: actor), for: request)
    }

    router.get("/api/v1/relationships/:id/history") { request in
      let (limit, offset) = try request.paging(defaultLimit: 20)
      return try .json(
        try services.conversations.history(
          try request.actor(), relationship: try request.intParameter("id"), limit: limit, offset: offset,
          via: .api))
    }
  }

  static func historyPage(_ history: RelationshipHistory, actor: Actor) -> Page {
    let other = actor.id == history.employee.id ? history.partner : history.employee
    let base = "/relationships/\(history.relationship.id)/history"
    return Page(title: "History with \(other.displayName)", section: .conversations) {
      Node.p { Node.a(.href(WebPage.conversations.path)) { "← Conversations" } }
      Node.h1 { Node.text("Conversations with \(other.displayName) over time") }
      Node.p(.class("lead")) {
        if actor.id == history.employee.id {
          "Every conversation you have had, with what you agreed and what became of it."
        } else {
          Node.text(
            "Your conversations with \(other.displayName), and earlier ones only if \(other.displayName) handed them over to you."
          )
        }
      }
      Node.p(.class("actions")) {
        Node.a(.href("/me/timeline")) { "My timeline" }
        Node.a(.href("/conversations/search")) { "Search my conversations" }
      }
      if history.conversations.items.isEmpty {
        Node.p(.class("empty")) {
          "No conversation has taken place yet. Past ones appear here with their summary."
        }
      }
      Node.ol(.class("history")) {
        for entry in history.conversations.items { self.entry(entry, history: history) }
      }
      Pager.nav(history.conversations) { "\(base)?offset=\($0)" }
    }
  }

  static func entry(_ entry: HistoryEntry, history: RelationshipHistory) -> Node {
    let conversation = entry.conversation
    return .li(.class("card history-entry")) {
      Node.h2 {
        Node.a(.href(WebPage.conversation(conversation.id).path)) {
          Node.text(ConversationViews.when(conversation))
        }
        Node.text(" ")
        ConversationViews.conversationBadge(conversation.status)
      }
      Node.p(.class("muted small")) {
        Node.text("Guide: \(entry.guideTitle)")
        if conversation.partnerID != history.partner.id { Node.text(" · with \(entry.partnerName)") }
        if !conversation.statusReason.isEmpty { Node.text(" · \(conversation.statusReason)") }
      }
      if let summary = entry.summary {
        Node.div(.class("markdown")) { Markdown.render(summary.body) }
        Node.p(.class("muted small")) {
          switch summary.response {
          case .confirmed: Node.text("Summary confirmed.")
          case .commented: Node.text("Summary commented: “\(summary.responseComment)”")
          case nil: Node.text("Summary not yet confirmed.")
          }
        }
      } else if conversation.status == .held {
        Node.p(.class("empty")) { "No summary was written." }
      }
      if !entry.actionItems.isEmpty {
        Node.ul(.class("outcomes")) {
          for item in entry.actionItems {
            Node.li {
              Node.text("\(item.title) (\(item.ownerName)): ")
              switch item.status {
              case .done: Node.text("done \(item.doneOn.map(Dates.day) ?? "")")
              case .dropped: Node.text("dropped, \(item.dropReason)")
              case .open: Node.text("open, due \(Dates.day(item.dueOn))")
              }
            }
          }
        }
      }
    }
  }

  // MARK: OpenAPI

  static let paths: [(String, JSONValue)] = [
    (
      "/api/v1/relationships/{id}/history",
      [
        "get": Spec.operation(
          "getRelationshipHistory",
          "A relationship's past conversations you may read, newest first, with summary and action items",
          tag: "conversations", parameters: [Spec.idParameter()] + Spec.paging,
          success: ("200", "The relationship and a page of its history", Spec.ref("RelationshipHistory")),
          errors: ["400", "401", "404"])
      ]
    )
  ]

  static let schemas: [(String, JSONValue)] = [
    (
      "HistoryEntry",
      ConversationAPI.object(
        ["conversation", "partnerName", "guideTitle", "actionItems"],
        [
          ("conversation", Spec.ref("Conversation")), ("partnerName", ConversationAPI.string),
          ("guideTitle", ConversationAPI.string), ("summary", ConversationAPI.any),
          ("actionItems", Spec.array(of: "ActionItem")),
        ])
    ),
    (
      "RelationshipHistory",
      ConversationAPI.object(
        ["relationship", "employee", "partner", "conversations"],
        [
          ("relationship", ConversationAPI.any), ("employee", Spec.ref("Person")),
          ("partner", Spec.ref("Person")), ("conversations", Spec.page(of: Spec.ref("HistoryEntry"))),
        ])
    ),
  ]
}
