import Foundation
import TestSupport
import Testing

@testable import Trellis

@Suite("Dates and local times people can mean")
struct DateRulesTests {
  @Test func datesAreBoundedToSensibleYears() {
    #expect(CalendarDate("0000-01-01") == nil)
    #expect(CalendarDate("1899-12-31") == nil)
    #expect(CalendarDate("9999-12-31") == nil)
    #expect(CalendarDate("1900-01-01") != nil && CalendarDate("2200-12-31") != nil)
    #expect(CalendarDate("2027-02-29") == nil)
  }

  @Test(arguments: [
    ("2027-03-14", "02:30", "America/New_York", "go forward"),
    ("2027-03-28", "01:30", "Europe/Lisbon", "go forward"),
    ("2027-11-07", "01:30", "America/New_York", "go back"),
    ("2027-10-31", "01:30", "Europe/Lisbon", "go back"),
  ])
  func aLocalTimeThatIsSkippedOrRepeatedIsRefused(
    date: String, time: String, zone: String, clocks: String
  ) throws {
    let input = ScheduleInput(date: date, time: time, timeZone: zone)
    let error = #expect(throws: ValidationError.self) { try input.instant() }
    #expect(error?.problems.first?.field == "time")
    #expect(error?.problems.first?.message.contains(clocks) == true)
  }

  @Test func ordinaryLocalTimesAreExact() throws {
    let instant = try ScheduleInput(date: "2027-03-14", time: "03:30", timeZone: "America/New_York").instant()
    #expect(instant == Date(timeIntervalSince1970: 1_805_009_400))
    #expect(throws: ValidationError.self) {
      try ScheduleInput(date: "0000-03-14", time: "10:00", timeZone: "Europe/Lisbon").instant()
    }
    #expect(throws: ValidationError.self) {
      try ScheduleInput(date: "2027-03-14", time: "10:00", timeZone: "Europe/Lisbon\u{0}").instant()
    }
  }
}
