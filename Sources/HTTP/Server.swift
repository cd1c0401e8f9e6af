import CMicroHTTPD
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// How the server listens and what it accepts.
public struct ServerConfiguration: Sendable {
  /// An IPv4 or IPv6 address to bind.
  public var bindAddress: String = "127.0.0.1"
  /// 0 picks a free port; read it back from `Server.port`.
  public var port: UInt16 = 8080
  /// Worker threads, each with its own epoll loop.
  public var threads: Int = max(2, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
  /// Larger bodies are refused with 413 and never buffered.
  public var maxBodyBytes: Int = 16 * 1024 * 1024
  /// A connection idle this long (no byte read or written) is closed: a slow client holds a
  /// connection no longer.
  public var connectionTimeoutSeconds: Int = 10
  /// Connections open at once, from everyone and from one client address, so that no one client
  /// can take them all.
  public var connectionLimit: Int = 4096
  public var connectionsPerAddress: Int = 64
  /// Reverse proxies (e.g. nginx) whose `X-Forwarded-For` names the client. Their connections
  /// carry everyone's requests, so the per-address connection limit is left to them.
  public var trustedProxies: Set<String> = []
  /// The body a request may send, decided from its method, path and headers before any of the
  /// body is read (e.g. small unless a signed-in caller may send more); at most `maxBodyBytes`.
  /// Nil allows `maxBodyBytes` to everyone.
  public var bodyLimit: (@Sendable (_ method: String, _ path: String, _ headers: Headers) -> Int)? = nil
  /// A body declared this small is taken from anyone without asking `bodyLimit` (which may cost
  /// a look-up of who is calling).
  public var bodyBytesForAnyone = 16 * 1024
  /// The request line and headers together, cookies included; larger requests get 431.
  public var headerBytesLimit: Int = 16 * 1024
  /// Per-connection buffer (libmicrohttpd clears it per request). It holds the headers, a copy
  /// of the Cookie header and then the answer's headers, so it must be well over twice
  /// `headerBytesLimit`: when an answer's headers do not fit, the connection is closed unanswered.
  public var connectionMemoryBytes: Int = 48 * 1024

  public init() {}
}

public enum ServerError: Error, CustomStringConvertible {
  case invalidBindAddress(String)
  case cannotStart(address: String, port: UInt16)

  public var description: String {
    switch self {
    case .invalidBindAddress(let address): "'\(address)' is not an IPv4 or IPv6 address."
    case .cannotStart(let address, let port):
      "Cannot listen on \(address):\(port) (is the port in use, or the address not on this machine?)."
    }
  }
}

/// An HTTP/1.1 server on libmicrohttpd: a pool of worker threads, each running epoll.
///
/// The responder runs synchronously on a worker thread and must not throw; a `Pipeline` fits.
public final class Server: @unchecked Sendable {
  public typealias Responder = @Sendable (Request) -> Response

  public let configuration: ServerConfiguration
  private let responder: Responder
  private var daemon: OpaquePointer?
  private let inFlight = Atomic<Int>(0)
  /// Set when shutdown begins: requests already started finish, new ones are turned away.
  private let stopping = Atomic<Bool>(false)
  private let finishedWhileStopping = Atomic<Int>(0)
  /// The port actually bound (differs from the configuration when it asked for 0).
  public private(set) var port: UInt16 = 0

  public init(configuration: ServerConfiguration, responder: @escaping Responder) {
    self.configuration = configuration
    self.responder = responder
  }

