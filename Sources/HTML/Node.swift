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
    var output: [UInt8] = []
    output.reserveCapacity(4096)
    render(into: &output)
    return String(decoding: output, as: UTF8.self)
  }

  /// A complete document, doctype plus this node, as the UTF-8 bytes a response sends.
  public func renderDocument() -> [UInt8] {
    var output: [UInt8] = []
    output.reserveCapacity(16384)
    output.append(contentsOf: "<!DOCTYPE html>\n".utf8)
    render(into: &output)
    return output
  }

  // Pages render into bytes, not a String: appending bytes skips a String's per-append
  // bookkeeping, a tenth of a page's CPU when it was a String.
  func render(into output: inout [UInt8]) {
    switch kind {
    case .text(let text): Escape.append(text, to: &output)
    case .raw(let html): output.append(contentsOf: html.utf8)
    case .fragment(let nodes): for node in nodes { node.render(into: &output) }
    case .void(let name, let attributes):
      output.append(UInt8(ascii: "<"))
      output.append(contentsOf: name.utf8)
      for attribute in attributes { attribute.render(into: &output) }
      output.append(UInt8(ascii: ">"))
    case .element(let name, let attributes, let children):
      output.append(UInt8(ascii: "<"))
      output.append(contentsOf: name.utf8)
      for attribute in attributes { attribute.render(into: &output) }
      output.append(UInt8(ascii: ">"))
      for child in children { child.render(into: &output) }
      output.append(contentsOf: "</".utf8)
      output.append(contentsOf: name.utf8)
      output.append(UInt8(ascii: ">"))
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

  func render(into output: inout [UInt8]) {
    guard present else { return }
    output.append(UInt8(ascii: " "))
    output.append(contentsOf: name.utf8)
    if let value {
      output.append(contentsOf: "=\"".utf8)
      Escape.append(value, to: &output)
      output.append(UInt8(ascii: "\""))
    }
  }
}

enum Escape {
  /// Escapes `& < > " '`: safe in text and in quoted attribute values.
  static func append(_ text: String, to output: inout [UInt8]) {
    var text = text
    text.withUTF8 { bytes in
      // Most text has nothing to escape: copied in one go up to each character that needs it.
      var start = 0
      for index in bytes.indices {
        let replacement: StaticString
        switch bytes[index] {
        case UInt8(ascii: "&"): replacement = "&amp;"
        case UInt8(ascii: "<"): replacement = "&lt;"
        case UInt8(ascii: ">"): replacement = "&gt;"
        case UInt8(ascii: "\""): replacement = "&quot;"
        case UInt8(ascii: "'"): replacement = "&#39;"
        default: continue
        }
        output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
        output.append(
          contentsOf: UnsafeBufferPointer(start: replacement.utf8Start, count: replacement.utf8CodeUnitCount))
        start = index + 1
      }
      output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
    }
  }

  public static func escape(_ text: String) -> String {
    var output: [UInt8] = []
    append(text, to: &output)
    return String(decoding: output, as: UTF8.self)
  }
}

extension String {
  /// This text, HTML-escaped.
  public var htmlEscaped: String { Escape.escape(self) }
}
