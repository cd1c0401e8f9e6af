/// The inputs of development plans, checked by the services and stated by the API from here.
extension TextRule {
  public static let planSkill = TextRule.required(200)
  /// What will be done.
  public static let planDescription = TextRule.required(5_000)
  public static let successCriteria = TextRule.optional(2_000)
  public static let planMilestoneTitle = TextRule.required(300)
  /// What shows a milestone done.
  public static let evidence = TextRule.optional(2_000)
  /// A progress note on an item.
  public static let planUpdate = TextRule.required(5_000)
}

/// What one plan and one of its items hold: far more than a plan is for, and its pages stay quick
/// whatever a client sends.
extension ListRule {
  public static let planItems = ListRule(0...100)
  public static let planMilestones = ListRule(0...50)
  public static let planUpdates = ListRule(0...1_000)
}
