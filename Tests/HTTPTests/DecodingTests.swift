import Testing

@testable import HTTP

@Suite("Body and router units")
struct DecodingTests {
  @Test func percentDecoding() throws {
    #expect(try URLEncoding.decode(Array("a%20b+c%2B".utf8)) == "a b c+")
    #expect(throws: URLEncoding.Failure.self) { try URLEncoding.decode(Array("%4".utf8)) }
    #expect(throws: URLEncoding.Failure.self) { try URLEncoding.decode(Array("%G0".utf8)) }
  }

  @Test func percentEncodingRoundTrips() throws {
    let text = "Ana & Bo / café ?=#"
    #expect(try URLEncoding.decode(Array(URLEncoding.encode(text).utf8)) == text)
    #expect(URLEncoding.encode("a b") == "a%20b")
  }

  @Test func logLinesWriteNumbersAndTextAsJSONNeedsThem() {
    func integer(_ value: Int, width: Int = 1) -> String {
      var bytes: [UInt8] = []
      LogJSON.appendInteger(value, width: width, to: &bytes)
      return String(decoding: bytes, as: UTF8.self)
    }
    #expect(integer(0) == "0")
    #expect(integer(7, width: 3) == "007")
    #expect(integer(10, width: 2) == "10")
    #expect(integer(100) == "100")
    #expect(integer(2026, width: 4) == "2026")
    #expect(integer(12_345, width: 3) == "12345")
    #expect(integer(Int.max) == String(Int.max))
    #expect(integer(-5) == "0")
    func quoted(_ text: String) -> String {
      var bytes: [UInt8] = []
      LogJSON.appendQuoted(text, to: &bytes)
      return String(decoding: bytes, as: UTF8.self)
    }
    #expect(quoted("/healthz") == #""/healthz""#)
    #expect(quoted("/people/a-long-path-past-fifteen-bytes") == #""/people/a-long-path-past-fifteen-bytes""#)
    #expect(quoted("say \"hi\"\n") == #""say \"hi\"\n""#)
  }

  @Test func headerNamesAreKeptLowercase() {
    #expect(Headers.key("X-Request-Id") == "x-request-id")
    #expect(Headers.key("content-security-policy") == "content-security-policy")
  }

  @Test func mediaTypeParameters() {
    #expect(MediaType.essence(of: "Text/HTML; charset=UTF-8") == "text/html")
    #expect(MediaType.parameter("boundary", in: "multipart/form-data; boundary=\"a b\"") == "a b")
    #expect(MediaType.parameter("boundary", in: "multipart/form-data") == nil)
  }

  @Test func routerPrefersRegistrationOrderForPatterns() throws {
    let router = Router()
    router.get("/a/:x") { request in .text("x=\(try request.parameter("x"))") }
    router.get("/a/:y/b") { request in .text("y=\(try request.parameter("y"))") }
    #expect(try router.respond(to: Request(method: "GET", path: "/a/1")).bodyText == "x=1")
    #expect(try router.respond(to: Request(method: "GET", path: "/a/2/b")).bodyText == "y=2")
    #expect(throws: HTTPError.notFound()) { try router.respond(to: Request(method: "GET", path: "/a/")) }
    #expect(throws: HTTPError.notFound()) { try router.respond(to: Request(method: "GET", path: "/a/1/c")) }
  }

  @Test func requestStorageIsTyped() {
    enum Actor: RequestStorageKey { typealias Value = String }
    var request = Request(method: "GET", path: "/")
    #expect(request[Actor.self] == nil)
    request[Actor.self] = "ana"
    #expect(request[Actor.self] == "ana")
  }
}
