import Foundation
import HTTP
import Trellis

/// The directory, profiles, org charts and employment records, as JSON; admins also write.
enum PeopleAPI {
  /// Fields of a person sent by a client. Absent fields stay as they are (PATCH); `null` clears
  /// the optional ones (employeeNumber, hireDate, managerId) and is refused for the others.
  struct PersonInput: Decodable {
    var email: String?
    var givenName: String?
    var familyName: String?
    var preferredName: String?
    var jobTitle: String?
    var department: String?
    var team: String?
    var location: String?
    var employeeNumber: String??
    var hireDate: CalendarDate??
    var managerId: Int64??
    var active: Bool?

    enum CodingKeys: String, CodingKey {
      case email, givenName, familyName, preferredName, jobTitle, department, team, location, employeeNumber
      case hireDate, managerId, active
    }

    init(from decoder: Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      /// Present and not null, or absent.
      func required<T: Decodable>(_ key: CodingKeys) throws -> T? {
        guard container.contains(key) else { return nil }
        return try container.decode(T.self, forKey: key)
      }
      /// Absent (nil), null (.some(nil)) or a value.
      func nullable<T: Decodable>(_ key: CodingKeys) throws -> T?? {
        guard container.contains(key) else { return nil }
        return .some(try container.decodeNil(forKey: key) ? nil : try container.decode(T.self, forKey: key))
      }
      email = try required(.email)
      givenName = try required(.givenName)
      familyName = try required(.familyName)
      preferredName = try required(.preferredName)
      jobTitle = try required(.jobTitle)
      department = try required(.department)
      team = try required(.team)
      location = try required(.location)
      employeeNumber = try nullable(.employeeNumber)
      hireDate = try nullable(.hireDate)
      managerId = try nullable(.managerId)
      active = try required(.active)
    }

    func applied(to base: PersonDraft) -> PersonDraft {
      var draft = base
      if let email { draft.email = email }
      if let givenName { draft.givenName = givenName }
      if let familyName { draft.familyName = familyName }
      if let preferredName { draft.preferredName = preferredName }
      if let jobTitle { draft.jobTitle = jobTitle }
      if let department { draft.department = department }
      if let team { draft.team = team }
      if let location { draft.location = location }
      if let employeeNumber { draft.employeeNumber = employeeNumber.flatMap { $0.isEmpty ? nil : $0 } }
      if let hireDate { draft.hireDate = hireDate }
      if let managerId { draft.managerID = managerId }
      if let active { draft.active = active }
      return draft
    }
  }

  static func register(on router: Router, services: Services) {
    router.get("/api/v1/people") { request in
      let (limit, offset) = try request.paging()
      return try .json(
        try services.people.directory(
          try request.actor(), search: request.query("q"), department: request.query("department"),
          includeInactive: try request.booleanQuery("includeInactive"), limit: limit, offset: offset))
    }

    router.post("/api/v1/people") { request in
      let actor = try request.actor()
      try Policy.require(actor, .managePeople)
      let input = try request.decodeJSON(PersonInput.self)
      guard let email = input.email else {
        throw HTTPError.invalid([FieldError(field: "email", message: "is required")])
      }
      let person = try services.people.create(actor, input.applied(to: PersonDraft(email: email)))
      var response = try Response.json(PersonRecord(person), status: .created)
      response.headers.set("Location", "/api/v1/people/\(person.id)")
      return response
    }

    router.get("/api/v1/people/:id") { request in
      let actor = try request.actor()
      let person = try services.people.person(actor, id: try request.intParameter("id"))
      // Those who edit people records read them whole; everyone else gets the directory entry.
      return Policy.allows(actor, .managePeople) ? try .json(PersonRecord(person)) : try .json(person)
    }

    router.patch("/api/v1/people/:id") { request in
      let actor = try request.actor()
      try Policy.require(actor, .managePeople)
      let id = try request.intParameter("id")
      let input = try request.decodeJSON(PersonInput.self)
      let current = try services.people.person(actor, id: id)
      return try .json(
        PersonRecord(
          try services.people.update(actor, id: id, input.applied(to: PersonDraft(current)), via: .api)))
    }

    router.get("/api/v1/people/:id/org-chart") { request in
      try .json(try services.people.orgChart(try request.actor(), id: try request.intParameter("id")))
    }

    router.get("/api/v1/people/:id/employment") { request in
      try .json(
        try services.people.employmentRecord(
          try request.actor(), id: try request.intParameter("id"), via: .api))
    }
  }

  static let personFields: JSONValue = [
    "email": Spec.email, "givenName": Spec.text(.personDetail), "familyName": Spec.text(.personDetail),
    "preferredName": Spec.text(.personDetail), "jobTitle": Spec.text(.personDetail),
    "department": Spec.text(.personDetail), "team": Spec.text(.personDetail),
    "location": Spec.text(.personDetail),
    "employeeNumber": Spec.text(.employeeNumber, orNull: true),
    "hireDate": Spec.date(orNull: true),
    "managerId": Spec.optionalID, "active": ["type": "boolean"],
  ]

  static let paths: [(String, JSONValue)] = [
    (
      "/api/v1/people",
      [
        "get": Spec.operation(
          "listPeople", "The directory: active people, searchable by name, email or title", tag: "people",
          parameters: [
            Spec.query(
              "q", schema: Spec.text(.directorySearch), description: "Search in names, email and job title"),
            Spec.query("department", schema: Spec.text(.department), description: "Only this department"),
            Spec.query("includeInactive", "boolean", "Admins only: include people who have left"),
          ] + Spec.paging,
          success: ("200", "A page of people", Spec.ref("PeoplePage")), errors: ["400", "401"]),
        "post": Spec.operation(
          "createPerson", "Add a person (admins)", tag: "people", body: Spec.json(Spec.ref("PersonInput")),
          success: ("201", "Created", Spec.ref("PersonRecord")),
          errors: ["400", "401", "403", "409", "415", "422"]),
      ]
    ),
    (
      "/api/v1/people/{id}",
      [
        "get": Spec.operation(
          "getPerson", "One person's directory entry (for admins, with the employee number and hire date)",
          tag: "people", parameters: [Spec.idParameter()],
          success: (
            "200", "The person",
            ["anyOf": [Spec.ref("Person"), Spec.ref("PersonRecord")]]
          ), errors: ["401", "404"]),
        "patch": Spec.operation(
          "updatePerson", "Change a person (admins); managerId null removes the manager", tag: "people",
          parameters: [Spec.idParameter()], body: Spec.json(Spec.ref("PersonInput")),
          success: ("200", "The changed person", Spec.ref("PersonRecord")),
          errors: ["400", "401", "403", "404", "409", "415", "422"]),
      ]
    ),
    (
      "/api/v1/people/{id}/org-chart",
      [
        "get": Spec.operation(
          "getOrgChart", "The management chain above a person and their direct reports", tag: "people",
          parameters: [Spec.idParameter()], success: ("200", "The org chart", Spec.ref("OrgChart")),
          errors: ["401", "404"])
      ]
    ),
    (
      "/api/v1/people/{id}/employment",
      [
        "get": Spec.operation(
          "getEmploymentRecord",
          "Employee number, hire date and managers over time: for the person, their manager and the people team; recorded in the person's access history",
          tag: "people", parameters: [Spec.idParameter()],
          success: ("200", "The record", Spec.ref("EmploymentRecord")), errors: ["401", "403", "404"])
      ]
    ),
  ]
}
