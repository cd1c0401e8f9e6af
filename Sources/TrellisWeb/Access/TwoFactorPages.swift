import Foundation
import HTML
import HTTP
import Trellis

/// A second factor for password sign-in (an authenticator app's code), and the admins' sign-in
/// policy: single sign-on required, with named break-glass admins who keep a password and a code.
enum TwoFactorPages {
  static func register(on router: Router, services: Services) {
    router.post("/sign-in/code") { request in
      let form = try request.form()
      let challenge = form["challenge"] ?? ""
      let next = form["next"] ?? ""
      do {
        let new = try services.accounts.completeSignIn(
          challenge: challenge, code: form["code"] ?? "", from: request.origin,
          userAgent: request.headers["user-agent"] ?? "")
        return try SignInPages.signedIn(request, new, next: next, services: services)
      } catch SecondFactorError.wrongCode {
        return codeForm(
          request, challenge: challenge, next: next, error: "is not the code your app shows now",
          status: .unprocessableContent)
      } catch SecondFactorError.challengeExpired {
        return SignInPages.form(
          request, email: "", next: next, error: SecondFactorError.challengeExpired.httpError.detail,
          status: .badRequest, ssoOrigins: try services.singleSignOn.signInOrigins())
      }
    }

    router.get("/me/two-factor") { request in
      let actor = try request.actor()
      // A setup begun and not yet confirmed stays on the page, so a reload keeps the same key.
      return Layout.render(
        page(
          try services.accounts.secondFactor(actor), setup: try services.accounts.pendingSecondFactor(actor),
          request: request),
        for: request)
    }

    router.post("/me/two-factor") { request in
      let actor = try request.actor()
      _ = try services.accounts.startSecondFactor(actor)
      return Response.redirect(to: "/me/two-factor")
    }

    router.post("/me/two-factor/confirm") { request in
      let actor = try request.actor()
      try services.accounts.confirmSecondFactor(
        actor, code: try request.form()["code"] ?? "", from: request.origin)
      return Response.redirect(to: "/me/two-factor").withNotice(
        "Your second factor is set up: sign-in with a password now also asks for a code.")
    }

    router.post("/me/two-factor/remove") { request in
      let actor = try request.actor()
      try services.accounts.removeSecondFactor(
        actor, code: try request.form()["code"] ?? "", from: request.origin)
      return Response.redirect(to: "/me/two-factor").withNotice("Your second factor is removed.")
    }

    router.post("/admin/sign-in-policy") { request in
      let actor = try request.actor()
      let form = try request.form()
      let input = SignInPolicyView(
        requireSingleSignOn: try form.ticked("requireSingleSignOn"),
        breakGlass: (form["breakGlass"] ?? "").split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" })
          .map(String.init))
      _ = try services.singleSignOn.setSignInPolicy(actor, input, from: request.origin)
      return Response.redirect(to: "/admin/identity-providers#sign-in-policy").withNotice(
        input.requireSingleSignOn
          ? "Single sign-on is required; break-glass admins keep their password and code."
          : "Passwords work again for everyone.")
    }

    router.get("/api/v1/me/two-factor") { request in
      try .json(try services.accounts.secondFactor(try request.actor()))
    }
    router.post("/api/v1/me/two-factor") { request in
      try .json(try services.accounts.startSecondFactor(try request.actor()), status: .created)
    }
    router.post("/api/v1/me/two-factor/confirm") { request in
      let body = try request.decodeJSON(Code.self)
      try services.accounts.confirmSecondFactor(try request.actor(), code: body.code, from: request.origin)
      return Response(status: .noContent)
    }
    router.post("/api/v1/me/two-factor/remove") { request in
      let body = try request.decodeJSON(Code.self)
      try services.accounts.removeSecondFactor(try request.actor(), code: body.code, from: request.origin)
      return Response(status: .noContent)
    }
    router.get("/api/v1/admin/sign-in-policy") { request in
      try .json(try services.singleSignOn.signInPolicy(try request.actor()))
    }
    router.put("/api/v1/admin/sign-in-policy") { request in
      let actor = try request.actor()
      try Policy.require(actor, .manageAccounts)
      let input = try request.decodeJSON(SignInPolicyView.self)
      return try .json(try services.singleSignOn.setSignInPolicy(actor, input, from: request.origin))
    }
  }

  struct Code: Decodable {
    let code: String
  }

  /// The second step of a password sign-in for an account with a second factor.
  static func codeForm(_ request: Request, challenge: String, next: String, error: String?, status: Status)
    -> Response
  {
    let page = Page(title: "Enter your code") {
      Node.section(.class("narrow")) {
        Node.h1 { "Enter your code" }
        Node.p { "Open your authenticator app and type the six-digit code it shows for Trellis." }
        Form.post("/sign-in/code", request: request) {
          Node.input(.type("hidden"), .name("challenge"), .value(challenge))
          Node.input(.type("hidden"), .name("next"), .value(next))
          Form.field(
            "Code", name: "code", required: true, error: error,
            extra: [
              Attribute("autocomplete", "one-time-code"), Attribute("inputmode", "numeric"),
              Attribute("pattern", "[0-9 ]{6,7}"), Attribute("maxlength", "7"),
            ])
          Node.button(.type("submit")) { "Sign in" }
        }
      }
    }
    return Layout.render(page, for: request, status: status)
  }

