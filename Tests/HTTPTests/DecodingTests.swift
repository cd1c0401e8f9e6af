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
