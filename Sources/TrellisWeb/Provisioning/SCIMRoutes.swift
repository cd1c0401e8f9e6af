import Foundation
import HTTP
import Trellis

/// SCIM 2.0 (RFC 7643, 7644) at `/scim/v2`: identity providers add, change and deactivate people
/// with a provisioning token. Bodies are `application/scim+json`; errors are SCIM error bodies.
enum SCIMRoutes {
  static let base = "/scim/v2"
  static let errorSchema = "urn:ietf:params:scim:api:messages:2.0:Error"
  static let listSchema = "urn:ietf:params:scim:api:messages:2.0:ListResponse"
  static let patchSchema = "urn:ietf:params:scim:api:messages:2.0:PatchOp"

  static func register(on router: Router, services: Services) {
    router.get(base + "/ServiceProviderConfig") { request in
      scim(request, services) { _ in (200, serviceProviderConfig(), nil) }
    }
    router.get(base + "/ResourceTypes") { request in
      scim(request, services) { _ in (200, list(resourceTypes, total: resourceTypes.count, start: 1), nil) }
    }
    router.get(base + "/ResourceTypes/:id") { request in
      scim(request, services) { _ in
        let id = try request.parameter("id")
        guard let type = resourceTypes.first(where: { $0["id"] as? String == id }) else {
          throw SCIMError(404, nil, "There is no resource type \(id).")
        }
        return (200, type, nil)
      }
    }
    router.get(base + "/Schemas") { request in
      scim(request, services) { _ in (200, list(SCIMSchemas.all, total: SCIMSchemas.all.count, start: 1), nil)
      }
    }
    router.get(base + "/Schemas/:id") { request in
      scim(request, services) { _ in
        let id = try request.parameter("id")
        guard let schema = SCIMSchemas.all.first(where: { $0["id"] as? String == id }) else {
          throw SCIMError(404, nil, "There is no schema \(id).")
        }
        return (200, schema, nil)
      }
    }
    router.post(base + "/.search") { request in
      scim(request, services) { _ in
        throw SCIMError(
          501, nil, "Search one resource type at a time: POST /Users/.search or /Groups/.search.")
      }
    }
    registerUsers(on: router, services: services)
    registerGroups(on: router, services: services)
  }

  static func registerUsers(on router: Router, services: Services) {
    router.get(base + "/Users") { request in
      scim(request, services) { _ in try searchUsers(services, SCIMQuery(request)) }
    }
    router.post(base + "/Users/.search") { request in
      scim(request, services) { _ in try searchUsers(services, SCIMQuery(searching: try json(request))) }
    }
    router.post(base + "/Users") { request in
      scim(request, services) { client in
        let body = try json(request)
        var input = ProvisionedUserInput(userName: "")
        try apply(body, to: &input)
        let created = try services.provisioning.create(input, by: client, from: origin(request))
        return (201, SCIMQuery(request).project(user(created)), versioned(created))
      }
    }
    router.get(base + "/Users/:id") { request in
      scim(request, services) { _ in
        let found = try services.provisioning.user(id: try id(request))
        return (200, SCIMQuery(request).project(user(found)), versioned(found))
      }
    }
    router.put(base + "/Users/:id") { request in
      scim(request, services) { client in
        let body = try json(request)
        var input = ProvisionedUserInput(userName: "")
        try apply(body, to: &input)
        let changed = try services.provisioning.replace(
          id: try id(request), input, ifMatch: request.headers["if-match"], by: client, from: origin(request))
        return (200, SCIMQuery(request).project(user(changed)), versioned(changed))
      }
    }
    router.patch(base + "/Users/:id") { request in
      scim(request, services) { client in
        let operations = try patchOperations(request)
        let id = try id(request)
        var input = ProvisionedUserInput(try services.provisioning.user(id: id))
        for operation in operations { try SCIMPatch.apply(operation, to: &input) }
        let changed = try services.provisioning.replace(
          id: id, input, ifMatch: request.headers["if-match"], by: client, from: origin(request))
        return (200, SCIMQuery(request).project(user(changed)), versioned(changed))
      }
    }
    router.delete(base + "/Users/:id") { request in
      scim(request, services) { client in
        try services.provisioning.delete(id: try id(request), by: client, from: origin(request))
        return (204, nil, nil)
      }
    }
  }

