/// The inputs of goals and objectives, checked by the services and stated by the API from here.
extension TextRule {
  /// Goals, objectives, milestones and templates.
  public static let goalTitle = TextRule.required(200)
  public static let goalDescription = TextRule.optional(5_000)
  /// "2027" or "2027-Q1".
  public static let goalPeriod = TextRule.required(40)
  public static let checkInNote = TextRule.optional(2_000)
}

extension NumberRule {
  /// Percent done.
  public static let progress = NumberRule(0...100)
}

extension ListRule {
  public static let goalMilestones = ListRule(0...50)
  /// Weekly for almost twenty years: a goal's page stays quick whatever a client sends.
  public static let goalCheckIns = ListRule(0...1_000)
}
