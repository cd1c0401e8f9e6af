import HTML
import HTTP

/// The front page: what Trellis is for and how it treats what people say.
enum HomePage {
  static func register(on router: Router) {
    router.get("/") { _ in Layout.render(page()) }
  }

  static func page() -> Page {
    Page(title: "Welcome", section: .home) {
      Node.section(.class("hero")) {
        Node.h1 { "Career conversations that lead somewhere" }
        Node.p(.class("lead")) {
          "Trellis keeps a steady rhythm of confidential check-ins between each person and their manager or mentor, and turns what is said into owned, dated next steps."
        }
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
