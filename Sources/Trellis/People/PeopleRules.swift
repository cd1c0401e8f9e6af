/// The inputs of the directory, checked by the services and stated by the API from here.
extension TextRule {
  /// Names, job title, department, team and location.
  public static let personDetail = TextRule.optional(200)
  public static let employeeNumber = TextRule.optional(64)
  /// A search of the directory.
  public static let directorySearch = TextRule.optional(200)
}
