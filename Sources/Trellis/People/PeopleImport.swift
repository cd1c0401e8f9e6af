import Foundation
import SQL

/// How an import treats problems and people missing from the file.
public struct ImportOptions: Sendable, Codable, Equatable {
  /// Check and report what would change, change nothing.
  public var dryRun = false
  /// Import the good rows of a file that has bad ones (otherwise nothing is imported).
  public var skipInvalid = false
  /// Deactivate active people whose email is not in the file.
  public var deactivateMissing = false

  public init(dryRun: Bool = false, skipInvalid: Bool = false, deactivateMissing: Bool = false) {
    self.dryRun = dryRun
    self.skipInvalid = skipInvalid
    self.deactivateMissing = deactivateMissing
  }
}

/// What an import did (or, for a dry run or a rejected file, would do).
public struct ImportReport: Sendable, Codable, Equatable {
  public struct RowError: Sendable, Codable, Equatable {
    public let line: Int
    public let column: String?
    public let message: String
  }

  public var rows = 0
  public var created = 0
  public var updated = 0
  public var unchanged = 0
  public var deactivated = 0
  public var skipped = 0
  public var errors: [RowError] = []
  /// True when the file was refused as a whole (errors, and bad rows were not to be skipped).
  public var rejected = false
  public var dryRun = false

  public init() {}
}

/// Imports people from an HR system's CSV export with SCIM 2.0 attribute names as headers.
public enum PeopleImport {
  /// The columns understood, SCIM names first; `userName` (the email) is required.
  public static let columns = [
    "userName", "givenName", "familyName", "displayName", "title", "department", "employeeNumber",
    "manager", "active", "hireDate", "location", "team",
  ]

  /// Called every so many rows with (rows done, rows in all).
  public typealias Progress = @Sendable (Int, Int) -> Void

  struct Row {
    let line: Int
    var draft: PersonDraft
    let managerEmail: String?
  }

