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
