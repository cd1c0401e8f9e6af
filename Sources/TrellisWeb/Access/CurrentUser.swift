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

  /// The token a form on this page must send back.
  var csrfToken: String {
    self[CurrentUser.self]?.session?.csrfToken ?? self[AnonymousCSRF.self] ?? ""
  }

  /// `limit` and `offset` query arguments within bounds.
  func paging(defaultLimit: Int = 50) -> (limit: Int, offset: Int) {
    let limit = query("limit").flatMap(Int.init).map { min(max($0, 1), 500) } ?? defaultLimit
    let offset = query("offset").flatMap(Int.init).map { max($0, 0) } ?? 0
    return (limit, offset)
  }
}
