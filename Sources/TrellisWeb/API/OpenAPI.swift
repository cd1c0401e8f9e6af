import Foundation
import HTTP
import Trellis

/// The OpenAPI 3.1 description served at `/api/openapi.json`. A test checks that it lists
/// exactly the API routes the router has, so it stays true.
public enum OpenAPI {
  /// Each capability contributes its paths here.
  static var paths: [(String, JSONValue)] {
    HealthAPI.paths + AccessAPI.paths + TwoFactorAPI.paths + PeopleAPI.paths + AdminAPI.paths
      + SecurityLogAPI.paths + SingleSignOnAPI.paths + ProvisioningAPI.paths + ConversationAPI.paths
      + HistoryPages.paths + NeedsYouPages.paths + TimeZonePages.paths + FrameworkAPI.paths
      + FrameworkHistoryPages.paths + GuideVersionPages.paths + PlanAPI.paths
      + GoalAPI.paths
      + GoalAPI.templatePaths
      + CelebrationAPI.paths
      + FeedbackAPI.paths + CommunityAPI.paths + OpportunityAPI.paths + MentorshipAPI.paths
      + SuccessionAPI.paths + NotificationAPI.paths + InsightAPI.paths + DataRightsAPI.paths + [
        (
          "/api/openapi.json",
          [
            "get": Spec.operation(
              "getOpenAPIDocument", "This API description", tag: "meta",
              success: ("200", "The OpenAPI document", ["type": "object"]), errors: [], public: true)
          ]
        )
      ]
  }

  static let person: JSONValue = [
    "type": "object",
    "required": [
      "id", "email", "givenName", "familyName", "preferredName", "jobTitle", "department", "team", "location",
      "active",
    ],
    "properties": [
      "id": ["type": "integer"], "email": ["type": "string"], "givenName": ["type": "string"],
      "familyName": ["type": "string"], "preferredName": ["type": "string"], "jobTitle": ["type": "string"],
      "department": ["type": "string"], "team": ["type": "string"], "location": ["type": "string"],
      "managerId": ["type": ["integer", "null"]], "active": ["type": "boolean"],
    ],
  ]

