import CYAML
import Foundation

/// A YAML document as a tree of scalars, sequences and mappings (keys in file order). Aliases
/// and anchors are refused: exchange files have no need of them, and expanding them is a
/// well-known way to make a small file huge.
public struct YAMLNode: Sendable, Equatable {
  public enum Kind: Sendable, Equatable {
    case null
    case scalar(String)
    case sequence([YAMLNode])
    case mapping([YAMLPair])
  }

  public let kind: Kind
  /// 1-based line where the node starts (0 for nodes built in code).
  public let line: Int

  public init(_ kind: Kind, line: Int = 0) {
    self.kind = kind
    self.line = line
  }

  public static func scalar(_ text: String) -> YAMLNode { YAMLNode(.scalar(text)) }
  public static func sequence(_ items: [YAMLNode]) -> YAMLNode { YAMLNode(.sequence(items)) }
  public static func mapping(_ pairs: [(String, YAMLNode)]) -> YAMLNode {
    YAMLNode(.mapping(pairs.map { YAMLPair(key: $0.0, value: $0.1) }))
  }

  /// The text of a scalar; nil for null (`~`, `null` or nothing, written plain) and collections.
  public var string: String? {
    if case .scalar(let text) = kind { return text }
    return nil
  }

  public var items: [YAMLNode]? {
    if case .sequence(let items) = kind { return items }
    return nil
  }

  public var pairs: [YAMLPair]? {
    if case .mapping(let pairs) = kind { return pairs }
    return nil
  }

  public subscript(key: String) -> YAMLNode? { pairs?.first { $0.key == key }?.value }
}

public struct YAMLPair: Sendable, Equatable {
  public let key: String
  public let value: YAMLNode
}

public struct YAMLError: Error, Equatable, CustomStringConvertible {
  public let message: String
  public let line: Int
  public let column: Int
  public var description: String { "line \(line), column \(column): \(message)" }
}

extension YAMLNode {
  /// True for a plain `~`, `null` or empty scalar.
  public var isNull: Bool { kind == .null }

  /// Parses one document. An empty document is a null node.
  public static func parse(_ text: String, maximumDepth: Int = 64) throws -> YAMLNode {
    var parser = yaml_parser_t()
    guard yaml_parser_initialize(&parser) == 1 else {
      throw YAMLError(message: "the YAML parser could not start", line: 0, column: 0)
    }
    defer { yaml_parser_delete(&parser) }
    let bytes = Array(text.utf8)
    return try bytes.withUnsafeBufferPointer { buffer in
      yaml_parser_set_input_string(&parser, buffer.baseAddress, buffer.count)
      // Open collections: their first line, their children, and for mappings the pending key.
      var stack: [(line: Int, isMapping: Bool, children: [YAMLNode], key: String?, keys: Set<String>)] = []
      var root: YAMLNode?
      var documents = 0

      func add(_ node: YAMLNode, column: Int) throws {
        guard !stack.isEmpty else {
          root = node
          return
        }
        if stack[stack.count - 1].isMapping {
          if let key = stack[stack.count - 1].key {
            stack[stack.count - 1].children.append(.mapping([(key, node)]))
            stack[stack.count - 1].key = nil
          } else {
            guard let key = node.string else {
              throw YAMLError(message: "a mapping key must be a plain text", line: node.line, column: column)
            }
            guard stack[stack.count - 1].keys.insert(key).inserted else {
              throw YAMLError(message: "the key \"\(key)\" appears twice", line: node.line, column: column)
            }
            stack[stack.count - 1].key = key
          }
        } else {
          stack[stack.count - 1].children.append(node)
        }
      }

      while true {
        var event = yaml_event_t()
        guard yaml_parser_parse(&parser, &event) == 1 else {
          let mark = parser.problem_mark
          let problem = parser.problem.map { String(cString: $0) } ?? "malformed YAML"
          throw YAMLError(message: problem, line: mark.line + 1, column: mark.column + 1)
        }
        defer { yaml_event_delete(&event) }
        let line = Int(event.start_mark.line) + 1
        let column = Int(event.start_mark.column) + 1
        switch event.type {
        case YAML_STREAM_END_EVENT:
          return root ?? YAMLNode(.null)
        case YAML_DOCUMENT_START_EVENT:
          documents += 1
          if documents > 1 {
            throw YAMLError(message: "only one document is expected", line: line, column: column)
          }
        case YAML_ALIAS_EVENT:
          throw YAMLError(message: "aliases (*name) are not supported", line: line, column: column)
        case YAML_SCALAR_EVENT:
          let scalar = event.data.scalar
          let text = String(
            decoding: UnsafeBufferPointer(start: scalar.value, count: scalar.length), as: UTF8.self)
          let plain = scalar.style == YAML_PLAIN_SCALAR_STYLE
          let isNull = plain && ["", "~", "null", "Null", "NULL"].contains(text)
          try add(YAMLNode(isNull ? .null : .scalar(text), line: line), column: column)
        case YAML_SEQUENCE_START_EVENT, YAML_MAPPING_START_EVENT:
          guard stack.count < maximumDepth else {
            throw YAMLError(message: "nested deeper than \(maximumDepth) levels", line: line, column: column)
          }
          stack.append((line, event.type == YAML_MAPPING_START_EVENT, [], nil, []))
        case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
          let open = stack.removeLast()
          let node =
            open.isMapping
            ? YAMLNode(.mapping(open.children.compactMap { $0.pairs?.first }), line: open.line)
            : YAMLNode(.sequence(open.children), line: open.line)
          try add(node, column: column)
        default:
          break
        }
      }
    }
  }

