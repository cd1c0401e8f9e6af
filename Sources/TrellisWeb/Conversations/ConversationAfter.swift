import Foundation
import HTML
import HTTP
import Trellis

/// The conversation page after the meeting: the summary (a draft for its author until shared,
/// then confirmed or commented on by the other side) and the employee's anonymous pulse.
extension ConversationPage {
  var summary: Node {
    .section(.class("card"), .id("summary"), .aria("labelledby", "summary-heading")) {
      Node.h3(.id("summary-heading")) { "Summary" }
      if let summary = detail.summary {
        let author = summary.authorID == detail.employee.id ? detail.employee : detail.partner
        Node.div(.class("markdown")) { Markdown.render(summary.body) }
        Node.p(.class("muted small")) {
          Node.text("Written by \(author.displayName), \(Dates.dayAndTime(summary.writtenAt)). ")
          switch summary.response {
          case .confirmed:
            Node.text("Confirmed by \(other.id == author.id ? actor.person.displayName : other.displayName).")
          case .commented: Node.text("Commented: “\(summary.responseComment)”")
          case nil: Node.text("Not yet confirmed.")
          }
        }
        if editable && summary.authorID != actor.id && summary.response == nil {
          Node.div(.class("confirm")) {
            Node.p { Node.text("Did \(author.displayName) understand you right?") }
            Form.field(
              "Comment (needed if something is off)", name: "summaryComment",
              value: value("summaryComment", stored: ""), error: error("summaryComment"))
            Node.div(.class("actions")) {
              Node.button(.type("submit"), .name("do"), .value("confirm-summary")) { "Yes, confirm" }
              Node.button(.type("submit"), .name("do"), .value("comment-summary"), .class("secondary")) {
                "Add my comment"
              }
            }
          }
        }
      }
      if editable {
        // A shared summary folds its rewriting away, unless a rewrite is under way.
        if detail.summary == nil || detail.mySummaryDraft != nil || hasError("summary") {
          summaryDraft
        } else {
          Node.details(.class("rewrite")) {
            Node.summary(.class("small")) { "Rewrite the summary…" }
            summaryDraft
          }
        }
      }
    }
  }

  /// The summary as its author writes it: a draft for them alone, autosaved, until shared.
  @HTMLBuilder var summaryDraft: [Node] {
    Form.textArea(
      detail.summary == nil ? "Write the summary" : "Rewrite the summary", name: "summary",
      value: value("summary", stored: detail.mySummaryDraft?.body ?? detail.summary?.body ?? ""), rows: 4,
      hint:
        "Kept as your draft, for you alone, until you share it. Then \(other.displayName) is asked to confirm it.",
      error: error("summary"))
    Node.div(.class("actions")) {
      Node.button(.type("submit"), .name("do"), .value("share-summary")) { "Share the summary" }
      saveState("summary")
      if let draft = detail.mySummaryDraft {
        Node.span(.class("muted small")) {
          Node.text("Draft kept \(Dates.dayAndTime(draft.updatedAt)), not shared yet.")
        }
      }
    }
  }

  @HTMLBuilder var pulse: [Node] {
    if conversation.status == .held && actor.id == detail.employee.id && !detail.pulseGiven {
      Node.section(.class("card"), .id("pulse"), .aria("labelledby", "pulse-heading")) {
        Node.h3(.id("pulse-heading")) { "How was it? (anonymous)" }
        Node.p(.class("muted small")) {
          "Your answer is stored without your name or this conversation, and only shown in averages of five or more."
        }
        if let message = error("pulse") { Node.p(.class("field-error")) { Node.text(message) } }
        for (name, question) in [
          ("feltHeard", "I felt heard"), ("clearNextSteps", "I left with clear next steps"),
        ] {
          Node.fieldset(.class("scale")) {
            Node.legend { Node.text(question) }
            for value in 1...5 {
              Node.input(
                .type("radio"), .name(name), .value(String(value)), .id("\(name)-\(value)"),
                .flag("checked", typed?[name] == String(value)))
              Node.label(.for("\(name)-\(value)")) { Node.text(String(value)) }
            }
          }
        }
        Node.button(.type("submit"), .name("do"), .value("pulse"), .class("secondary")) { "Send anonymously" }
      }
    }
  }
}