  static func page(
    _ status: SecondFactorStatus, setup: SecondFactorSetup?, request: Request
  )
    -> Page
  {
    Page(title: "Second factor") {
      Node.h1 { "Second factor" }
      Node.p(.class("lead")) {
        "With a second factor, signing in with your password also asks for a six-digit code from an authenticator app on your phone, so a stolen password is not enough."
      }
      if status.enabled {
        Node.section(.class("card")) {
          Node.p {
            Node.text("Your second factor is on")
            if let confirmed = status.confirmedAt { Node.text(" (since \(Dates.day(confirmed)))") }
            Node.text(".")
          }
          Form.post("/me/two-factor/remove", request: request) {
            Form.field(
              "Current code", name: "code", required: true,
              hint: "To remove it, type the code your app shows now.",
              extra: [Attribute("autocomplete", "one-time-code"), Attribute("inputmode", "numeric")])
            Node.button(.type("submit"), .class("secondary")) { "Remove the second factor" }
          }
        }
      } else if let setup {
        Node.section(.class("card")) {
          Node.h2 { "Add Trellis to your authenticator app" }
          Node.p { "In the app, add an account by entering this key (time-based, six digits):" }
          Node.p { Node.element("code", [.class("secret")], [.text(setup.secret)]) }
          Node.p(.class("muted")) {
            Node.text("Or open this address on your phone: ")
            Node.a(.href(setup.uri)) { "add to an authenticator app" }
          }
          Form.post("/me/two-factor/confirm", request: request) {
            Form.field(
              "Code from the app", name: "code", required: true,
              extra: [Attribute("autocomplete", "one-time-code"), Attribute("inputmode", "numeric")])
            Node.button(.type("submit")) { "Turn on" }
          }
        }
      } else {
        Form.post("/me/two-factor", request: request) {
          Node.button(.type("submit")) { "Set up a second factor" }
        }
      }
    }
  }
}

/// The OpenAPI description of second factors and the sign-in policy.
enum TwoFactorAPI {
  static let code: JSONValue = [
    "type": "object", "required": ["code"], "properties": ["code": ["type": "string", "maxLength": 20]],
  ]
  static let policy: JSONValue = [
    "type": "object", "required": ["requireSingleSignOn", "breakGlass"],
    "properties": [
      "requireSingleSignOn": ["type": "boolean"],
      "breakGlass": ["type": "array", "maxItems": 50, "items": ["type": "string", "maxLength": 254]],
    ],
  ]

  static let paths: [(String, JSONValue)] = [
    (
      "/api/v1/me/two-factor",
      [
        "get": Spec.operation(
          "getSecondFactor", "Whether you have a second factor", tag: "access",
          success: (
            "200", "Status",
            [
              "type": "object", "required": ["enabled"],
              "properties": [
                "enabled": ["type": "boolean"],
                "confirmedAt": ["type": ["string", "null"], "format": "date-time"],
              ],
            ]
          ), errors: ["401"]),
        "post": Spec.operation(
          "startSecondFactor",
          "Start setting up a second factor: a new secret for an authenticator app, turned on by confirming a code",
          tag: "access",
          success: (
            "201", "The secret",
            [
              "type": "object", "required": ["secret", "uri"],
              "properties": ["secret": ["type": "string"], "uri": ["type": "string"]],
            ]
          ), errors: ["401", "409"]),
      ]
    ),
    (
      "/api/v1/me/two-factor/confirm",
      [
        "post": Spec.operation(
          "confirmSecondFactor", "Turn the second factor on with the code the app shows now", tag: "access",
          body: Spec.json(code), success: ("204", "On", nil), errors: ["400", "401", "409", "415"])
      ]
    ),
    (
      "/api/v1/me/two-factor/remove",
      [
        "post": Spec.operation(
          "removeSecondFactor",
          "Remove your second factor with a current code (not while you are a break-glass admin and single sign-on is required)",
          tag: "access", body: Spec.json(code), success: ("204", "Removed", nil),
          errors: ["400", "401", "404", "409", "415"])
      ]
    ),
    (
      "/api/v1/admin/sign-in-policy",
      [
        "get": Spec.operation(
          "getSignInPolicy", "Whether single sign-on is required, and the break-glass admins (admins)",
          tag: "admin",
          success: ("200", "The policy", policy)),
        "put": Spec.operation(
          "setSignInPolicy",
          "Require single sign-on (passwords off for everyone but the named break-glass admins, who need a second factor), or not (admins)",
          tag: "admin", body: Spec.json(policy), success: ("200", "The policy", policy),
          errors: ["400", "401", "403", "415"]),
      ]
    ),
  ]
}