  /// True for text a YAML 1.1 reader would take for a null, boolean, number or date when plain.
  static func readsAsAnotherType(_ text: String) -> Bool {
    let words: Set<String> = [
      "", "~", "null", "Null", "NULL", "y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO", "true",
      "True",
      "TRUE", "false", "False", "FALSE", "on", "On", "ON", "off", "Off", "OFF",
    ]
    if words.contains(text) { return true }
    let patterns = [
      #"^[-+]?[0-9][0-9_]*(\.[0-9_]*)?([eE][-+]?[0-9]+)?$"#, #"^[-+]?\.[0-9]+([eE][-+]?[0-9]+)?$"#,
      #"^0[xob][0-9a-fA-F_]+$"#, #"^[-+]?\.(inf|Inf|INF)$"#, #"^\.(nan|NaN|NAN)$"#,
      #"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"#,
      #"^[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+(\.[0-9_]*)?$"#,
    ]
    return patterns.contains { text.range(of: $0, options: .regularExpression) != nil }
  }

  /// The node as a YAML document: block style, multi-line text as literal blocks, and text that
  /// a reader would take for another type (`null`, `yes`, `12`, `2027-01-01`) quoted.
  public func yaml() -> String {
    var emitter = yaml_emitter_t()
    guard yaml_emitter_initialize(&emitter) == 1 else { return "" }
    defer { yaml_emitter_delete(&emitter) }
    final class Sink { var bytes: [UInt8] = [] }
    let sink = Sink()
    yaml_emitter_set_output(
      &emitter,
      { context, buffer, size in
        let sink = Unmanaged<Sink>.fromOpaque(context!).takeUnretainedValue()
        sink.bytes.append(contentsOf: UnsafeBufferPointer(start: buffer, count: size))
        return 1
      }, Unmanaged.passUnretained(sink).toOpaque())
    yaml_emitter_set_unicode(&emitter, 1)
    yaml_emitter_set_width(&emitter, 100)

    var event = yaml_event_t()
    func emit() { _ = yaml_emitter_emit(&emitter, &event) }
    yaml_stream_start_event_initialize(&event, YAML_UTF8_ENCODING)
    emit()
    yaml_document_start_event_initialize(&event, nil, nil, nil, 1)
    emit()

    func scalar(_ text: String?) {
      var bytes = Array((text ?? "~").utf8)
      let style: yaml_scalar_style_t
      if let text, Self.readsAsAnotherType(text) {
        style = YAML_DOUBLE_QUOTED_SCALAR_STYLE
      } else if let text, text.contains("\n"), !text.hasSuffix(" "), !text.contains(" \n") {
        style = YAML_LITERAL_SCALAR_STYLE
      } else {
        style = YAML_ANY_SCALAR_STYLE
      }
      yaml_scalar_event_initialize(&event, nil, nil, &bytes, Int32(bytes.count), 1, 1, style)
      emit()
    }
    func write(_ node: YAMLNode) {
      switch node.kind {
      case .null:
        scalar(nil)
      case .scalar(let text):
        scalar(text)
      case .sequence(let items):
        yaml_sequence_start_event_initialize(&event, nil, nil, 1, YAML_BLOCK_SEQUENCE_STYLE)
        emit()
        items.forEach(write)
        yaml_sequence_end_event_initialize(&event)
        emit()
      case .mapping(let pairs):
        yaml_mapping_start_event_initialize(&event, nil, nil, 1, YAML_BLOCK_MAPPING_STYLE)
        emit()
        for pair in pairs {
          scalar(pair.key)
          write(pair.value)
        }
        yaml_mapping_end_event_initialize(&event)
        emit()
      }
    }
    write(self)
    yaml_document_end_event_initialize(&event, 1)
    emit()
    yaml_stream_end_event_initialize(&event)
    emit()
    _ = yaml_emitter_flush(&emitter)
    return String(decoding: sink.bytes, as: UTF8.self)
  }
}
