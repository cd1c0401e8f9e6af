import Foundation
import HTML
import HTTP
import Trellis

/// Signing in and out, and setting a password from an invitation or reset link.
enum SignInPages {
  static func register(on router: Router, services: Services) {
    router.get("/sign-in") { request in
      if request.signedIn != nil { return .redirect(to: safeNext(request.query("next"))) }
      return try CSRFMiddleware.anonymousFormPage(request) {
        form(
          $0, email: "", next: $0.query("next") ?? "", error: nil, status: .ok,
          ssoOrigins: try services.singleSignOn.signInOrigins())
      }
    }

    router.post("/sign-in") { request in
      let form = try request.form()
      let email = form["email"] ?? ""
      let next = form["next"] ?? ""
      // A field left empty is said beside it; a wrong pair is one answer for both (below), so it
      // never tells which of the two was wrong.
      var problems = Validator()
      problems.check(!email.trimmingCharacters(in: .whitespaces).isEmpty, "email", "is required")
      problems.check(!(form["password"] ?? "").isEmpty, "password", "is required")
      try problems.throwIfInvalid()
      do {
        let new = try services.accounts.signIn(
          email: email, password: form["password"] ?? "", address: request.remoteAddress,
          userAgent: request.headers["user-agent"] ?? "")
        return try signedIn(request, new, next: next, services: services)
      } catch SecondFactorError.required(let challenge) {
        return TwoFactorPages.codeForm(request, challenge: challenge, next: next, error: nil, status: .ok)
      } catch let error as SignInError {
        let httpError = error.httpError
        var response = SignInPages.form(
          request, email: email, next: next, error: httpError.detail, status: httpError.status,
          ssoOrigins: try services.singleSignOn.signInOrigins())
        for (name, value) in httpError.headers { response.headers.add(name, value) }
        return response
      }
    }

    router.post("/sign-out") { request in
      var ended: EndedSession? = nil
      if let session = request.signedIn?.session {
        ended = try services.accounts.signOut(sessionID: session.id, from: request.origin)
      }
      // Signed in at an identity provider that has its own sign-out: offer it (a link, since a
      // form's redirect may not leave Trellis).
      var signedOutRequest = request
      signedOutRequest[CurrentUser.self] = nil
      var response =
        if let ended, let end = try services.singleSignOn.endSession(ended) {
          Layout.render(signedOut(provider: end.name, endSession: end.url), for: signedOutRequest)
        } else {
          Response.redirect(to: WebPage.signIn.path).withNotice("You are signed out.")
        }
      response.headers.add("Set-Cookie", Cookies.clear(Cookies.session))
      return response
    }

    router.get("/links/:token") { request in
      let token = try request.parameter("token")
      let (person, purpose) = try services.accounts.link(token: token)
      return CSRFMiddleware.anonymousFormPage(request) {
        linkForm($0, token: token, person: person, purpose: purpose)
      }
    }

    router.post("/links/:token") { request in
      let token = try request.parameter("token")
      let form = try request.form()
      let password = form["password"] ?? ""
      let (person, purpose) = try services.accounts.link(token: token)
      guard password == form["confirmation"] else {
        throw ValidationError(field: "confirmation", "does not match the password")
      }
      let new = try services.accounts.redeemLink(
        token: token, password: password, address: request.remoteAddress,
        userAgent: request.headers["user-agent"] ?? "")
      var response = Response.redirect(to: "/").withNotice(
        purpose == .invitation ? "Welcome to Trellis, \(person.displayName)." : "Your password is changed.")
      response.headers.add("Set-Cookie", Cookies.set(Cookies.session, new.token))
      return response
    }
  }

