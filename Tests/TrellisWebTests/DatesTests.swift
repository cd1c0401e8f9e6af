import Foundation
import Testing
import Trellis

@testable import TrellisWeb

@Suite("Dates as pages show them")
struct DatesTests {
  /// A calendar date is written out by hand for speed; it must read exactly as the formatter that
  /// writes every other date on the page.
  @Test func aCalendarDateReadsAsTheFormatterWritesIt() throws {
    let style = Date.FormatStyle(locale: Locale(identifier: "en_GB"), timeZone: TimeZone(identifier: "UTC")!)
      .year().month(.abbreviated).day()
    // Every day of a leap year and the year after, then the ends of the years a date may name.
    let first = try #require(CalendarDate("2028-01-01"))
    let days =
      (0..<731).map { first.adding(days: $0) } + ["1900-01-01", "2200-12-31"].compactMap(CalendarDate.init)
    #expect(days.count == 733)
    for day in days {
      #expect(Dates.day(day) == day.start.formatted(style), "\(day)")
    }
  }
}
