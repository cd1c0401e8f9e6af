/// The inputs of succession planning, checked by the services and stated by the API from here.
extension TextRule {
  public static let keyRoleTitle = TextRule.required(200)
  /// Why a role is key.
  public static let whyKey = TextRule.optional(2_000)
  /// What a successor would need to develop.
  public static let successorDevelopment = TextRule.optional(2_000)
}