  /// Only paths on this site, so a crafted link cannot send someone elsewhere after sign-in: one
  /// `/`, then no `/`, no backslash and no control characters (browsers drop a tab: `/\t/host` leaves).
  static func safeNext(_ next: String?) -> String {
    guard let next, next.hasPrefix("/"), !next.contains("\\"),
      !next.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }),
      !next.dropFirst().hasPrefix("/")
    else { return "/" }
    return next
  }

  static func signedOut(provider: String, endSession: String) -> Page {
    Page(title: "Signed out") {
      Node.section(.class("narrow")) {
        Node.h1 { "You are signed out of Trellis" }
        Node.p {
          Node.text("You are still signed in at \(provider), which other applications may use.")
        }
        Node.p { Node.a(.class("button"), .href(endSession)) { Node.text("Sign out of \(provider) too") } }
        Node.p { Node.a(.href(WebPage.signIn.path)) { "Sign in again" } }
      }
    }
  }

  /// Where a new session goes: the cookie set, the browser's earlier session ended (no session id
  /// survives a sign-in), and on to where the person was going.
  static func signedIn(_ request: Request, _ new: NewSession, next: String, services: Services) throws
    -> Response
  {
    if let previous = request.signedIn?.session {
      try services.accounts.signOut(sessionID: previous.id, from: request.origin)
    }
    var response = Response.redirect(to: safeNext(next))
    response.headers.add("Set-Cookie", Cookies.set(Cookies.session, new.token))
    response.headers.add("Set-Cookie", Cookies.clear(Cookies.csrf))
    return response
  }

  /// The sign-in page; with single sign-on set up it first offers the company account.
  static func form(
    _ request: Request, email: String, next: String, error: String?, status: Status, ssoOrigins: [String],
    ssoError: String? = nil
  ) -> Response {
    let offerSSO = !ssoOrigins.isEmpty
    let page = Page(title: "Sign in") {
      Node.section(.class("narrow")) {
        Node.h1 { "Sign in to Trellis" }
        if offerSSO {
          Form.post(
            "/sign-in/sso", request: request,
            attributes: [.class("card"), .aria("labelledby", "sso-heading")]
          ) {
            Node.h2(.id("sso-heading")) { "With your company account" }
            Node.input(.type("hidden"), .name("next"), .value(next))
            Form.field(
              "Work email", name: "email", value: email, type: "email", required: true,
              hint: "You continue at your organization's sign-in page.", error: ssoError,
              extra: [Attribute("autocomplete", "username")], id: "field-sso-email")
            Node.button(.type("submit")) { "Continue with single sign-on" }
          }
          Node.h2 { "With a password" }
        }
        if let error { Node.p(.class("notice error"), .role("alert")) { Node.text(error) } }
        Form.post(WebPage.signIn.path, request: request) {
          Node.input(.type("hidden"), .name("next"), .value(next))
          Form.field(
            "Email", name: "email", value: email, type: "email", required: true,
            extra: [Attribute("autocomplete", "username")])
          Form.field(
            "Password", name: "password", type: "password", required: true,
            extra: [Attribute("autocomplete", "current-password")])
          Node.button(.type("submit")) { "Sign in" }
        }
        Node.p(.class("field-hint")) {
          "Forgot your password? Ask an admin for a reset link."
        }
      }
    }
    var response = Layout.render(page, for: request, status: status)
    if offerSSO {
      // The single sign-on form leads, by a redirect, to the provider's page.
      response.headers.set(
        "Content-Security-Policy",
        SecurityHeadersMiddleware.contentSecurityPolicy.replacingOccurrences(
          of: "form-action 'self'", with: "form-action 'self' " + ssoOrigins.joined(separator: " ")))
    }
    return response
  }

  static func linkForm(
    _ request: Request, token: String, person: Person, purpose: LinkPurpose
  ) -> Response {
    let title = purpose == .invitation ? "Welcome to Trellis" : "Choose a new password"
    let page = Page(title: title) {
      Node.section(.class("narrow")) {
        Node.h1 { Node.text(title) }
        Node.p {
          Node.text(
            purpose == .invitation
              ? "Hello \(person.displayName). Choose a password to finish setting up your account (\(person.email))."
              : "Choose a new password for \(person.email). You will be signed out everywhere else.")
        }
        Form.post("/links/\(token)", request: request) {
          Form.field(
            "New password", name: "password", type: "password", required: true,
            hint:
              "At least \(AccessSettings.minimumPasswordLength) characters. A few unrelated words work well.",
            extra: [
              Attribute("autocomplete", "new-password"),
              Attribute("minlength", "\(AccessSettings.minimumPasswordLength)"),
            ])
          Form.field(
            "Repeat the password", name: "confirmation", type: "password", required: true,
            extra: [Attribute("autocomplete", "new-password")])
          Node.button(.type("submit")) { "Save password" }
        }
      }
    }
    return Layout.render(page, for: request)
  }
}