  /// Binds and starts the worker threads; returns once the server accepts connections.
  public func start() throws {
    raiseDescriptorLimit()
    var flags = MHD_USE_INTERNAL_POLLING_THREAD.rawValue | MHD_USE_EPOLL.rawValue
    flags |= MHD_USE_ITC.rawValue | MHD_USE_TURBO.rawValue
    let context = Unmanaged.passUnretained(self).toOpaque()
    let address = configuration.bindAddress
    let started: OpaquePointer?
    if address.contains(":") {
      var socketAddress = sockaddr_in6()
      socketAddress.sin6_family = sa_family_t(AF_INET6)
      socketAddress.sin6_port = configuration.port.bigEndian
      guard inet_pton(AF_INET6, address, &socketAddress.sin6_addr) == 1 else {
        throw ServerError.invalidBindAddress(address)
      }
      flags |= MHD_USE_IPv6.rawValue
      started = withUnsafePointer(to: &socketAddress) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { start(flags, $0, context) }
      }
    } else {
      var socketAddress = sockaddr_in()
      socketAddress.sin_family = sa_family_t(AF_INET)
      socketAddress.sin_port = configuration.port.bigEndian
      guard inet_pton(AF_INET, address, &socketAddress.sin_addr) == 1 else {
        throw ServerError.invalidBindAddress(address)
      }
      started = withUnsafePointer(to: &socketAddress) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { start(flags, $0, context) }
      }
    }
    guard let started else { throw ServerError.cannotStart(address: address, port: configuration.port) }
    daemon = started
    port = trellis_mhd_bound_port(started)
  }

  /// Enough file descriptors for `connectionLimit` connections (the soft limit is often 1024).
  private func raiseDescriptorLimit() {
    var limit = rlimit()
    guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return }
    let wanted = rlim_t(configuration.connectionLimit + 256)
    if limit.rlim_cur < wanted {
      limit.rlim_cur = min(wanted, limit.rlim_max)
      _ = setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
    }
  }

  private func start(
    _ flags: UInt32, _ address: UnsafePointer<sockaddr>, _ context: UnsafeMutableRawPointer
  ) -> OpaquePointer? {
    trellis_mhd_start(
      flags, configuration.port, address, Server.accessHandler, context, Server.completedHandler,
      context, UInt32(configuration.threads), UInt32(configuration.connectionTimeoutSeconds),
      UInt32(configuration.connectionLimit),
      UInt32(configuration.trustedProxies.isEmpty ? configuration.connectionsPerAddress : 0),
      configuration.connectionMemoryBytes)
  }

  /// What a shutdown did with the requests it found.
  public struct ShutdownReport: Sendable, Equatable {
    /// Requests started before shutdown began and answered during it.
    public let finished: Int
    /// Requests still running when the grace period ran out, cut off.
    public let cut: Int
  }

  /// Stops accepting connections and taking new requests on open ones (they get 503 with
  /// `Connection: close`), lets requests already started finish (up to `gracePeriod` seconds),
  /// then stops. Every answer from then on closes its connection.
  @discardableResult
  public func shutdown(gracePeriod: Double = 10) -> ShutdownReport {
    guard let daemon else { return ShutdownReport(finished: 0, cut: 0) }
    self.daemon = nil
    stopping.store(true, ordering: .sequentiallyConsistent)
    let listener = MHD_quiesce_daemon(daemon)
    let deadline = LogClock.monotonicNanoseconds() + UInt64(gracePeriod * 1_000_000_000)
    // Quiet means no request for a tenth of a second: a request that arrived on an open connection
    // while the last one was answered (on the same worker thread) is still turned away with a 503,
    // not cut off.
    var quietSince: UInt64? = nil
    while LogClock.monotonicNanoseconds() < deadline {
      let now = LogClock.monotonicNanoseconds()
      if inFlight.load(ordering: .acquiring) > 0 {
        quietSince = nil
      } else if let since = quietSince {
        if now - since >= 100_000_000 { break }
      } else {
        quietSince = now
      }
      usleep(5_000)
    }
    let cut = inFlight.load(ordering: .acquiring)
    MHD_stop_daemon(daemon)
    if listener >= 0 { close(listener) }
    return ShutdownReport(finished: finishedWhileStopping.load(ordering: .acquiring), cut: cut)
  }

  /// True once shutdown has begun.
  public var isStopping: Bool { stopping.load(ordering: .relaxed) }

  /// Requests being read or answered right now.
  public var requestsInFlight: Int { inFlight.load(ordering: .relaxed) }

  // MARK: libmicrohttpd callbacks (static: they run on worker threads, not the main actor)

  /// Per-request state kept between libmicrohttpd's calls for one request.
  private final class PendingRequest {
    /// Its headers arrived after shutdown began: it is turned away.
    var arrivedWhileStopping = false
    var body: [UInt8] = []
    var exceeded = false
    var answered = false
    var limit = 0
  }

  private static let accessHandler: MHD_AccessHandlerCallback = {
    context, connection, url, method, _, uploadData, uploadDataSize, requestContext in
    guard let context, let connection, let uploadDataSize, let requestContext else { return .NO }
    let server = Unmanaged<Server>.fromOpaque(context).takeUnretainedValue()
    // First call: headers only.
    guard let stored = requestContext.pointee else {
      let pending = PendingRequest()
      requestContext.pointee = Unmanaged.passRetained(pending).toOpaque()
      server.inFlight.add(1, ordering: .relaxed)
      pending.arrivedWhileStopping = server.stopping.load(ordering: .sequentiallyConsistent)
      if trellis_mhd_request_header_size(connection) > server.configuration.headerBytesLimit {
        pending.answered = true
        return Server.queue(server.headersTooLarge, on: connection)
      }
      pending.limit = server.bodyLimit(connection, url, method)
      if let declared = MHD_lookup_connection_value(connection, .HEADER_KIND, "Content-Length"),
        let length = Int(String(cString: declared)), length > pending.limit
      {
        // Answer before reading: the body is never buffered.
        pending.exceeded = true
        pending.answered = true
        return server.answer(connection, url, method, pending)
      }
      return .YES
    }
    let pending = Unmanaged<PendingRequest>.fromOpaque(stored).takeUnretainedValue()
    let size = uploadDataSize.pointee
    if size > 0 {
      if !pending.exceeded, let uploadData {
        if pending.body.count + size > pending.limit {
          pending.exceeded = true
          pending.body = []
        } else {
          uploadData.withMemoryRebound(to: UInt8.self, capacity: size) {
            pending.body.append(contentsOf: UnsafeBufferPointer(start: $0, count: size))
          }
        }
      }
      uploadDataSize.pointee = 0
      return .YES
    }
    if pending.answered { return .YES }
    pending.answered = true
    return server.answer(connection, url, method, pending)
  }

  private static let completedHandler: MHD_RequestCompletedCallback = {
    context, _, requestContext, _ in
    guard let context, let requestContext, let stored = requestContext.pointee else { return }
    let pending = Unmanaged<PendingRequest>.fromOpaque(stored).takeRetainedValue()
    requestContext.pointee = nil
    let server = Unmanaged<Server>.fromOpaque(context).takeUnretainedValue()
    if server.stopping.load(ordering: .relaxed) && !pending.arrivedWhileStopping {
      server.finishedWhileStopping.add(1, ordering: .relaxed)
    }
    server.inFlight.subtract(1, ordering: .releasing)
  }

  private func answer(
    _ connection: OpaquePointer, _ url: UnsafePointer<CChar>?, _ method: UnsafePointer<CChar>?,
    _ pending: PendingRequest
  ) -> MHD_Result {
    let headers = Headers(Server.values(connection, .HEADER_KIND).map { ($0.name, $0.value) })
    let request = Request(
      method: method.map { String(cString: $0) } ?? "GET",
      path: url.map { String(cString: $0) } ?? "/",
      query: Server.values(connection, .GET_ARGUMENT_KIND),
      headers: headers,
      cookies: Dictionary(
        Server.values(connection, .COOKIE_KIND).map { ($0.name, $0.value) },
        uniquingKeysWith: { first, _ in first }),
      body: pending.body,
      remoteAddress: ClientAddress.resolve(
        peer: Server.clientAddress(connection), forwardedFor: headers.values("X-Forwarded-For"),
        trustedProxies: configuration.trustedProxies),
      bodyExceededLimit: pending.exceeded,
      bodyLimit: pending.limit)
    pending.body = []
    var response: Response
    if pending.arrivedWhileStopping {
      response = Response.text("The server is shutting down: send this again.", status: .serviceUnavailable)
      response.headers.set("Retry-After", "1")
    } else {
      response = responder(request)
    }
    if stopping.load(ordering: .relaxed) { response.headers.set("Connection", "close") }
    return Server.queue(response, on: connection)
  }

  /// Few headers of its own: it must fit in what the request's headers left of the connection's buffer.
  private var headersTooLarge: Response {
    var response = Response.text(
      "The request's headers (cookies included) are larger than \(configuration.headerBytesLimit / 1024) KiB.",
      status: .requestHeaderFieldsTooLarge)
    response.headers.set("Connection", "close")
    return response
  }

  /// The body this request may send: `maxBodyBytes`, or less as `configuration.bodyLimit` says.
  /// Requests that declare no body, or one of at most `bodyBytesForAnyone`, are not asked about.
  private func bodyLimit(
    _ connection: OpaquePointer, _ url: UnsafePointer<CChar>?, _ method: UnsafePointer<CChar>?
  ) -> Int {
    let maximum = configuration.maxBodyBytes
    guard let decide = configuration.bodyLimit else { return maximum }
    let declared = MHD_lookup_connection_value(connection, .HEADER_KIND, "Content-Length")
    let chunked = MHD_lookup_connection_value(connection, .HEADER_KIND, "Transfer-Encoding") != nil
    if let declared, let length = Int(String(cString: declared)), length <= configuration.bodyBytesForAnyone {
      return maximum  // the length is exact: the body cannot grow past it
    }
    if declared == nil && !chunked { return maximum }
    let headers = Headers(Server.values(connection, .HEADER_KIND).map { ($0.name, $0.value) })
    return min(
      decide(method.map { String(cString: $0) } ?? "GET", url.map { String(cString: $0) } ?? "/", headers),
      maximum)
  }

  private static func queue(_ response: Response, on connection: OpaquePointer) -> MHD_Result {
    let created = response.body.withUnsafeBytes { buffer in
      MHD_create_response_from_buffer(
        buffer.count, UnsafeMutableRawPointer(mutating: buffer.baseAddress), .RESPMEM_MUST_COPY)
    }
    guard let created else { return .NO }
    defer { MHD_destroy_response(created) }
    for (name, value) in response.headers {
      // withCString keeps a short name on the stack; passing the String itself allocates a copy.
      _ = name.withCString { name in value.withCString { MHD_add_response_header(created, name, $0) } }
    }
    return MHD_queue_response(connection, UInt32(response.status.code), created)
  }

  private static func values(_ connection: OpaquePointer, _ kind: MHD_ValueKind)
    -> [(name: String, value: String)]
  {
    var collected: [(name: String, value: String)] = []
    withUnsafeMutablePointer(to: &collected) { pointer in
      _ = MHD_get_connection_values(
        connection, kind,
        { context, _, key, value in
          guard let context, let key else { return .YES }
          let list = context.assumingMemoryBound(to: [(name: String, value: String)].self)
          list.pointee.append((String(cString: key), value.map { String(cString: $0) } ?? ""))
          return .YES
        }, pointer)
    }
    return collected
  }

  private static func clientAddress(_ connection: OpaquePointer) -> String {
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: 64) { buffer in
      guard trellis_mhd_client_address(connection, buffer.baseAddress!, 64) == 1 else { return "" }
      return String(cString: buffer.baseAddress!)
    }
  }
}
