import Foundation
import HTTP
import Trellis

/// The OpenAPI 3.1 description served at `/api/openapi.json`. A test checks that it lists
/// exactly the API routes the router has, so it stays true.
public enum OpenAPI {
  /// Each capability contributes its paths here.
  static var paths: [(String, JSONValue)] {
    HealthAPI.paths + [
      (
        "/api/openapi.json",
        [
          "get": [
            "operationId": "getOpenAPIDocument",
            "summary": "This API description",
            "tags": ["meta"],
            "responses": [
              "200": [
                "description": "The OpenAPI document",
                "content": ["application/json": ["schema": ["type": "object"]]],
              ]
            ],
          ]
        ]
      )
    ]
  }

  static let components: JSONValue = [
    "schemas": [
      "Problem": [
        "type": "object",
        "description": "RFC 9457 problem details",
        "required": ["type", "title", "status"],
        "properties": [
          "type": ["type": "string"],
          "title": ["type": "string"],
          "status": ["type": "integer"],
          "detail": ["type": "string"],
          "instance": ["type": "string"],
          "errors": [
            "type": "array",
            "items": [
              "type": "object", "required": ["field", "message"],
              "properties": ["field": ["type": "string"], "message": ["type": "string"]],
            ],
          ],
        ],
      ]
    ]
  ]

  public static var document: JSONValue {
    [
      "openapi": "3.1.0",
      "info": [
        "title": "Trellis API",
        "version": .string(Product.version),
        "description":
          "Career conversations, development plans and growth, with confidentiality enforced on every call. Errors are RFC 9457 problem documents.",
      ],
      "paths": .object(paths),
      "components": components,
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
