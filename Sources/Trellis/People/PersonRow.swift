import SQL

extension Person: RowDecodable {
  /// The columns `Person` is read from, for `SELECT \(raw: Person.columns) FROM people`.
  static let columns =
    "people.id, people.email, people.given_name, people.family_name, people.preferred_name, "
    + "people.job_title, people.department, people.team, people.location, people.employee_number, "
    + "people.hire_date, people.manager_id, people.active"

  public init(row: Row) throws {
    id = try row.decode("id")
    email = try row.decode("email")
    givenName = try row.decode("given_name")
    familyName = try row.decode("family_name")
    preferredName = try row.decode("preferred_name")
    jobTitle = try row.decode("job_title")
    department = try row.decode("department")
    team = try row.decode("team")
    location = try row.decode("location")
    employeeNumber = try row.decode("employee_number")
    hireDate = try row.decode("hire_date")
    managerID = try row.decode("manager_id")
    active = try row.decode("active")
  }
}
