import Foundation
import SQL

/// The schema URNs Trellis speaks (RFC 7643), and its own extension for team and location.
public enum SCIMSchema {
  public static let user = "urn:ietf:params:scim:schemas:core:2.0:User"
  public static let enterpriseUser = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"
  public static let trellisUser = "urn:trellis:params:scim:schemas:extension:2.0:User"
  public static let group = "urn:ietf:params:scim:schemas:core:2.0:Group"

  /// The attribute a path names, lowercased: without its schema URN or a value filter
  /// (`urn:…:User:department` is `department`, `emails[type eq "work"].value` is `emails.value`).
  public static func attribute(_ path: String) -> String {
    var name = path.lowercased()
    for prefix in [enterpriseUser, trellisUser, user, group] where name.hasPrefix(prefix.lowercased() + ":") {
      name = String(name.dropFirst(prefix.count + 1))
    }
    if let open = name.firstIndex(of: "["), let close = name.firstIndex(of: "]"), open < close {
      name = String(name[..<open]) + String(name[name.index(after: close)...])
    }
    return name
  }
}

/// A person as provisioning sees them.
public struct ProvisionedUser: Sendable, Equatable {
  public let person: Person
  /// The provider's name for the person: their email unless it sent something else.
  public let userName: String
  public let externalID: String?
  public let created: Date
  public let lastModified: Date
  /// The SCIM group of the person's team, when the provider sent one.
  public let groupID: Int64?

  /// Changes whenever the person does (RFC 7644 `meta.version`, sent as the ETag).
  public var version: String { "W/\"\(SQLTimestamp.format(lastModified))\"" }
}

/// What a provisioning client sets on a person; nil leaves nothing (a new person gets defaults).
public struct ProvisionedUserInput: Sendable, Equatable {
  public var userName: String
  /// The work email, when it is not the userName.
  public var email: String?
  public var externalID: String?
  public var givenName: String = ""
  public var familyName: String = ""
  public var nickName: String = ""
  public var title: String = ""
  public var active: Bool = true
  public var employeeNumber: String?
  public var department: String = ""
  public var managerID: Int64?
  public var team: String = ""
  public var location: String = ""

  public init(userName: String) { self.userName = userName }

  public init(_ user: ProvisionedUser) {
    userName = user.userName
    email = user.person.email
    externalID = user.externalID
    givenName = user.person.givenName
    familyName = user.person.familyName
    nickName = user.person.preferredName
    title = user.person.jobTitle
    active = user.person.active
    employeeNumber = user.person.employeeNumber
    department = user.person.department
    managerID = user.person.managerID
    team = user.person.team
    location = user.person.location
  }
}

extension ProvisioningService {
  static let listed: SQLQuery = "people.deprovisioned_at IS NULL"

  /// People matching a SCIM filter, a page at a time (`startIndex` counts from 1).
  public func users(filter: String?, startIndex: Int, count: Int) throws -> (
    total: Int, users: [ProvisionedUser]
  ) {
    let condition = try filter.map { try SCIMFilter.condition($0) } ?? "TRUE"
    return try database.withConnection { connection in
      let total =
        try connection.scalar(
          "SELECT count(*) FROM people WHERE \(Self.listed) AND \(condition)", as: Int.self) ?? 0
      guard count > 0 else { return (total, []) }
      let users = try Self.users(
        connection, where: "\(Self.listed) AND \(condition)",
        page: "ORDER BY people.id LIMIT \(count) OFFSET \(max(startIndex, 1) - 1)")
      return (total, users)
    }
  }

  public func user(id: Int64) throws -> ProvisionedUser {
    try database.withConnection { try Self.user($0, id: id) }
  }

  static func user(_ connection: any Connection, id: Int64) throws -> ProvisionedUser {
    guard let user = try users(connection, where: "\(listed) AND people.id = \(id)", page: "").first else {
      throw SCIMError(404, nil, "There is no user \(id).")
    }
    return user
  }

