/// The inputs of learning communities, checked by the services and stated by the API from here.
extension TextRule {
  public static let communityName = TextRule.required(120)
  /// What the community does and for whom.
  public static let communityDescription = TextRule.required(4_000)
  /// A meeting's or a shared resource's title.
  public static let communityItemTitle = TextRule.required(200)
  public static let resourceNote = TextRule.optional(1_000)
}
