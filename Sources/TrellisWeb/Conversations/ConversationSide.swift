import Foundation
import HTML
import HTTP
import Trellis

/// The conversation page's side column: what stays in view while the two talk.
extension ConversationPage {
  @HTMLBuilder var side: [Node] {
    Node.section(.class("card private"), .id("private-note"), .aria("labelledby", "private-heading")) {
      Node.h2(.id("private-heading")) { "My private note" }
      Node.p(.class("muted small")) {
        "Only you can ever read this. It is not in calendars, exports for others, or anyone’s dashboard."
      }
      Form.textArea(
        "Private note (CommonMark)", name: "privateNote",
        value: value("privateNote", stored: detail.myPrivateNote?.body ?? ""), rows: 5,
        error: error("privateNote"))
      saveState("privateNote")
    }
    if !detail.carriedOver.isEmpty {
      Node.section(.class("card"), .id("carried-over"), .aria("labelledby", "carried-heading")) {
        Node.h2(.id("carried-heading")) { "Still open from earlier" }
        Node.ul(.class("action-list")) {
          for item in detail.carriedOver { actionItem(item) }
        }
      }
    }
    if let plan = detail.plan, !plan.isEmpty {
      planGlance(plan)
    }
    if !goals.isEmpty {
      Node.section(.class("card"), .id("goals"), .aria("labelledby", "goals-heading")) {
        Node.h2(.id("goals-heading")) { Node.text("\(detail.employee.displayName)’s goals") }
        Node.ul(.class("plan-glance")) {
          for goal in goals.prefix(5) {
            Node.li {
              Node.strong { Node.text(goal.title) }
              Node.text(" · \(goal.progress) %")
              if let due = goal.dueOn { Node.text(" · by \(Dates.day(due))") }
            }
          }
        }
        Node.p { Node.a(.href("/people/\(detail.employee.id)/goals")) { "All goals" } }
      }
    }
    Node.section(.class("card"), .id("past"), .aria("labelledby", "past-heading")) {
      Node.h2(.id("past-heading")) { "Earlier conversations" }
      let past = history.filter { $0.conversation.id != conversation.id }.prefix(3)
      if past.isEmpty { Node.p(.class("empty")) { "None yet." } }
      Node.ul(.class("past-list")) {
        for entry in past {
          Node.li {
            Node.a(.href(WebPage.conversation(entry.conversation.id).path)) {
              Node.text(Dates.day(entry.conversation.scheduledAt))
            }
            Node.span(.class("muted small")) {
              Node.text(" · \(entry.guideTitle) · \(entry.conversation.status.rawValue)")
            }
            if let summary = entry.summary {
              Node.p(.class("small")) { Node.text(String(summary.body.prefix(160))) }
            }
          }
        }
      }
      if actor.id == detail.employee.id || editable {
        Node.p {
          Node.a(.href("/relationships/\(conversation.relationshipID)/history")) { "All of our history" }
        }
      }
    }
  }

  func planGlance(_ plan: [PlanItem]) -> Node {
    .section(.class("card"), .id("plan"), .aria("labelledby", "plan-heading")) {
      Node.h2(.id("plan-heading")) { Node.text("\(detail.employee.displayName)’s plan") }
      let since = detail.previousHeldOn
      let recent = plan.flatMap(\.milestones).filter { milestone in
        guard let done = milestone.doneOn else { return false }
        return since.map { done >= $0 } ?? true
      }
      Node.p(.class("muted small")) {
        Node.text(
          since.map {
            "Since the last conversation (\(Dates.day($0))): \(Words.count(recent.count, "milestone")) done."
          }
            ?? "\(Words.count(recent.count, "milestone")) done so far.")
      }
      Node.ul(.class("plan-glance")) {
        for item in plan where item.status != .dropped {
          Node.li {
            Node.strong { Node.text(item.skill) }
            Node.text(
              " · \(item.status.rawValue) · \(item.milestones.filter { $0.doneOn != nil }.count)/\(item.milestones.count) milestones · target \(Dates.day(item.targetOn))"
            )
          }
        }
      }
      Node.p { Node.a(.href(WebPage.plan(person: detail.employee.id).path)) { "Open the plan" } }
    }
  }
}
