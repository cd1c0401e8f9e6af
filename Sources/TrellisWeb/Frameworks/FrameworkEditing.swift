import HTML
import HTTP
import Trellis

/// One form editor of the framework (people team): its rows, read from the framework or from a
/// sent form, changed by row buttons, and put back into the framework when saved. Its routes
/// call it from any worker thread, hence `SendableMetatype`.
protocol FrameworkEditor: SendableMetatype {
  associatedtype Rows
  static var path: String { get }
  /// The notice after a save.
  static var saved: String { get }
  static func rows(of framework: Framework) -> Rows
  static func rows(from form: FormData) -> Rows
  /// A row button's change; the field to type in next when a row was added.
  static func apply(_ press: RowButtons.Press, to rows: inout Rows) -> String?
  /// Puts the rows into `framework`, or throws the problems under the fields' names.
  static func save(_ rows: Rows, into framework: inout Framework) throws
  static func page(_ rows: Rows, framework: Framework, focus: String?, request: Request) -> Page
}

extension FrameworkEditor {
  /// The editor's page, drawn again as typed when a save is refused; its form redraws the rows
  /// a button changed, saving nothing, or saves them all as a new version of the framework.
  static func register(on router: Router, services: Services) {
    let frameworks = services.frameworks
    router.get(path) { request in
      let actor = try request.actor()
      try Policy.require(actor, .manageGuides)
      let framework = try frameworks.framework(actor)
      let rows = request[FormReplay.self].map { Self.rows(from: $0.typed) } ?? Self.rows(of: framework)
      return Layout.render(page(rows, framework: framework, focus: nil, request: request), for: request)
    }
    router.post(path) { request in
      let actor = try request.actor()
      try Policy.require(actor, .manageGuides)
      let form = try request.form()
      var framework = try frameworks.framework(actor)
      var rows = Self.rows(from: form)
      if let press = RowButtons.press(form["do"] ?? "") {
        let focus = apply(press, to: &rows)
        return Layout.render(page(rows, framework: framework, focus: focus, request: request), for: request)
      }
      try save(rows, into: &framework)
      try frameworks.replace(actor, with: framework)
      return Response.redirect(to: "/framework").withNotice(saved)
    }
  }
}

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
