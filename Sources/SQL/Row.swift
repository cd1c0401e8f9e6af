/// Column names of a result, shared by all its rows.
final class ColumnIndex: Sendable {
  let names: [String]
  let positions: [String: Int]

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
  let columns: ColumnIndex
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

  /// Decodes a column; throws naming the column when it is missing or of another type.
  public func decode<T: SQLDecodable>(_ column: String, as type: T.Type = T.self) throws -> T {
    guard let index = columns.positions[column] else {
      throw SQLError(kind: .decoding, message: "no column '\(column)' in the result")
    }
    guard let value = T(sqlValue: values[index]) else {
      throw SQLError(
        kind: .decoding,
        message: "column '\(column)' holds \(values[index]), which is not a \(T.self)")
    }
    return value
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