  static func users(_ connection: any Connection, where condition: SQLQuery, page: SQLQuery) throws
    -> [ProvisionedUser]
  {
    let rows = try connection.query(
      """
      SELECT \(raw: Person.columns), people.external_id, people.user_name, people.created_at AS scim_created,
             people.updated_at AS scim_updated
      FROM people WHERE \(condition) \(page)
      """)
    let people = try rows.map { try Person(row: $0) }
    let groups = try Self.groups(connection, of: people)
    return try zip(rows, people).map { row, person in
      ProvisionedUser(
        person: person, userName: try row.decode("user_name", as: String?.self) ?? person.email,
        externalID: try row.decode("external_id"),
        created: try row.decode("scim_created"), lastModified: try row.decode("scim_updated"),
        groupID: groups[person.id]?.id)
    }
  }

  /// Adds a person, or takes back one the provider deleted earlier (same email).
  public func create(_ input: ProvisionedUserInput, by client: ProvisioningClient, from origin: Origin) throws
    -> ProvisionedUser
  {
    let now = clock.now()
    return try database.transaction { connection in
      let draft = try Self.draft(input)
      let existing = try PeopleStore.find(connection, email: EmailAddress.key(draft.email))
      try Self.checkUserName(connection, input.userName, except: existing?.id)
      if let existing {
        let removed =
          try connection.scalar(
            "SELECT deprovisioned_at FROM people WHERE id = \(existing.id)", as: String?.self) ?? nil
        guard removed != nil else {
          throw SCIMError(409, "uniqueness", "Someone in Trellis already has the email \(draft.email).")
        }
        try connection.execute("UPDATE people SET deprovisioned_at = NULL WHERE id = \(existing.id)")
        return try Self.write(connection, id: existing.id, input, by: client, origin: origin, now: now)
      }
      try Self.checkUnique(connection, draft, except: nil)
      try Self.checkManager(connection, draft, person: nil)
      let id = try PeopleStore.insert(connection, draft, now: now)
      try connection.execute(
        """
        UPDATE people SET external_id = \(input.externalID), user_name = \(Self.userNameColumn(input, draft))
        WHERE id = \(id)
        """)
      if let manager = draft.managerID {
        try PeopleStore.startSpan(connection, person: id, manager: manager, on: CalendarDate(now))
      }
      try AuditService.recordAdmin(
        connection, actor: nil, action: "created person", subject: id, detail: "SCIM: \(client.name)",
        from: origin, at: now)
      return try Self.user(connection, id: id)
    }
  }

  /// Sets every field of a person (PUT, and PATCH once applied); `ifMatch` guards against a lost
  /// update when the client sends the version it read.
  public func replace(
    id: Int64, _ input: ProvisionedUserInput, ifMatch: String? = nil, by client: ProvisioningClient,
    from origin: Origin
  ) throws -> ProvisionedUser {
    let now = clock.now()
    return try database.transaction { connection in
      let current = try Self.user(connection, id: id)
      if let ifMatch, ifMatch != "*", ifMatch != current.version {
        throw SCIMError(412, nil, "The user changed since version \(ifMatch); read it again.")
      }
      return try Self.write(connection, id: id, input, by: client, origin: origin, now: now)
    }
  }

  /// Deactivates the person and takes them out of SCIM; they stay in Trellis as someone who left.
  public func delete(id: Int64, by client: ProvisioningClient, from origin: Origin) throws {
    let now = clock.now()
    try database.transaction { connection in
      var input = ProvisionedUserInput(try Self.user(connection, id: id))
      input.active = false
      _ = try Self.write(connection, id: id, input, by: client, origin: origin, now: now)
      try connection.execute("UPDATE people SET deprovisioned_at = \(now) WHERE id = \(id)")
    }
  }

  static func write(
    _ connection: any Connection, id: Int64, _ input: ProvisionedUserInput, by client: ProvisioningClient,
    origin: Origin, now: Date
  ) throws -> ProvisionedUser {
    guard let old = try PeopleStore.find(connection, id: id) else {
      throw SCIMError(404, nil, "There is no user \(id).")
    }
    var draft = try draft(input)
    draft.hireDate = old.hireDate
    try checkUserName(connection, input.userName, except: id)
    try checkUnique(connection, draft, except: id)
    try checkManager(connection, draft, person: id)
    try PeopleStore.update(connection, id: id, from: old, to: draft, now: now)
    let stored = try connection.queryFirst("SELECT external_id, user_name FROM people WHERE id = \(id)")
    let userName = userNameColumn(input, draft)
    if try stored?.decode("external_id", as: String?.self) != input.externalID
      || stored?.decode("user_name", as: String?.self) != userName
    {
      try connection.execute(
        """
        UPDATE people SET external_id = \(input.externalID), user_name = \(userName), updated_at = \(now)
        WHERE id = \(id)
        """)
    }
    if old.team != draft.team {
      // The groups the person left and joined have changed too.
      try connection.execute(
        "UPDATE scim_groups SET updated_at = \(now) WHERE display_name IN (\(list: [old.team, draft.team]))")
    }
    let changed = PersonDraft.changedFields(from: PersonDraft(old), to: draft)
    if !changed.isEmpty {
      try AuditService.recordAdmin(
        connection, actor: nil, action: "updated person", subject: id,
        detail: "SCIM: \(client.name): \(changed.joined(separator: ", "))", from: origin, at: now)
    }
    return try user(connection, id: id)
  }

