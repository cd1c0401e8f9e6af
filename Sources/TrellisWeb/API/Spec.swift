import Trellis

/// Shorthands for writing the OpenAPI description next to each capability's routes.
enum Spec {
  /// A text input as its rule states it; a required one must hold more than spaces.
  static func text(_ rule: TextRule, orNull: Bool = false) -> JSONValue {
    var members: [(String, JSONValue)] = [("type", orNull ? ["string", "null"] : "string")]
    if rule.required { members += [("minLength", 1), ("pattern", "\\S")] }
    members.append(("maxLength", .number(Double(rule.maxLength))))
    return .object(members)
  }

  /// A whole-number input as its rule states it.
  static func integer(_ rule: NumberRule, orNull: Bool = false) -> JSONValue {
    [
      "type": orNull ? ["integer", "null"] : "integer",
      "minimum": .number(Double(rule.range.lowerBound)), "maximum": .number(Double(rule.range.upperBound)),
    ]
  }

  /// A list input of `items`, as long as its rule allows.
  static func list(_ rule: ListRule, of items: JSONValue, orNull: Bool = false) -> JSONValue {
    [
      "type": orNull ? ["array", "null"] : "array", "minItems": .number(Double(rule.count.lowerBound)),
      "maxItems": .number(Double(rule.count.upperBound)), "items": items,
    ]
  }

  /// `schema` with a description.
  static func described(_ schema: JSONValue, _ description: String) -> JSONValue {
    guard case .object(let members) = schema else { return schema }
    return .object(members + [("description", .string(description))])
  }

  /// A calendar date as YYYY-MM-DD; `optional` also takes "" (no date).
  static func date(optional: Bool = false, orNull: Bool = false) -> JSONValue {
    optional
      ? [
        "type": orNull ? ["string", "null"] : "string", "maxLength": 10,
        "pattern": "^([0-9]{4}-[0-9]{2}-[0-9]{2})?$",
      ]
      : [
        "type": orNull ? ["string", "null"] : "string", "format": "date", "maxLength": 10,
        "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$",
      ]
  }

  /// A competency, role, track or level as the framework names it.
  static func slug(orNull: Bool = false) -> JSONValue {
    [
      "type": orNull ? ["string", "null"] : "string", "minLength": 1,
      "maxLength": .number(Double(TextRule.slug.maxLength)), "pattern": .string(Framework.slugPattern),
      "description": "Lowercase letters, digits and dashes",
    ]
  }

  /// A web address (`WebAddress`); `optional` also takes "" (none).
  static func webAddress(optional: Bool = false, orNull: Bool = false) -> JSONValue {
    [
      "type": orNull ? ["string", "null"] : "string", "maxLength": .number(Double(WebAddress.maxLength)),
      "pattern": .string(optional ? "^(https?://|$)" : WebAddress.pattern),
    ]
  }

  static let email: JSONValue = [
    "type": "string", "format": "email", "maxLength": .number(Double(EmailAddress.maxLength)),
  ]

  /// A local time as HH:MM.
  static let time: JSONValue = ["type": "string", "maxLength": 5, "pattern": "^[0-9]{2}:[0-9]{2}$"]

  /// An IANA time zone name ("Europe/Lisbon").
  static func timeZone(orNull: Bool = false) -> JSONValue {
    [
      "type": orNull ? ["string", "null"] : "string", "minLength": 1,
      "maxLength": .number(Double(LocalTime.zoneNameLength)),
    ]
  }

