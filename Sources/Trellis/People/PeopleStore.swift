import Foundation
import SQL

/// SQL for people and the reporting line. No policy here: services check before calling.
enum PeopleStore {
  static func find(_ connection: any Connection, id: Int64) throws -> Person? {
    try connection.fetch(Person.self, "SELECT \(raw: Person.columns) FROM people WHERE id = \(id)").first
  }

  static func find(_ connection: any Connection, email: String) throws -> Person? {
    try connection.fetch(
      Person.self,
      "SELECT \(raw: Person.columns) FROM people WHERE email_key = \(EmailAddress.key(email))"
    ).first
  }

  static func findAll(_ connection: any Connection, ids: [Int64]) throws -> [Int64: Person] {
    var found: [Int64: Person] = [:]
    // 500 at a time: far below both databases' limit of bound values, whatever the caller asks.
    for start in stride(from: 0, to: ids.count, by: 500) {
      found.merge(try connection.read(find(ids: Array(ids[start..<min(start + 500, ids.count)])))) { $1 }
    }
    return found
  }

  /// A few people by id in one statement (up to 500; `findAll` takes any number).
  static func find(ids: [Int64]) -> Read<[Int64: Person]> {
    find(where: "id IN (\(list: ids))")
  }

  /// The people matching `condition` (on `people`), by id.
  static func find(where condition: SQLQuery) -> Read<[Int64: Person]> {
    Read("SELECT \(raw: Person.columns) FROM people WHERE \(condition)") { rows in
      try Dictionary(rows.map { try Person(row: $0) }.map { ($0.id, $0) }) { $1 }
    }
  }

  /// The people above `id`, nearest first (the manager, their manager, ...): one statement.
  static func managementChain(_ connection: any Connection, of id: Int64) throws -> [Person] {
    try connection.read(managementChain(of: id))
  }

  static func managementChain(of id: Int64) -> Read<[Person]> {
    Read(
      """
      WITH RECURSIVE chain (id, manager_id, depth) AS (
        SELECT id, manager_id, 0 FROM people WHERE id = \(id)
        UNION ALL
        SELECT people.id, people.manager_id, chain.depth + 1
        FROM people JOIN chain ON people.id = chain.manager_id
        WHERE chain.depth < 64
      )
      SELECT \(raw: Person.columns) FROM chain JOIN people ON people.id = chain.id
      WHERE chain.depth > 0 ORDER BY chain.depth
      """
    ) { try $0.map { try Person(row: $0) } }
  }

  static func directReports(_ connection: any Connection, of id: Int64, activeOnly: Bool = true) throws
    -> [Person]
  {
    try connection.read(directReports(of: id, activeOnly: activeOnly))
  }

  static func directReports(of id: Int64, activeOnly: Bool = true) -> Read<[Person]> {
    Read(
      """
      SELECT \(raw: Person.columns) FROM people
      WHERE manager_id = \(id) \(raw: activeOnly ? "AND active = TRUE" : "")
      ORDER BY family_name, given_name, id
      """
    ) { try $0.map { try Person(row: $0) } }
  }

  /// How `actor` stands to `subject` in the reporting line, now and in the past.
  static func relationship(_ connection: any Connection, actor: Int64, subject: Int64) throws
    -> Relationship
  {
    if actor == subject { return Relationship(isSelf: true) }
    guard let person = try find(connection, id: subject) else { return Relationship() }
    return try relationship(connection, actor: actor, subject: person)
  }

  /// The same, with the subject already read.
  static func relationship(_ connection: any Connection, actor: Int64, subject person: Person) throws
    -> Relationship
  {
    let subject = person.id
    if actor == subject { return Relationship(isSelf: true) }
    var relationship = Relationship()
    relationship.isCurrentManager = person.managerID == actor
    if !relationship.isCurrentManager {
      relationship.isSkipLevelManager = try managementChain(connection, of: subject)
        .contains { $0.id == actor }
      relationship.isFormerManager =
        try connection.scalar(
          """
          SELECT count(*) FROM manager_history
          WHERE person_id = \(subject) AND manager_id = \(actor) AND ended_on IS NOT NULL
          """, as: Int.self) ?? 0 > 0
    }
    return relationship
  }

  /// Whether `actor` works with `subject` (`Relationship.isTeammate`): the same team, the same
  /// manager, or `subject` is the actor's manager.
  static func areTeammates(_ actor: Person, _ subject: Person) -> Bool {
    (!subject.department.isEmpty && subject.department == actor.department)
      || (subject.managerID != nil && subject.managerID == actor.managerID)
      || subject.id == actor.managerID
  }

  /// The reporting-line history of a person, most recent first.
  static func managerHistory(_ connection: any Connection, of id: Int64) throws -> [ManagerSpan] {
    let rows = try connection.query(
      """
      SELECT manager_history.manager_id, manager_history.started_on, manager_history.ended_on,
             people.given_name, people.family_name, people.preferred_name, people.email
      FROM manager_history JOIN people ON people.id = manager_history.manager_id
      WHERE manager_history.person_id = \(id)
      ORDER BY manager_history.started_on DESC, manager_history.id DESC
      """)
    return try rows.map { row in
      ManagerSpan(
        managerID: try row.decode("manager_id"), managerName: try PersonName.display(row),
        from: try row.decode("started_on"), to: try row.decode("ended_on"))
    }
  }

  /// Refuses a manager that would put `personID` above themselves.
  static func checkNoCycle(_ connection: any Connection, person personID: Int64, manager: Int64) throws {
    if manager == personID {
      throw ValidationError(field: "manager", "a person cannot be their own manager")
    }
    let chain = try managementChain(connection, of: manager)
    if let index = chain.firstIndex(where: { $0.id == personID }) {
      guard let managerPerson = try find(connection, id: manager) else { return }
      let loop = [managerPerson] + chain[..<index]
      throw ValidationError(
        field: "manager",
        "\(managerPerson.displayName) reports to this person (through \(loop.map(\.displayName).joined(separator: " → "))), so they cannot be their manager: that would make a loop"
      )
    }
  }

