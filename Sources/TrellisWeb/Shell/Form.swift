import HTML
import HTTP
import Trellis

/// Small helpers for forms, so every form carries the CSRF token and fields look alike.
///
/// A form the server refused is drawn again with what was typed and each problem beside its
/// field (see `FormReplay`): the fields below fill themselves in while it is drawn.
enum Form {
  /// A form that posts to `action`. Several forms with one action on a page tell themselves apart
  /// by `key`, so only the one that was sent is drawn again as typed.
  static func post(
    _ action: String, request: Request, key: String? = nil, attributes: [Attribute] = [],
    @HTMLBuilder _ content: () -> [Node]
  )
    -> Node
  {
    // The page to draw again if the input is refused: this one, or the one a refused form came from.
    let page = request.method == "GET" ? request.target : (try? request.form()[FormReplay.pageField])
    var hidden = [Node.input(.type("hidden"), .name(CSRFMiddleware.field), .value(request.csrfToken))]
    if let page { hidden.append(Node.input(.type("hidden"), .name(FormReplay.pageField), .value(page))) }
    if let key { hidden.append(Node.input(.type("hidden"), .name(FormReplay.keyField), .value(key))) }
    guard let replay = request[FormReplay.self], replay.refills(action, key: key) else {
      return .element("form", [.method("post"), .action(action)] + attributes, hidden + content())
    }
    let fields = FormReplay.$drawing.withValue(replay) { content() }
    return .element(
      "form", [.method("post"), .action(action)] + attributes, hidden + [errors(replay.unshown)] + fields)
  }

  /// True while drawing again a refused form that posts to `action` (to open what folds it away).
  static func isRefused(_ action: String, key: String? = nil, request: Request) -> Bool {
    request[FormReplay.self]?.refills(action, key: key) ?? false
  }

  /// The value and error of a field: as typed and refused, while a refused form is drawn again.
  private static func refill(_ name: String, id: String, value: String, error: String?, keep: Bool = true)
    -> (value: String, error: String?, first: Bool)
  {
    guard let replay = FormReplay.drawing else { return (value, error, false) }
    let problem = error ?? replay.problem(name, id: id)
    return (keep ? replay.typed[name] ?? "" : "", problem, problem != nil && replay.firstInvalid == id)
  }

  /// Whether an option of a box or group is ticked: as sent, while a refused form is drawn again.
  private static func ticked(_ name: String, value: String, checked: Bool) -> Bool {
    guard let replay = FormReplay.drawing else { return checked }
    return replay.typed.values(name).contains(value)
  }

  /// A labelled input with an optional hint and the field's error, if any.
  static func field(
    _ label: String, name: String, value: String = "", type: String = "text", required: Bool = false,
    hint: String? = nil, error: String? = nil, extra: [Attribute] = [], id: String? = nil
  ) -> Node {
    let id = id ?? "field-\(name)"
    // A password is never sent back to the browser.
    let now = refill(name, id: id, value: value, error: error, keep: type != "password")
    return labelled(label, id: id, required: required, hint: hint, error: now.error, focus: now.first) {
      common in
      Node.element("input", [.type(type), .name(name), .value(now.value)] + extra + common)
    }
  }

  /// A labelled text area, with the same hint and error as `field`.
  static func textArea(
    _ label: String, name: String, value: String = "", rows: Int = 3, required: Bool = false,
    hint: String? = nil, error: String? = nil, id: String? = nil, extra: [Attribute] = []
  ) -> Node {
    let id = id ?? "field-\(name)"
    let now = refill(name, id: id, value: value, error: error)
    return labelled(label, id: id, required: required, hint: hint, error: now.error, focus: now.first) {
      common in
      Node.element(
        "textarea", [.name(name), Attribute("rows", String(rows))] + extra + common, [.text(now.value)])
    }
  }

  /// A labelled choice from a list (value and label of each option), with the same hint and
  /// error as `field`.
  static func select(
    _ label: String, name: String, options: [(value: String, label: String)], selected: String?,
    required: Bool = false, hint: String? = nil, error: String? = nil, id: String? = nil,
    hiddenLabel: Bool = false
  ) -> Node {
    let id = id ?? "field-\(name)"
    let now = refill(name, id: id, value: selected ?? "", error: error)
    return labelled(
      label, id: id, required: required, hint: hint, error: now.error, focus: now.first,
      hiddenLabel: hiddenLabel
    ) { common in
      Node.element(
        "select", [.name(name)] + common,
        options.map { option in
          Node.option(.value(option.value), .flag("selected", option.value == now.value), text: option.label)
        })
    }
  }

