/// The inputs of the career framework, checked by `Framework.problems()` and stated by the API
/// from here.
extension TextRule {
  /// A track, level, area, competency or role slug (see `Framework.slugPattern`).
  public static let slug = TextRule.required(64)
  /// Names and role titles.
  public static let frameworkName = TextRule.required(200)
  /// Descriptions and level summaries.
  public static let frameworkText = TextRule.optional(5_000)
  /// What is expected of a competency at one level.
  public static let expectation = TextRule.required(5_000)
  public static let expectationExample = TextRule.required(1_000)
  /// A note with a self- or manager assessment.
  public static let assessmentNote = TextRule.optional(5_000)
}

extension ListRule {
  public static let frameworkTracks = ListRule(0...50)
  public static let frameworkLevels = ListRule(1...30)
  public static let frameworkAreas = ListRule(0...50)
  public static let frameworkCompetencies = ListRule(0...200)
  public static let frameworkRoles = ListRule(0...2_000)
  public static let expectationExamples = ListRule(0...20)
}
