/// The inputs of mentoring, checked by the services and stated by the API from here.
extension TextRule {
  /// What a mentor can help with.
  public static let mentorTopics = TextRule.required(500)
  public static let mentorAbout = TextRule.optional(2_000)
  /// What a mentee hopes to work on, asking for a mentor.
  public static let mentorshipAsk = TextRule.required(2_000)
  public static let mentorshipGoal = TextRule.required(300)
  public static let mentorshipReflection = TextRule.required(2_000)
}

extension ListRule {
  /// What one mentorship works towards.
  public static let mentorshipGoals = ListRule(0...50)
}

extension NumberRule {
  public static let menteeCapacity = NumberRule(1...10, unit: "mentees")
}
