import Foundation
import HTML
import HTTP
import Trellis

/// One's own conversations to keep: a JSON file and a page that prints cleanly.
enum ExportPages {
  struct Export: Encodable {
    let person: Person
    let exportedAt: Date
    let conversations: [ConversationDetail]
  }

  static func register(on router: Router, services: Services) {
    router.get("/me/conversations/export.json") { request in
      try json(request, services).asDownload(named: "trellis-conversations.json")
    }

    router.get("/api/v1/me/conversations/export") { request in try json(request, services) }

    router.get("/me/conversations/export") { request in
      let actor = try request.actor()
      return Layout.render(page(actor, try services.conversations.export(actor)), for: request)
    }
  }

  static func json(_ request: Request, _ services: Services) throws -> Response {
    let actor = try request.actor()
    let conversations = try services.conversations.export(actor)
    try services.audit.recordExport(
      actor, SecurityAction.conversationsExported, detail: "\(conversations.count) conversations",
      from: request.origin)
    return try .json(
      Export(person: actor.person, exportedAt: services.clock.now(), conversations: conversations))
  }

  static func page(_ actor: Actor, _ conversations: [ConversationDetail]) -> Page {
    Page(title: "My conversations", section: .conversations) {
      Node.h1 { Node.text("Career conversations of \(actor.person.displayName)") }
      Node.p(.class("lead")) {
        "Everything you took part in: agendas, shared notes, your own private notes, summaries and action items. Print this page or "
        Node.a(.href("/me/conversations/export.json")) { "download it as JSON" }
        "."
      }
      if conversations.isEmpty { Node.p(.class("empty")) { "No conversations yet." } }
      for detail in conversations {
        Node.article(.class("card export")) {
          Node.h2 {
            Node.text(
              "\(ConversationViews.when(detail.conversation)) · \(detail.employee.displayName) and \(detail.partner.displayName)"
            )
          }
          Node.p(.class("muted small")) {
            Node.text("\(Words.sentence(detail.conversation.status.rawValue)) · \(detail.guide.title)")
          }
          if !detail.agenda.isEmpty {
            Node.h3 { "Agenda" }
            Node.ul { for item in detail.agenda { Node.li { Node.text(item.text) } } }
          }
          if let notes = detail.sharedNotes {
            Node.h3 { "Shared notes" }
            Node.div(.class("markdown")) { Markdown.render(notes.body) }
          }
          if let note = detail.myPrivateNote {
            Node.h3 { "My private note" }
            Node.div(.class("markdown")) { Markdown.render(note.body) }
          }
          if let summary = detail.summary {
            Node.h3 { "Summary" }
            Node.div(.class("markdown")) { Markdown.render(summary.body) }
          }
          if let draft = detail.mySummaryDraft {
            Node.h3 { "My summary draft (not shared)" }
            Node.div(.class("markdown")) { Markdown.render(draft.body) }
          }
          if !detail.actionItems.isEmpty {
            Node.h3 { "Action items" }
            Node.ul {
              for item in detail.actionItems {
                Node.li {
                  Node.text(
                    "\(item.title) · \(item.ownerName) · due \(Dates.day(item.dueOn)) · \(item.status.rawValue)"
                  )
                }
              }
            }
          }
        }
      }
    }
  }
}
