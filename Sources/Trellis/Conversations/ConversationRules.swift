/// The inputs of conversations, checked by the services and stated by the API from here.
extension TextRule {
  public static let agendaItem = TextRule.required(1_000)
  public static let actionItemTitle = TextRule.required(300)
  public static let notes = TextRule.optional(100_000)
  public static let summary = TextRule.required(20_000)
  /// A summary still being written: empty drops the draft.
  public static let summaryDraft = TextRule.optional(20_000)
  public static let reflectionAnswer = TextRule.optional(10_000)
  public static let location = TextRule.optional(500)
  public static let summaryComment = TextRule.optional(2_000)
  public static let conversationSearch = TextRule.optional(200)
  /// A guide's title, and each of its sections'.
  public static let guideTitle = TextRule.required(200)
  public static let guidePurpose = TextRule.optional(2_000)
  public static let guidePrompt = TextRule.required(1_000)
}

extension ListRule {
  public static let guideSections = ListRule(1...20)
  public static let guidePrompts = ListRule(1...30)
  /// What one conversation holds: more than two people talk through, and its page stays quick
  /// to open whatever a client sends.
  public static let agendaItems = ListRule(0...100)
  public static let conversationActionItems = ListRule(0...100)
}

extension NumberRule {
  public static let durationMinutes = NumberRule(5...480, unit: "minutes")
  public static let cadenceDays = NumberRule(7...366, unit: "days")
  public static let firstConversationDays = NumberRule(1...180, unit: "days")
  public static let pulseScore = NumberRule(1...5)
}