  static func searchUsers(_ services: Services, _ query: SCIMQuery) throws -> (Int, Any?, Versioned?) {
    let (total, found) = try services.provisioning.users(
      filter: query.filter, startIndex: query.startIndex, count: query.count)
    return (200, list(found.map { query.project(user($0)) }, total: total, start: query.startIndex), nil)
  }

  /// The operations of a PATCH body (RFC 7644, 3.5.2).
  static func patchOperations(_ request: Request) throws -> [[String: Any]] {
    let body = try json(request)
    guard (body["schemas"] as? [String])?.contains(patchSchema) == true,
      let operations = body["Operations"] as? [[String: Any]]
    else {
      throw SCIMError(400, "invalidSyntax", "A PATCH body is a PatchOp with Operations.")
    }
    return operations
  }

  static func origin(_ request: Request) -> Origin { Origin(address: request.remoteAddress, via: .scim) }

  static func id(_ request: Request) throws -> Int64 {
    guard let id = Int64(try request.parameter("id")), id > 0 else {
      throw SCIMError(404, nil, "There is no such resource.")
    }
    return id
  }

  /// What the ETag and Location headers say about the resource answered.
  typealias Versioned = (version: String, location: String)

  static func versioned(_ user: ProvisionedUser) -> Versioned { (user.version, location(user)) }

  static func json(_ request: Request) throws -> [String: Any] {
    guard let mediaType = request.mediaType,
      mediaType == "application/scim+json" || mediaType == "application/json"
    else { throw SCIMError(415, nil, "Send application/scim+json.") }
    guard
      let body = try? JSONSerialization.jsonObject(with: Data(try request.checkedBody())) as? [String: Any]
    else { throw SCIMError(400, "invalidSyntax", "The body is not a JSON object.") }
    return body
  }

  /// Runs `work` for an authenticated provisioning client and answers in SCIM's shape.
  static func scim(
    _ request: Request, _ services: Services,
    _ work: (ProvisioningClient) throws -> (Int, Any?, Versioned?)
  ) -> Response {
    do {
      let token = (request.headers["authorization"] ?? "").split(separator: " ", maxSplits: 1)
      guard token.count == 2, token[0].lowercased() == "bearer",
        let client = try services.provisioning.authenticate(bearerToken: String(token[1]))
      else {
        var response = answer(401, error(SCIMError(401, nil, "A valid provisioning token is required.")))
        response.headers.add("WWW-Authenticate", "Bearer")
        return response
      }
      let (status, body, resource) = try work(client)
      var response = answer(status, body)
      if let resource {
        response.headers.add("ETag", resource.version)
        if status == 201 { response.headers.add("Location", resource.location) }
      }
      return response
    } catch let failure as SCIMError {
      return answer(failure.status, error(failure))
    } catch let failure as HTTPErrorConvertible {
      let http = failure.httpError
      return answer(http.status.code, error(SCIMError(http.status.code, nil, http.detail ?? http.title)))
    } catch {
      return answer(500, self.error(SCIMError(500, nil, "Something went wrong.")))
    }
  }

  static func answer(_ status: Int, _ body: Any?) -> Response {
    guard let body, let data = try? JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
    else {
      return Response(status: Status(status, ""))
    }
    return Response(
      status: Status(status, ""), headers: Headers([("Content-Type", "application/scim+json")]),
      body: Array(data))
  }

  static func error(_ failure: SCIMError) -> [String: Any] {
    var body: [String: Any] = [
      "schemas": [errorSchema], "status": String(failure.status), "detail": failure.detail,
    ]
    if let type = failure.scimType { body["scimType"] = type }
    return body
  }

  static func list(_ resources: [Any], total: Int, start: Int) -> [String: Any] {
    [
      "schemas": [listSchema], "totalResults": total, "startIndex": start, "itemsPerPage": resources.count,
      "Resources": resources,
    ]
  }

  static func location(_ user: ProvisionedUser) -> String { "\(base)/Users/\(user.person.id)" }

  static func timestamp(_ date: Date) -> String { date.formatted(.iso8601) }

