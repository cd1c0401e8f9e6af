import Foundation
import SQL

/// A small, realistic organization so a new installation can be tried in every role at once.
public enum DemoOrganization {
  public static let password = "trellis-demo"
  public static let domain = "northwind.example"

  /// One sign-in per role, for the printed list.
  public struct Credential: Sendable, Equatable {
    public let role: String
    public let name: String
    public let email: String
  }

  public enum LoadError: Error, CustomStringConvertible {
    case notEmpty(Int)
    public var description: String {
      switch self {
      case .notEmpty(let count):
        "the database already has \(count) people: demo data goes into an empty database"
      }
    }
  }

  /// Teams within departments; people not named here have only a department.
  private static let teams: [String: String] = [
    "Daniel": "Platform", "Yusuf": "Platform", "Ravi": "Platform", "Chloé": "Platform", "Lena": "Platform",
    "Ana": "Product engineering", "Tomás": "Product engineering", "Grace": "Product engineering",
    "Noah": "Product engineering",
    "Sofia": "Product design", "Kenji": "Product design", "Amara": "Product design", "Elif": "Product design",
    "Oscar": "Product design", "Mei": "Product design",
    "Carlos": "Sales EMEA", "Hannah": "Sales EMEA", "Liam": "Sales EMEA", "Fatima": "Sales EMEA",
    "Jonas": "Sales EMEA", "Priyanka": "Sales EMEA", "Mateo": "Sales EMEA",
    "Aisha": "Customer success", "Lucas": "Customer success", "Sara": "Customer success",
    "Omar": "Customer success", "Julia": "Customer success", "Ethan": "Customer success",
    "Zanele": "Customer success",
    "Priya": "People partners", "Tom": "People partners", "Laura": "People partners",
    "Kwame": "People partners", "Nina": "People partners", "Emma": "People partners",
  ]

  // (given, family, title, department, manager's given name, location, months employed)
  private static let people: [(String, String, String, String, String?, String, Int)] = [
    ("Helena", "Sørensen", "Chief Executive Officer", "Leadership", nil, "Copenhagen", 96),
    ("Marcus", "Okafor", "VP Product & Engineering", "Leadership", "Helena", "London", 70),
    ("Ines", "Carvalho", "VP Operations", "Leadership", "Helena", "Lisbon", 64),
    // Engineering
    ("Daniel", "Kim", "Engineering Manager", "Engineering", "Marcus", "London", 50),
    ("Ana", "Lima", "Senior Software Engineer", "Engineering", "Daniel", "Lisbon", 38),
    ("Tomás", "Ferreira", "Software Engineer", "Engineering", "Daniel", "Lisbon", 20),
    ("Grace", "Mensah", "Software Engineer", "Engineering", "Daniel", "Accra", 14),
    ("Yusuf", "Demir", "Staff Engineer", "Engineering", "Daniel", "Berlin", 60),
    ("Lena", "Schmidt", "Software Engineer", "Engineering", "Daniel", "Berlin", 9),
    ("Ravi", "Iyer", "Site Reliability Engineer", "Engineering", "Daniel", "London", 27),
    ("Chloé", "Martin", "QA Engineer", "Engineering", "Daniel", "Paris", 31),
    ("Noah", "Williams", "Junior Software Engineer", "Engineering", "Daniel", "London", 2),
    // Design
    ("Sofia", "Rossi", "Design Manager", "Design", "Marcus", "Milan", 44),
    ("Kenji", "Watanabe", "Senior Product Designer", "Design", "Sofia", "London", 33),
    ("Amara", "Nwosu", "Product Designer", "Design", "Sofia", "Lagos", 16),
    ("Elif", "Yılmaz", "UX Researcher", "Design", "Sofia", "Istanbul", 22),
    ("Oscar", "Lindqvist", "Content Designer", "Design", "Sofia", "Stockholm", 12),
    ("Mei", "Chen", "Product Designer", "Design", "Sofia", "London", 7),
    // Sales
    ("Carlos", "Mendoza", "Sales Manager", "Sales", "Ines", "Madrid", 48),
    ("Hannah", "Becker", "Account Executive", "Sales", "Carlos", "Berlin", 25),
    ("Liam", "O'Connor", "Account Executive", "Sales", "Carlos", "Dublin", 18),
    ("Fatima", "Zahra", "Sales Development Representative", "Sales", "Carlos", "Lisbon", 6),
    ("Jonas", "Weber", "Solutions Engineer", "Sales", "Carlos", "Zurich", 29),
    ("Priyanka", "Das", "Account Executive", "Sales", "Carlos", "London", 11),
    ("Mateo", "García", "Sales Development Representative", "Sales", "Carlos", "Madrid", 4),
    // Customer Success
    ("Aisha", "Bello", "Customer Success Manager", "Customer Success", "Ines", "London", 40),
    ("Lucas", "Dubois", "Customer Success Specialist", "Customer Success", "Aisha", "Paris", 19),
    ("Sara", "Nilsson", "Support Engineer", "Customer Success", "Aisha", "Stockholm", 23),
    ("Omar", "Haddad", "Customer Success Specialist", "Customer Success", "Aisha", "Lisbon", 13),
    ("Julia", "Nowak", "Support Engineer", "Customer Success", "Aisha", "Warsaw", 8),
    ("Ethan", "Brown", "Onboarding Specialist", "Customer Success", "Aisha", "London", 3),
    ("Zanele", "Dlamini", "Customer Success Specialist", "Customer Success", "Aisha", "Cape Town", 15),
    // People
    ("Priya", "Nair", "Head of People", "People", "Ines", "London", 52),
    ("Tom", "Baker", "People Partner", "People", "Priya", "London", 21),
    ("Laura", "Costa", "Learning & Development Lead", "People", "Priya", "Lisbon", 17),
    ("Kwame", "Asante", "Talent Partner", "People", "Priya", "Accra", 10),
    ("Nina", "Petrova", "People Operations Specialist", "People", "Priya", "Berlin", 5),
    ("Emma", "Jansen", "People Analyst", "People", "Priya", "Amsterdam", 12),
    // Operations
    ("Jordan", "Reyes", "IT Administrator", "Operations", "Ines", "London", 34),
    ("Wei", "Zhang", "Finance Analyst", "Operations", "Ines", "London", 26),
  ]

