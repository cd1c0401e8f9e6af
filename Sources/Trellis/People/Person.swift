import Foundation

/// Someone in the organization, as the directory and the HR system know them.
public struct Person: Sendable, Equatable, Codable {
  public var id: Int64
  public var email: String
  public var givenName: String
  public var familyName: String
  /// What they like to be called; the directory shows it instead of the full name.
  public var preferredName: String
  public var jobTitle: String
  public var department: String
  /// The team within the department, as the HR system names it.
  public var team: String = ""
  public var location: String
  public var employeeNumber: String?
  public var hireDate: CalendarDate?
  public var managerID: Int64?
  public var active: Bool

  enum CodingKeys: String, CodingKey {
    case id, email, givenName, familyName, preferredName, jobTitle, department, team, location, employeeNumber
    case hireDate, active
    case managerID = "managerId"
  }

  /// The directory entry everyone may read: the employee number and hire date belong to the
  /// employment record and are written only by `PersonRecord`. A missing manager is `null`.
  public func encode(to encoder: Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(id, forKey: .id)
    try container.encode(email, forKey: .email)
    try container.encode(givenName, forKey: .givenName)
    try container.encode(familyName, forKey: .familyName)
    try container.encode(preferredName, forKey: .preferredName)
    try container.encode(jobTitle, forKey: .jobTitle)
    try container.encode(department, forKey: .department)
    try container.encode(team, forKey: .team)
    try container.encode(location, forKey: .location)
    try container.encode(managerID, forKey: .managerID)
    try container.encode(active, forKey: .active)
  }

  public var displayName: String {
    PersonName(given: givenName, family: familyName, preferred: preferredName, email: email).display
  }

  /// Initials for avatars: "Ana Lima" -> "AL".
  public var initials: String {
    let words = displayName.split(separator: " ").prefix(2)
    return words.compactMap { $0.first.map(String.init) }.joined().uppercased()
  }
}

/// A person with the fields of their employment record, for those who keep people records.
public struct PersonRecord: Sendable, Equatable, Encodable {
  public let person: Person

  public init(_ person: Person) { self.person = person }

  enum CodingKeys: String, CodingKey { case employeeNumber, hireDate }

  public func encode(to encoder: Encoder) throws {
    try person.encode(to: encoder)
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(person.employeeNumber, forKey: .employeeNumber)
    try container.encode(person.hireDate, forKey: .hireDate)
  }
}

/// The fields an admin or an import sets on a person.
public struct PersonDraft: Sendable, Equatable, Codable {
  public var email: String
  public var givenName: String = ""
  public var familyName: String = ""
  public var preferredName: String = ""
  public var jobTitle: String = ""
  public var department: String = ""
  public var team: String = ""
  public var location: String = ""
  public var employeeNumber: String?
  public var hireDate: CalendarDate?
  public var managerID: Int64?
  public var active: Bool = true

  public init(
    email: String, givenName: String = "", familyName: String = "", preferredName: String = "",
    jobTitle: String = "", department: String = "", team: String = "", location: String = "",
    employeeNumber: String? = nil, hireDate: CalendarDate? = nil, managerID: Int64? = nil,
    active: Bool = true
  ) {
    self.email = email
    self.givenName = givenName
    self.familyName = familyName
    self.preferredName = preferredName
    self.jobTitle = jobTitle
    self.department = department
    self.team = team
    self.location = location
    self.employeeNumber = employeeNumber
    self.hireDate = hireDate
    self.managerID = managerID
    self.active = active
  }

  public init(_ person: Person) {
    self.init(
      email: person.email, givenName: person.givenName, familyName: person.familyName,
      preferredName: person.preferredName, jobTitle: person.jobTitle,
      department: person.department, team: person.team, location: person.location,
      employeeNumber: person.employeeNumber, hireDate: person.hireDate,
      managerID: person.managerID, active: person.active)
  }

  /// Trims text fields and lowercases nothing: emails keep their case, matching ignores it.
  func normalized() -> PersonDraft {
    var draft = self
    draft.email = EmailAddress.normalized(email)
    draft.givenName = givenName.trimmed
    draft.familyName = familyName.trimmed
    draft.preferredName = preferredName.trimmed
    draft.jobTitle = jobTitle.trimmed
    draft.department = department.trimmed
    draft.team = team.trimmed
    draft.location = location.trimmed
    draft.employeeNumber = employeeNumber?.trimmed.nilIfEmpty
    return draft
  }

  /// Field problems with this draft (other than the manager, which needs the database).
  func problems() -> [ValidationError.Problem] {
    var validator = Validator()
    validator.check(EmailAddress.isValid(email), "email", "must be an email address like name@example.com")
    if EmailAddress.isValid(email), let mixed = EmailAddress.mixedScripts(email) {
      validator.add(
        "email",
        "mixes \(mixed) letters, which can look alike (like Cyrillic а and Latin a): type the address again")
    }
    validator.check(
      !givenName.isEmpty || !familyName.isEmpty || !preferredName.isEmpty, "givenName",
      "a name is required (given, family or preferred)")
    for (field, value) in [
      ("givenName", givenName), ("familyName", familyName), ("preferredName", preferredName),
      ("jobTitle", jobTitle), ("department", department), ("team", team), ("location", location),
    ] {
      TextRule.personDetail.check(value, field, in: &validator)
    }
    TextRule.employeeNumber.check(employeeNumber, "employeeNumber", in: &validator)
    return validator.problems
  }
}

public enum EmailAddress {
  /// As SMTP allows (RFC 5321).
  public static let maxLength = 254

  /// A pragmatic check: one @, something before it, a dot in the domain, no spaces.
  static func isValid(_ text: String) -> Bool {
    let parts = text.split(separator: "@", omittingEmptySubsequences: false)
    guard parts.count == 2, !parts[0].isEmpty, text.length <= maxLength else { return false }
    let domain = parts[1]
    return domain.contains(".") && !domain.hasPrefix(".") && !domain.hasSuffix(".")
      && !text.contains(where: { $0.isWhitespace })
  }

  /// The address as written in its compatibility form (NFKC): a full-width ａｎａ is ana.
  static func normalized(_ text: String) -> String { text.trimmed.precomposedStringWithCompatibilityMapping }

  /// The form emails are matched by: normalized, any case.
  static func key(_ text: String) -> String { normalized(text).lowercased() }

  /// "Cyrillic and Latin" when the local part or the domain mixes the letters of scripts that
  /// look alike; nil when each part keeps to one script.
  static func mixedScripts(_ text: String) -> String? {
    for part in normalized(text).split(separator: "@") {
      let scripts = Set(part.unicodeScalars.compactMap(script))
      if scripts.count > 1 { return scripts.sorted().joined(separator: " and ") }
    }
    return nil
  }

  /// The script of a letter, for the scripts whose letters are taken for one another.
  private static func script(_ scalar: Unicode.Scalar) -> String? {
    guard scalar.properties.isAlphabetic else { return nil }
    switch scalar.value {
    case 0x41...0x24F, 0x1E00...0x1EFF: return "Latin"
    case 0x370...0x3FF, 0x1F00...0x1FFF: return "Greek"
    case 0x400...0x52F, 0x2DE0...0x2DFF, 0xA640...0xA69F: return "Cyrillic"
    case 0x530...0x58F: return "Armenian"
    case 0x10A0...0x10FF: return "Georgian"
    case 0x13A0...0x13FF: return "Cherokee"
    default: return "other"
    }
  }
}
