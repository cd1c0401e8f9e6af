import Foundation
import HTML
import HTTP
import Trellis

/// Signing in with the organization's identity provider (OpenID Connect), and the admins' page
/// and API that set providers up.
enum SingleSignOnPages {
  static func register(on router: Router, services: Services) {
    router.post("/sign-in/sso") { request in
      let form = try request.form()
      let email = form["email"] ?? ""
      let next = form["next"] ?? ""
      do {
        return .redirect(
          to: try services.singleSignOn.begin(email: email, next: next, from: request.origin))
      } catch let error as SingleSignOnError {
        guard case .noProvider = error else { throw error }
        return SignInPages.form(
          request, email: email, next: next, error: nil, status: .unprocessableContent,
          ssoOrigins: try services.singleSignOn.signInOrigins(),
          ssoError:
            "no single sign-on is set up for this domain: sign in with your password below, or ask an admin")
      }
    }

    router.get("/sso/oidc/callback") { request in
      let (new, next) = try services.singleSignOn.finish(
        state: request.query("state") ?? "", code: request.query("code"), error: request.query("error"),
        errorDescription: request.query("error_description"), from: request.origin,
        userAgent: request.headers["user-agent"] ?? "")
      return try SignInPages.signedIn(request, new, next: next, services: services)
    }

    router.get("/sso/saml/metadata") { _ in
      Response(
        status: .ok, headers: Headers([("Content-Type", "application/samlmetadata+xml; charset=utf-8")]),
        body: Array(try services.singleSignOn.serviceProviderMetadata().utf8))
    }

    // Where a provider sends people back after signing them out there too (their Trellis session
    // ended before they left).
    router.get("/sso/saml/logout") { _ in
      Response.redirect(to: WebPage.signIn.path).withNotice(
        "You are signed out of Trellis and your organization's sign-in.")
    }

    router.post("/sso/saml/acs") { request in
      let form = try request.form()
      guard let response = form["SAMLResponse"], !response.isEmpty else {
        throw HTTPError(.badRequest, detail: "The identity provider sent no SAMLResponse.")
      }
      let (new, next) = try services.singleSignOn.finishSAML(
        response, from: request.origin, userAgent: request.headers["user-agent"] ?? "")
      return try SignInPages.signedIn(request, new, next: next, services: services)
    }

    router.get("/admin/identity-providers") { request in
      let actor = try request.actor()
      return Layout.render(
        page(
          try services.singleSignOn.providers(actor),
          policy: try services.singleSignOn.signInPolicy(actor), singleSignOn: services.singleSignOn,
          request: request), for: request)
    }

    router.post("/admin/identity-providers") { request in
      try saveProvider(request, services: services, id: nil)
    }

    router.post("/admin/identity-providers/:id") { request in
      try saveProvider(request, services: services, id: try request.intParameter("id"))
    }

    router.post("/admin/identity-providers/:id/remove") { request in
      try services.singleSignOn.removeProvider(
        try request.actor(), id: try request.intParameter("id"), from: request.origin)
      return Response.redirect(to: "/admin/identity-providers").withNotice("The provider is removed.")
    }

    router.get("/api/v1/admin/identity-providers") { request in
      try .json(try services.singleSignOn.providers(try request.actor()))
    }

    router.post("/api/v1/admin/identity-providers") { request in
      let actor = try request.actor()
      try Policy.require(actor, .manageAccounts)
      let input = try request.decodeJSON(IdentityProviderInput.self)
      return try .json(
        try services.singleSignOn.addProvider(actor, input, from: request.origin), status: .created)
    }

    router.put("/api/v1/admin/identity-providers/:id") { request in
      let actor = try request.actor()
      try Policy.require(actor, .manageAccounts)
      let input = try request.decodeJSON(IdentityProviderInput.self)
      return try .json(
        try services.singleSignOn.changeProvider(
          actor, id: try request.intParameter("id"), input, from: request.origin))
    }

    router.delete("/api/v1/admin/identity-providers/:id") { request in
      try services.singleSignOn.removeProvider(
        try request.actor(), id: try request.intParameter("id"), from: request.origin)
      return Response(status: .noContent)
    }
  }

