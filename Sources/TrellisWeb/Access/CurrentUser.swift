import HTTP
import Trellis

/// Who made the request, as the authentication middleware found out.
enum CurrentUser: RequestStorageKey {
  typealias Value = Authenticated
}

/// The notice to show once on the next page (after a redirect).
enum Notice: RequestStorageKey {
  typealias Value = String
}

/// The token anonymous forms (sign-in, set password) carry in a cookie and a field.
enum AnonymousCSRF: RequestStorageKey {
  typealias Value = String
}

extension Request {
  /// The signed-in actor; throws "sign in required" when there is none.
  func actor() throws -> Actor {
    guard let user = self[CurrentUser.self] else { throw AccessError.signInRequired }
    return user.actor
  }

  var signedIn: Authenticated? { self[CurrentUser.self] }

  /// How this request reached Trellis, for the access history.
  var channel: Channel { isAPI ? .api : .web }

  /// Where this request came from, for the security log.
  var origin: Origin { Origin(address: remoteAddress, via: channel) }

  /// The token a form on this page must send back: the session's, or for signed-out visitors
  /// the one in their cookie (or just drawn for this page).
  var csrfToken: String {
    if let user = self[CurrentUser.self] { return user.session?.csrfToken ?? "" }
    return self[AnonymousCSRF.self] ?? cookies[Cookies.csrf] ?? ""
  }

  /// `limit` (1–500) and `offset` (0 or more) query arguments; anything else is a 400 naming it.
  func paging(defaultLimit: Int = 50) throws -> (limit: Int, offset: Int) {
    (
      try integerQuery("limit", in: 1...500) ?? defaultLimit,
      try integerQuery("offset", in: 0...Int(Int32.max)) ?? 0
    )
  }

  /// A query argument that must be a whole number in a range, if given once.
  func integerQuery(_ name: String, in range: ClosedRange<Int>) throws -> Int? {
    let values = query.filter { $0.name == name }.map(\.value)
    guard let text = values.first else { return nil }
    guard values.count == 1, let number = Int(text), range.contains(number) else {
      throw HTTPError.badRequest(
        "Query parameter '\(name)' must be a whole number from \(range.lowerBound) to \(range.upperBound).",
        fieldErrors: [
          FieldError(
            field: name, message: "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        ])
    }
    return number
  }

  /// A query argument naming one case of `Choice`, if given. Forms send "" for "any", which
  /// pages accept (`emptyMeansAny`); the API takes a case or no argument.
  func enumQuery<Choice: RawRepresentable & CaseIterable>(
    _ name: String, as: Choice.Type, emptyMeansAny: Bool
  ) throws -> Choice? where Choice.RawValue == String {
    guard let text = query(name), !text.isEmpty || !emptyMeansAny else { return nil }
    guard let choice = Choice(rawValue: text) else {
      throw HTTPError.invalid([
        FieldError(
          field: name, message: "must be one of \(Choice.allCases.map(\.rawValue).joined(separator: ", "))")
      ])
    }
    return choice
  }

  /// A query argument that must be `true` or `false`, if given; false when absent.
  func booleanQuery(_ name: String) throws -> Bool {
    let values = query.filter { $0.name == name }.map(\.value)
    guard let text = values.first else { return false }
    guard values.count == 1, text == "true" || text == "false" else {
      throw HTTPError.badRequest(
        "Query parameter '\(name)' must be true or false.",
        fieldErrors: [FieldError(field: name, message: "must be true or false")])
    }
    return text == "true"
  }
}
