import Foundation
import HTTP
import Trellis

/// Account links, roles, imports and the admin log, as JSON (admins only).
enum AdminAPI {
  struct LinkRequest: Decodable {
    let purpose: LinkPurpose
  }

  /// `path` only for an account without a password: otherwise the link goes to its owner alone.
  struct LinkResponse: Encodable {
    let path: String?
    let purpose: LinkPurpose
    let emailedTo: String
    let expiresAt: Date
  }

  static func register(on router: Router, services: Services) {
    router.post("/api/v1/people/:id/links") { request in
      let actor = try request.actor()
      let body = try request.decodeJSON(LinkRequest.self)
      let link = try services.accounts.issueLink(
        actor, personID: try request.intParameter("id"), purpose: body.purpose, via: .api)
      return try .json(
        LinkResponse(
          path: link.shownToken.map { "/links/\($0)" }, purpose: link.purpose, emailedTo: link.emailedTo,
          expiresAt: link.expiresAt),
        status: .created)
    }

    router.put("/api/v1/people/:id/roles/:role") { request in
      try services.roles.grant(
        try request.actor(), role: try role(request), to: try request.intParameter("id"), via: .api)
      return Response(status: .noContent)
    }

    router.delete("/api/v1/people/:id/roles/:role") { request in
      try services.roles.revoke(
        try request.actor(), role: try role(request), from: try request.intParameter("id"))
      return Response(status: .noContent)
    }

    router.post("/api/v1/people/imports") { request in
      let actor = try request.actor()
      try Policy.require(actor, .managePeople)
      guard request.mediaType == "text/csv" else {
        throw HTTPError.unsupportedMediaType(request.headers["content-type"], expected: ["text/csv"])
      }
      guard let csv = String(validating: try request.checkedBody(), as: UTF8.self) else {
        throw HTTPError.badRequest("The CSV is not valid UTF-8.")
      }
      let options = ImportOptions(
        dryRun: try request.booleanQuery("dryRun"), skipInvalid: try request.booleanQuery("skipInvalid"),
        deactivateMissing: try request.booleanQuery("deactivateMissing"))
      let report = try services.imports.run(actor, csv: csv, options: options)
      return try .json(report, status: report.rejected ? .unprocessableContent : .ok)
    }

  }

  static func role(_ request: Request) throws -> Role {
    guard let role = Role(rawValue: try request.parameter("role")) else {
      throw HTTPError.notFound("There is no such role.")
    }
    return role
  }

  static let paths: [(String, JSONValue)] = [
    (
      "/api/v1/people/{id}/links",
      [
        "post": Spec.operation(
          "createAccountLink",
          "An invitation or password-reset link for a person (admins): emailed to them, and shown once only when they have no password yet",
          tag: "admin", parameters: [Spec.idParameter()], body: Spec.json(Spec.ref("LinkRequest")),
          success: ("201", "The link", Spec.ref("LinkResponse")),
          errors: ["400", "401", "403", "404", "409", "415"])
      ]
    ),
    (
      "/api/v1/people/{id}/roles/{role}",
      [
        "put": Spec.operation(
          "grantRole", "Grant a role (admins)", tag: "admin",
          parameters: [
            Spec.idParameter(),
            [
              "name": "role", "in": "path", "required": true,
              "schema": ["type": "string", "enum": ["people_team", "admin"]],
            ],
          ],
          success: ("204", "Granted", nil), errors: ["401", "403", "404"]),
        "delete": Spec.operation(
          "revokeRole", "Revoke a role (admins); the last admin keeps theirs", tag: "admin",
          parameters: [
            Spec.idParameter(),
            [
              "name": "role", "in": "path", "required": true,
              "schema": ["type": "string", "enum": ["people_team", "admin"]],
            ],
          ],
          success: ("204", "Revoked", nil), errors: ["401", "403", "404", "409"]),
      ]
    ),
    (
      "/api/v1/people/imports",
      [
        "post": Spec.operation(
          "importPeople",
          "Import people from CSV with SCIM attribute names as headers (admins); all or nothing unless skipInvalid",
          tag: "admin",
          parameters: [
            Spec.query("dryRun", "boolean", "Report what would change; change nothing"),
            Spec.query("skipInvalid", "boolean", "Import the good rows of a file with bad ones"),
            Spec.query("deactivateMissing", "boolean", "Deactivate active people not in the file"),
          ],
          body: ["text/csv": ["schema": ["type": "string"]]],
          success: ("200", "The import report", Spec.ref("ImportReport")),
          errors: ["400", "401", "403", "413", "415"],
          more: [
            (
              "422", "The file was refused as a whole; the report lists its problems",
              Spec.ref("ImportReport")
            )
          ])
      ]
    ),
  ]
}