  /// Adds (no `id`) or changes a provider from its form; on a problem, the page again with what was
  /// typed (never the secret) and each error by its field.
  static func saveProvider(_ request: Request, services: Services, id: Int64?) throws -> Response {
    let actor = try request.actor()
    let form = try request.form()
    let input = IdentityProviderInput(
      kind: form["kind"] ?? "oidc", name: form["name"] ?? "", issuer: form["issuer"] ?? "",
      clientID: form["clientID"] ?? "", clientSecret: form["clientSecret"] ?? "",
      metadata: form["metadata"] ?? "",
      domains: (form["domains"] ?? "").split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\n" }).map(
        String.init),
      createPeople: try form.ticked("createPeople"), allowUnsolicited: try form.ticked("allowUnsolicited"))
    if let id {
      let provider = try services.singleSignOn.changeProvider(actor, id: id, input, from: request.origin)
      return Response.redirect(to: "/admin/identity-providers").withNotice("\(provider.name) is changed.")
    }
    let provider = try services.singleSignOn.addProvider(actor, input, from: request.origin)
    return Response.redirect(to: "/admin/identity-providers").withNotice(
      "\(provider.name) signs in \(provider.domains.joined(separator: ", ")).")
  }

  /// The admins' page.
  static func page(
    _ providers: [IdentityProvider], policy: SignInPolicyView, singleSignOn: SingleSignOnService,
    request: Request
  ) -> Page {
    Page(title: "Single sign-on", section: .admin) {
      Node.p { Node.a(.href("/admin")) { "← Admin" } }
      Node.h1 { "Single sign-on" }
      Node.p(.class("lead")) {
        "People whose email is in a provider's domains sign in at that provider (OpenID Connect or SAML 2.0). They are matched to their Trellis account by the email the provider vouches for the first time, then by the provider's id for them."
      }
      if providers.isEmpty {
        Node.p(.class("empty")) { "No identity provider yet: everyone signs in with a password." }
      }
      for provider in providers { providerCard(provider, request: request) }
      Node.section(.class("card"), .aria("labelledby", "add-provider")) {
        Node.h2(.id("add-provider")) { "Add an OpenID Connect provider" }
        Node.p(.class("muted")) {
          Node.text("Register Trellis at the provider as a web application with the redirect address ")
          Node.code { Node.text(singleSignOn.redirectURI) }
          Node.text(", then copy its issuer, client id and secret here.")
        }
        providerForm(
          action: "/admin/identity-providers", kind: "oidc", values: [:], prefix: "oidc",
          button: "Add provider",
          request: request)
      }
      Node.section(.class("card"), .aria("labelledby", "add-saml-provider")) {
        Node.h2(.id("add-saml-provider")) { "Add a SAML 2.0 provider" }
        Node.p(.class("muted")) {
          Node.text("Give the provider Trellis's metadata at ")
          Node.a(.href("/sso/saml/metadata")) { Node.code { Node.text(singleSignOn.samlEntityID) } }
          Node.text(", or enter by hand the entity ID (audience) ")
          Node.code { Node.text(singleSignOn.samlEntityID) }
          Node.text(" and the assertion consumer service (ACS, HTTP-POST) ")
          Node.code { Node.text(singleSignOn.samlConsumer) }
          Node.text(
            ". The provider signs its responses or assertions and sends the work email as the NameID (or an email attribute). Then paste the provider's metadata here."
          )
        }
        providerForm(
          action: "/admin/identity-providers", kind: "saml", values: [:], prefix: "saml",
          button: "Add SAML provider", request: request)
      }
      policySection(policy, request: request)
    }
  }

  /// A provider as set up, with a form to change it (folded away until needed).
  static func providerCard(_ provider: IdentityProvider, request: Request) -> Node {
    let saml = provider.kind == "saml"
    let current: [String: String] = [
      "name": provider.name, "issuer": provider.issuer, "clientID": provider.clientID,
      "domains": provider.domains.joined(separator: ", "), "createPeople": provider.createPeople ? "on" : "",
      "allowUnsolicited": provider.allowUnsolicited ? "on" : "",
    ]
    return Node.section(.class("card"), .id("provider-\(provider.id)")) {
      Node.h2 { Node.text(provider.name) }
      Node.dl {
        Node.dt { "Protocol" }
        Node.dd { Node.text(saml ? "SAML 2.0" : "OpenID Connect") }
        Node.dt { Node.text(saml ? "Entity ID" : "Issuer") }
        Node.dd { Node.text(provider.issuer) }
        if saml {
          Node.dt { "Sign-ins started at the provider" }
          Node.dd { Node.text(provider.allowUnsolicited ? "Accepted" : "Refused (people start at Trellis)") }
        } else {
          Node.dt { "Client id" }
          Node.dd { Node.text(provider.clientID) }
          Node.dt { "Client secret" }
          Node.dd { Node.text(provider.clientSecretSet ? "Set (never shown)" : "None (public client)") }
        }
        Node.dt { "Email domains" }
        Node.dd { Node.text(provider.domains.joined(separator: ", ")) }
        Node.dt { "People unknown to Trellis" }
        Node.dd {
          Node.text(
            provider.createPeople ? "Are added on first sign-in" : "Are refused (SCIM or import adds people)")
        }
      }
      let change = "/admin/identity-providers/\(provider.id)"
      Node.details(.flag("open", Form.isRefused(change, key: provider.kind, request: request))) {
        Node.summary { Node.text("Change \(provider.name)") }
        providerForm(
          action: change, kind: provider.kind, values: current, prefix: "provider-\(provider.id)",
          button: "Save changes", changing: true, request: request)
      }
      Form.post("/admin/identity-providers/\(provider.id)/remove", request: request) {
        Node.button(.type("submit"), .class("secondary small")) { Node.text("Remove \(provider.name)") }
      }
    }
  }

  /// The fields of a provider of `kind`; `prefix` keeps the ids of several forms on one page apart.
  static func providerForm(
    action: String, kind: String, values: [String: String], prefix: String, button: String,
    changing: Bool = false, request: Request
  ) -> Node {
    Form.post(action, request: request, key: kind) {
      Node.input(.type("hidden"), .name("kind"), .value(kind))
      Form.field(
        "Name", name: "name", value: values["name"] ?? "", required: true,
        id: "\(prefix)-name")
      if kind == "saml" {
        Form.textArea(
          "Provider metadata (XML)", name: "metadata", value: values["metadata"] ?? "", rows: 6,
          required: !changing,
          hint: changing
            ? "Leave empty to keep the current metadata; paste it again when the provider changes its certificate."
            : "Its entity ID, single sign-on address (HTTP-Redirect) and signing certificate are read from it.",
          id: "\(prefix)-metadata")
      } else {
        Form.field(
          "Issuer", name: "issuer", value: values["issuer"] ?? "", type: "url", required: true,
          hint: "Trellis reads its discovery document at issuer/.well-known/openid-configuration.",
          id: "\(prefix)-issuer")
        Form.field(
          "Client id", name: "clientID", value: values["clientID"] ?? "", required: true,
          id: "\(prefix)-clientID")
        Form.field(
          "Client secret", name: "clientSecret", type: "password",
          hint: changing ? "Leave empty to keep the current secret." : "Leave empty for a public client.",
          extra: [Attribute("autocomplete", "off")],
          id: "\(prefix)-clientSecret")
      }
      Form.field(
        "Email domains", name: "domains", value: values["domains"] ?? "", required: true,
        hint: "Separated by commas, e.g. northwind.example, northwind.co.uk",
        id: "\(prefix)-domains")
      Form.checkbox(
        "Add people unknown to Trellis on their first sign-in", name: "createPeople",
        checked: values["createPeople"] == "on", id: "\(prefix)-createPeople")
      if kind == "saml" {
        Form.checkbox(
          "Accept sign-ins started at the provider (IdP-initiated; off is safer)", name: "allowUnsolicited",
          checked: values["allowUnsolicited"] == "on", id: "\(prefix)-allowUnsolicited")
      }
      Node.button(.type("submit")) { Node.text(button) }
    }
  }

  static func policySection(_ policy: SignInPolicyView, request: Request) -> Node {
    Node.section(.class("card"), .id("sign-in-policy"), .aria("labelledby", "policy-heading")) {
      Node.h2(.id("policy-heading")) { "Passwords" }
      Node.p(.class("muted")) {
        "Require single sign-on to turn password sign-in off for everyone but the break-glass admins named here, who sign in with their password and a code from their authenticator app when the provider is down. Each must set up a second factor first (account menu → Second factor)."
      }
      Form.post("/admin/sign-in-policy", request: request) {
        Form.checkbox(
          "Require single sign-on", name: "requireSingleSignOn", checked: policy.requireSingleSignOn)
        Form.field(
          "Break-glass admins (emails)", name: "breakGlass", value: policy.breakGlass.joined(separator: ", "),
          hint: "Separated by commas.")
        Node.button(.type("submit")) { "Save" }
      }
    }
  }
}

