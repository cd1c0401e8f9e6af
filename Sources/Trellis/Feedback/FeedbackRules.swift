/// The inputs of feedback, checked by the services and stated by the API from here.
extension TextRule {
  /// Situation, behaviour, impact, and a reply.
  public static let feedbackText = TextRule.required(2_000)
  public static let feedbackNextStep = TextRule.optional(2_000)
  public static let feedbackTopic = TextRule.required(300)
}

extension ListRule {
  public static let feedbackGivers = ListRule(1...10)
}