  /// Loads the organization into an empty database; returns one sign-in per role.
  public static func load(_ services: Services) throws -> [Credential] {
    let hash = Secrets.hashPassword(password, strength: services.settings.passwordStrength)
    let now = services.clock.now()
    let today = CalendarDate(now)
    let credentials = try services.database.transaction { connection in
      let existing = try connection.scalar("SELECT count(*) FROM people", as: Int.self) ?? 0
      guard existing == 0 else { throw LoadError.notEmpty(existing) }
      var ids: [String: Int64] = [:]
      var people: [String: Person] = [:]
      for (index, entry) in DemoOrganization.people.enumerated() {
        let (given, family, title, team, manager, location, months) = entry
        let hired = today.adding(days: -months * 30)
        let draft = PersonDraft(
          email: email(given, family), givenName: given, familyName: family, jobTitle: title,
          department: team, team: teams[given] ?? "", location: location,
          employeeNumber: String(format: "NW-%04d", 1001 + index),
          hireDate: hired, managerID: manager.flatMap { ids[$0] })
        let id = try PeopleStore.insert(connection, draft, now: now)
        if let managerID = draft.managerID {
          try PeopleStore.startSpan(connection, person: id, manager: managerID, on: hired)
        }
        try services.accounts.setPassword(connection, person: id, hash: hash)
        ids[given] = id
        people[given] = try PeopleStore.find(connection, id: id)
      }
      // Mei moved from Engineering to Design three months ago: Daniel is her former manager.
      let moved = today.adding(days: -90)
      let mei = ids["Mei"]!
      try connection.execute(
        "UPDATE manager_history SET manager_id = \(ids["Daniel"]!), ended_on = \(moved) WHERE person_id = \(mei)"
      )
      try connection.execute(
        "UPDATE relationships SET partner_id = \(ids["Daniel"]!), ended_on = \(moved) WHERE employee_id = \(mei)"
      )
      try PeopleStore.startSpan(connection, person: mei, manager: ids["Sofia"]!, on: moved)

      try DemoConversations.load(connection, today: today)
      try SearchIndex.rebuild(connection)
      try FrameworkStore.replace(connection, with: DemoFramework.framework)
      try DemoFramework.place(connection, ids: ids, people: people, by: ids["Priya"]!, at: now)
      try DemoFramework.plan(connection, ids: ids, today: today, now: now)
      try DemoFramework.goals(connection, ids: ids, today: today, now: now)
      try DemoFeedback.load(connection, ids: ids, now: now)
      try DemoHistory.load(connection, ids: ids, today: today, now: now)
      try DemoGrowthNetwork.communities(connection, ids: ids, now: now)
      try DemoGrowthNetwork.opportunities(connection, ids: ids, today: today, now: now)
      try DemoGrowthNetwork.mentoring(connection, ids: ids, today: today, now: now)
      try DemoGrowthNetwork.succession(connection, ids: ids, now: now)

      try RoleService.grant(connection, role: .peopleTeam, to: ids["Priya"]!, by: nil, at: now)
      try RoleService.grant(connection, role: .peopleTeam, to: ids["Tom"]!, by: nil, at: now)
      try RoleService.grant(connection, role: .admin, to: ids["Jordan"]!, by: nil, at: now)
      try AuditService.recordAdmin(
        connection, actor: nil, action: "loaded the demo organization", subject: nil,
        detail: "\(DemoOrganization.people.count) people", at: now)

      func credential(_ role: String, _ given: String) -> Credential {
        Credential(role: role, name: people[given]!.displayName, email: people[given]!.email)
      }
      return [
        credential("employee", "Ana"),
        credential("manager (Engineering)", "Daniel"),
        credential("skip-level manager", "Marcus"),
        credential("people team", "Priya"),
        credential("admin", "Jordan"),
      ]
    }
    // The dashboards read figures worked out ahead: work out the whole history once.
    try services.insights.refresh(everything: true)
    return credentials
  }

  /// `given.family@northwind.example`, without accents or apostrophes.
  static func email(_ given: String, _ family: String) -> String {
    func plain(_ text: String) -> String {
      // Letters that do not decompose into a base letter and an accent.
      let spelled = text.replacingOccurrences(of: "ø", with: "o").replacingOccurrences(of: "ı", with: "i")
        .replacingOccurrences(of: "ß", with: "ss")
      return spelled.folding(
        options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en")
      )
      .lowercased().filter { $0.isLetter && $0.isASCII }
    }
    return "\(plain(given)).\(plain(family))@\(domain)"
  }
}