  static let schemas: JSONValue = [
    "Problem": [
      "type": "object",
      "description": "RFC 9457 problem details",
      "required": ["type", "title", "status"],
      "properties": [
        "type": ["type": "string"], "title": ["type": "string"], "status": ["type": "integer"],
        "detail": ["type": "string"], "instance": ["type": "string"],
        "errors": [
          "type": "array",
          "items": [
            "type": "object", "required": ["field", "message"],
            "properties": ["field": ["type": "string"], "message": ["type": "string"]],
          ],
        ],
      ],
    ],
    "Person": person,
    "PersonRecord": [
      "description": "A person with the employee number and hire date, for admins who keep people records",
      "allOf": [
        Spec.ref("Person"),
        [
          "type": "object", "required": ["employeeNumber", "hireDate"],
          "properties": [
            "employeeNumber": ["type": ["string", "null"]],
            "hireDate": ["type": ["string", "null"], "format": "date"],
          ],
        ],
      ],
    ],
    "PersonInput": ["type": "object", "properties": PeopleAPI.personFields],
    "PeoplePage": [
      "type": "object", "required": ["items", "total", "limit", "offset"],
      "properties": [
        "items": Spec.array(of: "Person"), "total": ["type": "integer"], "limit": ["type": "integer"],
        "offset": ["type": "integer"],
      ],
    ],
    "OrgChart": [
      "type": "object", "required": ["person", "managementChain", "directReports"],
      "properties": [
        "person": Spec.ref("Person"), "managementChain": Spec.array(of: "Person"),
        "directReports": Spec.array(of: "Person"),
      ],
    ],
    "ManagerSpan": [
      "type": "object", "required": ["managerID", "managerName", "from"],
      "properties": [
        "managerID": ["type": "integer"], "managerName": ["type": "string"],
        "from": ["type": "string", "format": "date"], "to": ["type": ["string", "null"], "format": "date"],
      ],
    ],
    "EmploymentRecord": [
      "type": "object", "required": ["person", "managerHistory"],
      "properties": [
        "person": Spec.ref("Person"), "employeeNumber": ["type": ["string", "null"]],
        "hireDate": ["type": ["string", "null"], "format": "date"],
        "managerHistory": Spec.array(of: "ManagerSpan"),
      ],
    ],
    "SignIn": [
      "type": "object", "required": ["email", "password"],
      "properties": [
        "email": ["type": "string", "maxLength": .number(Double(EmailAddress.maxLength))],
        "password": ["type": "string", "maxLength": .number(Double(AccessSettings.maximumPasswordLength))],
        "code": ["type": ["string", "null"], "maxLength": 20],
      ],
    ],
    "SessionInfo": [
      "type": "object", "required": ["person", "roles", "csrfToken", "expiresAt"],
      "properties": [
        "person": Spec.ref("Person"), "roles": ["type": "array", "items": ["type": "string"]],
        "csrfToken": [
          "type": "string", "description": "Send as X-CSRF-Token on changes made with the session cookie",
        ],
        "expiresAt": ["type": "string", "format": "date-time"],
      ],
    ],
    "Me": [
      "type": "object", "required": ["person", "roles", "manages"],
      "properties": [
        "person": Spec.ref("Person"), "roles": ["type": "array", "items": ["type": "string"]],
        "manages": ["type": "integer", "description": "How many people report to you"],
      ],
    ],
    "NewToken": [
      "type": "object", "required": ["name"],
      "properties": ["name": Spec.text(.tokenName)],
    ],
    "AccessToken": [
      "type": "object", "required": ["id", "name", "createdAt"],
      "properties": [
        "id": ["type": "integer"], "name": ["type": "string"],
        "createdAt": ["type": "string", "format": "date-time"],
        "lastUsedAt": ["type": ["string", "null"], "format": "date-time"],
        "revokedAt": ["type": ["string", "null"], "format": "date-time"],
      ],
    ],
    "CreatedToken": [
      "type": "object", "required": ["token", "accessToken"],
      "properties": [
        "token": ["type": "string", "description": "The secret, shown only now"],
        "accessToken": Spec.ref("AccessToken"),
      ],
    ],
    "AccessEntry": [
      "type": "object",
      "required": ["viewerID", "viewerName", "data", "via", "day", "count", "firstAt", "at"],
      "properties": [
        "viewerID": ["type": "integer"], "viewerName": ["type": "string"], "data": ["type": "string"],
        "via": ["type": "string", "enum": ["web", "api", "command line"]],
        "day": ["type": "string", "format": "date", "description": "The day of these reads (UTC)"],
        "count": ["type": "integer", "minimum": 1, "description": "How many times it was read that day"],
        "firstAt": ["type": "string", "format": "date-time"],
        "at": ["type": "string", "format": "date-time", "description": "The last of these reads"],
      ],
    ],
    "AccessHistoryPage": [
      "type": "object", "required": ["items", "total", "limit", "offset"],
      "properties": [
        "items": Spec.array(of: "AccessEntry"), "total": ["type": "integer"], "limit": ["type": "integer"],
        "offset": ["type": "integer"],
      ],
    ],
    "LinkRequest": [
      "type": "object", "required": ["purpose"],
      "properties": ["purpose": ["type": "string", "enum": ["invitation", "password_reset"]]],
    ],
    "LinkResponse": [
      "type": "object", "required": ["purpose", "emailedTo", "expiresAt"],
      "properties": [
        "path": [
          "type": "string",
          "description":
            "Only for an account without a password; otherwise the link is emailed to its owner alone",
        ],
        "purpose": ["type": "string", "enum": ["invitation", "password_reset"]],
        "emailedTo": ["type": "string"], "expiresAt": ["type": "string", "format": "date-time"],
      ],
    ],
    "ImportReport": [
      "type": "object",
      "required": [
        "rows", "created", "updated", "unchanged", "deactivated", "skipped", "errors", "rejected", "dryRun",
      ],
      "properties": [
        "rows": ["type": "integer"], "created": ["type": "integer"], "updated": ["type": "integer"],
        "unchanged": ["type": "integer"], "deactivated": ["type": "integer"], "skipped": ["type": "integer"],
        "rejected": ["type": "boolean"], "dryRun": ["type": "boolean"],
        "errors": [
          "type": "array",
          "items": [
            "type": "object", "required": ["line", "message"],
            "properties": [
              "line": ["type": "integer"], "column": ["type": ["string", "null"]],
              "message": ["type": "string"],
            ],
          ],
        ],
      ],
    ],
  ]

  public static var document: JSONValue {
    [
      "openapi": "3.1.0",
      "info": [
        "title": "Trellis API",
        "version": .string(Product.version),
        "description":
          "Career conversations, development plans and growth, with confidentiality enforced on every call. Authenticate with a personal access token (Authorization: Bearer) or the session cookie plus an X-CSRF-Token header on changes. Errors are RFC 9457 problem documents.",
      ],
      "servers": [["url": "/"]],
      "security": [["bearerAuth": []], ["sessionCookie": []]],
      "paths": .object(paths),
      "components": [
        "schemas": .object(
          schemas.members + ConversationAPI.schemas + HistoryPages.schemas + NeedsYouPages.schemas
            + TimeZonePages.schemas),
        "securitySchemes": [
          "bearerAuth": ["type": "http", "scheme": "bearer", "description": "A personal access token"],
          "sessionCookie": ["type": "apiKey", "in": "cookie", "name": "trellis_session"],
        ],
      ],
    ]
  }

  /// Served as pre-encoded bytes: the document does not change while the server runs.
  static let encoded: [UInt8] = Array((try? JSONCoding.encoder.encode(document)) ?? Data())

  static func register(on router: Router) {
    router.get("/api/openapi.json") { _ in
      Response(status: .ok, headers: Headers([("Content-Type", "application/json")]), body: encoded)
    }
  }
}
