import HTML
import HTTP
import Trellis

/// "Who has seen my information": every recorded read of one's career data by someone else.
enum AccessHistoryPage {
  static func register(on router: Router, services: Services) {
    router.get("/me/access-history") { request in
      let actor = try request.actor()
      let (limit, offset) = try request.paging()
      let entries = try services.audit.accessHistory(actor, of: actor.id, limit: limit, offset: offset)
      return Layout.render(page(entries), for: request)
    }
  }

  static func page(_ entries: Trellis.Page<AccessEntry>) -> Page {
    Page(title: "Who has seen my information") {
      Node.h1 { "Who has seen my information" }
      Node.p(.class("lead")) {
        "Each time someone other than you opens your career information in Trellis, it is written here: who, what and when, and so is each copy you download of everything about you. Reads of the same thing by the same person on the same day are one line, with how many times. No one can remove an entry."
      }
      if entries.items.isEmpty {
        Node.p(.class("empty")) { "No one else has opened your career information yet." }
      } else {
        WideTable.region("Reads of your information") {
          Node.table(.class("access-history")) {
            Node.thead {
              Node.tr {
                Node.th { "Who" }
                Node.th { "What" }
                Node.th { "When" }
                Node.th { "Times" }
                Node.th { "How" }
              }
            }
            Node.tbody {
              for entry in entries.items {
                Node.tr {
                  Node.td { Node.a(.href("/people/\(entry.viewerID)")) { Node.text(entry.viewerName) } }
                  Node.td { Node.text(entry.data) }
                  Node.td {
                    if entry.count > 1 {
                      Node.text(Dates.dayAndTimes(from: entry.firstAt, to: entry.at))
                    } else {
                      Node.text(Dates.dayAndTime(entry.at))
                    }
                  }
                  Node.td { Node.text(String(entry.count)) }
                  Node.td { Node.text(entry.via == .api ? "API" : "web") }
                }
              }
            }
          }
        }
        Pager.nav(entries) { "/me/access-history?offset=\($0)" }
      }
    }
  }
}
