import Foundation
import SQL

/// The org chart around one person.
public struct OrgChart: Sendable, Equatable, Codable {
  public let person: Person
  /// Their manager, that manager's manager, ... up to the top.
  public let managementChain: [Person]
  public let directReports: [Person]
}

/// What the HR system knows about someone's employment; audited when someone else reads it.
public struct EmploymentRecord: Sendable, Equatable, Codable {
  public let person: Person
  public let employeeNumber: String?
  public let hireDate: CalendarDate?
  public let managerHistory: [ManagerSpan]
}

/// The directory, profiles and the reporting line.
public struct PeopleService: Sendable {
  let database: Database
  let clock: Clock
  let mail: MailSettings

  /// Everyone (active), optionally filtered by a search over names, email and title, and by team.
  public func directory(
    _ actor: Actor, search: String? = nil, department: String? = nil, includeInactive: Bool = false,
    limit: Int = 50, offset: Int = 0
  ) throws -> Page<Person> {
    try Policy.require(actor, .viewDirectory)
    var validator = Validator()
    TextRule.directorySearch.check(search, "q", in: &validator)
    TextRule.department.check(department, "department", in: &validator)
    try validator.throwIfInvalid()
    var conditions: [SQLQuery] = []
    // Only admins list people who have left.
    if !(includeInactive && Policy.allows(actor, .seeInactivePeople)) { conditions.append("active = TRUE") }
    if let search = search?.trimmed, !search.isEmpty {
      conditions.append(DirectorySearchSchema.matches(search.lowercased(), database.dialect))
    }
    if let department = department?.trimmed, !department.isEmpty {
      conditions.append("department = \(department)")
    }
    let filter: SQLQuery =
      conditions.isEmpty ? "" : "WHERE \(SQLQuery.joined(conditions, separator: " AND "))"
    let order: SQLQuery = "lower(family_name), lower(given_name), id"
    return try database.withConnection { connection in
      if search?.trimmed.isEmpty == false {
        // In the list's order (names, then id), by keys worked out once for each match; only
        // one page of people is read whole.
        return try Page.read(
          connection, limit: limit, offset: offset,
          matching: """
            SELECT id AS match_id, lower(family_name) AS family_key, lower(given_name) AS given_key
            FROM people \(filter)
            """,
          order: "family_key, given_key, match_id", columns: Person.columns, of: "people",
          decode: Person.init(row:))
      }
      // Without a search the list walks the index of names and stops after one page.
      return try Page.read(
        connection, limit: limit, offset: offset, counting: "people \(filter)",
        items: { limit, offset in
          try connection.fetch(
            Person.self,
            "SELECT \(raw: Person.columns) FROM people \(filter) ORDER BY \(order) LIMIT \(limit) OFFSET \(offset)"
          )
        })
    }
  }

  /// The teams people belong to, for filters.
  public func departments(_ actor: Actor) throws -> [String] {
    try Policy.require(actor, .viewDirectory)
    return try database.withConnection { connection in
      // One step through the index per team, not a read of everyone.
      try connection.query(
        """
        WITH RECURSIVE teams (name) AS (
          SELECT min(department) FROM people WHERE department > '' AND active = TRUE
          UNION ALL
          SELECT (SELECT min(department) FROM people WHERE department > teams.name AND active = TRUE)
          FROM teams WHERE teams.name IS NOT NULL
        )
        SELECT name FROM teams WHERE name IS NOT NULL ORDER BY name
        """
      ).map { try $0.decode("name") }
    }
  }

  /// One person's directory entry. People who have left are visible to admins only.
  public func person(_ actor: Actor, id: Int64) throws -> Person {
    try Policy.require(actor, .viewDirectory)
    return try database.withConnection { connection in
      guard let person = try PeopleStore.find(connection, id: id),
        person.active || Policy.allows(actor, .seeInactivePeople)
      else { throw NotFound("person") }
      return person
    }
  }

  /// A person by email (any case), for forms that name a manager by email.
  public func person(_ actor: Actor, email: String) throws -> Person? {
    try Policy.require(actor, .viewDirectory)
    return try database.withConnection { try PeopleStore.find($0, email: email) }
  }

