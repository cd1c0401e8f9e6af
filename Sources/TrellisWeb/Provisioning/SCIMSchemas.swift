import Foundation
import Trellis

/// The schemas `/scim/v2/Schemas` publishes (RFC 7643, 7): only the attributes Trellis keeps, so
/// a provider (or a conformance tester) sends nothing that would be dropped.
enum SCIMSchemas {
  static func attribute(
    _ name: String, _ type: String = "string", required: Bool = false, caseExact: Bool = false,
    mutability: String = "readWrite", uniqueness: String = "none", multiValued: Bool = false,
    subAttributes: [[String: Any]]? = nil, canonicalValues: [String]? = nil, references: String = "User",
    description: String
  ) -> [String: Any] {
    var attribute: [String: Any] = [
      "name": name, "type": type, "multiValued": multiValued, "description": description,
      "required": required,
      "caseExact": caseExact, "mutability": mutability, "returned": "default", "uniqueness": uniqueness,
    ]
    if let subAttributes { attribute["subAttributes"] = subAttributes }
    if let canonicalValues { attribute["canonicalValues"] = canonicalValues }
    if type == "reference" { attribute["referenceTypes"] = [references] }
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
            "name", "complex", required: true,
            subAttributes: [
              attribute("givenName", required: true, description: "Given name"),
              attribute("familyName", description: "Family name"),
            ], description: "The person's name (Trellis needs one to show)"),
          attribute("displayName", mutability: "readOnly", description: "The name Trellis shows"),
          attribute("nickName", description: "The name the person prefers"),
          attribute("title", description: "Job title"),
          attribute(
            "active", "boolean", required: true,
            description: "Whether the person can sign in (false deactivates; true when not sent)"),
          attribute(
            "emails", "complex", required: true, multiValued: true,
            subAttributes: [
              attribute("value", required: true, description: "An email address"),
              attribute("type", canonicalValues: ["work"], description: "work"),
            ],
            description:
              "The work email (Trellis keeps one: the primary one sent; it may differ from userName)"),
          attribute("externalId", caseExact: true, description: "The person's id at the identity provider"),
          attribute(
            "groups", "complex", mutability: "readOnly", multiValued: true,
            subAttributes: [
              attribute("value", mutability: "readOnly", description: "The group's id"),
              attribute(
                "$ref", "reference", mutability: "readOnly", references: "Group",
                description: "The group's address"),
              attribute("display", mutability: "readOnly", description: "The team's name"),
            ], description: "The group of the person's team (a person is in one team)"),
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
            ], description: "The person's manager"),
        ]),
      schema(
        SCIMSchema.trellisUser, "TrellisUser",
        [
          attribute("team", description: "The team within the department"),
          attribute("location", description: "Where the person works"),
        ]),
      schema(
        SCIMSchema.group, "Group",
        [
          attribute("displayName", required: true, uniqueness: "server", description: "The team's name"),
          attribute(
            "members", "complex", multiValued: true,
            subAttributes: [
              attribute("value", mutability: "immutable", description: "A user's id"),
              attribute("$ref", "reference", mutability: "immutable", description: "The user's address"),
            ], description: "The people in the team (joining moves a person out of their previous team)"),
          attribute("externalId", caseExact: true, description: "The group's id at the identity provider"),
        ]),
    ]
  }
}