  /// The userName kept beside the email: nil when it is the email.
  static func userNameColumn(_ input: ProvisionedUserInput, _ draft: PersonDraft) -> String? {
    EmailAddress.key(input.userName) == EmailAddress.key(draft.email) ? nil : input.userName
  }

  private static func checkUserName(_ connection: any Connection, _ userName: String, except id: Int64?)
    throws
  {
    let key = userName.lowercased()
    let taken =
      try connection.scalar(
        """
        SELECT count(*) FROM people
        WHERE (lower(user_name) = \(key) OR (user_name IS NULL AND email_key = \(key))) AND id <> \(id ?? -1)
        """, as: Int.self) ?? 0
    if taken > 0 {
      throw SCIMError(409, "uniqueness", "Someone in Trellis already has the userName \(userName).")
    }
  }

  static func draft(_ input: ProvisionedUserInput) throws -> PersonDraft {
    guard !input.userName.trimmed.isEmpty else {
      throw SCIMError(400, "invalidValue", "userName is required.")
    }
    let email =
      input.email ?? (EmailAddress.isValid(EmailAddress.normalized(input.userName)) ? input.userName : "")
    guard !email.trimmed.isEmpty else {
      throw SCIMError(400, "invalidValue", "emails: a work email is needed when userName is not one.")
    }
    var draft = PersonDraft(email: email)
    draft.givenName = input.givenName
    draft.familyName = input.familyName
    draft.preferredName = input.nickName
    draft.jobTitle = input.title
    draft.department = input.department
    draft.team = input.team
    draft.location = input.location
    draft.employeeNumber = input.employeeNumber
    draft.managerID = input.managerID
    draft.active = input.active
    if draft.givenName.trimmed.isEmpty && draft.familyName.trimmed.isEmpty
      && draft.preferredName.trimmed.isEmpty
    {
      draft.preferredName = String(email.prefix { $0 != "@" })
    }
    draft = draft.normalized()
    if let problem = draft.problems().first {
      throw SCIMError(400, "invalidValue", "\(scimName(problem.field)) \(problem.message)")
    }
    return draft
  }

  private static func checkUnique(_ connection: any Connection, _ draft: PersonDraft, except id: Int64?)
    throws
  {
    do {
      try PeopleStore.checkUnique(connection, draft, except: id)
    } catch let error as ValidationError {
      let problem = error.problems.first
      throw SCIMError(
        409, "uniqueness", "\(scimName(problem?.field ?? "")) \(problem?.message ?? "is taken")")
    } catch let error as Conflict {
      throw SCIMError(409, "uniqueness", error.message)
    }
  }

  private static func checkManager(_ connection: any Connection, _ draft: PersonDraft, person: Int64?) throws
  {
    guard let manager = draft.managerID else { return }
    guard try PeopleStore.find(connection, id: manager) != nil else {
      throw SCIMError(400, "invalidValue", "manager \(manager) is not a user")
    }
    if let person {
      do {
        try PeopleStore.checkNoCycle(connection, person: person, manager: manager)
      } catch let error as ValidationError {
        throw SCIMError(400, "invalidValue", "manager: \(error.problems.first?.message ?? "makes a loop")")
      }
    }
  }

  static func scimName(_ field: String) -> String {
    [
      "email": "userName", "givenName": "name.givenName", "familyName": "name.familyName",
      "preferredName": "nickName", "jobTitle": "title",
    ][field] ?? field
  }
}