  /// A person as a SCIM User, with the enterprise extension and Trellis's own.
  static func user(_ user: ProvisionedUser) -> [String: Any] {
    let person = user.person
    var resource: [String: Any] = [
      "id": String(person.id), "userName": user.userName, "active": person.active,
      "displayName": person.displayName,
      "emails": [["value": person.email, "type": "work"]],
      "meta": [
        "resourceType": "User", "created": timestamp(user.created),
        "lastModified": timestamp(user.lastModified),
        "version": user.version, "location": location(user),
      ],
    ]
    let name = ["givenName": person.givenName, "familyName": person.familyName].filter { !$0.value.isEmpty }
    if !name.isEmpty { resource["name"] = name }
    if let external = user.externalID { resource["externalId"] = external }
    if let group = user.groupID {
      resource["groups"] = [
        ["value": String(group), "$ref": "\(base)/Groups/\(group)", "display": person.team]
      ]
    }
    if !person.preferredName.isEmpty { resource["nickName"] = person.preferredName }
    if !person.jobTitle.isEmpty { resource["title"] = person.jobTitle }
    var enterprise: [String: Any] = [:]
    if let number = person.employeeNumber { enterprise["employeeNumber"] = number }
    if !person.department.isEmpty { enterprise["department"] = person.department }
    if let manager = person.managerID {
      enterprise["manager"] = ["value": String(manager), "$ref": "\(base)/Users/\(manager)"]
    }
    var trellis: [String: Any] = [:]
    if !person.team.isEmpty { trellis["team"] = person.team }
    if !person.location.isEmpty { trellis["location"] = person.location }
    // An extension is named in `schemas` only when the user has some of it.
    var schemas = [SCIMSchema.user]
    for (urn, values) in [(SCIMSchema.enterpriseUser, enterprise), (SCIMSchema.trellisUser, trellis)]
    where !values.isEmpty {
      resource[urn] = values
      schemas.append(urn)
    }
    resource["schemas"] = schemas
    return resource
  }

  /// Reads a User body (POST, PUT, or a PATCH value without a path) into `input`.
  static func apply(_ body: [String: Any], to input: inout ProvisionedUserInput) throws {
    for (key, value) in body where key != "schemas" && key != "id" && key != "meta" {
      if key == SCIMSchema.enterpriseUser || key == SCIMSchema.trellisUser,
        let object = value as? [String: Any]
      {
        for (inner, innerValue) in object { try SCIMPatch.set("\(key):\(inner)", innerValue, on: &input) }
      } else {
        try SCIMPatch.set(key, value, on: &input)
      }
    }
    if input.userName.trimmingCharacters(in: .whitespaces).isEmpty {
      throw SCIMError(400, "invalidValue", "userName is required.")
    }
  }

  static func serviceProviderConfig() -> [String: Any] {
    [
      "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig"],
      "patch": ["supported": true], "bulk": ["supported": false, "maxOperations": 0, "maxPayloadSize": 0],
      "filter": ["supported": true, "maxResults": 200], "changePassword": ["supported": false],
      "sort": ["supported": false], "etag": ["supported": true],
      "authenticationSchemes": [
        [
          "type": "oauthbearertoken", "name": "Provisioning token",
          "description": "A token an admin creates under Admin → Single sign-on → Provisioning",
          "primary": true,
        ]
      ],
      "meta": ["resourceType": "ServiceProviderConfig", "location": "\(base)/ServiceProviderConfig"],
    ]
  }

  static var resourceTypes: [[String: Any]] {
    [
      [
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"], "id": "User", "name": "User",
        "endpoint": "/Users", "description": "People in Trellis", "schema": SCIMSchema.user,
        "schemaExtensions": [
          ["schema": SCIMSchema.enterpriseUser, "required": false],
          ["schema": SCIMSchema.trellisUser, "required": false],
        ],
        "meta": ["resourceType": "ResourceType", "location": "\(base)/ResourceTypes/User"],
      ],
      [
        "schemas": ["urn:ietf:params:scim:schemas:core:2.0:ResourceType"], "id": "Group", "name": "Group",
        "endpoint": "/Groups", "description": "Teams", "schema": SCIMSchema.group,
        "meta": ["resourceType": "ResourceType", "location": "\(base)/ResourceTypes/Group"],
      ],
    ]
  }
}
