import Foundation
import HTTP
import TestSupport
import Testing

@Suite("HTTP server on a real port")
struct ServerTests {
  let test: TestServer
  var client: RawHTTPClient { test.client }

  init() throws { test = try TestServer() }

  @Test func answersAGet() throws {
    let response = try client.get("/hello")
    #expect(response.status == 200)
    #expect(response.text == "hello")
    #expect(response.header("Content-Type") == "text/plain; charset=utf-8")
  }

  @Test func everyResponseCarriesSecurityHeaders() throws {
    #expect(try client.get("/missing").header("Content-Type")?.hasPrefix("text/html") == true)
    for target in ["/hello", "/missing", "/api/missing", "/api/fail"] {
      let response = try client.get(target)
      #expect(response.header("X-Content-Type-Options") == "nosniff", "\(target)")
      #expect(response.header("X-Frame-Options") == "DENY", "\(target)")
      #expect(response.header("Referrer-Policy") == "same-origin", "\(target)")
      let policy = try #require(response.header("Content-Security-Policy"))
      #expect(!policy.contains("unsafe-inline"))
      if response.header("Content-Type")?.hasPrefix("text/html") == true {
        #expect(policy == SecurityHeadersMiddleware.contentSecurityPolicy, "\(target)")
      } else {
        // Text and JSON load nothing and are framed by no one.
        #expect(policy == "default-src 'none'; frame-ancestors 'none'", "\(target)")
      }
      #expect(response.header("X-Request-Id")?.isEmpty == false)
    }
  }

  @Test(arguments: ["127.0.0.1", "127.10.200.3", "127.255.9.99", "127.100.0.10"])
  func theClientsAddressReadsAsItsDigits(source: String) throws {
    let request = "GET /client HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    #expect(try client.send(Array(request.utf8), from: source).text == source)
  }

