import HTML
import HTTP
import Trellis

/// The front page: what Trellis is for when signed out; where one stands when signed in.
enum HomePage {
  static func register(on router: Router, services: Services) {
    router.get("/") { request in
      guard let actor = request.signedIn?.actor else { return Layout.render(landing(), for: request) }
      let chart = try services.people.orgChart(actor, id: actor.id)
      return Layout.render(home(actor, chart: chart), for: request)
    }
  }

  static func home(_ actor: Actor, chart: OrgChart) -> Page {
    Page(title: "Home", section: .home) {
      Node.h1 {
        Node.text(
          "Hello, \(actor.person.givenName.isEmpty ? actor.person.displayName : actor.person.givenName)")
      }
      Node.section(.class("cards"), .aria("label", "Where you stand")) {
        Node.article(.class("card")) {
          Node.h2 { "Your manager" }
          if let manager = chart.managementChain.first {
            PersonViews.chip(manager)
          } else {
            Node.p(.class("empty")) { "You have no manager in Trellis." }
          }
        }
        Node.article(.class("card")) {
          Node.h2 { "Your team" }
          if chart.directReports.isEmpty {
            Node.p(.class("empty")) { "No one reports to you." }
          } else {
            Node.ul(.class("people-list compact")) {
              for person in chart.directReports { Node.li { PersonViews.chip(person) } }
            }
          }
        }
        Node.article(.class("card")) {
          Node.h2 { "Your information" }
          Node.p {
            "Your career information is visible to you and to your current manager. Every time someone else reads it, it is recorded."
          }
          Node.p { Node.a(.href("/me/access-history")) { "See who has seen your information" } }
        }
      }
    }
  }

  static func landing() -> Page {
    Page(title: "Welcome", section: .home) {
      Node.section(.class("hero")) {
        Node.h1 { "Career conversations that lead somewhere" }
        Node.p(.class("lead")) {
          "Trellis keeps a steady rhythm of confidential check-ins between each person and their manager or mentor, and turns what is said into owned, dated next steps."
        }
        Node.p { Node.a(.class("button"), .href("/sign-in")) { "Sign in" } }
      }
      Node.section(.class("cards"), .aria("label", "What Trellis does")) {
        card(
          "A rhythm, not an event",
          "Every relationship has a cadence. Trellis knows who is due, who is overdue, and what carries over from last time."
        )
        card(
          "Talk becomes action",
          "Each conversation ends with action items that have an owner and a date, and they come back at the next one."
        )
        card(
          "Confidential by design",
          "Private notes stay with their author. Every time someone reads your career information, you can see who and when."
        )
        card(
          "Insight without surveillance",
          "The people team sees the rhythm of development in aggregates of five people or more, never what was said."
        )
      }
    }
  }

  private static func card(_ title: String, _ text: String) -> Node {
    .article(.class("card")) {
      Node.h2 { Node.text(title) }
      Node.p { Node.text(text) }
    }
  }
}
