import HTML
import HTTP
import Trellis

/// Small helpers for forms, so every form carries the CSRF token and fields look alike.
enum Form {
  static func post(
    _ action: String, request: Request, attributes: [Attribute] = [], @HTMLBuilder _ content: () -> [Node]
  )
    -> Node
  {
    .element(
      "form", [.method("post"), .action(action)] + attributes,
      [Node.input(.type("hidden"), .name(CSRFMiddleware.field), .value(request.csrfToken))] + content())
  }

  /// A labelled input with an optional hint and the field's error, if any.
  static func field(
    _ label: String, name: String, value: String = "", type: String = "text", required: Bool = false,
    hint: String? = nil, error: String? = nil, extra: [Attribute] = [], id: String? = nil
  ) -> Node {
    labelled(label, id: id ?? "field-\(name)", required: required, hint: hint, error: error) { common in
      Node.element("input", [.type(type), .name(name), .value(value)] + extra + common)
    }
  }

  /// A labelled text area, with the same hint and error as `field`.
  static func textArea(
    _ label: String, name: String, value: String = "", rows: Int = 3, required: Bool = false,
    hint: String? = nil, error: String? = nil, id: String? = nil
  ) -> Node {
    labelled(label, id: id ?? "field-\(name)", required: required, hint: hint, error: error) { common in
      Node.element("textarea", [.name(name), Attribute("rows", String(rows))] + common, [.text(value)])
    }
  }

  /// A labelled choice from a list (value and label of each option), with the same hint and
  /// error as `field`.
  static func select(
    _ label: String, name: String, options: [(value: String, label: String)], selected: String?,
    required: Bool = false, hint: String? = nil, error: String? = nil, id: String? = nil
  ) -> Node {
    labelled(label, id: id ?? "field-\(name)", required: required, hint: hint, error: error) { common in
      Node.element(
        "select", [.name(name)] + common,
        options.map { option in
          Node.option(.value(option.value), .flag("selected", option.value == selected), text: option.label)
        })
    }
  }

  /// A box to tick, its label beside it; the browser sends `value` (or `on`) when it is ticked.
  static func checkbox(
    _ label: String, name: String, value: String? = nil, checked: Bool = false, hint: String? = nil,
    error: String? = nil, id: String? = nil, extra: [Attribute] = []
  ) -> Node {
    let id = id ?? "field-\(name)"
    var attributes: [Attribute] = [.type("checkbox"), .name(name), .id(id)]
    if let value { attributes.append(.value(value)) }
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
    .fieldset(.class(error == nil ? "field choices" : "field choices has-error")) {
      Node.legend { Node.text(legend) }
      if let hint { Node.p(.class("field-hint")) { Node.text(hint) } }
      for option in options {
        let id = "\(idPrefix ?? name)-\(option.value)"
        Node.div(.class("checkbox")) {
          Node.element(
            "input",
            [.type(type), .name(name), .value(option.value), .id(id), .flag("checked", option.checked)], [])
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
    _ label: String, id: String, required: Bool, hint: String?, error: String?,
    control: ([Attribute]) -> Node
  ) -> Node {
    // Forms repeated on one page (one per item) pass their own id, so every label finds its field.
    var attributes: [Attribute] = [.id(id)]
    if required { attributes.append(.required) }
    attributes += described(id, hint: hint, error: error)
    return .div(.class(error == nil ? "field" : "field has-error")) {
      Node.label(.for(id)) { Node.text(label) }
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
