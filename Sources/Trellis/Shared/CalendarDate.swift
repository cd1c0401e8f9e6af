import Foundation
import SQL

/// A calendar day, `YYYY-MM-DD`, with no time or zone.
public struct CalendarDate: Sendable, Hashable, Comparable, Codable, CustomStringConvertible,
  SQLEncodable, SQLDecodable
{
  public let year: Int
  public let month: Int
  public let day: Int

  /// The years a date may name: a year such as 0000 or 9999 is a typing slip, not a plan.
  public static let years = 1900...2200

  /// Parses `YYYY-MM-DD` in `years`; nil for anything else, including days that do not exist.
  /// Reads the bytes directly: every date column of every page passes through here.
  public init?(_ text: String) {
    var text = text
    let parsed: (Int, Int, Int)? = text.withUTF8 { bytes in
      guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else {
        return nil
      }
      func number(_ range: Range<Int>) -> Int? {
        var value = 0
        for index in range {
          let digit = Int(bytes[index]) - Int(UInt8(ascii: "0"))
          guard (0...9).contains(digit) else { return nil }
          value = value * 10 + digit
        }
        return value
      }
      guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10) else { return nil }
      return (year, month, day)
    }
    guard let (year, month, day) = parsed, CalendarDate.years.contains(year), (1...12).contains(month),
      day >= 1, day <= CalendarDate.days(inMonth: month, year: year)
    else { return nil }
    self.year = year
    self.month = month
    self.day = day
  }

  /// The UTC day of an instant.
  public init(_ date: Date) {
    let parts = CalendarDate.utc.dateComponents([.year, .month, .day], from: date)
    year = parts.year!
    month = parts.month!
    day = parts.day!
  }

  /// The day of an instant where the person is (the zone's name; UTC when unknown).
  public init(_ date: Date, in zone: String) {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = LocalTime.zone(named: zone) ?? .gmt
    let parts = calendar.dateComponents([.year, .month, .day], from: date)
    year = parts.year!
    month = parts.month!
    day = parts.day!
  }

  public var description: String {
    func padded(_ value: Int, _ width: Int) -> String {
      let digits = String(value)
      return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
    return "\(padded(year, 4))-\(padded(month, 2))-\(padded(day, 2))"
  }

  /// Midnight UTC at the start of this day.
  public var start: Date {
    CalendarDate.utc.date(from: DateComponents(year: year, month: month, day: day))!
  }

  public func adding(days: Int) -> CalendarDate {
    CalendarDate(start.addingTimeInterval(TimeInterval(days) * 86_400))
  }

  public static func < (lhs: CalendarDate, rhs: CalendarDate) -> Bool {
    (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
  }

  public init(from decoder: Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let date = CalendarDate(text) else {
      throw DecodingError.dataCorrupted(
        DecodingError.Context(
          codingPath: decoder.codingPath,
          debugDescription:
            "expected a date as YYYY-MM-DD from \(CalendarDate.years.lowerBound) to \(CalendarDate.years.upperBound)"
        ))
    }
    self = date
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }

  public var sqlValue: SQLValue { .text(description) }
  public init?(sqlValue: SQLValue) {
    guard case .text(let text) = sqlValue, let date = CalendarDate(text) else { return nil }
    self = date
  }

  private static let utc: Calendar = {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    return calendar
  }()

  private static func days(inMonth month: Int, year: Int) -> Int {
    switch month {
    case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: 30
    default: 31
    }
  }
}
