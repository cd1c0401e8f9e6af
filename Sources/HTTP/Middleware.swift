/// Wraps request handling: may change the request, answer early, or change the response.
public protocol Middleware: Sendable {
  func handle(_ request: Request, next: (Request) throws -> Response) throws -> Response
}

/// The server's responder: middleware for every request (outermost first), then the router,
/// then middleware for requests that found their route (so 404 and 405 come before, say, CSRF).
/// Probes (`Router.probe`) pass only the `outer` middleware (the log, headers, errors): a load
/// balancer's health checks cost no session work.
public struct Pipeline: Sendable {
  private let middleware: [any Middleware]
  /// How many of `middleware` are outer: a probe is answered after them.
  private let outerCount: Int
  private let routed: [any Middleware]
  private let router: Router

  public init(
    outer: [any Middleware] = [], _ middleware: [any Middleware], routed: [any Middleware] = [],
    router: Router
  ) {
    self.middleware = outer + middleware
    outerCount = outer.count
    self.routed = routed
    self.router = router
  }

  /// Never throws: an error that escapes every middleware becomes a bare 500.
  public func respond(to request: Request) -> Response {
    do {
      return try run(request, from: 0)
    } catch {
      return Response.text("Internal Server Error", status: .internalServerError)
    }
  }

  private func run(_ request: Request, from index: Int) throws -> Response {
    if index == outerCount, let probe = router.probe(for: request) {
      return try probe(request)
    }
    if index < middleware.count {
      return try middleware[index].handle(request) { try run($0, from: index + 1) }
    }
    let (handler, request) = try router.resolve(request)
    return try runRouted(request, handler, from: 0)
  }

  private func runRouted(_ request: Request, _ handler: Handler, from index: Int) throws -> Response {
    if index < routed.count {
      return try routed[index].handle(request) { try runRouted($0, handler, from: index + 1) }
    }
    return try handler(request)
  }
}

/// Turns every thrown error into a response: problem JSON under `/api/`, a page elsewhere.
public struct ErrorMiddleware: Middleware {
  public typealias PageRenderer = @Sendable (HTTPError, Request) -> Response
  private let renderPage: PageRenderer
  private let log: RequestLogger?

  /// `renderPage` draws the HTML error page; `log` records unexpected errors with the request id.
  public init(log: RequestLogger? = nil, renderPage: @escaping PageRenderer = ErrorMiddleware.plainPage) {
    self.renderPage = renderPage
    self.log = log
  }

  public func handle(_ request: Request, next: (Request) throws -> Response) throws -> Response {
    do {
      return try next(request)
    } catch {
      let httpError: HTTPError
      switch error {
      case let error as HTTPError: httpError = error
      case let error as any HTTPErrorConvertible: httpError = error.httpError
      default:
        log?.error("unhandled error", requestID: request.id, detail: String(describing: error))
        httpError = HTTPError(
          .internalServerError, detail: "Something went wrong on our side; it has been logged.")
      }
      if request.isAPI || prefersJSON(request) {
        return Response.problem(httpError, instance: request.path)
      }
      var response = renderPage(httpError, request)
      for (name, value) in httpError.headers { response.headers.add(name, value) }
      return response
    }
  }

  private func prefersJSON(_ request: Request) -> Bool {
    guard let accept = request.headers["accept"] else { return false }
    return accept.hasPrefix("application/json") || accept.hasPrefix("application/problem+json")
  }

  /// A minimal page for errors when no layout is given.
  public static let plainPage: PageRenderer = { error, _ in
    let title = HTMLText.escape(error.title)
    let detail = HTMLText.escape(error.detail ?? "")
    return Response.html(
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>\(title)</title></head>"
        + "<body><main><h1>\(title)</h1><p>\(detail)</p></main></body></html>",
      status: error.status)
  }
}

/// Minimal escaping for the HTTP layer's own fallback pages.
enum HTMLText {
  static func escape(_ text: String) -> String {
    var output = ""
    output.reserveCapacity(text.utf8.count)
    for character in text.unicodeScalars {
      switch character {
      case "&": output += "&amp;"
      case "<": output += "&lt;"
      case ">": output += "&gt;"
      case "\"": output += "&quot;"
      case "'": output += "&#39;"
      default: output.unicodeScalars.append(character)
      }
    }
    return output
  }
}

/// Headers every response carries: no inline script, no framing, no sniffing.
public struct SecurityHeadersMiddleware: Middleware {
  public static let contentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    + "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    + "form-action 'self'; frame-ancestors 'none'"

  public init() {}

  public func handle(_ request: Request, next: (Request) throws -> Response) throws -> Response {
    var response = try next(request)
    SecurityHeadersMiddleware.apply(to: &response)
    return response
  }

  /// For everything but pages (JSON, files, calendars): nothing may load from it, and no one may
  /// frame it. It is also a fifth of the page policy's size, on every API answer.
  public static let resourcePolicy = "default-src 'none'; frame-ancestors 'none'"

  /// Names in lowercase, as `Headers` keeps them: this runs for every response.
  public static func apply(to response: inout Response) {
    // These four, the request id and often a cookie.
    response.headers.reserveCapacity(adding: 6)
    if !response.headers.contains("content-security-policy") {
      let page = response.headers["content-type"]?.hasPrefix("text/html") ?? false
      response.headers.set("content-security-policy", page ? contentSecurityPolicy : resourcePolicy)
    }
    response.headers.set("x-content-type-options", "nosniff")
    response.headers.set("x-frame-options", "DENY")
    response.headers.set("referrer-policy", "same-origin")
  }
}
