import Foundation
import HTML
import HTTP
import Trellis

extension ConversationPages {
  /// One conversation: when and where, carried-over items, agenda, reflection, notes, summary,
  /// action items and the pulse. Private writing shows only to its author.
  static func conversationPage(
    _ detail: ConversationDetail, actor: Actor, today: CalendarDate, problems: [FieldError],
    pendingNotes: String?,
    request: Request
  ) -> Page {
    let conversation = detail.conversation
    let other = actor.id == detail.employee.id ? detail.partner : detail.employee
    let base = "/conversations/\(conversation.id)"
    let editable = detail.canEdit
    return Page(title: "Conversation with \(other.displayName)", section: .conversations) {
      Node.p { Node.a(.href("/conversations")) { "← Conversations" } }
      Node.section(.class("conversation-header")) {
        Node.h1 { Node.text("\(detail.employee.displayName) and \(detail.partner.displayName)") }
        Node.p(.class("lead")) {
          Node.text(ConversationViews.when(conversation))
          Node.text(" · \(conversation.durationMinutes) min")
          if !conversation.location.isEmpty { Node.text(" · \(conversation.location)") }
        }
        Node.p {
          ConversationViews.conversationBadge(conversation.status)
          Node.text(" Guide: \(detail.guide.title) (version \(detail.guide.number))")
          if !conversation.statusReason.isEmpty { Node.text(" · \(conversation.statusReason)") }
        }
        if !editable {
          Node.p(.class("notice")) {
            "Handed over to you by \(detail.employee.displayName): you can read it, not change it."
          }
        }
        Node.div(.class("actions")) {
          Node.a(.class("button secondary"), .href("\(base)/calendar.ics")) { "Add to calendar (.ics)" }
          if editable && conversation.status == .scheduled {
            Node.a(.class("button secondary"), .href("\(base)/move")) { "Move" }
            Form.post("\(base)/status", request: request, attributes: [.class("inline")]) {
              Node.input(.type("hidden"), .name("status"), .value("held"))
              Node.button(.type("submit")) { "We met" }
            }
            Node.details(.class("drop")) {
              Node.summary(.class("button secondary")) { "Missed or cancelled…" }
              Form.post("\(base)/status", request: request) {
                Node.fieldset {
                  Node.legend { "What happened?" }
                  Node.div(.class("field checkbox")) {
                    Node.input(
                      .type("radio"), .name("status"), .value("missed"), .id("status-missed"),
                      .flag("checked"))
                    Node.label(.for("status-missed")) { "It did not happen (missed)" }
                  }
                  Node.div(.class("field checkbox")) {
                    Node.input(.type("radio"), .name("status"), .value("cancelled"), .id("status-cancelled"))
                    Node.label(.for("status-cancelled")) { "Cancel it" }
                  }
                }
                Form.field("Why?", name: "reason", required: true)
                Node.button(.type("submit"), .class("secondary")) { "Save" }
              }
            }
          }
        }
      }
      Form.errors(problems)

      if let plan = detail.plan, !plan.isEmpty {
        Node.section(.class("card"), .id("plan"), .aria("labelledby", "plan-heading")) {
          Node.h2(.id("plan-heading")) { Node.text("\(detail.employee.displayName)’s plan at a glance") }
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
          Node.p { Node.a(.href("/people/\(detail.employee.id)/plan")) { "Open the plan" } }
        }
      }

      if !detail.carriedOver.isEmpty {
        Node.section(.class("card"), .id("carried-over"), .aria("labelledby", "carried-heading")) {
          Node.h2(.id("carried-heading")) { "Still open from earlier conversations" }
          Node.ul(.class("action-list")) {
            for item in detail.carriedOver {
              ConversationViews.actionItem(item, today: today, request: request, canEdit: editable)
            }
          }
        }
      }

      Node.section(.class("card"), .id("agenda"), .aria("labelledby", "agenda-heading")) {
        Node.h2(.id("agenda-heading")) { "Agenda" }
        if detail.agenda.isEmpty {
          Node.p(.class("empty")) { "Nothing on the agenda yet. Either of you can add to it." }
        }
        Node.ul(.class("agenda")) {
          for item in detail.agenda {
            Node.li {
              Node.text(item.text)
              Node.span(.class("muted small")) { Node.text(" · \(item.authorName)") }
              if editable && item.authorID == actor.id {
                Form.post("\(base)/agenda-removal", request: request, attributes: [.class("inline")]) {
                  Node.input(.type("hidden"), .name("item"), .value(String(item.id)))
                  Node.button(
                    .type("submit"), .class("link-button small"), .aria("label", "Remove “\(item.text)”")
                  ) { "Remove" }
                }
              }
            }
          }
        }
        if editable {
          Form.post("\(base)/agenda", request: request, attributes: [.class("inline-form")]) {
            Form.field("Add to the agenda", name: "text", required: true)
            Node.button(.type("submit"), .class("secondary")) { "Add" }
          }
        }
      }

      Node.section(.class("card"), .id("reflection"), .aria("labelledby", "reflection-heading")) {
        Node.h2(.id("reflection-heading")) { "Reflection" }
        Node.p(.class("muted small")) {
          "Your answers are private until you choose to share them with \(other.displayName)."
        }
        if editable {
          Form.post("\(base)/reflection", request: request) {
            for section in detail.guide.sections {
              Node.fieldset {
                Node.legend { Node.text(section.title) }
                for prompt in section.prompts {
                  ConversationPages.prompt(
                    prompt, index: Self.promptIndex(detail.guide, prompt),
                    answer: detail.myReflection?.answers[prompt] ?? "")
                }
              }
            }
            Node.div(.class("actions")) {
              Node.button(.type("submit"), .name("share"), .value("no"), .class("secondary")) {
                "Save privately"
              }
              Node.button(.type("submit"), .name("share"), .value("yes")) {
                Node.text(detail.myReflection?.sharedAt == nil ? "Save and share" : "Save (shared)")
              }
            }
          }
          if let shared = detail.myReflection?.sharedAt {
            Node.p(.class("muted small")) { Node.text("Shared on \(Dates.dayAndTime(shared)).") }
          }
        }
        for reflection in detail.sharedReflections {
          Node.div(.class("shared-reflection")) {
            Node.h3 { Node.text("\(other.displayName)’s reflection") }
            Node.dl(.class("answers")) {
              for prompt in detail.guide.prompts where reflection.answers[prompt] != nil {
                Node.dt { Node.text(prompt) }
                Node.dd { Node.text(reflection.answers[prompt] ?? "") }
              }
            }
          }
        }
      }

      Node.section(.class("card"), .id("notes"), .aria("labelledby", "notes-heading")) {
        Node.h2(.id("notes-heading")) { "Shared notes" }
        if let notes = detail.sharedNotes {
          Node.div(.class("markdown")) { Markdown.render(notes.body) }
          Node.p(.class("muted small")) {
            Node.text(
              "Version \(notes.revision), by \(notes.updatedByName), \(Dates.dayAndTime(notes.updatedAt)). ")
            Node.a(.href("\(base)/notes/history")) { "Every version" }
          }
        } else {
          Node.p(.class("empty")) { "No shared notes yet." }
        }
        if editable {
          if let pendingNotes {
            Node.div(.class("notice error")) {
              Node.p { "Your text was not saved because the notes changed meanwhile. Here it is:" }
              Node.element("pre", [.class("pending")], [.text(pendingNotes)])
            }
          }
          Form.post("\(base)/notes", request: request) {
            Node.input(
              .type("hidden"), .name("baseRevision"), .value(String(detail.sharedNotes?.revision ?? 0)))
            Node.div(.class("field")) {
              Node.label(.for("field-notes")) { "Edit the shared notes (CommonMark)" }
              Node.textarea(
                .name("body"), .id("field-notes"), Attribute("rows", "8"),
                text: detail.sharedNotes?.body ?? "")
            }
            Node.button(.type("submit")) { "Save shared notes" }
          }
        }
      }

      Node.section(.class("card private"), .id("private-note"), .aria("labelledby", "private-heading")) {
        Node.h2(.id("private-heading")) { "My private note" }
        Node.p(.class("muted small")) {
          "Only you can ever read this. It is not in calendars, exports for others, or anyone’s dashboard."
        }
        Form.post("\(base)/private-note", request: request) {
          Node.div(.class("field")) {
            Node.label(.for("field-private")) { "Private note (CommonMark)" }
            Node.textarea(
              .name("body"), .id("field-private"), Attribute("rows", "4"),
              text: detail.myPrivateNote?.body ?? "")
          }
          Node.button(.type("submit"), .class("secondary")) { "Save private note" }
        }
      }

      Node.section(.class("card"), .id("summary"), .aria("labelledby", "summary-heading")) {
        Node.h2(.id("summary-heading")) { "Summary" }
        if let summary = detail.summary {
          Node.div(.class("markdown")) { Markdown.render(summary.body) }
          let author = summary.authorID == detail.employee.id ? detail.employee : detail.partner
          Node.p(.class("muted small")) {
            Node.text("Written by \(author.displayName), \(Dates.dayAndTime(summary.writtenAt)). ")
            switch summary.response {
            case .confirmed:
              Node.text(
                "Confirmed by \(other.id == author.id ? actor.person.displayName : other.displayName).")
            case .commented: Node.text("Commented: “\(summary.responseComment)”")
            case nil: Node.text("Not yet confirmed.")
            }
          }
          if editable && summary.authorID != actor.id && summary.response == nil {
            Form.post("\(base)/summary-response", request: request) {
              Node.p { "Did \(author.displayName) understand you right?" }
              Form.field("Comment (needed if something is off)", name: "comment")
              Node.div(.class("actions")) {
                Node.button(.type("submit"), .name("response"), .value("confirm")) { "Yes, confirm" }
                Node.button(.type("submit"), .name("response"), .value("comment"), .class("secondary")) {
                  "Add my comment"
                }
              }
            }
          }
        }
        if editable {
          Form.post("\(base)/summary", request: request) {
            Node.div(.class("field")) {
              Node.label(.for("field-summary")) {
                Node.text(detail.summary == nil ? "Write the summary" : "Rewrite the summary")
              }
              Node.textarea(
                .name("body"), .id("field-summary"), Attribute("rows", "4"), text: detail.summary?.body ?? "")
            }
            Node.button(.type("submit"), .class("secondary")) { "Save summary" }
          }
        }
      }

      Node.section(.class("card"), .id("action-items"), .aria("labelledby", "actions-heading")) {
        Node.h2(.id("actions-heading")) { "Action items" }
        if detail.actionItems.isEmpty {
          Node.p(.class("empty")) { "No action items yet: what will each of you do next, by when?" }
        }
        Node.ul(.class("action-list")) {
          for item in detail.actionItems {
            ConversationViews.actionItem(item, today: today, request: request, canEdit: editable)
          }
        }
        if editable {
          Form.post("\(base)/action-items", request: request, attributes: [.class("grid-form")]) {
            Form.field("Next step", name: "title", required: true)
            Node.div(.class("field")) {
              Node.label(.for("field-owner")) { "Owner" }
              Node.select(.name("ownerID"), .id("field-owner")) {
                Node.option(.value(String(detail.employee.id)), text: detail.employee.displayName)
                Node.option(.value(String(detail.partner.id)), text: detail.partner.displayName)
              }
            }
            Form.field(
              "Due", name: "dueOn", value: today.adding(days: 14).description, type: "date", required: true)
            Node.button(.type("submit")) { "Add action item" }
          }
        }
      }

      if conversation.status == .held && actor.id == detail.employee.id && !detail.pulseGiven {
        Node.section(.class("card"), .id("pulse"), .aria("labelledby", "pulse-heading")) {
          Node.h2(.id("pulse-heading")) { "How was it? (anonymous)" }
          Node.p(.class("muted small")) {
            "Your answer is stored without your name or this conversation, and only shown in averages of five or more."
          }
          Form.post("\(base)/pulse", request: request) {
            for (name, question) in [
              ("feltHeard", "I felt heard"), ("clearNextSteps", "I left with clear next steps"),
            ] {
              Node.fieldset(.class("scale")) {
                Node.legend { Node.text(question) }
                for value in 1...5 {
                  Node.input(
                    .type("radio"), .name(name), .value(String(value)), .id("\(name)-\(value)"), .required)
                  Node.label(.for("\(name)-\(value)")) { Node.text(String(value)) }
                }
              }
            }
            Node.button(.type("submit"), .class("secondary")) { "Send anonymously" }
          }
        }
      }
    }
  }

  static func promptIndex(_ guide: GuideVersion, _ prompt: String) -> Int {
    guide.prompts.firstIndex(of: prompt) ?? 0
  }

  static func prompt(_ prompt: String, index: Int, answer: String) -> Node {
    .div(.class("field")) {
      Node.label(.for("answer-\(index)")) { Node.text(prompt) }
      Node.textarea(.name("answer-\(index)"), .id("answer-\(index)"), Attribute("rows", "3"), text: answer)
    }
  }
}