  static func ref(_ schema: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(schema)")] }
  static func array(of schema: String) -> JSONValue { ["type": "array", "items": ref(schema)] }

  static func json(_ schema: JSONValue) -> JSONValue { ["application/json": ["schema": schema]] }

  /// A string that is one of an enumeration's raw values.
  static func oneOf<T: CaseIterable & RawRepresentable>(_: T.Type) -> JSONValue where T.RawValue == String {
    ["type": "string", "enum": .array(T.allCases.map { .string($0.rawValue) })]
  }

  static let problem: JSONValue = ["application/problem+json": ["schema": ref("Problem")]]

  /// A path parameter that is a numeric id.
  static func idParameter(_ name: String = "id") -> JSONValue {
    ["name": .string(name), "in": "path", "required": true, "schema": id]
  }

  /// Ids are positive and fit in 31 bits.
  static let id: JSONValue = ["type": "integer", "minimum": 1, "maximum": 2_147_483_647]
  static let optionalID: JSONValue = ["type": ["integer", "null"], "minimum": 1, "maximum": 2_147_483_647]

  /// `schema`, or null.
  static func orNull(_ schema: JSONValue) -> JSONValue { ["oneOf": [schema, ["type": "null"]]] }

  /// An optional query parameter whose value follows `schema`.
  static func query(_ name: String, schema: JSONValue, description: String? = nil) -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("name", .string(name)), ("in", "query"), ("required", false), ("schema", schema),
    ]
    if let description { members.append(("description", .string(description))) }
    return .object(members)
  }

  static func query(_ name: String, _ type: String, _ description: String) -> JSONValue {
    [
      "name": .string(name), "in": "query", "required": false, "description": .string(description),
      "schema": ["type": .string(type)],
    ]
  }

  /// One page of a list (`Trellis.Page`): its items, how many there are in all, and where it starts.
  static func page(of item: JSONValue) -> JSONValue {
    [
      "type": "object", "required": ["items", "total", "limit", "offset"],
      "properties": [
        "items": ["type": "array", "items": item], "total": ["type": "integer"], "limit": ["type": "integer"],
        "offset": ["type": "integer"],
      ],
    ]
  }

  static let paging: [JSONValue] = [
    [
      "name": "limit", "in": "query", "required": false,
      "schema": ["type": "integer", "minimum": 1, "maximum": 500],
    ],
    [
      "name": "offset", "in": "query", "required": false,
      "schema": ["type": "integer", "minimum": 0, "maximum": 2_147_483_647],
    ],
  ]

  /// One operation. `success` is (status, description, schema or nil for no body), JSON unless
  /// `successMediaType` says otherwise.
  static func operation(
    _ id: String, _ summary: String, tag: String, parameters: [JSONValue] = [], body: JSONValue? = nil,
    success: (String, String, JSONValue?), errors: [String] = ["401", "403"],
    more: [(String, String, JSONValue)] = [], public isPublic: Bool = false,
    successMediaType: String = "application/json"
  ) -> JSONValue {
    var members: [(String, JSONValue)] = [
      ("operationId", .string(id)), ("summary", .string(summary)), ("tags", [.string(tag)]),
    ]
    if !parameters.isEmpty { members.append(("parameters", .array(parameters))) }
    if let body {
      members.append(("requestBody", ["required": true, "content": body]))
    }
    var responses: [(String, JSONValue)] = []
    let (status, description, schema) = success
    responses.append(
      (
        status,
        schema.map {
          [
            "description": .string(description),
            "content": .object([(successMediaType, .object([("schema", $0)]))]),
          ]
        }
          ?? ["description": .string(description)]
      ))
    // Any operation may answer 422: text with a control character is refused everywhere. One
    // with a body may answer 413 (how much a caller may send depends on who they are) and 503
    // (a change that waited too long for the database).
    let moreCodes = Set(more.map(\.0))
    let always = body == nil ? ["422"] : ["413", "422", "503"]
    for code in Set(errors + always).subtracting(moreCodes).sorted() {
      responses.append(
        (code, ["description": .string(errorDescriptions[code] ?? "Error"), "content": problem]))
    }
    for (code, description, schema) in more {
      var content = json(schema)
      if code == "422", case .object(var members) = content, case .object(let problems) = problem {
        members += problems
        content = .object(members)
      }
      responses.append((code, ["description": .string(description), "content": content]))
    }
    responses.sort { $0.0 < $1.0 }
    members.append(("responses", .object(responses)))
    if isPublic { members.append(("security", [])) }
    return .object(members)
  }

  static let errorDescriptions = [
    "400": "Malformed request", "401": "Not signed in, or credentials not accepted",
    "403": "Not allowed for this person", "404": "No such resource", "409": "Conflicts with current state",
    "410": "No longer valid", "413": "Body too large", "415": "Unsupported media type",
    "422": "Invalid input, with one message per field", "429": "Too many attempts",
    "503": "Busy: nothing was saved; send it again after Retry-After seconds",
  ]
}
