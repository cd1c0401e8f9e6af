import HTTP
import Trellis

// How the domain's errors look on the wire: one mapping, used by pages and the API alike.

extension AccessError: HTTPErrorConvertible {
  public var httpError: HTTPError {
    switch self {
    case .signInRequired:
      HTTPError(
        .unauthorized, title: "Sign in required", detail: "Sign in to see this page.",
        headers: [("WWW-Authenticate", "Bearer")])
    case .forbidden:
      HTTPError(.forbidden, detail: "This is not yours to see or change.")
    }
  }
}

extension NotFound: HTTPErrorConvertible {
  public var httpError: HTTPError { .notFound("There is no such \(what).") }
}

extension ValidationError: HTTPErrorConvertible {
  public var httpError: HTTPError {
    .invalid(problems.map { FieldError(field: $0.field, message: $0.message) })
  }
}

extension Conflict: HTTPErrorConvertible {
  public var httpError: HTTPError {
    HTTPError(
      .conflict, detail: message,
      fieldErrors: field.map { [FieldError(field: $0, message: message)] } ?? [])
  }
}

extension LinkError: HTTPErrorConvertible {
  public var httpError: HTTPError {
    HTTPError(
      .gone, title: "Link no longer valid",
      detail: "This link has been used or has expired. Ask an admin for a new one.")
  }
}

extension SignInError: HTTPErrorConvertible {
  public var httpError: HTTPError {
    switch self {
    case .invalidCredentials:
      HTTPError(.unauthorized, title: "Sign-in failed", detail: "Email or password is incorrect.")
    case .throttled(let seconds):
      HTTPError(
        .tooManyRequests, title: "Too many attempts",
        detail: "Too many sign-in attempts. Try again in \(max(1, (seconds + 59) / 60)) minutes.",
        headers: [("Retry-After", String(seconds))])
    }
  }
}
