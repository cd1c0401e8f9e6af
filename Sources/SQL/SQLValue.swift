import Foundation

/// A value bound to, or read from, a statement.
public enum SQLValue: Sendable, Equatable {
  case null
  case integer(Int64)
  case real(Double)
  case text(String)
  case blob([UInt8])
  case bool(Bool)
}

/// A Swift value that can be bound as a statement parameter.
public protocol SQLEncodable {
  var sqlValue: SQLValue { get }
}

/// A Swift value that can be read from a column; nil when the column's value does not fit.
public protocol SQLDecodable {
  init?(sqlValue: SQLValue)
}

extension SQLValue: SQLEncodable, SQLDecodable {
  public var sqlValue: SQLValue { self }
  public init?(sqlValue: SQLValue) { self = sqlValue }
}

extension String: SQLEncodable, SQLDecodable {
  public var sqlValue: SQLValue { .text(self) }
  public init?(sqlValue: SQLValue) {
    guard case .text(let text) = sqlValue else { return nil }
    self = text
  }
}

extension Int64: SQLEncodable, SQLDecodable {
  public var sqlValue: SQLValue { .integer(self) }
  public init?(sqlValue: SQLValue) {
    switch sqlValue {
    case .integer(let value): self = value
    case .text(let text):
      guard let value = Int64(text) else { return nil }
      self = value
    default: return nil
    }
  }
}

extension Int: SQLEncodable, SQLDecodable {
  public var sqlValue: SQLValue { .integer(Int64(self)) }
  public init?(sqlValue: SQLValue) {
    guard let value = Int64(sqlValue: sqlValue) else { return nil }
    self = Int(value)
  }
}

extension Double: SQLEncodable, SQLDecodable {
  public var sqlValue: SQLValue { .real(self) }
  public init?(sqlValue: SQLValue) {
    switch sqlValue {
    case .real(let value): self = value
    case .integer(let value): self = Double(value)
    case .text(let text):
      guard let value = Double(text) else { return nil }
      self = value
    default: return nil
    }
  }
}

extension Bool: SQLEncodable, SQLDecodable {
  public var sqlValue: SQLValue { .bool(self) }
  /// SQLite stores booleans as 0/1; PostgreSQL answers `t`/`f`.
  public init?(sqlValue: SQLValue) {
    switch sqlValue {
    case .bool(let value): self = value
    case .integer(let value): self = value != 0
    case .text("t"), .text("true"): self = true
    case .text("f"), .text("false"): self = false
    default: return nil
    }
  }
}

extension Array: SQLEncodable where Element == UInt8 {
  public var sqlValue: SQLValue { .blob(self) }
}

extension Array: SQLDecodable where Element == UInt8 {
  public init?(sqlValue: SQLValue) {
    guard case .blob(let bytes) = sqlValue else { return nil }
    self = bytes
  }
}

/// Instants are stored as ISO 8601 text in UTC with milliseconds, which sorts correctly in both databases.
extension Date: SQLEncodable, SQLDecodable {
  public var sqlValue: SQLValue { .text(SQLTimestamp.format(self)) }
  public init?(sqlValue: SQLValue) {
    guard case .text(let text) = sqlValue, let date = SQLTimestamp.parse(text) else { return nil }
    self = date
  }
}

extension Optional: SQLEncodable where Wrapped: SQLEncodable {
  public var sqlValue: SQLValue { self?.sqlValue ?? .null }
}

extension Optional: SQLDecodable where Wrapped: SQLDecodable {
  public init?(sqlValue: SQLValue) {
    if case .null = sqlValue {
      self = .none
    } else if let value = Wrapped(sqlValue: sqlValue) {
      self = .some(value)
    } else {
      return nil
    }
  }
}

/// The one text format for instants: `2026-01-31T09:30:00.000Z`.
public enum SQLTimestamp {
  public static func format(_ date: Date) -> String {
    date.formatted(
      Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: TimeZone(identifier: "UTC")!))
  }

  public static func parse(_ text: String) -> Date? {
    let withFraction = Date.ISO8601FormatStyle(includingFractionalSeconds: true)
    if let date = try? withFraction.parse(text) { return date }
    return try? Date.ISO8601FormatStyle().parse(text)
  }
}
