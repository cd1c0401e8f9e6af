import Foundation
import Trellis

/// The schemas `/scim/v2/Schemas` publishes (RFC 7643, 7): only the attributes Trellis keeps, so
/// a provider (or a conformance tester) sends nothing that would be dropped.
enum SCIMSchemas {
  static func attribute(
    _ name: String, _ type: String = "string", required: Bool = false, caseExact: Bool = false,
    mutability: String = "readWrite", uniqueness: String = "none", multiValued: Bool = false,
    subAttributes: [[String: Any]]? = nil, description: String
  ) -> [String: Any] {
    var attribute: [String: Any] = [
      "name": name, "type": type, "multiValued": multiValued, "description": description,
      "required": required,
      "caseExact": caseExact, "mutability": mutability, "returned": "default", "uniqueness": uniqueness,
    ]
    if let subAttributes { attribute["subAttributes"] = subAttributes }
    if type == "reference" { attribute["referenceTypes"] = ["User"] }
    return attribute
  }

  static func schema(_ id: String, _ name: String, _ attributes: [[String: Any]]) -> [String: Any] {
    [
      "schemas": ["urn:ietf:params:scim:schemas:core:2.0:Schema"], "id": id, "name": name,
      "description": name, "attributes": attributes,
      "meta": ["resourceType": "Schema", "location": "\(SCIMRoutes.base)/Schemas/\(id)"],
    ]
  }

  static var all: [[String: Any]] {
    [
      schema(
        SCIMSchema.user, "User",
        [
          attribute(
            "userName", required: true, uniqueness: "server", description: "The person's work email address"),
          attribute(
            "name", "complex",
            subAttributes: [
              attribute("givenName", description: "Given name"),
              attribute("familyName", description: "Family name"),
            ], description: "The person's name"),
          attribute("displayName", mutability: "readOnly", description: "The name Trellis shows"),
          attribute("nickName", description: "The name the person prefers"),
          attribute("title", description: "Job title"),
          attribute("active", "boolean", description: "Whether the person can sign in"),
          attribute(
            "emails", "complex", required: true, multiValued: true,
            subAttributes: [
              attribute("value", description: "An email address"), attribute("type", description: "work"),
              attribute("primary", "boolean", description: "The address Trellis uses"),
            ], description: "The work email (Trellis needs one; it may differ from userName)"),
          attribute("externalId", caseExact: true, description: "The person's id at the identity provider"),
        ]),
      schema(
        SCIMSchema.enterpriseUser, "EnterpriseUser",
        [
          attribute("employeeNumber", caseExact: true, description: "The HR system's number"),
          attribute("department", description: "Department"),
          attribute(
            "manager", "complex",
            subAttributes: [
              attribute("value", description: "The manager's user id"),
              attribute("$ref", "reference", description: "The manager's address"),
              attribute("displayName", mutability: "readOnly", description: "The manager's name"),
            ], description: "The person's manager"),
        ]),
      schema(
        SCIMSchema.trellisUser, "TrellisUser",
        [
          attribute("team", description: "The team within the department"),
          attribute("location", description: "Where the person works"),
        ]),
    ]
  }
}
