/// A piece of an HTML document. Text and attribute values are always escaped when rendered;
/// `Node.raw` is the only way to emit markup unescaped.
public struct Node: Sendable, ExpressibleByStringInterpolation {
  enum Kind: Sendable {
    case element(name: String, attributes: [Attribute], children: [Node])
    case void(name: String, attributes: [Attribute])
    case text(String)
    case raw(String)
    case fragment([Node])
  }

  let kind: Kind

  init(_ kind: Kind) { self.kind = kind }

  /// Text, escaped.
  public init(stringLiteral value: String) { kind = .text(value) }
  public init(stringInterpolation: DefaultStringInterpolation) {
    kind = .text(String(stringInterpolation: stringInterpolation))
  }

  public static func text(_ text: String) -> Node { Node(.text(text)) }

  /// Markup emitted as is. Only for trusted HTML (sanitized CommonMark output, inline SVG we drew).
  public static func raw(_ html: String) -> Node { Node(.raw(html)) }

  public static func fragment(_ nodes: [Node]) -> Node { Node(.fragment(nodes)) }
  public static let empty = Node(.fragment([]))

  /// Any element with children.
  public static func element(
    _ name: String, _ attributes: [Attribute], _ children: [Node] = []
  ) -> Node {
    Node(.element(name: name, attributes: attributes, children: children))
  }

  /// An element that has no end tag (`br`, `img`, `input`, `link`, `meta`, `hr`).
  public static func void(_ name: String, _ attributes: [Attribute]) -> Node {
    Node(.void(name: name, attributes: attributes))
  }

  /// The HTML text.
  public func render() -> String {
    var output = ""
    output.reserveCapacity(4096)
    render(into: &output)
    return output
  }

  /// A complete document: doctype plus this node.
  public func renderDocument() -> String {
    var output = "<!DOCTYPE html>\n"
    output.reserveCapacity(8192)
    render(into: &output)
    return output
  }

  func render(into output: inout String) {
    switch kind {
    case .text(let text): Escape.append(text, to: &output)
    case .raw(let html): output += html
    case .fragment(let nodes): for node in nodes { node.render(into: &output) }
    case .void(let name, let attributes):
      output += "<"
      output += name
      for attribute in attributes { attribute.render(into: &output) }
      output += ">"
    case .element(let name, let attributes, let children):
      output += "<"
      output += name
      for attribute in attributes { attribute.render(into: &output) }
      output += ">"
      for child in children { child.render(into: &output) }
      output += "</"
      output += name
      output += ">"
    }
  }
}

/// One attribute; a boolean attribute renders as its bare name, or not at all when false.
public struct Attribute: Sendable {
  let name: String
  let value: String?
  let present: Bool

  public init(_ name: String, _ value: String) {
    self.name = name
    self.value = value
    present = true
  }

  /// `disabled`, `required`, `checked`, ...
  public static func flag(_ name: String, _ on: Bool = true) -> Attribute {
    Attribute(name: name, value: nil, present: on)
  }

  private init(name: String, value: String?, present: Bool) {
    self.name = name
    self.value = value
    self.present = present
  }

  func render(into output: inout String) {
    guard present else { return }
    output += " "
    output += name
    if let value {
      output += "=\""
      Escape.append(value, to: &output)
      output += "\""
    }
  }
}

enum Escape {
  /// Escapes `& < > " '`: safe in text and in quoted attribute values.
  static func append(_ text: String, to output: inout String) {
    // Most text has nothing to escape: one scan of its bytes, then one copy.
    var scanned = text
    let plain = scanned.withUTF8 { bytes in
      !bytes.contains {
        $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "<") || $0 == UInt8(ascii: ">")
          || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "'")
      }
    }
    if plain {
      output += text
      return
    }
    var start = text.utf8.startIndex
    let utf8 = text.utf8
    var index = start
    while index != utf8.endIndex {
      let replacement: String?
      switch utf8[index] {
      case UInt8(ascii: "&"): replacement = "&amp;"
      case UInt8(ascii: "<"): replacement = "&lt;"
      case UInt8(ascii: ">"): replacement = "&gt;"
      case UInt8(ascii: "\""): replacement = "&quot;"
      case UInt8(ascii: "'"): replacement = "&#39;"
      default: replacement = nil
      }
      if let replacement {
        output += text[start..<index]
        output += replacement
        start = utf8.index(after: index)
      }
      index = utf8.index(after: index)
    }
    output += text[start..<utf8.endIndex]
  }

  public static func escape(_ text: String) -> String {
    var output = ""
    append(text, to: &output)
    return output
  }
}

extension String {
  /// This text, HTML-escaped.
  public var htmlEscaped: String { Escape.escape(self) }
}
