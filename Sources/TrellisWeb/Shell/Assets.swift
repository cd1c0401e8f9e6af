import HTTP

/// The stylesheet, script and icons compiled into the binary (see Plugins/EmbedAssets).
public enum Assets {
  public static let shared = StaticAssets(EmbeddedAssets.all)

  public static func url(_ name: String) -> String { shared.url(name) }
}
