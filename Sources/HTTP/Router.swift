/// Turns a request into a response. Handlers run synchronously on the server's worker threads.
public typealias Handler = @Sendable (Request) throws -> Response

/// Routes by method and path; `:name` segments capture path parameters.
///
/// Routes are registered before the server starts and never change afterwards.
public final class Router: @unchecked Sendable {
  private struct Route {
    let segments: [Segment]
    var handlers: [String: Handler]
  }

  private enum Segment: Equatable {
    case literal(String)
    case parameter(String)
  }

  /// Fixed paths are a dictionary lookup; patterns are tried in registration order.
  private var fixed: [String: Route] = [:]
  private var patterns: [Route] = []
  /// Every registered (method, pattern), for checks such as the access matrix.
  public private(set) var registered: [(method: String, pattern: String)] = []
  /// Fixed GET paths that need no session, answered past only the pipeline's outer middleware.
  private var probes: [String: Handler] = [:]

  public init() {}

  public func get(_ pattern: String, _ handler: @escaping Handler) { add("GET", pattern, handler) }
  public func post(_ pattern: String, _ handler: @escaping Handler) { add("POST", pattern, handler) }
  public func put(_ pattern: String, _ handler: @escaping Handler) { add("PUT", pattern, handler) }
  public func patch(_ pattern: String, _ handler: @escaping Handler) {
    add("PATCH", pattern, handler)
  }
  public func delete(_ pattern: String, _ handler: @escaping Handler) {
    add("DELETE", pattern, handler)
  }

  /// A health probe: a fixed GET path for load balancers, polled often and by no one signed in.
  /// `Pipeline` answers it without the session's middleware; otherwise it is an ordinary route.
  public func probe(_ path: String, _ handler: @escaping Handler) {
    precondition(!path.contains(":"), "a probe's path is fixed: \(path)")
    add("GET", path, handler)
    probes[path] = handler
  }

  /// The probe this request asks for (GET or HEAD on its exact path), if any.
  public func probe(for request: Request) -> Handler? {
    guard request.method == "GET" || request.method == "HEAD" else { return nil }
    return probes[request.path]
  }

  public func add(_ method: String, _ pattern: String, _ handler: @escaping Handler) {
    precondition(pattern.hasPrefix("/"), "route patterns start with /: \(pattern)")
    registered.append((method, pattern))
    let segments = Router.split(pattern).map { part -> Segment in
      part.hasPrefix(":") ? .parameter(String(part.dropFirst())) : .literal(String(part))
    }
    let isFixed = segments.allSatisfy { if case .literal = $0 { true } else { false } }
    if isFixed {
      fixed[pattern, default: Route(segments: segments, handlers: [:])].handlers[method] = handler
    } else if let index = patterns.firstIndex(where: { $0.segments == segments }) {
      patterns[index].handlers[method] = handler
    } else {
      patterns.append(Route(segments: segments, handlers: [method: handler]))
    }
  }

  /// Finds the handler and fills in path parameters; 404 for an unknown path, 405 (with `Allow`)
  /// for a known path and another method.
  public func resolve(_ request: Request) throws -> (handler: Handler, request: Request) {
    var request = request
    if let route = fixed[request.path] {
      if let handler = Router.handler(in: route, for: request.method) {
        return (handler, request)
      }
      // A fixed path names its own resource: another method is 405, not a pattern's match.
      throw HTTPError.methodNotAllowed(allowed: Router.allowHeader(Set(route.handlers.keys)))
    }
    var allowed: Set<String> = []
    let parts = Router.split(request.path)
    for route in patterns {
      guard let parameters = Router.match(route.segments, parts) else { continue }
      if let handler = Router.handler(in: route, for: request.method) {
        request.parameters = parameters
        return (handler, request)
      }
      allowed.formUnion(route.handlers.keys)
    }
    if allowed.isEmpty { throw HTTPError.notFound() }
    throw HTTPError.methodNotAllowed(allowed: Router.allowHeader(allowed))
  }

  private static func allowHeader(_ methods: Set<String>) -> [String] {
    (methods.contains("GET") ? methods.union(["HEAD"]) : methods).sorted()
  }

  /// Resolves and runs the handler.
  public func respond(to request: Request) throws -> Response {
    let (handler, routed) = try resolve(request)
    return try handler(routed)
  }

  private static func handler(in route: Route, for method: String) -> Handler? {
    route.handlers[method] ?? (method == "HEAD" ? route.handlers["GET"] : nil)
  }

  private static func split(_ path: String) -> [Substring] {
    path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { $0 }
  }

  private static func match(_ segments: [Segment], _ parts: [Substring]) -> [String: String]? {
    guard segments.count == parts.count else { return nil }
    var parameters: [String: String] = [:]
    for (segment, part) in zip(segments, parts) {
      switch segment {
      case .literal(let text): if text != part { return nil }
      case .parameter(let name):
        if part.isEmpty { return nil }
        parameters[name] = String(part)
      }
    }
    return parameters
  }
}