/// The OpenAPI description of single sign-on settings.
enum SingleSignOnAPI {
  static let provider: JSONValue = [
    "type": "object",
    "required": [
      "id", "kind", "name", "issuer", "clientID", "clientSecretSet", "domains", "createPeople",
      "allowUnsolicited", "createdAt",
    ],
    "properties": [
      "id": ["type": "integer"], "kind": ["type": "string"], "name": ["type": "string"],
      "issuer": ["type": "string"], "clientID": ["type": "string"], "clientSecretSet": ["type": "boolean"],
      "domains": ["type": "array", "items": ["type": "string"]], "createPeople": ["type": "boolean"],
      "allowUnsolicited": ["type": "boolean"], "createdAt": ["type": "string", "format": "date-time"],
    ],
  ]

  static let providerInput: JSONValue = [
    "type": "object", "required": ["name", "domains"],
    "properties": [
      "kind": ["type": "string", "enum": ["oidc", "saml"]],
      "name": Spec.text(.required(100)), "issuer": Spec.webAddress(optional: true),
      "clientID": ["type": "string", "maxLength": 500], "clientSecret": Spec.text(.optional(2_000)),
      "metadata": Spec.text(.optional(SingleSignOnService.metadataLength)),
      "allowUnsolicited": ["type": "boolean"],
      "domains": [
        "type": "array", "minItems": 1, "maxItems": 50,
        "items": [
          "type": "string", "maxLength": 253, "pattern": "^[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+$",
        ],
      ],
      "createPeople": ["type": "boolean"],
    ],
  ]

