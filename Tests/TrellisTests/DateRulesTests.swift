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

  @Test func aDateIsExactlyTenCharactersOfADayThatExists() throws {
    for wrong in [
      "2026-1-01", "2026-01-1", "2026-01-001", " 2026-01-01", "2026-01-01 ", "2026/01/01", "-026-01-01",
      "+026-01-01", "2026-+1-01", "2026-01-0a", "２０２６-01-01", "2026-00-10", "2026-13-01", "2026-01-00",
      "2026-01-32", "2026-04-31", "2100-02-29", "", "2026-01-01T00:00",
    ] {
      #expect(CalendarDate(wrong) == nil, "\(wrong)")
    }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    for year in [1900, 1999, 2000, 2024, 2027, 2200] {
      for month in 1...12 {
        for day in 1...31 {
          let parts = DateComponents(year: year, month: month, day: day)
          let exists = calendar.date(from: parts).map { calendar.component(.day, from: $0) == day } ?? false
          let text = "\(year)-\(month < 10 ? "0" : "")\(month)-\(day < 10 ? "0" : "")\(day)"
          let date = CalendarDate(text)
          #expect((date != nil) == exists, "\(text)")
          #expect(date.map { "\($0)" } == (exists ? text : nil))
        }
      }
    }
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

@Suite("Email addresses that look alike")
struct LookAlikeEmailTests {
  @Test(arguments: TestDatabases.available)
  func lookAlikesNeverBecomeASecondPerson(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let people = fixture.services.people
    // A Cyrillic а in a Latin address.
    let mixed = #expect(throws: ValidationError.self) {
      try people.create(
        fixture.admin, PersonDraft(email: "\u{430}na.lima@northwind.example", givenName: "Ana"))
    }
    #expect(mixed?.problems.first?.field == "email")
    #expect(mixed?.problems.first?.message.contains("Cyrillic and Latin") == true)
    // Full-width letters are the same address as Ana's.
    #expect(throws: Conflict.self) {
      try people.create(
        fixture.admin,
        PersonDraft(email: "\u{FF41}\u{FF4E}\u{FF41}.lima@northwind.example", givenName: "Ana"))
    }
    // One script throughout is an address like any other.
    let cyrillic = try people.create(
      fixture.admin, PersonDraft(email: "\u{430}\u{43D}\u{43D}\u{430}@northwind.example", givenName: "Anna"))
    #expect(cyrillic.email == "\u{430}\u{43D}\u{43D}\u{430}@northwind.example")
    // Signing in with the full-width form reaches Ana.
    let session = try fixture.services.accounts.signIn(
      email: "\u{FF21}NA.LIMA@northwind.example", password: DemoOrganization.password, address: "a")
    #expect(
      try fixture.services.accounts.authenticate(sessionToken: session.token)?.actor.person.email
        == "ana.lima@northwind.example")
  }
}
