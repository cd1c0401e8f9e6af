import Foundation
import HTTP
import Trellis

/// Sessions, the signed-in person, personal access tokens and the access history, as JSON.
enum AccessAPI {
  struct SignIn: Decodable {
    let email: String
    let password: String
    /// The authenticator app's code, for accounts with a second factor.
    let code: String?
  }

  struct SessionInfo: Encodable {
    let person: Person
    let roles: [Role]
    let csrfToken: String
    let expiresAt: Date
  }

  struct Me: Encodable {
    let person: Person
    let roles: [Role]
    let manages: Int
  }

  struct NewToken: Decodable {
    let name: String
  }

  struct CreatedToken: Encodable {
    let token: String
    let accessToken: AccessToken
  }

  static func register(on router: Router, services: Services) {
    router.post("/api/v1/sessions") { request in
      let body = try request.decodeJSON(SignIn.self)
      let new: NewSession
      do {
        new = try services.accounts.signIn(
          email: body.email, password: body.password, address: request.remoteAddress, via: .api,
          userAgent: request.headers["user-agent"] ?? "")
      } catch SecondFactorError.required(let challenge) where body.code != nil {
        new = try services.accounts.completeSignIn(
          challenge: challenge, code: body.code ?? "", from: request.origin,
          userAgent: request.headers["user-agent"] ?? "")
      }
      guard let user = try services.accounts.authenticate(sessionToken: new.token) else {
        throw AccessError.signInRequired
      }
      var response = try Response.json(
        SessionInfo(
          person: user.actor.person, roles: user.actor.roles.sorted { $0.rawValue < $1.rawValue },
          csrfToken: new.session.csrfToken, expiresAt: new.session.expiresAt),
        status: .created)
      response.headers.add("Set-Cookie", Cookies.set(Cookies.session, new.token))
      return response
    }

    router.delete("/api/v1/sessions/current") { request in
      _ = try request.actor()
      guard let session = request.signedIn?.session else {
        throw HTTPError(
          .conflict, detail: "Requests with an access token have no session; revoke the token instead.")
      }
      try services.accounts.signOut(sessionID: session.id, from: request.origin)
      var response = Response(status: .noContent)
      response.headers.add("Set-Cookie", Cookies.clear(Cookies.session))
      return response
    }

    router.get("/api/v1/me") { request in
      let actor = try request.actor()
      let chart = try services.people.orgChart(actor, id: actor.id)
      return try .json(
        Me(
          person: actor.person, roles: actor.roles.sorted { $0.rawValue < $1.rawValue },
          manages: chart.directReports.count))
    }

    router.get("/api/v1/me/tokens") { request in
      try .json(try services.accounts.tokens(try request.actor()))
    }

    router.post("/api/v1/me/tokens") { request in
      let actor = try request.actor()
      let body = try request.decodeJSON(NewToken.self)
      let (secret, token) = try services.accounts.createToken(actor, name: body.name, from: request.origin)
      return try .json(CreatedToken(token: secret, accessToken: token), status: .created)
    }

    router.delete("/api/v1/me/tokens/:id") { request in
      try services.accounts.revokeToken(
        try request.actor(), id: try request.intParameter("id"), from: request.origin)
      return Response(status: .noContent)
    }

    router.get("/api/v1/me/access-history") { request in
      let actor = try request.actor()
      let (limit, offset) = try request.paging()
      return try .json(try services.audit.accessHistory(actor, of: actor.id, limit: limit, offset: offset))
    }
  }

  static let paths: [(String, JSONValue)] = [
    (
      "/api/v1/sessions",
      [
        "post": Spec.operation(
          "signIn",
          "Sign in with email and password (and the authenticator app's code for an account with a second factor); sets the session cookie",
          tag: "access", body: Spec.json(Spec.ref("SignIn")),
          success: ("201", "Signed in", Spec.ref("SessionInfo")),
          errors: ["400", "401", "403", "415", "429"], public: true)
      ]
    ),
    (
      "/api/v1/sessions/current",
      [
        "delete": Spec.operation(
          "signOut", "End the current session", tag: "access", success: ("204", "Signed out", nil),
          errors: ["401", "403", "409"])
      ]
    ),
    (
      "/api/v1/me",
      [
        "get": Spec.operation(
          "getMe", "The signed-in person and their roles", tag: "access",
          success: ("200", "You", Spec.ref("Me")), errors: ["401"])
      ]
    ),
    (
      "/api/v1/me/tokens",
      [
        "get": Spec.operation(
          "listTokens", "Your personal access tokens", tag: "access",
          success: ("200", "Tokens", Spec.array(of: "AccessToken")), errors: ["401"]),
        "post": Spec.operation(
          "createToken", "Create a personal access token (its secret is returned once)", tag: "access",
          body: Spec.json(Spec.ref("NewToken")), success: ("201", "Created", Spec.ref("CreatedToken")),
          errors: ["400", "401", "403", "415", "422"]),
      ]
    ),
    (
      "/api/v1/me/tokens/{id}",
      [
        "delete": Spec.operation(
          "revokeToken", "Revoke one of your tokens", tag: "access", parameters: [Spec.idParameter()],
          success: ("204", "Revoked", nil), errors: ["401", "403", "404"])
      ]
    ),
    (
      "/api/v1/me/access-history",
      [
        "get": Spec.operation(
          "getAccessHistory",
          "Who has read your career information, and when: one entry per reader, data, channel and day, with a count",
          tag: "access", parameters: Spec.paging,
          success: ("200", "Reads, newest first, a page at a time", Spec.ref("AccessHistoryPage")),
          errors: ["400", "401"])
      ]
    ),
  ]
}
