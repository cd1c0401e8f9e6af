import Foundation
import HTML
import HTTP
import Trellis

/// The guide editor: sections and their prompts as fields, each prompt with who answers it.
/// It works without script: every button sends the whole form. Adding, moving and removing rows
/// draw the form again as typed; only "Save" writes, as a new version.
enum GuideEditor {
  struct Prompt: Equatable {
    var text: String
    var audience: String
  }
  struct Section: Equatable {
    var title: String
    var prompts: [Prompt]
  }
  struct Draft: Equatable {
    var title: String
    var purpose: String
    var sections: [Section]
  }
  /// What a row button changed: the field to type in next, when a row was added.
  struct Applied {
    let focus: String?
  }
  /// What a sent guide form asks: to save these sections, or (a row button was pressed) to draw
  /// the editor again with these rows, saving nothing.
  enum Sent {
    case save([GuideSection])
    case redraw(Draft, focus: String?)
  }

  /// What a guide holds, as rows to edit.
  static func draft(of guide: Guide?) -> Draft {
    guard let guide else {
      return Draft(
        title: "", purpose: "", sections: [Section(title: "", prompts: [Prompt(text: "", audience: "both")])])
    }
    return Draft(
      title: guide.title, purpose: guide.purpose,
      sections: guide.version.sections.map { section in
        Section(
          title: section.title,
          prompts: section.prompts.indices.map {
            Prompt(text: section.prompts[$0], audience: section.audience(of: $0).rawValue)
          })
      })
  }

  /// The rows a sent form holds, in the order of their fields.
  static func draft(from form: FormData) -> Draft {
    var sections: [Section] = []
    var index = 0
    while let title = form["s\(index)-title"] {
      var prompts: [Prompt] = []
      var number = 0
      while let text = form["s\(index)-p\(number)"] {
        prompts.append(Prompt(text: text, audience: form["s\(index)-p\(number)-for"] ?? "both"))
        number += 1
      }
      sections.append(Section(title: title, prompts: prompts))
      index += 1
    }
    return Draft(title: form["title"] ?? "", purpose: form["purpose"] ?? "", sections: sections)
  }

  /// A row button's change ("add-section", "add-prompt:2", "up-prompt:1:3", ...), with the field
  /// to type in next when a row was added; nil for anything else, which saves.
  static func apply(_ action: String, to draft: inout Draft) -> Applied? {
    guard let press = RowButtons.press(action) else { return nil }
    let blankPrompt = { Prompt(text: "", audience: "both") }
    switch press.thing {
    case "section":
      RowButtons.apply(press.verb, at: press.positions.first, to: &draft.sections) {
        Section(title: "", prompts: [blankPrompt()])
      }
      return Applied(focus: press.verb == .add ? "s\(draft.sections.count - 1)-title" : nil)
    case "prompt":
      guard let section = press.positions.first, draft.sections.indices.contains(section) else { return nil }
      RowButtons.apply(
        press.verb, at: press.positions.dropFirst().first, to: &draft.sections[section].prompts,
        new: blankPrompt)
      return Applied(
        focus: press.verb == .add ? "s\(section)-p\(draft.sections[section].prompts.count - 1)" : nil)
    default:
      return nil
    }
  }

  /// The sections to save: empty prompts and empty sections are left out; a section with
  /// prompts needs a title, and each prompt is for one of the sides.
  static func sections(_ draft: Draft) throws -> [GuideSection] {
    var problems = Validator()
    var sections: [GuideSection] = []
    for (index, section) in draft.sections.enumerated() {
      let prompts = section.prompts.enumerated().filter { !$0.element.text.trimmed.isEmpty }
      if prompts.isEmpty && section.title.trimmed.isEmpty { continue }
      problems.check(
        !section.title.trimmed.isEmpty, "s\(index)-title", "a section with prompts needs a title")
      problems.check(!prompts.isEmpty, "s\(index)-p0", "a section needs at least one prompt")
      var audiences: [PromptAudience] = []
      for (number, prompt) in prompts {
        if let audience = PromptAudience(rawValue: prompt.audience) {
          audiences.append(audience)
        } else {
          problems.add("s\(index)-p\(number)-for", "must be both, the employee or the manager or mentor")
        }
      }
      sections.append(
        GuideSection(
          title: section.title.trimmed, prompts: prompts.map(\.element.text.trimmed),
          audiences: audiences.allSatisfy { $0 == .both } ? nil : audiences))
    }
    try problems.throwIfInvalid()
    return sections
  }

