import HTTP
import Trellis

/// "Everything about me" and how long data is kept, as JSON.
enum DataRightsAPI {
  static func register(on router: Router, services: Services) {
    router.get("/api/v1/me/personal-data") { request in
      try .json(try services.personalData.export(try request.actor(), via: .api))
    }
    router.get("/api/v1/people/:id/erasure") { request in
      try .json(try services.erasure.preview(try request.actor(), person: try request.intParameter("id")))
    }
    router.post("/api/v1/people/:id/erasure") { request in
      try .json(try services.erasure.erase(try request.actor(), person: try request.intParameter("id")))
    }
    router.get("/api/v1/settings/retention") { request in
      try .json(retention(try services.retention.settings(try request.actor())))
    }
    router.put("/api/v1/settings/retention") { request in
      let body = try request.decodeJSON([String: Int?].self)
      var changes: [RetainedKind: Int?] = [:]
      var validator = Validator()
      for (key, days) in body {
        if let kind = RetainedKind(rawValue: key) {
          changes[kind] = days
        } else {
          validator.add(key, "is not a kind of data Trellis keeps")
        }
      }
      try validator.throwIfInvalid()
      return try .json(retention(try services.retention.update(try request.actor(), changes)))
    }
  }

  /// Each kind: its days (null: kept), what may be chosen, and what the setting does.
  struct RetentionEntry: Encodable {
    let days: Int?
    let defaultDays: Int
    let minimum: Int
    let maximum: Int
    let explanation: String
  }

  static func retention(_ settings: RetentionSettings) -> [String: RetentionEntry] {
    Dictionary(
      uniqueKeysWithValues: RetainedKind.allCases.map { kind in
        (
          kind.rawValue,
          RetentionEntry(
            days: settings.days(kind), defaultDays: kind.defaultDays, minimum: kind.rule.range.lowerBound,
            maximum: kind.rule.range.upperBound, explanation: kind.explanation(days: settings.days(kind)))
        )
      })
  }

  static let retentionEntry: JSONValue = [
    "type": "object", "required": ["days", "defaultDays", "minimum", "maximum", "explanation"],
    "properties": [
      "days": ["type": ["integer", "null"]], "defaultDays": ["type": "integer"],
      "minimum": ["type": "integer"],
      "maximum": ["type": "integer"], "explanation": ["type": "string"],
    ],
  ]

  static let retentionSettings: JSONValue = [
    "type": "object", "required": .array(RetainedKind.allCases.map { .string($0.rawValue) }),
    "properties": .object(RetainedKind.allCases.map { ($0.rawValue, retentionEntry) }),
  ]

  /// The parts that are lists; the rest are objects.
  static let listParts: Set<String> = [
    "roles", "conversations", "actionItems", "archivedPlans", "goals", "opportunityInterests",
    "opportunitiesOwned", "communities", "celebrations", "kudosGiven", "accessHistory",
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

  static let erasure: JSONValue = [
    "type": "object", "required": ["personID", "name", "label", "deleted", "anonymised", "kept"],
    "properties": [
      "personID": ["type": "integer"], "name": ["type": "string"], "label": ["type": "string"],
      "deleted": ["type": "array", "items": part], "anonymised": ["type": "array", "items": part],
      "kept": [
        "type": "array",
        "items": [
          "type": "object", "required": ["what", "why"],
          "properties": ["what": ["type": "string"], "why": ["type": "string"]],
        ],
      ],
    ],
  ]
  static let part: JSONValue = [
    "type": "object", "required": ["what", "count"],
    "properties": ["what": ["type": "string"], "count": ["type": "integer"]],
  ]

  static let paths: [(String, JSONValue)] = [
    (
      "/api/v1/people/{id}/erasure",
      [
        "get": Spec.operation(
          "previewErasure",
          "What erasing this person would delete, make anonymous and keep, and why (people team)",
          tag: "people", parameters: [Spec.idParameter()], success: ("200", "The preview", erasure),
          errors: ["401", "403", "404"]),
        "post": Spec.operation(
          "erasePerson",
          "Erase someone who has left (deactivate them first), in one step; the audit log records counts only (people team)",
          tag: "people", parameters: [Spec.idParameter()], success: ("200", "What was done", erasure),
          errors: ["401", "403", "404", "409"]),
      ]
    ),
    (
      "/api/v1/settings/retention",
      [
        "get": Spec.operation(
          "getRetention", "How long each kind of data is kept, and what each setting does (people team)",
          tag: "people", success: ("200", "Retention", retentionSettings), errors: ["401", "403"]),
        "put": Spec.operation(
          "setRetention", "Change how long kinds of data are kept, in days; null keeps them (people team)",
          tag: "people",
          body: Spec.json([
            "type": "object", "additionalProperties": false,
            "properties": .object(
              RetainedKind.allCases.map { ($0.rawValue, Spec.integer($0.rule, orNull: true)) }),
          ]), success: ("200", "Retention", retentionSettings), errors: ["400", "401", "403", "415", "422"]),
      ]
    ),
    (
      "/api/v1/me/personal-data",
      [
        "get": Spec.operation(
          "exportPersonalData",
          "Everything Trellis holds about you, as you may see it (never another person's private writing); written to your access history and the audit log",
          tag: "people", success: ("200", "Everything about you", document), errors: ["401"])
      ]
    ),
  ]
}
