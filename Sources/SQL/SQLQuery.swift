/// SQL text whose interpolated values become bound parameters, never pasted text.
///
///     let query: SQLQuery = "SELECT name FROM people WHERE id = \(id)"
///
/// `\(raw: text)` pastes trusted SQL (identifiers, fixed fragments); `\(list: values)` binds a list
/// for `IN (...)`; an interpolated `SQLQuery` is spliced in with its own bindings.
public struct SQLQuery: Sendable, Equatable, ExpressibleByStringInterpolation, CustomStringConvertible {
  enum Fragment: Sendable, Equatable {
    case text(String)
    case value(SQLValue)
  }

  private(set) var fragments: [Fragment]

  public init(stringLiteral value: String) {
    fragments = [.text(value)]
  }

  public init(stringInterpolation: StringInterpolation) {
    fragments = stringInterpolation.fragments
  }

  public struct StringInterpolation: StringInterpolationProtocol {
    var fragments: [Fragment] = []

    public init(literalCapacity: Int, interpolationCount: Int) {
      fragments.reserveCapacity(interpolationCount * 2 + 1)
    }

    public mutating func appendLiteral(_ literal: String) {
      if !literal.isEmpty { fragments.append(.text(literal)) }
    }

    public mutating func appendInterpolation<Value: SQLEncodable>(_ value: Value) {
      fragments.append(.value(value.sqlValue))
    }

    /// An optional binds NULL when nil (spelled out so the compiler does not warn about it).
    public mutating func appendInterpolation<Value: SQLEncodable>(_ value: Value?) {
      fragments.append(.value(value?.sqlValue ?? .null))
    }

    public mutating func appendInterpolation(raw text: String) {
      fragments.append(.text(text))
    }

    public mutating func appendInterpolation(_ query: SQLQuery) {
      fragments.append(contentsOf: query.fragments)
    }

    /// `a, b, c` as bound values; an empty list becomes `NULL`, which matches nothing in `IN`.
    public mutating func appendInterpolation<Value: SQLEncodable>(list values: [Value]) {
      if values.isEmpty {
        fragments.append(.text("NULL"))
        return
      }
      for (index, value) in values.enumerated() {
        if index > 0 { fragments.append(.text(", ")) }
        fragments.append(.value(value.sqlValue))
      }
    }
  }

  /// Joins queries with a separator (for building `WHERE a AND b` from parts).
  public static func joined(_ parts: [SQLQuery], separator: String) -> SQLQuery {
    var result = SQLQuery(stringLiteral: "")
    for (index, part) in parts.enumerated() {
      if index > 0 { result.fragments.append(.text(separator)) }
      result.fragments.append(contentsOf: part.fragments)
    }
    return result
  }

  /// The SQL text with the dialect's placeholders, and the values to bind to them.
  public func render(for dialect: SQLDialect) -> (sql: String, bindings: [SQLValue]) {
    var sql = ""
    var bindings: [SQLValue] = []
    for fragment in fragments {
      switch fragment {
      case .text(let text): sql += text
      case .value(let value):
        bindings.append(value)
        sql += dialect == .postgresql ? "$\(bindings.count)" : "?"
      }
    }
    return (sql, bindings)
  }

  public var description: String { render(for: .sqlite).sql }
}

public enum SQLDialect: String, Sendable {
  case sqlite
  case postgresql
}