  /// The person a form names in `field`: by email, or by a name, title or email that only one
  /// active person matches. When several match, the error names them so the right one can be chosen.
  public func person(_ actor: Actor, named text: String, field: String) throws -> Person {
    let text = text.trimmed
    guard !text.isEmpty else { throw ValidationError(field: field, "choose someone") }
    if text.count <= EmailAddress.maxLength, let person = try person(actor, email: text) { return person }
    guard text.count <= 200 else { throw ValidationError(field: field, "no one in Trellis matches that") }
    let matches = try directory(actor, search: text, limit: 6)
    switch matches.items.count {
    case 1: return matches.items[0]
    case 0: throw ValidationError(field: field, "no one in Trellis matches “\(text)”")
    default:
      let names = matches.items.prefix(5).map { "\($0.displayName) (\($0.email))" }.joined(separator: ", ")
      throw ValidationError(
        field: field,
        "“\(text)” matches \(matches.total) people: \(names)\(matches.total > 5 ? ", …" : ""). Type more of the name, or the email"
      )
    }
  }

  /// The actor's own time zone (nil: they follow the organization's) and the organization's.
  public func timeZone(_ actor: Actor) throws -> (own: String?, organization: String) {
    try database.withConnection { connection in
      (
        try connection.scalar(
          "SELECT time_zone FROM person_time_zones WHERE person_id = \(actor.id)", as: String?.self) ?? nil,
        try ConversationStore.settings(connection).timeZone
      )
    }
  }

  /// Sets where the actor is; nil follows the organization's time zone.
  public func setTimeZone(_ actor: Actor, _ zone: String?) throws {
    if let zone, LocalTime.zone(named: zone) == nil {
      throw ValidationError(field: "timeZone", "must be a time zone such as Europe/Lisbon")
    }
    try database.transaction { connection in
      try connection.execute("DELETE FROM person_time_zones WHERE person_id = \(actor.id)")
      if let zone {
        try connection.execute(
          """
          INSERT INTO person_time_zones (person_id, time_zone, updated_at)
          VALUES (\(actor.id), \(zone), \(clock.now()))
          """)
      }
    }
  }

  public func orgChart(_ actor: Actor, id: Int64) throws -> OrgChart {
    // One's own place needs no lookup: the actor was read with the request.
    let person = id == actor.id ? actor.person : try person(actor, id: id)
    return try database.withConnection { try $0.read(orgChart(of: person)) }
  }

  /// The actor's own place, as a read to send with others (the home page's).
  public func ownOrgChart(_ actor: Actor) -> Read<OrgChart> {
    orgChart(of: actor.person)
  }

  private func orgChart(of person: Person) -> Read<OrgChart> {
    Read.together(
      PeopleStore.managementChain(of: person.id), PeopleStore.directReports(of: person.id)
    ).map { OrgChart(person: person, managementChain: $0, directReports: $1) }
  }

  /// How the actor stands to someone: self, their manager now, before, or higher up.
  public func relationship(_ actor: Actor, to id: Int64) throws -> Relationship {
    try database.withConnection { try PeopleStore.relationship($0, actor: actor.id, subject: id) }
  }

  /// The employment record, for the person, their manager and the people team; others' reads are logged.
  public func employmentRecord(_ actor: Actor, id: Int64, via: Channel) throws -> EmploymentRecord {
    try database.reading { connection, recorded in
      guard let person = try PeopleStore.find(connection, id: id) else { throw NotFound("person") }
      let relationship = try PeopleStore.relationship(connection, actor: actor.id, subject: id)
      try Policy.require(actor, .viewEmploymentRecord, relationship)
      if Policy.isAudited(.viewEmploymentRecord, relationship) {
        recorded.record(viewer: actor.id, subject: id, data: "employment record", via: via, at: clock.now())
      }
      return EmploymentRecord(
        person: person, employeeNumber: person.employeeNumber, hireDate: person.hireDate,
        managerHistory: try PeopleStore.managerHistory(connection, of: id))
    }
  }