  /// A box to tick, its label beside it; the browser sends `value` (or `on`) when it is ticked.
  static func checkbox(
    _ label: String, name: String, value: String? = nil, checked: Bool = false, hint: String? = nil,
    error: String? = nil, id: String? = nil, extra: [Attribute] = []
  ) -> Node {
    let id = id ?? "field-\(name)"
    let error = refill(name, id: id, value: "", error: error).error
    var attributes: [Attribute] = [.type("checkbox"), .name(name), .id(id)]
    if let value { attributes.append(.value(value)) }
    let checked = ticked(name, value: value ?? "on", checked: checked)
    attributes += extra + [.flag("checked", checked)] + described(id, hint: hint, error: error)
    return .div(.class(error == nil ? "field checkbox" : "field checkbox has-error")) {
      Node.element("input", attributes, [])
      Node.label(.for(id)) { Node.text(label) }
      if let hint { Node.p(.class("field-hint"), .id("\(id)-hint")) { Node.text(hint) } }
      if let error { Node.p(.class("field-error"), .id("\(id)-error")) { Node.text(error) } }
    }
  }

  /// Options under one legend: boxes to tick, or (`type: "radio"`) one to choose. Each option's
  /// id is `idPrefix-value`.
  static func choices(
    _ legend: String, name: String, options: [(value: String, label: String, checked: Bool)],
    type: String = "checkbox", idPrefix: String? = nil, hint: String? = nil, error: String? = nil
  ) -> Node {
    let error = refill(name, id: "\(idPrefix ?? name)-\(options.first?.value ?? "")", value: "", error: error)
      .error
    return .fieldset(.class(error == nil ? "field choices" : "field choices has-error")) {
      Node.legend { Node.text(legend) }
      if let hint { Node.p(.class("field-hint")) { Node.text(hint) } }
      for option in options {
        let id = "\(idPrefix ?? name)-\(option.value)"
        Node.div(.class("checkbox")) {
          Node.element(
            "input",
            [
              .type(type), .name(name), .value(option.value), .id(id),
              .flag("checked", ticked(name, value: option.value, checked: option.checked)),
            ], [])
          Node.label(.for(id)) { Node.text(option.label) }
        }
      }
      if let error { Node.p(.class("field-error")) { Node.text(error) } }
    }
  }

  /// The attributes that tie a control to its hint and error.
  private static func described(_ id: String, hint: String?, error: String?) -> [Attribute] {
    var described: [String] = []
    if hint != nil { described.append("\(id)-hint") }
    if error != nil { described.append("\(id)-error") }
    var attributes: [Attribute] = error == nil ? [] : [.aria("invalid", "true")]
    if !described.isEmpty { attributes.append(.aria("describedby", described.joined(separator: " "))) }
    return attributes
  }

  /// The label, hint and error around one control; `control` gets the attributes that tie them.
  private static func labelled(
    _ label: String, id: String, required: Bool, hint: String?, error: String?, focus: Bool = false,
    hiddenLabel: Bool = false, control: ([Attribute]) -> Node
  ) -> Node {
    // Forms repeated on one page (one per item) pass their own id, so every label finds its field.
    var attributes: [Attribute] = [.id(id)]
    if required { attributes.append(.required) }
    // The first problem of a refused form takes the focus, so the page opens where it is.
    if focus { attributes.append(.flag("autofocus")) }
    attributes += described(id, hint: hint, error: error)
    return .div(.class(error == nil ? "field" : "field has-error")) {
      Node.element("label", [.for(id)] + (hiddenLabel ? [.class("visually-hidden")] : []), [.text(label)])
      if let hint { Node.p(.class("field-hint"), .id("\(id)-hint")) { Node.text(hint) } }
      control(attributes)
      if let error { Node.p(.class("field-error"), .id("\(id)-error")) { Node.text(error) } }
    }
  }

  /// The errors of a refused form, listed at its top.
  static func errors(_ problems: [FieldError]) -> Node {
    guard !problems.isEmpty else { return .empty }
    return .div(.class("notice error"), .role("alert")) {
      Node.p { "Please correct the following:" }
      Node.ul {
        for problem in problems { Node.li { Node.text("\(problem.field): \(problem.message)") } }
      }
    }
  }
}
