/// How long the texts of a conversation may be, in code points (as JSON Schema's `maxLength`
/// counts): the services check them and the API's schema states them, from this one place.
public enum TextLimits {
  public static let agendaItem = 1_000
  public static let actionItemTitle = 300
  public static let notes = 100_000
  public static let summary = 20_000
}