  static let paths: [(String, JSONValue)] = [
    (
      "/api/v1/admin/identity-providers",
      [
        "get": Spec.operation(
          "listIdentityProviders",
          "The identity providers people sign in with (admins); secrets are never shown",
          tag: "admin", success: ("200", "Providers", ["type": "array", "items": provider])),
        "post": Spec.operation(
          "addIdentityProvider",
          "Add a provider for some email domains (admins): OpenID Connect (issuer, clientID; its discovery document is read first) or SAML 2.0 (kind saml and the provider's metadata XML)",
          tag: "admin",
          body: Spec.json(providerInput), success: ("201", "The provider", provider),
          errors: ["400", "401", "403", "415", "422"]),
      ]
    ),
    (
      "/api/v1/admin/identity-providers/{id}",
      [
        "put": Spec.operation(
          "changeIdentityProvider",
          "Change a provider (admins): the same fields as adding it; its kind stays, an empty clientSecret or metadata keeps the current one, new SAML metadata replaces the old (certificate rotation)",
          tag: "admin", parameters: [Spec.idParameter()], body: Spec.json(providerInput),
          success: ("200", "The provider", provider), errors: ["400", "401", "403", "404", "415", "422"]),
        "delete": Spec.operation(
          "removeIdentityProvider", "Remove a provider; the people it signed in keep their accounts (admins)",
          tag: "admin", parameters: [Spec.idParameter()], success: ("204", "Removed", nil),
          errors: ["401", "403", "404"]),
      ]
    ),
  ]
}
