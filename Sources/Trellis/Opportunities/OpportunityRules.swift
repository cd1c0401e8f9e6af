/// The inputs of the opportunity marketplace, checked by the services and stated by the API from here.
extension TextRule {
  public static let opportunityTitle = TextRule.required(200)
  public static let opportunityDescription = TextRule.required(4_000)
  /// "One day a week for 3 months".
  public static let timeCommitment = TextRule.required(200)
}

extension ListRule {
  /// Each kind at most once.
  public static let opportunityKinds = ListRule(0...OpportunityKind.allCases.count)
}

extension NumberRule {
  public static let places = NumberRule(1...100)
}
