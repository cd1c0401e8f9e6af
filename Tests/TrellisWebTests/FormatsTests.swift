import Foundation
import Testing
import Trellis

@testable import TrellisWeb

/// Dates and numbers written out by hand for speed read exactly as the formatters write them.
@Suite("Dates and numbers as pages show them")
struct FormatsTests {
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

  /// Tenths as `%.1f` writes them (but never "-0.0"), away from the exact halves where the two
  /// may round apart.
  @Test func aFigureToOneDecimalReadsAsPrintfWritesIt() {
    var values: [Double] = [0, 1, -1, 0.04, 99.95001, 4.25, 1e14 + 0.5, 123_456.78]
    for step in -3000...30000 { values.append(Double(step) * 0.0137) }
    var compared = 0
    for value in values {
      let tenths = value * 10
      guard abs(tenths - tenths.rounded(.down) - 0.5) > 1e-6 else { continue }
      let printf = String(format: "%.1f", value)
      #expect(Chart.oneDecimal(value) == (printf == "-0.0" ? "0.0" : printf), "\(value)")
      compared += 1
    }
    #expect(compared > 30_000)
    #expect(Chart.oneDecimal(.nan) == String(format: "%.1f", Double.nan))
  }
}
