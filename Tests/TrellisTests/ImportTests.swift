import Foundation
import SQL
import TestSupport
import Testing

@testable import Trellis

@Suite("CSV import of people")
struct ImportTests {
  static let header =
    "userName,givenName,familyName,displayName,title,department,employeeNumber,manager,active,hireDate,location"

  static let valid = #"""
    \#(header)
    boss@acme.example,Rosa,Parks,,Director,Leadership,E1,,true,2019-03-01,Lisbon
    lead@acme.example,Lee,Chang,Lee C.,Team Lead,"Research, Data",E2,boss@acme.example,true,2021-06-15,Porto
    dev@acme.example,Dev,"O'Neil ""Junior""",,Engineer,"Research, Data",E3,lead@acme.example,yes,2024-01-10,"Lisbon
    (remote)"
    """#

  @Test func csvParsingFollowsRFC4180() throws {
    let records = try CSV.parse("a,\"b,c\",\"d \"\"e\"\"\"\r\n\n\"multi\nline\",x,\n")
    #expect(records.map(\.fields) == [["a", "b,c", "d \"e\""], ["multi\nline", "x", ""]])
    #expect(records.map(\.line) == [1, 3])
    #expect(throws: CSV.Failure(line: 1, message: "a quoted field is never closed")) {
      try CSV.parse("\"open,x\n")
    }
    #expect(CSV.escape("a,b") == "\"a,b\"")
    #expect(CSV.escape("say \"hi\"") == "\"say \"\"hi\"\"\"")
  }

  @Test func csvFieldsAreNeverRunAsFormulas() {
    #expect(CSV.escape("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"")
    for text in ["+1+cmd", "-2+3", "@SUM(A1)", "\tTab", "\rReturn"] {
      #expect(CSV.escape(text).hasPrefix("'") || CSV.escape(text).hasPrefix("\"'"), "\(text)")
    }
    #expect(CSV.escape("-0.25") == "-0.25")
    #expect(CSV.escape("Sales") == "Sales")
  }

  @Test(arguments: TestDatabases.available)
  func importsAndIsIdempotent(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    let first = try fixture.services.imports.run(nil, csv: Self.valid, options: ImportOptions())
    #expect(first.errors == [])
    #expect((first.created, first.updated, first.unchanged) == (3, 0, 0))
    let dev = try fixture.person("dev@acme.example")
    #expect(dev.familyName == "O'Neil \"Junior\"")
    #expect(dev.location == "Lisbon\n(remote)")
    #expect(dev.hireDate == CalendarDate("2024-01-10"))
    let lead = try fixture.person("lead@acme.example")
    #expect(dev.managerID == lead.id)
    #expect(lead.preferredName == "Lee C.")
    #expect(lead.department == "Research, Data")

    let history = try historyCount(fixture)
    let second = try fixture.services.imports.run(nil, csv: Self.valid, options: ImportOptions())
    #expect((second.created, second.updated, second.unchanged) == (0, 0, 3))
    #expect(try historyCount(fixture) == history, "re-importing changes nothing, not even history")
    #expect(try fixture.person("dev@acme.example") == dev)
  }

  @Test(arguments: TestDatabases.available)
  func controlCharactersInACellAreAnErrorOnTheirLineAndColumn(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    let csv = "\(Self.header)\nnul@acme.example,Be\u{0}fore,After,,,,,,,,\nok@acme.example,Ok,Fine,,,,,,,,\n"
    let report = try fixture.services.imports.run(nil, csv: csv, options: ImportOptions())
    #expect(report.rejected)
    #expect(report.errors.map { "\($0.line) \($0.column ?? "")" } == ["2 givenName"])
    #expect(try peopleCount(fixture) == 0)
  }

  @Test(arguments: TestDatabases.available)
  func aFileWithErrorsImportsNothingAndSaysWhere(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    let csv = """
      \(Self.header)
      boss@acme.example,Rosa,Parks,,Director,Leadership,E1,,true,2019-03-01,Lisbon
      not-an-email,Bad,Email,,,,,,,,
      x@acme.example,X,Y,,,,,nobody@acme.example,,,
      y@acme.example,Y,Z,,,,,,maybe,2024-02-30,
      BOSS@acme.example,Dup,Licate,,,,,,,,
      z@acme.example,Z,Z,,,,E1,,,,
      """
    let report = try fixture.services.imports.run(nil, csv: csv, options: ImportOptions())
    #expect(report.rejected)
    let found = report.errors.map { "\($0.line) \($0.column ?? "")" }
    #expect(found == ["3 userName", "4 manager", "5 active", "5 hireDate", "6 userName", "7 employeeNumber"])
    #expect(report.errors.first { $0.line == 4 }?.message.contains("nobody@acme.example") == true)
    #expect(try peopleCount(fixture) == 0)

    let skipping = try fixture.services.imports.run(nil, csv: csv, options: ImportOptions(skipInvalid: true))
    #expect(!skipping.rejected)
    #expect(skipping.created == 1)
    #expect(skipping.skipped == 5)
    #expect(try peopleCount(fixture) == 1)
  }

  @Test(arguments: TestDatabases.available)
  func headersAndLoopsAreChecked(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    let unknown = try fixture.services.imports.run(
      nil, csv: "userName,shoeSize\na@acme.example,44\n", options: ImportOptions())
    #expect(unknown.rejected)
    #expect(unknown.errors.first?.message.contains("unknown column 'shoeSize'") == true)
    let missing = try fixture.services.imports.run(nil, csv: "givenName\nAna\n", options: ImportOptions())
    #expect(missing.errors.first?.column == "userName")
    let loop = """
      userName,givenName,manager
      a@acme.example,A,c@acme.example
      b@acme.example,B,a@acme.example
      c@acme.example,C,b@acme.example
      d@acme.example,D,a@acme.example
      """
    let report = try fixture.services.imports.run(nil, csv: loop, options: ImportOptions())
    #expect(report.rejected)
    #expect(Set(report.errors.filter { $0.message.contains("loop") }.map(\.line)) == [2, 3, 4])
    #expect(report.errors.contains { $0.line == 5 && $0.message.contains("row with errors") })
  }

  @Test(arguments: TestDatabases.available)
  func dryRunsChangeNothingAndMissingPeopleAreDeactivatedOnlyWhenAsked(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    _ = try fixture.services.imports.run(nil, csv: Self.valid, options: ImportOptions())
    let smaller = """
      userName,givenName,title
      boss@acme.example,Rosa,CEO
      lead@acme.example,Lee,Team Lead
      """
    let dry = try fixture.services.imports.run(
      nil, csv: smaller, options: ImportOptions(dryRun: true, deactivateMissing: true))
    #expect((dry.updated, dry.unchanged, dry.deactivated) == (1, 1, 1))
    #expect(try fixture.person("boss@acme.example").jobTitle == "Director")
    #expect(try fixture.person("dev@acme.example").active)

    let kept = try fixture.services.imports.run(nil, csv: smaller, options: ImportOptions())
    #expect(kept.deactivated == 0)
    #expect(try fixture.person("dev@acme.example").active)
    // Columns the file lacks keep their values.
    #expect(try fixture.person("lead@acme.example").department == "Research, Data")
    #expect(try fixture.person("lead@acme.example").managerID == fixture.person("boss@acme.example").id)

    let pruned = try fixture.services.imports.run(
      nil, csv: smaller, options: ImportOptions(deactivateMissing: true))
    #expect(pruned.deactivated == 1)
    #expect(try !fixture.person("dev@acme.example").active)
  }

  @Test(arguments: TestDatabases.available)
  func tenThousandRowsImportWithProgress(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    var lines = [Self.header]
    for index in 0..<10_000 {
      let manager = index == 0 ? "" : "p\((index - 1) / 10)@big.example"
      lines.append(
        "p\(index)@big.example,Given\(index),Family\(index),,Title \(index % 50),Team \(index % 40),N\(index),\(manager),true,2020-01-01,City \(index % 7)"
      )
    }
    let progress = ProgressLog()
    let report = try fixture.services.imports.run(
      nil, csv: lines.joined(separator: "\n"), options: ImportOptions()
    ) { done, total in progress.record(done, total) }
    #expect(report.errors == [])
    #expect(report.created == 10_000)
    #expect(try peopleCount(fixture) == 10_000)
    #expect(progress.calls.count >= 20)
    #expect(progress.calls.last.map { $0 == (10_000, 10_000) } == true)
    #expect(progress.calls.map(\.0) == progress.calls.map(\.0).sorted())
    let deep = try fixture.person("p9999@big.example")
    #expect(deep.managerID == (try fixture.person("p999@big.example").id))
  }

  private func peopleCount(_ fixture: Fixture) throws -> Int {
    try fixture.database.withConnection { try $0.scalar("SELECT count(*) FROM people", as: Int.self) ?? -1 }
  }

  private func historyCount(_ fixture: Fixture) throws -> Int {
    try fixture.database.withConnection {
      try $0.scalar("SELECT count(*) FROM manager_history", as: Int.self) ?? -1
    }
  }
}

final class ProgressLog: @unchecked Sendable {
  private let lock = NSLock()
  private var entries: [(Int, Int)] = []
  func record(_ done: Int, _ total: Int) { lock.withLock { entries.append((done, total)) } }
  var calls: [(Int, Int)] { lock.withLock { entries } }
}
