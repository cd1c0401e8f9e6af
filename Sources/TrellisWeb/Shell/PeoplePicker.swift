import HTML

extension Form {
  /// A field that names a person (or several, separated by commas): by name, email, job title or
  /// team. people-picker.js offers matches from the directory as one types; without it, the server
  /// accepts a name that matches one person, and otherwise says who matched.
  static func person(
    _ label: String, name: String, value: String = "", required: Bool = false, multiple: Bool = false,
    hint: String? = nil, error: String? = nil, id: String? = nil
  ) -> Node {
    let id = id ?? "field-\(name)"
    return .group {
      Form.field(
        label, name: name, value: value, required: required,
        hint: hint
          ?? (multiple
            ? "Names or emails, separated by commas." : "Start typing a name, email or job title."),
        error: error,
        extra: [
          Attribute("list", "\(id)-people"), Attribute("autocomplete", "off"),
          Attribute("data-people-picker", multiple ? "many" : "one"),
        ], id: id)
      Node.element("datalist", [.id("\(id)-people")], [])
    }
  }
}