  /// Validates the whole file, then applies it in one transaction (or reports and changes nothing).
  static func run(
    _ connection: any Connection, csv: String, options: ImportOptions, actor: Int64?, now: Date,
    progress: Progress?
  ) throws -> ImportReport {
    var report = ImportReport()
    report.dryRun = options.dryRun
    let records: [CSV.Record]
    do {
      records = try CSV.parse(csv)
    } catch let failure as CSV.Failure {
      report.errors = [.init(line: failure.line, column: nil, message: failure.message)]
      report.rejected = true
      return report
    }
    guard let header = records.first else {
      report.errors = [.init(line: 1, column: nil, message: "the file is empty: expected a header row")]
      report.rejected = true
      return report
    }
    let headerNames = header.fields.map { $0.trimmed }
    var columnIndex: [String: Int] = [:]
    for (index, name) in headerNames.enumerated() {
      guard let known = columns.first(where: { $0.lowercased() == name.lowercased() }) else {
        report.errors.append(
          .init(
            line: header.line, column: name,
            message: "unknown column '\(name)'; the columns are \(columns.joined(separator: ", "))"))
        continue
      }
      if columnIndex[known] != nil {
        report.errors.append(
          .init(line: header.line, column: name, message: "column '\(name)' appears twice"))
      }
      columnIndex[known] = index
    }
    if columnIndex["userName"] == nil {
      report.errors.append(
        .init(line: header.line, column: "userName", message: "the userName column (the email) is required"))
    }
    let body = Array(records.dropFirst())
    report.rows = body.count
    if !report.errors.isEmpty {
      report.rejected = true
      return report
    }

    let existing = try connection.fetch(Person.self, "SELECT \(raw: Person.columns) FROM people")
    var existingByEmail: [String: Person] = [:]
    for person in existing { existingByEmail[EmailAddress.key(person.email)] = person }
    let existingByID = Dictionary(uniqueKeysWithValues: existing.map { ($0.id, $0) })

    // 1. Each row on its own. Columns the file does not have keep what Trellis knows.
    var rows: [Row] = []
    var badLines: Set<Int> = []
    var seenEmails: [String: Int] = [:]
    var seenNumbers: [String: Int] = [:]
    func value(_ record: CSV.Record, _ column: String) -> String? {
      guard let index = columnIndex[column], index < record.fields.count else { return nil }
      return record.fields[index].trimmed
    }
    func fail(_ line: Int, _ column: String?, _ message: String) {
      report.errors.append(.init(line: line, column: column, message: message))
      badLines.insert(line)
    }
    for record in body {
      if record.fields.count > headerNames.count {
        fail(record.line, nil, "has \(record.fields.count) fields, the header has \(headerNames.count)")
        continue
      }
      // An HR export has no business holding control characters (a NUL would cut a name short).
      if let (index, _) = record.fields.enumerated().first(where: {
        $0.element.unicodeScalars.contains(where: \.isRefusedControl)
      }) {
        fail(record.line, headerNames[index], "contains a control character, which is not allowed")
        continue
      }
      let email = value(record, "userName") ?? ""
      let known = existingByEmail[EmailAddress.key(email)]
      var draft = known.map(PersonDraft.init) ?? PersonDraft(email: email)
      draft.email = email
      draft.managerID = nil
      if let given = value(record, "givenName") { draft.givenName = given }
      if let family = value(record, "familyName") { draft.familyName = family }
      if let preferred = value(record, "displayName") { draft.preferredName = preferred }
      if let title = value(record, "title") { draft.jobTitle = title }
      if let department = value(record, "department") { draft.department = department }
      if let location = value(record, "location") { draft.location = location }
      if let team = value(record, "team") { draft.team = team }
      if let number = value(record, "employeeNumber") { draft.employeeNumber = number.nilIfEmpty }
      if let text = value(record, "hireDate") {
        if text.isEmpty {
          draft.hireDate = nil
        } else if let date = CalendarDate(text) {
          draft.hireDate = date
        } else {
          fail(record.line, "hireDate", "'\(text)' is not a date as YYYY-MM-DD")
        }
      }
      if let text = value(record, "active")?.lowercased(), !text.isEmpty {
        switch text {
        case "true", "1", "yes", "y": draft.active = true
        case "false", "0", "no", "n": draft.active = false
        default: fail(record.line, "active", "'\(text)' is not true or false")
        }
      }
      draft = draft.normalized()
      for problem in draft.problems() {
        let column = problem.field == "email" ? "userName" : problem.field
        fail(record.line, column, problem.message)
      }
      let key = EmailAddress.key(draft.email)
      if let first = seenEmails[key], !key.isEmpty {
        fail(record.line, "userName", "\(draft.email) is also on line \(first)")
      } else {
        seenEmails[key] = record.line
      }
      if let number = draft.employeeNumber {
        if let first = seenNumbers[number] {
          fail(record.line, "employeeNumber", "\(number) is also on line \(first)")
        } else {
          seenNumbers[number] = record.line
        }
      }
      let manager =
        columnIndex["manager"] == nil
        ? known?.managerID.flatMap { existingByID[$0]?.email } : value(record, "manager")?.nilIfEmpty
      if let manager, EmailAddress.key(manager) == key {
        fail(record.line, "manager", "a person cannot be their own manager")
      }
      rows.append(Row(line: record.line, draft: draft, managerEmail: manager))
    }

    // 2. Managers exist (in the file or in Trellis), and no loops once the file is applied.
    // An employee number held by someone who is not in the file cannot move to another person.
    var existingByNumber: [String: Person] = [:]
    for person in existing { if let number = person.employeeNumber { existingByNumber[number] = person } }
    for row in rows where !badLines.contains(row.line) {
      guard let number = row.draft.employeeNumber, let holder = existingByNumber[number] else { continue }
      let holderKey = EmailAddress.key(holder.email)
      if holderKey != EmailAddress.key(row.draft.email) && seenEmails[holderKey] == nil {
        fail(row.line, "employeeNumber", "\(number) belongs to \(holder.email) in Trellis")
      }
    }
    func resolveManagers() {
      var changed = true
      while changed {
        changed = false
        let goodEmails = Set(
          rows.filter { !badLines.contains($0.line) }.map { EmailAddress.key($0.draft.email) })
        for row in rows where !badLines.contains(row.line) {
          guard let manager = row.managerEmail else { continue }
          let key = EmailAddress.key(manager)
          if goodEmails.contains(key) { continue }
          if seenEmails[key] != nil {
            fail(row.line, "manager", "\(manager) is on a row with errors")
            changed = true
          } else if existingByEmail[key] == nil {
            fail(row.line, "manager", "\(manager) is neither in the file nor in Trellis")
            changed = true
          }
        }
      }
    }
    resolveManagers()
    // Final reporting line: the file's rows win over what Trellis has.
    var managerOf: [String: String] = [:]
    for person in existing {
      if let manager = person.managerID.flatMap({ existingByID[$0] }) {
        managerOf[EmailAddress.key(person.email)] = EmailAddress.key(manager.email)
      }
    }
    for row in rows where !badLines.contains(row.line) {
      managerOf[EmailAddress.key(row.draft.email)] = row.managerEmail.map(EmailAddress.key)
    }
    for row in rows where !badLines.contains(row.line) {
      let start = EmailAddress.key(row.draft.email)
      var seen: [String] = [start]
      var current = managerOf[start]
      while let next = current, seen.count < 10_000 {
        if next == start {
          fail(
            row.line, "manager",
            "makes a loop in the reporting line: \(seen.joined(separator: " → ")) → \(start)")
          break
        }
        if seen.contains(next) { break }
        seen.append(next)
        current = managerOf[next]
      }
    }
    resolveManagers()
    report.errors.sort { ($0.line, $0.column ?? "") < ($1.line, $1.column ?? "") }
    if !report.errors.isEmpty && !options.skipInvalid {
      report.rejected = true
      return report
    }
    let good = rows.filter { !badLines.contains($0.line) }
    report.skipped = rows.count - good.count

    // 3. Apply: people first, then managers (a manager may come later in the file).
    var idByEmail = existingByEmail.mapValues(\.id)
    var pendingManagers: [(id: Int64, old: Person?, row: Row)] = []
    for (index, row) in good.enumerated() {
      let key = EmailAddress.key(row.draft.email)
      var draft = row.draft
      draft.managerID = row.managerEmail.flatMap { idByEmail[EmailAddress.key($0)] }
      if let old = existingByEmail[key] {
        draft.managerID = old.managerID  // set in the second pass
        if PersonDraft(old) != draft {
          try PeopleStore.update(connection, id: old.id, from: old, to: draft, now: now)
        }
        pendingManagers.append((old.id, old, row))
      } else {
        draft.managerID = nil
        let id = try PeopleStore.insert(connection, draft, now: now)
        idByEmail[key] = id
        pendingManagers.append((id, nil, row))
      }
      if let progress, (index + 1) % 500 == 0 { progress(index + 1, good.count) }
    }
    for pending in pendingManagers {
      let row = pending.row
      let managerID = row.managerEmail.flatMap { idByEmail[EmailAddress.key($0)] }
      if pending.old?.managerID != managerID {
        // Everything else is already written: only the manager changes here.
        var current = row.draft
        current.managerID = pending.old?.managerID
        var draft = current
        draft.managerID = managerID
        let before = Person(
          id: pending.id, email: current.email, givenName: current.givenName, familyName: current.familyName,
          preferredName: current.preferredName, jobTitle: current.jobTitle, department: current.department,
          team: current.team, location: current.location, employeeNumber: current.employeeNumber,
          hireDate: current.hireDate,
          managerID: current.managerID, active: current.active)
        try PeopleStore.update(connection, id: pending.id, from: before, to: draft, now: now)
        if pending.old == nil, let managerID, let hire = draft.hireDate, hire < CalendarDate(now) {
          // A new person's first manager dates from their hire, not from the import.
          try connection.execute(
            "UPDATE manager_history SET started_on = \(hire) WHERE person_id = \(pending.id) AND manager_id = \(managerID) AND ended_on IS NULL"
          )
          try connection.execute(
            "UPDATE relationships SET started_on = \(hire) WHERE employee_id = \(pending.id) AND partner_id = \(managerID) AND ended_on IS NULL"
          )
        }
      }
      if let old = pending.old {
        var expected = row.draft
        expected.managerID = managerID
        if PersonDraft(old) == expected { report.unchanged += 1 } else { report.updated += 1 }
      } else {
        report.created += 1
      }
    }
    if options.deactivateMissing {
      let inFile = Set(rows.map { EmailAddress.key($0.draft.email) })
      for person in existing where person.active && !inFile.contains(EmailAddress.key(person.email)) {
        // Whoever runs the import keeps their account.
        if person.id == actor { continue }
        var draft = PersonDraft(person)
        draft.active = false
        try PeopleStore.update(connection, id: person.id, from: person, to: draft, now: now)
        try connection.execute("DELETE FROM sessions WHERE person_id = \(person.id)")
        report.deactivated += 1
      }
    }
    progress?(good.count, good.count)
    if !options.dryRun {
      try AuditService.recordAdmin(
        connection, actor: actor, action: "imported people",
        subject: nil,
        detail:
          "\(report.created) created, \(report.updated) updated, \(report.unchanged) unchanged, \(report.deactivated) deactivated, \(report.skipped) skipped",
        at: now)
    }
    return report
  }
}

extension Unicode.Scalar {
  /// A control character other than tab and line breaks, which text people write never holds.
  var isRefusedControl: Bool {
    properties.generalCategory == .control && self != "\t" && self != "\n" && self != "\r"
  }
}