  static let audiences: [(value: String, label: String)] = [
    ("both", "Both"), ("employee", "The employee"), ("partner", "The manager or mentor"),
  ]

  /// The editor page for `draft` (a new guide when `guide` is nil).
  static func page(_ draft: Draft, guide: Guide?, focus: String? = nil, request: Request) -> Page {
    let action = guide.map { "/guides/\($0.id)" } ?? "/guides"
    let heading = guide.map { "Edit \($0.title)" } ?? "Add a guide"
    return Page(title: heading, section: .conversations) {
      Node.p { Node.a(.href(guide.map { "/guides/\($0.id)" } ?? "/guides")) { "← Back" } }
      Node.h1 { Node.text(heading) }
      Node.p(.class("lead")) {
        Node.text(
          guide == nil
            ? "Sections give a conversation its shape; each prompt is answered by both sides or by one."
            : "Saving makes version \(guide!.version.number + 1); conversations already held keep the version they used."
        )
        Node.text(" ")
        Node.a(.href("\(guide.map { "/guides/\($0.id)/edit" } ?? "/guides/new")?as=text")) {
          "Edit as text instead"
        }
      }
      Form.post(action, request: request, attributes: [.class("row-editor")]) {
        // First in the form, so Enter in any field saves rather than pressing a row's button.
        Node.div(.class("actions")) { saveButton(guide) }
        Form.field("Title", name: "title", value: draft.title, required: true)
        Form.field(
          "Purpose", name: "purpose", value: draft.purpose, hint: "What conversations with it are for.")
        for (index, section) in draft.sections.enumerated() {
          sectionFields(section, index: index, count: draft.sections.count, focus: focus)
        }
        Node.div(.class("actions")) {
          RowButtons.button("Add a section", "add-section")
          saveButton(guide)
        }
      }
    }
  }

  private static func sectionFields(_ section: Section, index: Int, count: Int, focus: String?) -> Node {
    // A row just added takes the focus, so the page opens where the person is typing.
    func focused(_ id: String) -> [Attribute] { id == focus ? [.flag("autofocus")] : [] }
    return .fieldset(.class("card guide-section")) {
      Node.legend { Node.text("Section \(index + 1)") }
      Form.field(
        "Section title", name: "s\(index)-title", value: section.title, extra: focused("s\(index)-title"),
        id: "s\(index)-title")
      Node.ol(.class("edit-rows")) {
        for (number, prompt) in section.prompts.enumerated() {
          Node.li {
            Form.field(
              "Prompt \(number + 1)", name: "s\(index)-p\(number)", value: prompt.text,
              extra: focused("s\(index)-p\(number)"), id: "s\(index)-p\(number)")
            Form.select(
              "Who answers prompt \(number + 1)", name: "s\(index)-p\(number)-for", options: audiences,
              selected: prompt.audience, id: "s\(index)-p\(number)-for")
            RowButtons.forRow(
              "prompt", [index, number], index: number, count: section.prompts.count,
              name: "prompt \(number + 1)")
          }
        }
      }
      Node.div(.class("row-buttons")) {
        RowButtons.button(
          "Add a prompt", "add-prompt:\(index)", label: "Add a prompt to section \(index + 1)")
      }
      RowButtons.forRow(
        "section", [index], index: index, count: count, name: "section \(index + 1)", spelled: true)
    }
  }

  private static func saveButton(_ guide: Guide?) -> Node {
    .element(
      "button", [.type("submit"), .name("do"), .value("save")],
      [.text(guide == nil ? "Add guide" : "Save as a new version")])
  }

}
