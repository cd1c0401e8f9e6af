/// A file served from memory, compiled into the binary.
public struct StaticAsset: Sendable {
  public let name: String
  public let contentType: String
  public let bytes: [UInt8]
  /// A strong validator derived from the content; also used to bust caches in URLs.
  public let etag: String

  public init(name: String, contentType: String, bytes: [UInt8], etag: String) {
    self.name = name
    self.contentType = contentType
    self.bytes = bytes
    self.etag = etag
  }
}

/// Serves a fixed set of assets under a path prefix with ETags and long cache lifetimes.
public struct StaticAssets: Sendable {
  private let assets: [String: StaticAsset]
  public let prefix: String

  public init(_ assets: [StaticAsset], prefix: String = "/assets") {
    self.assets = Dictionary(uniqueKeysWithValues: assets.map { ($0.name, $0) })
    self.prefix = prefix
  }

  /// The URL to reference an asset by; the version query changes whenever its content does.
  public func url(_ name: String) -> String {
    guard let asset = assets[name] else { preconditionFailure("no asset named \(name)") }
    return "\(prefix)/\(name)?v=\(asset.etag)"
  }

  /// Registers `GET prefix/:name` on a router.
  public func register(on router: Router) {
    router.get("\(prefix)/:name") { request in try self.respond(to: request) }
  }

  func respond(to request: Request) throws -> Response {
    guard let asset = assets[try request.parameter("name")] else { throw HTTPError.notFound() }
    let etag = "\"\(asset.etag)\""
    var headers = Headers([
      ("ETag", etag), ("Cache-Control", "public, max-age=31536000, immutable"),
    ])
    if let match = request.headers["if-none-match"],
      match.split(separator: ",").contains(where: { $0.trimmingBlanks() == etag || $0 == "*" })
    {
      return Response(status: .notModified, headers: headers)
    }
    headers.set("Content-Type", asset.contentType)
    return Response(status: .ok, headers: headers, body: asset.bytes)
  }
}
