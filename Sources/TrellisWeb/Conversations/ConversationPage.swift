import Foundation
import HTML
import HTTP
import Trellis

/// The conversation workspace: one form for the whole page, so any button saves everything typed
/// (without JavaScript) and the script saves each part as it is typed. Before, during and after
/// fold away when done; the side column keeps history, open items, the plan and the private note.
struct ConversationPage {
  let detail: ConversationDetail
  let actor: Actor
  let now: Date
  let today: CalendarDate
  /// Past conversations of the relationship, when the actor may read its history.
  let history: [HistoryEntry]
  /// The employee's active goals the actor may see.
  let goals: [Goal]
  /// What was typed, when the page comes back with problems; nil shows what is stored.
  let typed: FormData?
  let problems: [FieldError]
  let request: Request

  var conversation: Conversation { detail.conversation }
  var other: Person { detail.other(of: actor.id) }
  var editable: Bool { detail.canEdit }
  var base: String { WebPage.conversation(conversation.id).path }

  func value(_ name: String, stored: String) -> String { typed?[name] ?? stored }
  func error(_ field: String) -> String? { problems.first { $0.field == field }?.message }
  func hasError(_ fields: String...) -> Bool { problems.contains { fields.contains($0.field) } }

  var page: Page {
    var page = Page(title: "Conversation with \(other.displayName)", section: .conversations) {
      Node.p { Node.a(.href(WebPage.conversations.path)) { "← Conversations" } }
      Node.element(
        "form",
        [
          .method("post"), .action(base), .id("workspace"), .class("workspace"),
          Attribute("data-api", "/api/v1\(base)"),
        ],
        [
          // Enter in a text field presses the first button of the form: make that one Save.
          Node.button(
            .type("submit"), .name("do"), .value("save"), .class("visually-hidden"),
            Attribute("tabindex", "-1"), .aria("hidden", "true")
          ) { "Save" },
          Node.input(.type("hidden"), .name(CSRFMiddleware.field), .value(request.csrfToken)),
          header,
          Form.errors(problems),
          Node.div(.class("workspace-grid")) {
            Node.div(.class("workspace-main")) {
              before
              during
              after
            }
            Node.element(
              "aside", [.class("workspace-side"), .aria("label", "Alongside the conversation")], side)
          },
          saveBar,
        ])
    }
    page.noticeInPage = true
    page.scripts = ["workspace.js"]
    return page
  }

  // MARK: Header

