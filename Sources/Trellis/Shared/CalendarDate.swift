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
  public init?(_ text: String) {
    let parts = text.split(separator: "-", omittingEmptySubsequences: false)
    guard text.count == 10, parts.count == 3, parts[0].count == 4, parts[1].count == 2,
      parts[2].count == 2, let year = Int(parts[0]), let month = Int(parts[1]),
      let day = Int(parts[2]), CalendarDate.years.contains(year), (1...12).contains(month), day >= 1,
      day <= CalendarDate.days(inMonth: month, year: year)
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
    String(format: "%04d-%02d-%02d", year, month, day)
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
