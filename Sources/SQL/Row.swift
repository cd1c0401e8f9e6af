/// Column names of a result, shared by all its rows.
@usableFromInline
final class ColumnIndex: Sendable {
  let names: [String]
  @usableFromInline let positions: [String: Int]

  init(_ names: [String]) {
    self.names = names
    var positions: [String: Int] = [:]
    for (index, name) in names.enumerated() where positions[name] == nil {
      positions[name] = index
    }
    self.positions = positions
  }
}

/// One result row; columns are read by name and decoded to Swift types.
public struct Row: Sendable {
  @usableFromInline let columns: ColumnIndex
  public let values: [SQLValue]

  init(columns: ColumnIndex, values: [SQLValue]) {
    self.columns = columns
    self.values = values
  }

  public var columnNames: [String] { columns.names }

  /// The raw value of a column (`.null` when there is no such column).
  public subscript(column: String) -> SQLValue {
    guard let index = columns.positions[column] else { return .null }
    return values[index]
  }

  /// Decodes a column; throws naming the column when it is missing or of another type. Inlined
  /// into the pages' modules so that each type's decoding is direct, not looked up per value.
  @inlinable
  public func decode<T: SQLDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
    guard let index = columns.positions[column] else { throw Row.missing(column) }
    guard let value = T(sqlValue: values[index]) else { throw Row.mismatch(column, values[index], T.self) }
    return value
  }

  @usableFromInline
  static func missing(_ column: String) -> SQLError {
    SQLError(kind: .decoding, message: "no column '\(column)' in the result")
  }

  @usableFromInline
  static func mismatch(_ column: String, _ value: SQLValue, _ type: Any.Type) -> SQLError {
    SQLError(kind: .decoding, message: "column '\(column)' holds \(value), which is not a \(type)")
  }

  /// Decodes the first column (for `SELECT count(*) ...`).
  public func decodeFirst<T: SQLDecodable>(as type: T.Type = T.self) throws -> T {
    guard let first = columns.names.first else {
      throw SQLError(kind: .decoding, message: "the result has no columns")
    }
    return try decode(first, as: type)
  }
}

/// A type built from a row.
public protocol RowDecodable {
  init(row: Row) throws
}
