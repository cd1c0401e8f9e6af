/// What this build of Trellis is.
public enum Product {
  public static let name = "Trellis"
  public static let version = "0.1.0"
}
