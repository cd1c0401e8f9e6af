import HTTP

/// The cookies Trellis sets, with the attributes each needs.
enum Cookies {
  static let session = "trellis_session"
  static let csrf = "trellis_csrf"
  static let notice = "trellis_notice"

  /// `Secure` is added when Trellis is served over HTTPS (see `--secure-cookies`).
  nonisolated(unsafe) static var secure = false

  static func set(_ name: String, _ value: String, maxAge: Int? = nil, httpOnly: Bool = true) -> String {
    var cookie = "\(name)=\(value); Path=/; SameSite=Lax"
    if httpOnly { cookie += "; HttpOnly" }
    if secure { cookie += "; Secure" }
    if let maxAge { cookie += "; Max-Age=\(maxAge)" }
    return cookie
  }

  static func clear(_ name: String) -> String { set(name, "", maxAge: 0) }
}

extension Response {
  /// Shows a notice on the next page, after a redirect.
  func withNotice(_ text: String) -> Response {
    var response = self
    response.headers.add("Set-Cookie", Cookies.set(Cookies.notice, URLEncoding.encode(text), maxAge: 60))
    return response
  }
}
