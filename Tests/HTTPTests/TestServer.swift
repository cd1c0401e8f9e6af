import Foundation
import HTTP
import Synchronization
import TestSupport

struct Echo: Codable, Sendable {
  let name: String
  let count: Int
  let tags: [String]?
}

struct Unexpected: Error {}

/// Stands for the session's middleware: counts the requests that pass it.
struct SessionStandIn: Middleware {
  let passed = Counter()

  final class Counter: Sendable {
    private let count = Mutex(0)
    var value: Int { count.withLock { $0 } }
    func add() { count.withLock { $0 += 1 } }
  }

  func handle(_ request: Request, next: (Request) throws -> Response) throws -> Response {
    passed.add()
    return try next(request)
  }
}

/// A real server on an ephemeral port with routes that exercise the HTTP layer.
final class TestServer: @unchecked Sendable {
  let server: Server
  let client: RawHTTPClient
  let logger: RequestLogger
  let session = SessionStandIn()
  static let bodyLimit = 4096

  init(
    logDescriptor: Int32 = -1, threads: Int = 2, connectionLimit: Int = 4096, connectionsPerAddress: Int = 64,
    trustedProxies: Set<String> = []
  ) throws {
    let router = Router()
    router.get("/hello") { _ in .text("hello") }
    router.probe("/probe") { _ in .text("up") }
    router.get("/with-many-headers") { _ in
      var response = Response.text("hello")
      for index in 0..<12 { response.headers.set("X-Header-\(index)", String(repeating: "h", count: 120)) }
      return response
    }
    router.get("/links/:token") { request in .text("link \(try request.parameter("token").count)") }
    router.get("/people/:id") { request in .text("person \(try request.parameter("id"))") }
    router.get("/people/:id/notes/:note") { request in
      .text("\(try request.parameter("id"))/\(try request.parameter("note"))")
    }
    router.get("/people/me") { _ in .text("me") }
    router.get("/client") { request in .text(request.remoteAddress) }
    router.get("/query") { request in
      .text(request.query.map { "\($0.name)=\($0.value)" }.joined(separator: "|"))
    }
    router.get("/cookies") { request in
      .text(request.cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ";"))
    }
    router.post("/form") { request in
      let form = try request.form()
      var lines = form.fields.map { "\($0.name)=\($0.value)" }
      lines += form.files.map { "file \($0.field) \($0.filename) \($0.contentType) \($0.data.count)" }
      return .text(lines.joined(separator: "\n"))
    }
    router.post("/api/echo") { request in try .json(try request.decodeJSON(Echo.self), status: .created) }
    router.get("/api/fail") { _ in throw Unexpected() }
    router.get("/fail") { _ in throw Unexpected() }
    router.get("/slow") { _ in
      usleep(400_000)
      return .text("finished")
    }
    StaticAssets([
      StaticAsset(name: "site.css", contentType: "text/css", bytes: Array("body{}".utf8), etag: "abc123")
    ])
    .register(on: router)
    logger = RequestLogger(descriptor: logDescriptor)
    let pipeline = Pipeline(
      outer: [
        RequestLogMiddleware(logger: logger, secretsAfter: ["/links/"]), SecurityHeadersMiddleware(),
        ErrorMiddleware(log: logger),
      ],
      [session],
      router: router)
    var configuration = ServerConfiguration()
    configuration.port = 0
    configuration.threads = threads
    configuration.maxBodyBytes = TestServer.bodyLimit
    configuration.connectionLimit = connectionLimit
    configuration.connectionsPerAddress = connectionsPerAddress
    configuration.trustedProxies = trustedProxies
    server = Server(configuration: configuration) { pipeline.respond(to: $0) }
    try server.start()
    client = RawHTTPClient(port: server.port)
  }

  deinit { server.shutdown(gracePeriod: 1) }
}