  /// Inserts a person; returns the new id.
  static func insert(_ connection: any Connection, _ draft: PersonDraft, now: Date) throws -> Int64 {
    let rows = try connection.query(
      """
      INSERT INTO people (email, email_key, given_name, family_name, preferred_name, job_title,
        department, team, location, employee_number, hire_date, manager_id, active, created_at, updated_at)
      VALUES (\(draft.email), \(EmailAddress.key(draft.email)), \(draft.givenName), \(draft.familyName),
        \(draft.preferredName), \(draft.jobTitle), \(draft.department), \(draft.team), \(draft.location),
        \(draft.employeeNumber), \(draft.hireDate), \(draft.managerID), \(draft.active), \(now), \(now))
      RETURNING id
      """)
    return try rows[0].decode("id")
  }

  /// Writes every field; a new manager closes the old span in the history and opens one.
  static func update(
    _ connection: any Connection, id: Int64, from old: Person, to draft: PersonDraft, now: Date
  )
    throws
  {
    try connection.execute(
      """
      UPDATE people SET email = \(draft.email), email_key = \(EmailAddress.key(draft.email)),
        given_name = \(draft.givenName), family_name = \(draft.familyName),
        preferred_name = \(draft.preferredName), job_title = \(draft.jobTitle),
        department = \(draft.department), team = \(draft.team), location = \(draft.location),
        employee_number = \(draft.employeeNumber), hire_date = \(draft.hireDate),
        manager_id = \(draft.managerID), active = \(draft.active), updated_at = \(now)
      WHERE id = \(id)
      """)
    if old.active != draft.active {
      // Leaving starts the time after which what is theirs is erased; coming back stops it.
      let leftOn: CalendarDate? = draft.active ? nil : CalendarDate(now)
      try connection.execute("UPDATE people SET left_on = \(leftOn) WHERE id = \(id)")
    }
    if old.managerID != draft.managerID {
      let today = CalendarDate(now)
      try connection.execute(
        "UPDATE manager_history SET ended_on = \(today) WHERE person_id = \(id) AND ended_on IS NULL")
      // A manager change ends the career-conversation relationship and starts a new one.
      try connection.execute(
        """
        UPDATE relationships SET ended_on = \(today)
        WHERE employee_id = \(id) AND kind = 'manager' AND ended_on IS NULL
        """)
      if let manager = draft.managerID {
        try startSpan(connection, person: id, manager: manager, on: today)
      }
    }
  }

  static func startSpan(_ connection: any Connection, person: Int64, manager: Int64, on day: CalendarDate)
    throws
  {
    try connection.execute(
      "INSERT INTO manager_history (person_id, manager_id, started_on) VALUES (\(person), \(manager), \(day))"
    )
    try connection.execute(
      """
      INSERT INTO relationships (kind, employee_id, partner_id, started_on, created_at)
      VALUES ('manager', \(person), \(manager), \(day), \(day.start))
      """)
  }

  /// Email and employee number must stay unique; says which field clashes.
  static func checkUnique(_ connection: any Connection, _ draft: PersonDraft, except id: Int64?) throws {
    let other = id ?? -1
    if try connection.scalar(
      "SELECT count(*) FROM people WHERE email_key = \(EmailAddress.key(draft.email)) AND id <> \(other)",
      as: Int.self) ?? 0 > 0
    {
      throw Conflict(field: "email", "someone else already has the email \(draft.email)")
    }
    if let number = draft.employeeNumber,
      try connection.scalar(
        "SELECT count(*) FROM people WHERE employee_number = \(number) AND id <> \(other)", as: Int.self)
        ?? 0 > 0
    {
      throw Conflict(field: "employeeNumber", "someone else already has employee number \(number)")
    }
  }
}

/// A period during which someone managed a person.
public struct ManagerSpan: Sendable, Equatable, Codable {
  public let managerID: Int64
  public let managerName: String
  public let from: CalendarDate
  public let to: CalendarDate?
}

/// Names as stored, and the one way they are shown.
extension PeopleStore {
  /// The `settings` key of the organization's time zone.
  static let organizationTimeZone = "organization_time_zone"
}

struct PersonName {
  /// The display name from a row's `given_name`, `family_name`, `preferred_name` and `email`
  /// columns (each after `prefix`, for joins).
  static func display(_ row: Row, prefix: String = "") throws -> String {
    PersonName(
      given: try row.decode("\(prefix)given_name"), family: try row.decode("\(prefix)family_name"),
      preferred: try row.decode("\(prefix)preferred_name"), email: try row.decode("\(prefix)email")
    ).display
  }

  /// The name columns of the `people` row joined as `table`, renamed with `prefix` for `display`.
  static func columns(of table: String, prefix: String = "") -> SQLQuery {
    let list = ["given_name", "family_name", "preferred_name", "email"].map {
      "\(table).\($0) AS \(prefix)\($0)"
    }
    return "\(raw: list.joined(separator: ", "))"
  }

  /// The same for an outer join that may have found no one (NULL email): nil then.
  static func displayIfPresent(_ row: Row, prefix: String = "") throws -> String? {
    try row.decode("\(prefix)email", as: String?.self) == nil ? nil : try display(row, prefix: prefix)
  }

  let given: String
  let family: String
  let preferred: String
  let email: String

  var display: String {
    if !preferred.isEmpty { return preferred }
    let full = [given, family].filter { !$0.isEmpty }.joined(separator: " ")
    return full.isEmpty ? email : full
  }
}
