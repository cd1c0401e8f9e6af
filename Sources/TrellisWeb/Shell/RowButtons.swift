import HTML

/// Buttons that add, move and remove the rows of a form without script: each sends the whole form
/// with `do=verb-thing:positions` ("add-prompt:2", "up-role:3"), and the page is drawn again with
/// the rows changed and everything typed kept. Nothing is saved until the form's Save.
enum RowButtons {
  enum Verb: String {
    case add, up, down, remove
  }

  /// A pressed button read back: what to do, to which kind of row, at which positions.
  struct Press {
    let verb: Verb
    let thing: String
    let positions: [Int]
  }

  static func press(_ action: String) -> Press? {
    let parts = action.split(separator: ":").map(String.init)
    let head = parts.first?.split(separator: "-", maxSplits: 1).map(String.init) ?? []
    guard head.count == 2, let verb = Verb(rawValue: head[0]) else { return nil }
    let positions = parts.dropFirst().compactMap { Int($0) }
    guard positions.count == parts.count - 1 else { return nil }
    return Press(verb: verb, thing: head[1], positions: positions)
  }

  /// Applies `verb` to `rows` at `position` (adding goes at the end); false when nothing changed
  /// (no such row, already first or last).
  @discardableResult
  static func apply<Row>(_ verb: Verb, at position: Int?, to rows: inout [Row], new: () -> Row) -> Bool {
    switch (verb, position) {
    case (.add, _):
      rows.append(new())
    case (.remove, let index?) where rows.indices.contains(index):
      rows.remove(at: index)
    case (.up, let index?) where index > 0 && index < rows.count:
      rows.swapAt(index, index - 1)
    case (.down, let index?) where index >= 0 && index + 1 < rows.count:
      rows.swapAt(index, index + 1)
    default:
      return false
    }
    return true
  }

  /// The buttons of one row: up (unless first), down (unless last) and remove, each named for
  /// screen readers after the row (`name`, e.g. "prompt 2"); `spelled` writes the kind of row on
  /// the buttons too, where rows hold rows ("Move section up").
  static func forRow(
    _ thing: String, _ positions: [Int], index: Int, count: Int, name: String, spelled: Bool = false
  ) -> Node {
    let at = positions.map(String.init).joined(separator: ":")
    let kind = spelled ? " \(thing)" : ""
    return .div(.class("row-buttons")) {
      if index > 0 { button("Move\(kind) up", "up-\(thing):\(at)", label: "Move \(name) up") }
      if index + 1 < count { button("Move\(kind) down", "down-\(thing):\(at)", label: "Move \(name) down") }
      button("Remove\(kind)", "remove-\(thing):\(at)", label: "Remove \(name)")
    }
  }

  static func button(_ text: String, _ action: String, label: String? = nil) -> Node {
    var attributes: [Attribute] = [.type("submit"), .name("do"), .value(action), .class("secondary small")]
    if let label { attributes.append(.aria("label", label)) }
    return .element("button", attributes, [.text(text)])
  }
}
