import HTML
import HTTP
import Trellis

/// What the framework's form editors share: the page around their rows, and the short name
/// (slug) each row keeps.
enum FrameworkEditing {
  static let hub = "/framework/edit"

  /// The slug a row saves with: its own when it has one (kept on rename, so what refers to it
  /// holds), else a new one from its name that no other row has.
  static func slug(_ kept: String, name: String, otherwise: String, taken: inout Set<String>) -> String {
    guard kept.isEmpty else { return kept }
    let slug = Slug.unique(Slug.make(name, otherwise: otherwise, asciiOnly: true), taken: taken)
    taken.insert(slug)
    return slug
  }

  /// `autofocus` for the field a row button just added.
  static func focus(_ id: String, _ focus: String?) -> [Attribute] { id == focus ? [.flag("autofocus")] : [] }

  /// One editor's page: its rows in a form that saves from its first button (so Enter in any
  /// field saves rather than pressing a row's button) and from its last, after `add`.
  static func page(
    _ title: String, lead: String, action: String, save: String, add: Node?, request: Request,
    @HTMLBuilder rows: () -> [Node]
  ) -> Page {
    let saveButton: Node = .element("button", [.type("submit"), .name("do"), .value("save")], [.text(save)])
    return Page(title: title, section: .framework) {
      Node.p { Node.a(.href(hub)) { "← Edit the framework" } }
      Node.h1 { Node.text(title) }
      Node.p(.class("lead")) { Node.text(lead) }
      Form.post(action, request: request, attributes: [.class("row-editor")]) {
        Node.div(.class("actions")) { saveButton }
        rows()
        Node.div(.class("actions")) {
          if let add { add }
          saveButton
        }
      }
    }
  }
}
