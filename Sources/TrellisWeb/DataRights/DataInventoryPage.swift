import HTML
import HTTP
import Trellis

/// What Trellis stores, who may read it, how long it is kept and where it goes: for everyone, and
/// for the organization's data-protection officer in particular.
enum DataInventoryPage {
  static func register(on router: Router, services: Services) {
    router.get("/data-inventory") { request in
      _ = try request.actor()
      return Layout.render(page(try services.retention.current()), for: request)
    }
  }

  static func page(_ settings: RetentionSettings) -> Page {
    Page(title: "What Trellis stores") {
      Node.h1 { "What Trellis stores" }
      Node.p(.class("lead")) {
        "Each kind of data this installation keeps, who may read it, how long it is kept and where it goes. Who may read it is asked of the same rules that decide every page, so this list cannot say more than Trellis allows."
      }
      for entry in DataInventory.entries {
        Node.section(.class("card inventory"), .aria("label", entry.name)) {
          Node.h2 { Node.text(entry.name) }
          Node.p { Node.text(entry.holds) }
          Node.dl(.class("facts")) {
            Node.dt { "Who may read it" }
            Node.dd {
              for (choice, who) in entry.readers {
                Node.p {
                  if !choice.isEmpty { Node.strong { Node.text("When \(choice): ") } }
                  Node.text(who.isEmpty ? "no one" : who.joined(separator: ", "))
                }
              }
            }
            Node.dt { "How long it is kept" }
            Node.dd {
              if let kind = entry.retention {
                Node.text(kind.explanation(days: settings.days(kind)))
              } else {
                Node.text(entry.kept)
              }
            }
            Node.dt { "Where it goes" }
            Node.dd { Node.text(entry.goesTo) }
            Node.dt { "Tables" }
            Node.dd { Node.span(.class("muted small")) { Node.text(entry.tables.joined(separator: ", ")) } }
          }
        }
      }
    }
  }
}
