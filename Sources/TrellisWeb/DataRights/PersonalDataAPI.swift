import HTTP
import Trellis

/// "Everything about me" as JSON: the same document as the page's download.
enum PersonalDataAPI {
  static func register(on router: Router, services: Services) {
    router.get("/api/v1/me/personal-data") { request in
      try .json(try services.personalData.export(try request.actor(), via: .api))
    }
  }

  /// The parts that are lists; the rest are objects.
  static let listParts: Set<String> = [
    "roles", "conversations", "actionItems", "archivedPlans", "goals", "opportunityInterests",
    "opportunitiesOwned", "communities", "celebrations", "accessHistory",
  ]

  static let document: JSONValue = [
    "type": "object", "required": .array(PersonalData.parts.map { .string($0.key) }),
    "properties": .object(
      PersonalData.parts.map { part in
        let schema: JSONValue =
          switch part.key {
          case "exportedAt": ["type": "string", "format": "date-time"]
          case _ where listParts.contains(part.key): ["type": "array"]
          default: ["type": "object"]
          }
        return (part.key, Spec.described(schema, part.about))
      }),
  ]

  static let paths: [(String, JSONValue)] = [
    (
      "/api/v1/me/personal-data",
      [
        "get": Spec.operation(
          "exportPersonalData",
          "Everything Trellis holds about you, as you may see it (never another person's private writing); written to your access history and the audit log",
          tag: "people", success: ("200", "Everything about you", document), errors: ["401"])
      ]
    )
  ]
}