  /// Adds a person (admins). Their manager must exist; the span starts on their hire date or today.
  public func create(_ actor: Actor, _ draft: PersonDraft) throws -> Person {
    try Policy.require(actor, .managePeople)
    let draft = draft.normalized()
    try ValidationError.throwing(draft.problems())
    if draft.managerID == actor.id { throw Self.notOwnReports }
    return try database.transaction { connection in
      try PeopleStore.checkUnique(connection, draft, except: nil)
      if let manager = draft.managerID, try PeopleStore.find(connection, id: manager) == nil {
        throw ValidationError(field: "manager", "no person with id \(manager)")
      }
      let now = clock.now()
      let id = try PeopleStore.insert(connection, draft, now: now)
      if let manager = draft.managerID {
        try PeopleStore.startSpan(
          connection, person: id, manager: manager,
          on: min(draft.hireDate ?? CalendarDate(now), CalendarDate(now)))
      }
      try AuditService.recordAdmin(
        connection, actor: actor.id, action: "created person", subject: id, detail: draft.email, at: now)
      return try PeopleStore.find(connection, id: id).found("person")
    }
  }

  /// Changes a person (admins); a new manager is recorded in the history, loops are refused.
  public func update(_ actor: Actor, id: Int64, _ draft: PersonDraft, via: Channel) throws -> Person {
    try Policy.require(actor, .managePeople)
    let draft = draft.normalized()
    try ValidationError.throwing(draft.problems())
    return try database.transaction { connection in
      guard let old = try PeopleStore.find(connection, id: id) else { throw NotFound("person") }
      if id == actor.id && old.active && !draft.active {
        throw Conflict(field: "active", "you cannot deactivate your own account: ask another admin")
      }
      try PeopleStore.checkUnique(connection, draft, except: id)
      if let manager = draft.managerID {
        guard try PeopleStore.find(connection, id: manager) != nil else {
          throw ValidationError(field: "manager", "no person with id \(manager)")
        }
        try PeopleStore.checkNoCycle(connection, person: id, manager: manager)
      }
      if draft.managerID != old.managerID {
        if id == actor.id {
          throw ValidationError(field: "manager", "your own manager is changed by another admin")
        }
        if draft.managerID == actor.id { throw Self.notOwnReports }
      }
      let now = clock.now()
      try PeopleStore.update(connection, id: id, from: old, to: draft, now: now)
      let changed = PersonDraft.changedFields(from: PersonDraft(old), to: draft)
      if !changed.isEmpty {
        try AuditService.recordAdmin(
          connection, actor: actor.id, action: "updated person", subject: id,
          detail: changed.joined(separator: ", "), at: now)
      }
      if draft.managerID != old.managerID {
        // A new manager may read the plan and shared feedback: the person is told.
        let manager = try draft.managerID.flatMap { try PeopleStore.find(connection, id: $0) }
        try AuditService.recordAdmin(
          connection, actor: actor.id, action: AccountNotice.managerChanged.rawValue, subject: id, at: now)
        try AccountNotices.tell(
          connection, .managerChanged, subject: id, by: actor.id, via: via, mail: mail,
          body: manager.map { "Your manager is now \($0.displayName)." }
            ?? "You have no manager in Trellis now.",
          at: now)
      }
      return try PeopleStore.find(connection, id: id).found("person")
    }
  }
}

extension PeopleService {
  /// Admins do not place people under themselves: that would open the person's plan to them.
  static let notOwnReports = ValidationError(
    field: "manager", "you cannot make yourself someone's manager: another admin or the HR import does that")
}

extension PersonDraft {
  /// Names of the fields that differ (for the audit log: which, never the values).
  static func changedFields(from old: PersonDraft, to new: PersonDraft) -> [String] {
    var fields: [String] = []
    if old.email != new.email { fields.append("email") }
    if old.givenName != new.givenName || old.familyName != new.familyName
      || old.preferredName != new.preferredName
    {
      fields.append("name")
    }
    if old.jobTitle != new.jobTitle { fields.append("job title") }
    if old.department != new.department { fields.append("department") }
    if old.team != new.team { fields.append("team") }
    if old.location != new.location { fields.append("location") }
    if old.employeeNumber != new.employeeNumber { fields.append("employee number") }
    if old.hireDate != new.hireDate { fields.append("hire date") }
    if old.managerID != new.managerID { fields.append("manager") }
    if old.active != new.active { fields.append(new.active ? "reactivated" : "deactivated") }
    return fields
  }
}

extension ValidationError {
  static func throwing(_ problems: [Problem]) throws {
    if !problems.isEmpty { throw ValidationError(problems) }
  }
}
