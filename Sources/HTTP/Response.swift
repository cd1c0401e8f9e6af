import Foundation

/// One HTTP response.
public struct Response: Sendable {
  public var status: Status
  public var headers: Headers
  public var body: [UInt8]

  public init(status: Status = .ok, headers: Headers = Headers(), body: [UInt8] = []) {
    self.status = status
    self.headers = headers
    self.body = body
  }

  /// UTF-8 text of any textual type (`text/plain` unless told otherwise).
  public static func text(_ text: String, type: String = "text/plain", status: Status = .ok) -> Response {
    Response(
      status: status, headers: Headers([("content-type", "\(type); charset=utf-8")]),
      body: Array(text.utf8))
  }

  /// The same response, offered to the browser as a file to save.
  public func asDownload(named filename: String) -> Response {
    var response = self
    response.headers.set("Content-Disposition", "attachment; filename=\"\(filename)\"")
    return response
  }

  public static func html(_ html: String, status: Status = .ok) -> Response {
    .html(Array(html.utf8), status: status)
  }

  /// An HTML document already in UTF-8.
  public static func html(_ html: [UInt8], status: Status = .ok) -> Response {
    Response(
      status: status, headers: Headers([("content-type", "text/html; charset=utf-8")]), body: html)
  }

  /// A JSON body encoded from any `Encodable` (keys sorted so output is stable).
  public static func json<T: Encodable>(_ value: T, status: Status = .ok) throws -> Response {
    Response(
      status: status, headers: Headers([("content-type", "application/json")]),
      body: Array(try JSONCoding.encoder.encode(value)))
  }

  /// Pre-serialized JSON text.
  public static func jsonText(_ text: String, status: Status = .ok) -> Response {
    Response(
      status: status, headers: Headers([("content-type", "application/json")]),
      body: Array(text.utf8))
  }

  /// 303 See Other: the answer to a successful form post.
  public static func redirect(to location: String, status: Status = .seeOther) -> Response {
    Response(status: status, headers: Headers([("Location", location)]))
  }

  /// An RFC 9457 problem document for an error.
  public static func problem(_ error: HTTPError, instance: String? = nil) -> Response {
    let problem = ProblemDocument(
      type: "about:blank", title: error.title, status: error.status.code, detail: error.detail,
      instance: instance, errors: error.fieldErrors.isEmpty ? nil : error.fieldErrors)
    let body = (try? JSONCoding.encoder.encode(problem)) ?? Data()
    var headers = Headers([("content-type", "application/problem+json")])
    for (name, value) in error.headers { headers.add(name, value) }
    return Response(status: error.status, headers: headers, body: Array(body))
  }

  public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// RFC 9457 "problem details", with field errors as an extension member.
public struct ProblemDocument: Codable, Sendable {
  public var type: String
  public var title: String
  public var status: Int
  public var detail: String?
  public var instance: String?
  public var errors: [FieldError]?
}

/// The JSON coders every layer shares, so dates and key order look the same everywhere.
public enum JSONCoding {
  public static var encoder: JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    encoder.dateEncodingStrategy = .iso8601
    return encoder
  }
  public static var decoder: JSONDecoder {
    let decoder = JSONDecoder()
    decoder.dateDecodingStrategy = .iso8601
    return decoder
  }
}