  @Test func theClientIsThePeerUnlessTheProxyIsTrusted() throws {
    let forwarded = [("X-Forwarded-For", "203.0.113.7, 198.51.100.2")]
    // Anyone may send the header: from an untrusted peer it is ignored.
    #expect(try client.get("/client", headers: forwarded).text == "127.0.0.1")
    let proxied = try TestServer(trustedProxies: ["127.0.0.1"])
    // Behind a trusted proxy the client is the last address it did not add itself.
    #expect(try proxied.client.get("/client", headers: forwarded).text == "198.51.100.2")
    #expect(try proxied.client.get("/client").text == "127.0.0.1")
    #expect(
      try proxied.client.get("/client", headers: [("X-Forwarded-For", "not an address")]).text == "127.0.0.1")
  }

  @Test func forwardedAddressesAreReadFromTheRight() {
    let trusted: Set<String> = ["10.0.0.1", "10.0.0.2"]
    let resolve = { ClientAddress.resolve(peer: $0, forwardedFor: $1, trustedProxies: trusted) }
    #expect(resolve("10.0.0.1", ["192.0.2.1, 203.0.113.9, 10.0.0.2"]) == "203.0.113.9")
    #expect(resolve("10.0.0.1", ["192.0.2.1", "2001:db8::1"]) == "2001:db8::1")
    #expect(resolve("10.0.0.1", ["10.0.0.2"]) == "10.0.0.1")
    #expect(resolve("10.0.0.1", []) == "10.0.0.1")
    #expect(resolve("192.0.2.50", ["203.0.113.9"]) == "192.0.2.50")
    #expect(resolve("10.0.0.1", ["evil.example.com"]) == "10.0.0.1")
  }

  @Test func capturesPathParameters() throws {
    #expect(try client.get("/people/42").text == "person 42")
    #expect(try client.get("/people/7/notes/abc").text == "7/abc")
    // A fixed route wins over a pattern that would also match.
    #expect(try client.get("/people/me").text == "me")
  }

  @Test func decodesQueryArguments() throws {
    let response = try client.get("/query?q=caf%C3%A9%20au%20lait&plus=a+b&flag&empty=")
    #expect(response.text == "q=café au lait|plus=a b|flag=|empty=")
  }

  @Test func readsCookies() throws {
    let response = try client.get("/cookies", headers: [("Cookie", "b=2; a=1")])
    #expect(response.text == "a=1;b=2")
  }

  @Test func unknownRouteIsNotFoundAsPageOrProblem() throws {
    let page = try client.get("/nowhere")
    #expect(page.status == 404)
    #expect(page.header("Content-Type")?.hasPrefix("text/html") == true)
    #expect(page.text.contains("Not Found"))

    let problem = try client.get("/api/nowhere")
    #expect(problem.status == 404)
    #expect(problem.header("Content-Type") == "application/problem+json")
    let json = try problem.json()
    #expect(json["status"] as? Int == 404)
    #expect(json["title"] as? String == "Not Found")
    #expect(json["instance"] as? String == "/api/nowhere")
  }

  @Test func wrongMethodIsRefusedWithAllow() throws {
    let response = try client.request("DELETE", "/hello")
    #expect(response.status == 405)
    #expect(response.header("Allow") == "GET, HEAD")
    let post = try client.request("PUT", "/api/echo")
    #expect(post.status == 405)
    #expect(post.header("Allow") == "POST")
    #expect(try post.json()["status"] as? Int == 405)
  }

  @Test func headAnswersLikeGetWithoutBody() throws {
    let response = try client.request("HEAD", "/hello")
    #expect(response.status == 200)
    #expect(response.body.isEmpty)
  }

  /// A load balancer's probe passes the log, the headers and the errors, and no session work.
  @Test func aProbeSkipsTheSessionsMiddlewareAndNothingElse() throws {
    let probe = try client.get("/probe")
    #expect(probe.status == 200 && probe.text == "up")
    #expect(probe.header("X-Content-Type-Options") == "nosniff")
    #expect(probe.header("Content-Security-Policy") == SecurityHeadersMiddleware.resourcePolicy)
    #expect(probe.header("X-Request-Id")?.isEmpty == false)
    let head = try client.request("HEAD", "/probe")
    #expect(head.status == 200 && head.body.isEmpty)
    #expect(test.session.passed.value == 0)
    // Another method, another path: ordinary requests.
    #expect(try client.get("/hello").status == 200)
    #expect(test.session.passed.value == 1)
    let post = try client.request("POST", "/probe")
    #expect(post.status == 405 && post.header("Allow") == "GET, HEAD")
    #expect(try client.get("/probe/").status == 404)
    #expect(test.session.passed.value == 3)
  }

  @Test func declaredOversizedBodyIsRefusedBeforeReading() throws {
    let body = [UInt8](repeating: UInt8(ascii: "a"), count: TestServer.bodyLimit + 1)
    let response = try client.request(
      "POST", "/form", headers: [("Content-Type", "application/x-www-form-urlencoded")], body: body)
    #expect(response.status == 413)
    let problem = try client.request(
      "POST", "/api/echo", headers: [("Content-Type", "application/json")], body: body)
    #expect(problem.status == 413)
    #expect((try problem.json()["detail"] as? String)?.contains("\(TestServer.bodyLimit)") == true)
  }

  @Test func chunkedOversizedBodyIsRefused() throws {
    let chunk = String(repeating: "x", count: 1000)
    var raw = "POST /api/echo HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
    raw += "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
    for _ in 0..<6 { raw += "3e8\r\n\(chunk)\r\n" }
    raw += "0\r\n\r\n"
    let response = try client.send(Array(raw.utf8))
    #expect(response.status == 413)
    // The server is unharmed.
    #expect(try client.get("/hello").status == 200)
  }

  @Test func decodesUrlencodedForms() throws {
    let response = try client.post(
      "/form", contentType: "application/x-www-form-urlencoded; charset=utf-8",
      body: "name=Ana+Lima&note=%3Cb%3E+%26+caf%C3%A9&empty=")
    #expect(response.status == 200)
    #expect(response.text == "name=Ana Lima\nnote=<b> & café\nempty=")
  }

  @Test func malformedFormIsABadRequestNamingTheProblem() throws {
    let response = try client.post(
      "/form", contentType: "application/x-www-form-urlencoded", body: "name=%ZZ")
    #expect(response.status == 400)
    #expect(response.text.contains("percent-encoding"))
    let invalidUTF8 = try client.post(
      "/form", contentType: "application/x-www-form-urlencoded", body: "name=%FF%FE")
    #expect(invalidUTF8.status == 400)
    #expect(invalidUTF8.text.contains("UTF-8"))
  }

  @Test func decodesMultipartUploads() throws {
    let boundary = "----trellis7MA4YWxk"
    var body = "--\(boundary)\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nPeople import\r\n"
    body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"file\"; filename=\"people.csv\"\r\n"
    body += "Content-Type: text/csv\r\n\r\nuserName,givenName\r\nana@example.com,Ana\r\n"
    body += "--\(boundary)--\r\n"
    let response = try client.post(
      "/form", contentType: "multipart/form-data; boundary=\(boundary)", body: body)
    #expect(response.status == 200)
    #expect(response.text == "title=People import\nfile file people.csv text/csv 39")
  }

  @Test func malformedMultipartIsABadRequest() throws {
    let unterminated = try client.post(
      "/form", contentType: "multipart/form-data; boundary=XYZ",
      body: "--XYZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue without end")
    #expect(unterminated.status == 400)
    #expect(unterminated.text.contains("closing boundary"))
    let noBoundary = try client.post("/form", contentType: "multipart/form-data", body: "x")
    #expect(noBoundary.status == 400)
    #expect(noBoundary.text.contains("boundary"))
  }

  @Test func decodesJSON() throws {
    let response = try client.post(
      "/api/echo", contentType: "application/json", body: #"{"name":"Ana","count":3,"tags":["a"]}"#)
    #expect(response.status == 201)
    let json = try response.json()
    #expect(json["name"] as? String == "Ana")
    #expect(json["count"] as? Int == 3)
  }

  @Test(arguments: [
    (#"{"name":"Ana","count":"#, "(body)", "not valid JSON"),
    (#"{"name":"Ana","count":"three"}"#, "count", "must be an integer"),
    (#"{"count":3}"#, "name", "is required"),
    (#"{"name":"Ana","count":3,"tags":[1]}"#, "tags[0]", "must be a string"),
    (#"{"name":null,"count":3}"#, "name", "not null"),
  ])
  func malformedJSONIsABadRequestNamingTheField(body: String, field: String, message: String) throws {
    let response = try client.post("/api/echo", contentType: "application/json", body: body)
    #expect(response.status == 400)
    #expect(response.header("Content-Type") == "application/problem+json")
    let json = try response.json()
    #expect((json["detail"] as? String)?.contains(message) == true, "\(json)")
    if field != "(body)" {
      let errors = try #require(json["errors"] as? [[String: String]])
      #expect(errors.first?["field"] == field)
    }
  }

  @Test func wrongMediaTypeIsUnsupported() throws {
    let textToJSON = try client.post("/api/echo", contentType: "text/plain", body: "hello")
    #expect(textToJSON.status == 415)
    #expect((try textToJSON.json()["detail"] as? String)?.contains("application/json") == true)
    let jsonToForm = try client.post("/form", contentType: "application/json", body: "{}")
    #expect(jsonToForm.status == 415)
    let none = try client.request("POST", "/api/echo", body: Array("{}".utf8))
    #expect(none.status == 415)
  }

  @Test func unexpectedErrorsBecome500WithoutDetails() throws {
    let api = try client.get("/api/fail")
    #expect(api.status == 500)
    #expect(!api.text.contains("Unexpected"))
    let page = try client.get("/fail")
    #expect(page.status == 500)
    #expect(page.header("Content-Type")?.hasPrefix("text/html") == true)
    #expect(try client.get("/hello").status == 200)
  }

  @Test(arguments: [
    "NONSENSE\r\n\r\n",
    "GET /hello HTTP/9.9\r\nHost: x\r\n\r\n",
    "GET /hello HTTP/1.1\r\nHost: x\r\nBroken header line\r\n\r\n",
    "POST /form HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
    "GET /\u{0}\u{1}\u{2} HTTP/1.1\r\n\r\n",
    "",
  ])
  func garbageNeverCrashesTheServer(raw: String) throws {
    _ = try? client.exchange(Array(raw.utf8), halfClose: true)
    #expect(try client.get("/hello").status == 200)
  }

  @Test func headersOverTheLimitGet431AndNeverAnUnansweredClose() throws {
    // libmicrohttpd copies the Cookie header within the connection's buffer, so a cookie of half
    // the buffer used to leave no room for the answer: probe cookies and other headers across
    // the limit and that old edge (the answer here carries as many headers as a page's).
    let limit = ServerConfiguration().headerBytesLimit
    for (name, sizes) in [
      ("Cookie", stride(from: 7_000, through: 20_000, by: 23)),
      ("X-Large", stride(from: 15_000, through: 40_000, by: 97)),
    ] {
      for size in sizes {
        let value =
          name == "Cookie"
          ? "a=" + String(repeating: "x", count: size - 2) : String(repeating: "x", count: size)
        let request =
          "GET /with-many-headers HTTP/1.1\r\nHost: 127.0.0.1:\(client.port)\r\nConnection: close\r\n\(name): \(value)\r\n\r\n"
        let response = try client.send(Array(request.utf8))
        if abs(request.utf8.count - limit) > 8 {
          #expect(response.status == (request.utf8.count <= limit ? 200 : 431), "\(name) of \(size) bytes")
        } else {
          #expect([200, 431].contains(response.status), "\(name) of \(size) bytes")
        }
      }
    }
    #expect(try client.get("/hello").status == 200)
  }

  @Test func servesAssetsWithValidators() throws {
    let response = try client.get("/assets/site.css")
    #expect(response.status == 200)
    #expect(response.text == "body{}")
    #expect(response.header("ETag") == "\"abc123\"")
    #expect(response.header("Cache-Control")?.contains("max-age=31536000") == true)
    let cached = try client.get("/assets/site.css", headers: [("If-None-Match", "\"abc123\"")])
    #expect(cached.status == 304)
    #expect(cached.body.isEmpty)
    #expect(try client.get("/assets/missing.css").status == 404)
  }

  @Test func answersManyConcurrentRequests() async throws {
    let client = self.client
    let statuses = try await withThrowingTaskGroup(of: Int.self) { group in
      for index in 0..<64 {
        group.addTask { try client.get(index.isMultiple(of: 2) ? "/hello" : "/people/\(index)").status }
      }
      return try await group.reduce(into: []) { $0.append($1) }
    }
    #expect(statuses.count == 64)
    #expect(statuses.allSatisfy { $0 == 200 })
  }
}

@Suite("HTTP server lifecycle")
struct ServerLifecycleTests {
  @Test func shutdownFinishesRequestsInFlightThenStopsListening() throws {
    let test = try TestServer()
    let client = test.client
    // Its own thread: blocking I/O must not wait for a busy shared pool.
    let result = ResultBox()
    let finished = DispatchSemaphore(value: 0)
    Thread.detachNewThread {
      result.value = try? client.get("/slow")
      finished.signal()
    }
    for _ in 0..<2000 where test.server.requestsInFlight == 0 { usleep(5_000) }
    #expect(test.server.requestsInFlight == 1)
    test.server.shutdown(gracePeriod: 5)
    #expect(finished.wait(timeout: .now() + 10) == .success)
    #expect(result.value?.status == 200)
    #expect(result.value?.text == "finished")
    #expect(throws: RawHTTPError.self) { try client.get("/hello") }
  }

  @Test func refusesAnAddressThatIsNotOne() throws {
    var configuration = ServerConfiguration()
    configuration.bindAddress = "not-an-address"
    configuration.port = 0
    let server = Server(configuration: configuration) { _ in .text("") }
    #expect(throws: ServerError.self) { try server.start() }
  }

  /// Request lines wait in memory and go out together: on an event, on `flush()`, or after the
  /// interval; none is lost or cut, even from several threads at once.
  @Test func requestLinesAreWrittenTogetherAndNoneIsLost() throws {
    var descriptors: [Int32] = [0, 0]
    #expect(pipe(&descriptors) == 0)
    _ = fcntl(descriptors[0], F_SETFL, fcntl(descriptors[0], F_GETFL) | O_NONBLOCK)
    func drain() -> String {
      var data = [UInt8]()
      var buffer = [UInt8](repeating: 0, count: 65_536)
      while true {
        let count = read(descriptors[0], &buffer, buffer.count)
        if count <= 0 { break }
        data += buffer[0..<count]
      }
      return String(decoding: data, as: UTF8.self)
    }
    let logger = RequestLogger(descriptor: descriptors[1], flushInterval: 3_600)
    DispatchQueue.concurrentPerform(iterations: 4) { thread in
      for index in 0..<50 {
        logger.request(
          id: "t\(thread)-\(index)", method: "GET", path: "/p/\(thread)/\(index)", status: 200,
          durationMilliseconds: 1.5)
      }
    }
    #expect(drain().isEmpty, "still waiting")
    logger.info("an event")
    let lines = drain().split(separator: "\n")
    #expect(lines.count == 201)
    let entries = try lines.map {
      try #require(try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
    }
    #expect(Set(entries.compactMap { $0["request_id"] as? String }).count == 200)
    #expect(entries.last?["msg"] as? String == "an event", "after the lines before it")
    let soon = RequestLogger(descriptor: descriptors[1], flushInterval: 0.05)
    soon.request(id: "late", method: "GET", path: "/late", status: 200, durationMilliseconds: 1)
    var late = ""
    for _ in 0..<100 where late.isEmpty {
      usleep(20_000)
      late = drain()
    }
    #expect(late.contains(#""request_id":"late""#), "written after the interval")
    close(descriptors[0])
    close(descriptors[1])
  }

  /// Ids are the process's prefix and a hexadecimal counter, across digit boundaries.
  @Test func requestIDsCountInHexadecimalAfterTheProcessPrefix() throws {
    let logger = RequestLogger(descriptor: -1)
    let first = logger.nextRequestID()
    let parts = first.split(separator: "-")
    #expect(parts.count == 2 && (1...8).contains(parts[0].count) && UInt32(parts[0], radix: 16) != nil)
    #expect(parts[1] == "1")
    for expected in 2...70_000 {
      let id = logger.nextRequestID()
      guard id == "\(parts[0])-\(String(expected, radix: 16))" else {
        Issue.record("id \(expected) is \(id)")
        return
      }
    }
  }

  @Test func logsOneJSONLinePerRequest() throws {
    var descriptors: [Int32] = [0, 0]
    #expect(pipe(&descriptors) == 0)
    let test = try TestServer(logDescriptor: descriptors[1])
    _ = try test.client.get("/hello?x=1")
    _ = try test.client.get("/missing")
    test.server.shutdown(gracePeriod: 1)
    test.logger.flush()
    close(descriptors[1])
    var data = Data()
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
      let count = read(descriptors[0], &buffer, buffer.count)
      if count <= 0 { break }
      data.append(contentsOf: buffer[0..<count])
    }
    close(descriptors[0])
    let lines = String(decoding: data, as: UTF8.self).split(separator: "\n")
    #expect(lines.count == 2)
    let first = try #require(
      try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as? [String: Any])
    #expect(first["method"] as? String == "GET")
    #expect(first["path"] as? String == "/hello")
    #expect(first["status"] as? Int == 200)
    #expect(first["duration_ms"] is Double || first["duration_ms"] is Int)
    #expect((first["request_id"] as? String)?.isEmpty == false)
    #expect((first["time"] as? String)?.hasSuffix("Z") == true)
    let second = try #require(
      try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
    #expect(second["status"] as? Int == 404)
    #expect(second["request_id"] as? String != first["request_id"] as? String)
  }
}

final class ResultBox: @unchecked Sendable {
  var value: RawResponse?
}
