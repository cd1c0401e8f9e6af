/// The OpenAPI description of the health probes.
enum HealthAPI {
  static let status: JSONValue = [
    "type": "object", "required": ["status"],
    "properties": ["status": ["type": "string"], "reason": ["type": "string"]],
  ]

  static let paths: [(String, JSONValue)] = [
    (
      "/healthz",
      [
        "get": [
          "operationId": "getHealth", "summary": "The process is up", "tags": ["operations"], "security": [],
          "responses": ["200": ["description": "Up", "content": ["application/json": ["schema": status]]]],
        ]
      ]
    ),
    (
      "/readyz",
      [
        "get": [
          "operationId": "getReadiness", "summary": "The database answers and its schema is current",
          "tags": ["operations"], "security": [],
          "responses": [
            "200": ["description": "Ready", "content": ["application/json": ["schema": status]]],
            "503": ["description": "Not ready", "content": ["application/json": ["schema": status]]],
          ],
        ]
      ]
    ),
  ]
}
