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
    case .singleSignOnRequired:
      HTTPError(
        .forbidden, title: "Sign in with single sign-on",
        detail: "Your organization signs in with its identity provider: use “Continue with single sign-on”.")
    }
  }
}

extension SecondFactorError: HTTPErrorConvertible {
  public var httpError: HTTPError {
    switch self {
    case .required:
      HTTPError(
        .unauthorized, title: "Code required",
        detail: "This account has a second factor: send the code of the authenticator app as well.",
        fieldErrors: [FieldError(field: "code", message: "is required for this account")])
    case .wrongCode:
      HTTPError(
        .unprocessableContent, title: "Wrong code",
        fieldErrors: [FieldError(field: "code", message: "is not the code your app shows now")])
    case .challengeExpired:
      HTTPError(
        .badRequest, title: "Sign-in expired",
        detail: "Too slow or too many wrong codes: sign in again with your password.")
    case .neededForBreakGlass:
      HTTPError(
        .conflict,
        detail:
          "You can still sign in with a password while single sign-on is required, so you keep the second factor."
      )
    }
  }
}

extension SingleSignOnError: HTTPErrorConvertible {
  public var httpError: HTTPError {
    switch self {
    case .noProvider(let domain):
      HTTPError(
        .unprocessableContent, title: "No single sign-on for this address",
        detail:
          "No identity provider signs in \(domain.isEmpty ? "this address" : "@" + domain) addresses. Sign in with your password, or ask an admin.",
        fieldErrors: [FieldError(field: "email", message: "no single sign-on is set up for this domain")])
    case .unknownAccount(let email):
      HTTPError(
        .forbidden, title: "No Trellis account",
        detail:
          "Your organization's sign-in worked, but Trellis has no active account for \(email). Ask your people team to add you."
      )
    case .deactivated:
      HTTPError(
        .forbidden, title: "Account deactivated",
        detail: "Your Trellis account is deactivated. Ask your people team if you think this is a mistake.")
    case .attemptExpired:
      HTTPError(
        .badRequest, title: "Sign-in expired",
        detail: "This sign-in took too long or was already used. Start again from the sign-in page.")
    case .refused(let why):
      HTTPError(
        .forbidden, title: "Your organization's sign-in said no",
        detail: "The identity provider did not sign you in (\(why)). Start again, or ask your IT team.")
    case .unreachable(let why):
      HTTPError(
        .badGateway, title: "Identity provider unavailable",
        detail:
          "Trellis could not complete the sign-in with your identity provider (\(why)). Try again later.")
    case .invalidToken(let why):
      HTTPError(
        .forbidden, title: "Sign-in not accepted",
        detail:
          "The answer of your identity provider could not be trusted: \(why.description). Nothing was signed in."
      )
    case .invalidAssertion(let why):
      HTTPError(
        .forbidden, title: "Sign-in not accepted",
        detail: "The answer of your identity provider could not be trusted: \(why). Nothing was signed in.")
    case .unavailable:
      HTTPError(
        .serviceUnavailable, title: "Single sign-on unavailable",
        detail: "Single sign-on is not available here.")
    }
  }
}
