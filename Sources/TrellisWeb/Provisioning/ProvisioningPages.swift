import Foundation
import HTML
import HTTP
import Trellis

/// The admins' page and API for provisioning tokens: what an identity provider's SCIM connection
/// signs its requests with.
enum ProvisioningPages {
  static func register(on router: Router, services: Services) {
    router.get("/admin/provisioning") { request in
      let actor = try request.actor()
      return Layout.render(
        page(
          try services.provisioning.tokens(actor), secret: nil, services: services,
          request: request),
        for: request)
    }

    router.post("/admin/provisioning") { request in
      let actor = try request.actor()
      let form = try request.form()
      let (secret, _) = try services.provisioning.createToken(
        actor, name: form["name"] ?? "", from: request.origin)
      return Layout.render(
        page(try services.provisioning.tokens(actor), secret: secret, services: services, request: request),
        for: request)
    }

    router.post("/admin/provisioning/:id/revoke") { request in
      try services.provisioning.revokeToken(
        try request.actor(), id: try request.intParameter("id"), from: request.origin)
      return Response.redirect(to: "/admin/provisioning").withNotice("The token is revoked.")
    }

    router.get("/api/v1/admin/provisioning-tokens") { request in
      try .json(try services.provisioning.tokens(try request.actor()))
    }

    router.post("/api/v1/admin/provisioning-tokens") { request in
      let actor = try request.actor()
      try Policy.require(actor, .manageAccounts)
      let body = try request.decodeJSON(AccessAPI.NewToken.self)
      let (secret, token) = try services.provisioning.createToken(
        actor, name: body.name, from: request.origin)
      return try .json(Created(token: secret, provisioningToken: token), status: .created)
    }

    router.delete("/api/v1/admin/provisioning-tokens/:id") { request in
      try services.provisioning.revokeToken(
        try request.actor(), id: try request.intParameter("id"), from: request.origin)
      return Response(status: .noContent)
    }
  }

  struct Created: Encodable {
    let token: String
    let provisioningToken: ProvisioningToken
  }

  static func page(
    _ tokens: [ProvisioningToken], secret: String?, services: Services, request: Request
  ) -> Page {
    Page(title: "Provisioning", section: .admin) {
      Node.p { Node.a(.href("/admin")) { "← Admin" } }
      Node.h1 { "Provisioning (SCIM)" }
      Node.p(.class("lead")) {
        Node.text(
          "Your identity provider adds people, keeps their details and manager up to date, and deactivates leavers, under the same rules as the HR import. Give it the SCIM address "
        )
        Node.code { Node.text(services.mail.baseURL + SCIMRoutes.base) }
        Node.text(" and a token from here.")
      }
      if let secret {
        Node.div(.class("notice success"), .role("status")) {
          Node.p { "Copy this token into the identity provider now: it is not shown again." }
          Node.p { Node.element("code", [.class("secret")], [.text(secret)]) }
        }
      }
      if tokens.isEmpty { Node.p(.class("empty")) { "No provisioning token yet." } }
      for token in tokens {
        Node.section(.class("card")) {
          Node.h2 { Node.text(token.name) }
          Node.p(.class("muted")) {
            Node.text("Created \(Dates.day(token.createdAt))")
            Node.text(token.lastUsedAt.map { "; last used \(Dates.dayAndTime($0))" } ?? "; never used")
            Node.text(token.revokedAt.map { "; revoked \(Dates.day($0))" } ?? "")
          }
          if token.revokedAt == nil {
            Form.post("/admin/provisioning/\(token.id)/revoke", request: request) {
              Node.button(.type("submit"), .class("secondary small")) { Node.text("Revoke \(token.name)") }
            }
          }
        }
      }
      Form.post("/admin/provisioning", request: request, attributes: [.class("card")]) {
        Node.h2 { "New token" }
        Form.field(
          "Name", name: "name", required: true, hint: "Which provider uses it, e.g. Okta.")
        Node.button(.type("submit")) { "Create token" }
      }
    }
  }
}

/// The OpenAPI description of provisioning tokens (SCIM itself is described at /scim/v2/Schemas).
enum ProvisioningAPI {
  /// The same shape as a personal access token's record.
  static let token = Spec.ref("AccessToken")

  static let paths: [(String, JSONValue)] = [
    (
      "/api/v1/admin/provisioning-tokens",
      [
        "get": Spec.operation(
          "listProvisioningTokens", "The tokens of provisioning (SCIM) clients (admins)", tag: "admin",
          success: ("200", "Tokens", ["type": "array", "items": token])),
        "post": Spec.operation(
          "createProvisioningToken",
          "A token for an identity provider's SCIM connection; returned once (admins)",
          tag: "admin",
          body: Spec.json(Spec.ref("NewToken")),
          success: (
            "201", "The token",
            [
              "type": "object", "required": ["token", "provisioningToken"],
              "properties": ["token": ["type": "string"], "provisioningToken": token],
            ]
          ), errors: ["400", "401", "403", "415"]),
      ]
    ),
    (
      "/api/v1/admin/provisioning-tokens/{id}",
      [
        "delete": Spec.operation(
          "revokeProvisioningToken", "Revoke a provisioning token (admins)", tag: "admin",
          parameters: [Spec.idParameter()], success: ("204", "Revoked", nil), errors: ["401", "403", "404"])
      ]
    ),
  ]
}
