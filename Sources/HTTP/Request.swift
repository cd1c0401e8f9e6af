/// A key for a typed value that middleware attaches to a request (the session, the actor, ...).
public protocol RequestStorageKey {
  associatedtype Value: Sendable
}

/// One HTTP request, fully read.
public struct Request: Sendable {
  public let method: String
  /// The decoded path, without the query string.
  public let path: String
  /// Decoded query arguments in order; a key without `=` has an empty value.
  public let query: [(name: String, value: String)]
  public let headers: Headers
  public let cookies: [String: String]
  public let body: [UInt8]
  public let remoteAddress: String
  /// True when the body was larger than the server's limit and was discarded.
  public let bodyExceededLimit: Bool
  public let bodyLimit: Int
  /// Values of `:name` segments of the matched route.
  public internal(set) var parameters: [String: String] = [:]
  /// Set by the request-log middleware; echoed as `X-Request-Id`.
  public var id: String = ""
  private var storage: [ObjectIdentifier: any Sendable] = [:]

  public init(
    method: String, path: String, query: [(name: String, value: String)] = [],
    headers: Headers = Headers(), cookies: [String: String] = [:], body: [UInt8] = [],
    remoteAddress: String = "", bodyExceededLimit: Bool = false, bodyLimit: Int = 0
  ) {
    self.method = method
    self.path = path
    self.query = query
    self.headers = headers
    self.cookies = cookies
    self.body = body
    self.remoteAddress = remoteAddress
    self.bodyExceededLimit = bodyExceededLimit
    self.bodyLimit = bodyLimit
  }

  /// The first query argument of this name.
  public func query(_ name: String) -> String? {
    query.first { $0.name == name }?.value
  }

  /// A path parameter; throws 404 when absent, since the route did not match it.
  public func parameter(_ name: String) throws -> String {
    guard let value = parameters[name] else { throw HTTPError.notFound() }
    return value
  }

  /// A path parameter that must be an integer id; anything else is "not found".
  /// The body, or 413 when it was larger than this caller may send (it was never kept). Read
  /// only when a handler needs it, so a caller no one knows is asked to sign in first.
  public func checkedBody() throws -> [UInt8] {
    if bodyExceededLimit { throw HTTPError.contentTooLarge(limit: bodyLimit) }
    return body
  }

  /// A path parameter that must be an id in canonical decimal (`5`, never `05`, `+5` or `5 `):
  /// one resource has one address.
  public func intParameter(_ name: String) throws -> Int64 {
    let text = try parameter(name)
    guard let value = Int64(text), value > 0, String(value) == text else { throw HTTPError.notFound() }
    return value
  }

  public subscript<Key: RequestStorageKey>(_ key: Key.Type) -> Key.Value? {
    get { storage[ObjectIdentifier(key)] as? Key.Value }
    set { storage[ObjectIdentifier(key)] = newValue }
  }

  /// The media type of the body, lowercased and without parameters.
  public var mediaType: String? {
    headers["content-type"].map { MediaType.essence(of: $0) }
  }

  /// True for requests under the JSON API, which answer errors as problem JSON.
  public var isAPI: Bool { path == "/api" || path.hasPrefix("/api/") }

  /// True for methods that change state.
  public var isUnsafeMethod: Bool { !["GET", "HEAD", "OPTIONS"].contains(method) }
}

enum MediaType {
  /// `text/html; charset=utf-8` -> `text/html`
  static func essence(of value: String) -> String {
    let base = value.split(separator: ";", maxSplits: 1).first.map(String.init) ?? value
    return base.trimmingBlanks().lowercased()
  }

  /// The value of one parameter of a media type (`boundary`, `charset`), unquoted.
  static func parameter(_ name: String, in value: String) -> String? {
    for part in value.split(separator: ";").dropFirst() {
      let pair = part.split(separator: "=", maxSplits: 1)
      guard pair.count == 2, pair[0].trimmingBlanks().lowercased() == name else {
        continue
      }
      var result = pair[1].trimmingBlanks()
      if result.count >= 2, result.hasPrefix("\""), result.hasSuffix("\"") {
        result = String(result.dropFirst().dropLast())
      }
      return result
    }
    return nil
  }
}

extension StringProtocol {
  /// Without leading and trailing spaces and tabs.
  func trimmingBlanks() -> String {
    var slice = String(self)[...]
    while let first = slice.first, first == " " || first == "\t" { slice = slice.dropFirst() }
    while let last = slice.last, last == " " || last == "\t" { slice = slice.dropLast() }
    return String(slice)
  }
}

extension Request {
  /// The same caller asking for another page of this site: a GET of `target` (a path, maybe with
  /// a query), keeping the headers, cookies and what middleware attached. nil when `target` is
  /// not a path on this site.
  public func asking(for target: String) -> Request? {
    let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
    let path = String(parts[0])
    guard path.hasPrefix("/"), !path.hasPrefix("//"), !path.contains("\\") else { return nil }
    guard let query = try? URLEncoding.decodeForm(Array((parts.count > 1 ? parts[1] : "").utf8)) else {
      return nil
    }
    var request = Request(
      method: "GET", path: path, query: query, headers: headers, cookies: cookies,
      remoteAddress: remoteAddress, bodyLimit: bodyLimit)
    request.id = id
    request.storage = storage
    return request
  }

  /// The path and query as a link would carry them (the inverse of `asking(for:)`).
  public var target: String {
    query.isEmpty
      ? path
      : path + "?"
        + query.map { URLEncoding.encode($0.name) + "=" + URLEncoding.encode($0.value) }.joined(
          separator: "&")
  }
}