  var header: Node {
    .section(.class("conversation-header")) {
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
          // "We met" from the time it was planned for, not days before.
          if now >= conversation.scheduledAt {
            Node.button(.type("submit"), .name("do"), .value("held")) { "We met" }
          }
          Node.details(.class("drop"), .flag("open", hasError("statusReason"))) {
            Node.summary(.class("button secondary")) { "Missed or cancelled…" }
            Node.fieldset {
              Node.legend { "What happened?" }
              Node.div(.class("field checkbox")) {
                Node.input(
                  .type("radio"), .name("missedOrCancelled"), .value("missed"), .id("status-missed"),
                  .flag("checked", value("missedOrCancelled", stored: "missed") == "missed"))
                Node.label(.for("status-missed")) { "It did not happen (missed)" }
              }
              Node.div(.class("field checkbox")) {
                Node.input(
                  .type("radio"), .name("missedOrCancelled"), .value("cancelled"), .id("status-cancelled"),
                  .flag("checked", value("missedOrCancelled", stored: "") == "cancelled"))
                Node.label(.for("status-cancelled")) { "Cancel it" }
              }
            }
            Form.field(
              "Why?", name: "statusReason", value: value("statusReason", stored: ""),
              error: error("statusReason"))
            Node.button(.type("submit"), .name("do"), .value("missed-or-cancelled"), .class("secondary")) {
              "Save what happened"
            }
          }
        }
        if actor.id == detail.employee.id || editable {
          Node.a(.class("button secondary"), .href("/relationships/\(conversation.relationshipID)/history")) {
            "History"
          }
        }
      }
    }
  }

  // MARK: Phases

  /// A phase of the meeting that folds away when it is done, unless it holds a problem.
  func phase(_ id: String, _ title: String, open: Bool, @HTMLBuilder _ content: () -> [Node]) -> Node {
    .element(
      "details", [.class("phase"), .id(id), .flag("open", open)],
      [Node.summary { Node.h2 { Node.text(title) } }] + content())
  }

  var before: Node {
    phase(
      "before", "Before: reflection and agenda",
      open: conversation.status == .scheduled || hasError("answers", "agendaText")
    ) {
      reflection
      agenda
    }
  }

  var during: Node {
    phase(
      "during", "During: notes and next steps",
      open: conversation.status == .scheduled || (conversation.status == .held && detail.summary == nil)
        || hasError("notes", "actionTitle", "actionOwnerID", "actionDueOn")
        || problems.contains { $0.field.hasPrefix("dropReason") }
    ) {
      notes
      actionItems
    }
  }

  var after: Node {
    phase(
      "after", "After: summary and pulse",
      open: conversation.status == .held || detail.summary != nil
        || hasError("summary", "summaryComment", "pulse")
    ) {
      summary
      pulse
    }
  }

  // MARK: Before

  /// The guide's prompts this side answers, and any it answered before the guide named sides.
  var mySections: [GuideSection] {
    let isEmployee = actor.id == detail.employee.id
    let answered = detail.myReflection?.answers ?? [:]
    return detail.guide.sections.compactMap { section in
      let prompts = section.prompts.enumerated().filter { index, prompt in
        section.audience(of: index).includes(employee: isEmployee) || answered[prompt] != nil
      }.map(\.element)
      return prompts.isEmpty ? nil : GuideSection(title: section.title, prompts: prompts)
    }
  }

  var reflection: Node {
    .section(.class("card"), .id("reflection"), .aria("labelledby", "reflection-heading")) {
      Node.h3(.id("reflection-heading")) { "My reflection" }
      if editable {
        Node.p(.class("muted small")) {
          Node.text("Private until you choose to share it with \(other.displayName).")
          saveState("reflection")
        }
        if let message = error("answers") { Node.p(.class("field-error")) { Node.text(message) } }
        for section in mySections {
          Node.fieldset {
            Node.legend { Node.text(section.title) }
            for prompt in section.prompts {
              let index = detail.guide.prompts.firstIndex(of: prompt) ?? 0
              Node.div(.class("field")) {
                Node.label(.for("answer-\(index)")) { Node.text(prompt) }
                Node.textarea(
                  .name("answer-\(index)"), .id("answer-\(index)"), Attribute("rows", "3"),
                  Attribute("data-autosave", "reflection"), Attribute("data-prompt", prompt),
                  text: value("answer-\(index)", stored: detail.myReflection?.answers[prompt] ?? ""))
              }
            }
          }
        }
        let shared = typed.map { $0["shareReflection"] != nil } ?? (detail.myReflection?.sharedAt != nil)
        Form.checkbox(
          "Share my answers with \(other.displayName)", name: "shareReflection", value: "yes",
          checked: shared,
          extra: [Attribute("data-autosave", "reflection")])
        if let shared = detail.myReflection?.sharedAt {
          Node.p(.class("muted small")) { Node.text("Shared since \(Dates.dayAndTime(shared)).") }
        }
      }
      for reflection in detail.sharedReflections {
        Node.div(.class("shared-reflection")) {
          Node.h4 { Node.text("\(other.displayName)’s reflection") }
          Node.dl(.class("answers")) {
            for prompt in detail.guide.prompts where reflection.answers[prompt] != nil {
              Node.dt { Node.text(prompt) }
              Node.dd { Node.text(reflection.answers[prompt] ?? "") }
            }
          }
        }
      }
      if detail.sharedReflections.isEmpty {
        Node.p(.class("empty")) { Node.text("\(other.displayName) has shared no reflection yet.") }
      }
    }
  }

  var agenda: Node {
    .section(.class("card"), .id("agenda"), .aria("labelledby", "agenda-heading")) {
      Node.h3(.id("agenda-heading")) { "Agenda" }
      if detail.agenda.isEmpty {
        Node.p(.class("empty")) { "Nothing on the agenda yet. Either of you can add to it." }
      }
      Node.ul(.class("agenda")) {
        for item in detail.agenda {
          Node.li {
            Node.text(item.text)
            Node.span(.class("muted small")) { Node.text(" · \(item.authorName)") }
            if editable && item.authorID == actor.id {
              Node.button(
                .type("submit"), .name("do"), .value("remove-agenda:\(item.id)"), .class("link-button small"),
                .aria("label", "Remove “\(item.text)”")
              ) { "Remove" }
            }
          }
        }
      }
      if editable {
        Node.div(.class("inline-form")) {
          let limit = ListRule.agendaItems.count.upperBound
          Form.field(
            "Add to the agenda", name: "agendaText", value: value("agendaText", stored: ""),
            hint: detail.agenda.count >= limit && error("agendaText") == nil
              ? "The agenda is full (\(limit) items, the most a conversation takes): remove one to add another."
              : nil,
            error: error("agendaText"))
          Node.button(.type("submit"), .name("do"), .value("save"), .class("secondary")) { "Add" }
        }
      }
    }
  }

  // MARK: During

  var notes: Node {
    .section(.class("card"), .id("notes"), .aria("labelledby", "notes-heading")) {
      Node.h3(.id("notes-heading")) { "Shared notes" }
      if let notes = detail.sharedNotes {
        if !editable || hasError("notes") {
          Node.div(.class("markdown")) { Markdown.render(notes.body) }
        }
        Node.p(.class("muted small")) {
          Node.text(
            "Version \(notes.revision), by \(notes.updatedByName), \(Dates.dayAndTime(notes.updatedAt)). ")
          Node.a(.href("\(base)/notes/history")) { "Every version" }
        }
      } else if !editable {
        Node.p(.class("empty")) { "No shared notes." }
      }
      if editable {
        Node.input(
          .type("hidden"), .name("notesBaseRevision"), .value(String(detail.sharedNotes?.revision ?? 0)),
          Attribute("data-autosave", "notes"))
        Form.textArea(
          "Notes you both see (CommonMark)", name: "notes",
          value: value("notes", stored: detail.sharedNotes?.body ?? ""), rows: 8,
          error: error("notes"))
        saveState("notes")
      }
    }
  }

  var actionItems: Node {
    .section(.class("card"), .id("action-items"), .aria("labelledby", "actions-heading")) {
      Node.h3(.id("actions-heading")) { "Action items" }
      if detail.actionItems.isEmpty {
        Node.p(.class("empty")) { "No action items yet: what will each of you do next, by when?" }
      }
      Node.ul(.class("action-list")) {
        for item in detail.actionItems { actionItem(item) }
      }
      if editable {
        Node.div(.class("grid-form")) {
          Form.field(
            "Next step", name: "actionTitle", value: value("actionTitle", stored: ""),
            error: error("actionTitle"))
          Form.select(
            "Owner", name: "actionOwnerID",
            options: [detail.employee, detail.partner].map { (String($0.id), $0.displayName) },
            selected: value("actionOwnerID", stored: String(detail.employee.id)),
            error: error("actionOwnerID"))
          Form.field(
            "Due", name: "actionDueOn",
            value: value("actionDueOn", stored: today.adding(days: 14).description),
            type: "date", error: error("actionDueOn"))
          Node.button(.type("submit"), .name("do"), .value("save")) { "Add action item" }
        }
      }
    }
  }

  /// One action item with its buttons, which submit the whole page like every other.
  func actionItem(_ item: ActionItem) -> Node {
    .li(.class(item.isOverdue(on: today) ? "action overdue" : "action \(item.status.rawValue)")) {
      Node.div(.class("action-text")) {
        Node.strong { Node.text(item.title) }
        Node.span(.class("muted small")) {
          Node.text(" · \(item.ownerName) · due \(Dates.day(item.dueOn))")
          if item.isOverdue(on: today) { Node.text(" · overdue") }
          if item.status == .done, let done = item.doneOn { Node.text(" · done \(Dates.day(done))") }
          if item.status == .dropped { Node.text(" · dropped: \(item.dropReason)") }
        }
      }
      if editable {
        Node.div(.class("action-controls")) {
          if item.status == .open {
            Node.a(
              .class("small"),
              .href("/people/\(item.ownerID)/plan?skill=\(URLEncoding.encode(item.title))#new-item")
            ) { "To plan" }
            Node.button(.type("submit"), .name("do"), .value("done:\(item.id)"), .class("secondary small")) {
              "Done"
            }
            Node.details(.class("drop"), .flag("open", hasError("dropReason-\(item.id)"))) {
              Node.summary(.class("small")) { "Drop…" }
              Form.field(
                "Why is it dropped?", name: "dropReason-\(item.id)",
                value: value("dropReason-\(item.id)", stored: ""),
                error: error("dropReason-\(item.id)"))
              Node.button(.type("submit"), .name("do"), .value("drop:\(item.id)"), .class("secondary small"))
              {
                "Drop"
              }
            }
          } else {
            Node.button(.type("submit"), .name("do"), .value("reopen:\(item.id)"), .class("secondary small"))
            {
              "Reopen"
            }
          }
        }
      }
    }
  }

  // MARK: Saving

  /// Where the script says how saving a part goes ("Saving…", "Saved", "Not saved — retry").
  func saveState(_ group: String) -> Node {
    .element(
      "span", [.class("save-state"), Attribute("data-save-state", group), .aria("live", "polite")], [])
  }

  /// Always in reach: what was saved last, and the one Save for everything on the page.
  var saveBar: Node {
    .div(.class("save-bar")) {
      if let notice = request[Notice.self] {
        Node.p(.class("notice success"), .role("status")) { Node.text(notice) }
      } else {
        Node.p(.class("muted small"), .id("save-hint")) {
          Node.text(
            "Everything you type here is kept: it saves as you type, and Save keeps the rest.")
        }
      }
      Node.button(.type("submit"), .name("do"), .value("save")) { "Save" }
    }
  }
}
