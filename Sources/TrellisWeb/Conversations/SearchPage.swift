import HTML
import HTTP
import Trellis

/// Search across the conversations one may read.
enum SearchPage {
  struct Results: Encodable {
    let query: String
    let hits: [SearchHit]
  }

  static func register(on router: Router, services: Services) {
    router.get("/conversations/search") { request in
      let actor = try request.actor()
      let query = request.query("q") ?? ""
      let hits = try services.conversations.search(actor, query)
      return Layout.render(page(query: query, hits: hits), for: request)
    }

    router.get("/api/v1/conversations/search") { request in
      let query = request.query("q") ?? ""
      return try .json(
        Results(query: query, hits: try services.conversations.search(try request.actor(), query)))
    }
  }

  static func page(query: String, hits: [SearchHit]) -> Page {
    Page(title: query.isEmpty ? "Search conversations" : "Search: \(query)", section: .conversations) {
      Node.h1 { "Search conversations" }
      Node.form(.method("get"), .action("/conversations/search"), .class("filters"), .role("search")) {
        Form.field(
          "Search your conversations", name: "q", value: query, type: "search",
          extra: [.placeholder("A word from notes, summaries, agendas, action items")])
        Node.button(.type("submit")) { "Search" }
      }
      if !query.isEmpty {
        Node.p(.class("muted"), .role("status")) {
          Node.text(Words.count(hits.count, "match", "matches"))
        }
        Node.ul(.class("search-results")) {
          for hit in hits {
            Node.li(.class("card")) {
              Node.p {
                Node.a(.href(WebPage.conversation(hit.conversation.id).path)) {
                  Node.text(ConversationViews.when(hit.conversation))
                }
                Node.span(.class("badge")) { Node.text(hit.kind) }
              }
              Node.p(.class("excerpt")) { highlighted(hit.excerpt) }
            }
          }
        }
      }
    }
  }

  /// The excerpt as text, with the matched words (between \u{2} and \u{3}) in <mark>.
  static func highlighted(_ excerpt: String) -> Node {
    var nodes: [Node] = []
    var rest = Substring(excerpt)
    while let start = rest.firstIndex(of: "\u{2}") {
      nodes.append(.text(String(rest[..<start])))
      let afterStart = rest.index(after: start)
      let end = rest[afterStart...].firstIndex(of: "\u{3}") ?? rest.endIndex
      nodes.append(.element("mark", [], [.text(String(rest[afterStart..<end]))]))
      rest = end == rest.endIndex ? "" : rest[rest.index(after: end)...]
    }
    nodes.append(.text(String(rest)))
    return .fragment(nodes)
  }
}
