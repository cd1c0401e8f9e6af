/// One problem with one input field, reported back to the client.
public struct FieldError: Sendable, Equatable, Codable {
  public let field: String
  public let message: String
  public init(field: String, message: String) {
    self.field = field
    self.message = message
  }
}

/// The one error type the edge turns into a response (an HTML page or RFC 9457 problem JSON).
public struct HTTPError: Error, Sendable, Equatable {
  public var status: Status
  /// Short, human title; defaults to the reason phrase.
  public var title: String
  /// What went wrong, for a person to read.
  public var detail: String?
  public var fieldErrors: [FieldError]
  /// Extra response headers (`Allow` on 405, for example).
  public var headers: [(String, String)]

  public init(
    _ status: Status, title: String? = nil, detail: String? = nil, fieldErrors: [FieldError] = [],
    headers: [(String, String)] = []
  ) {
    self.status = status
    self.title = title ?? status.reason
    self.detail = detail
    self.fieldErrors = fieldErrors
    self.headers = headers
  }

  public static func == (lhs: HTTPError, rhs: HTTPError) -> Bool {
    lhs.status == rhs.status && lhs.title == rhs.title && lhs.detail == rhs.detail
      && lhs.fieldErrors == rhs.fieldErrors
  }

  public static func badRequest(_ detail: String, fieldErrors: [FieldError] = []) -> HTTPError {
    HTTPError(.badRequest, detail: detail, fieldErrors: fieldErrors)
  }
  public static func notFound(_ detail: String = "There is nothing at this address.") -> HTTPError {
    HTTPError(.notFound, detail: detail)
  }
  public static func methodNotAllowed(allowed: [String]) -> HTTPError {
    HTTPError(
      .methodNotAllowed,
      detail: "This address accepts \(allowed.joined(separator: ", ")).",
      headers: [("Allow", allowed.joined(separator: ", "))])
  }
  public static func contentTooLarge(limit: Int) -> HTTPError {
    HTTPError(.contentTooLarge, detail: "The request body is larger than the limit of \(limit) bytes.")
  }
  public static func unsupportedMediaType(_ got: String?, expected: [String]) -> HTTPError {
    let received = got.map { "'\($0)'" } ?? "no content type"
    return HTTPError(
      .unsupportedMediaType,
      detail: "Expected \(expected.joined(separator: " or ")), got \(received).")
  }
  /// Validation failed: 422 with one message per field.
  public static func invalid(_ fieldErrors: [FieldError], detail: String? = nil) -> HTTPError {
    HTTPError(
      .unprocessableContent, title: "Invalid input",
      detail: detail ?? fieldErrors.map { "\($0.field): \($0.message)" }.joined(separator: "; "),
      fieldErrors: fieldErrors)
  }
}

/// Errors of other layers say how they look on the wire by conforming to this.
public protocol HTTPErrorConvertible: Error {
  var httpError: HTTPError { get }
}
