import Foundation
import HTML
import HTTP
import Trellis

/// One's own credentials: personal access tokens and the password.
enum AccountPages {
  static func register(on router: Router, services: Services) {
    router.get("/me/tokens") { request in
      let actor = try request.actor()
      return tokensPage(request, tokens: try services.accounts.tokens(actor), newSecret: nil)
    }

    router.post("/me/tokens") { request in
      let actor = try request.actor()
      let (secret, _) = try services.accounts.createToken(
        actor, name: try request.form()["name"] ?? "", from: request.origin)
      return tokensPage(request, tokens: try services.accounts.tokens(actor), newSecret: secret)
    }

    router.post("/me/tokens/:id/revoke") { request in
      let actor = try request.actor()
      try services.accounts.revokeToken(actor, id: try request.intParameter("id"), from: request.origin)
      return Response.redirect(to: "/me/tokens").withNotice("The token is revoked.")
    }

    router.get("/me/password") { request in
      _ = try request.actor()
      return passwordPage(request)
    }

    router.post("/me/password") { request in
      let actor = try request.actor()
      let form = try request.form()
      let new = form["password"] ?? ""
      guard new == form["confirmation"] else {
        throw ValidationError(field: "confirmation", "does not match the new password")
      }
      try services.accounts.changePassword(
        actor, current: form["currentPassword"] ?? "", new: new, keepSession: request.signedIn?.session?.id)
      return Response.redirect(to: "/").withNotice(
        "Your password is changed. Other sessions were signed out.")
    }
  }

  static func tokensPage(
    _ request: Request, tokens: [AccessToken], newSecret: String?
  ) -> Response {
    let page = Page(title: "API tokens") {
      Node.h1 { "API tokens" }
      Node.p(.class("lead")) {
        "Personal access tokens let scripts use the Trellis API as you, with exactly your access. Send one as "
        Node.code { "Authorization: Bearer TOKEN" }
        "."
      }
      if let newSecret {
        Node.div(.class("notice success"), .role("status")) {
          Node.p { Node.strong { "Copy your new token now. It will not be shown again." } }
          Node.p { Node.element("code", [.class("secret")], [.text(newSecret)]) }
        }
      }
      Form.post("/me/tokens", request: request, attributes: [.class("inline-form")]) {
        Form.field(
          "Token name", name: "name", required: true, hint: "What will use it, e.g. “weekly report script”.")
        Node.button(.type("submit")) { "Create token" }
      }
      if tokens.isEmpty {
        Node.p(.class("empty")) { "You have no tokens." }
      } else {
        Node.table {
          Node.thead {
            Node.tr {
              Node.th { "Name" }
              Node.th { "Created" }
              Node.th { "Last used" }
              Node.th { "Status" }
            }
          }
          Node.tbody {
            for token in tokens {
              Node.tr {
                Node.td { Node.text(token.name) }
                Node.td { Node.text(Dates.day(token.createdAt)) }
                Node.td { Node.text(token.lastUsedAt.map(Dates.day) ?? "never") }
                Node.td {
                  if token.revokedAt != nil {
                    Node.span(.class("badge muted")) { "revoked" }
                  } else {
                    Form.post("/me/tokens/\(token.id)/revoke", request: request) {
                      Node.button(.type("submit"), .class("secondary small")) { "Revoke" }
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    return Layout.render(page, for: request)
  }

  static func passwordPage(_ request: Request) -> Response {
    let page = Page(title: "Change password") {
      Node.section(.class("narrow")) {
        Node.h1 { "Change password" }
        Form.post("/me/password", request: request) {
          Form.field(
            "Current password", name: "currentPassword", type: "password", required: true,
            extra: [Attribute("autocomplete", "current-password")])
          Form.field(
            "New password", name: "password", type: "password", required: true,
            hint: "At least \(AccessSettings.minimumPasswordLength) characters.",
            extra: [Attribute("autocomplete", "new-password")])
          Form.field(
            "Repeat the new password", name: "confirmation", type: "password", required: true,
            extra: [Attribute("autocomplete", "new-password")])
          Node.button(.type("submit")) { "Change password" }
        }
      }
    }
    return Layout.render(page, for: request)
  }
}
