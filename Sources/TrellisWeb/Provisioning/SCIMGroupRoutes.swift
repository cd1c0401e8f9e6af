import Foundation
import HTTP
import Trellis

/// SCIM Groups are teams: a group's members are the people whose team it is (see the README's
/// "Single sign-on and provisioning" for why teams and not roles).
extension SCIMRoutes {
  static func registerGroups(on router: Router, services: Services) {
    router.get(base + "/Groups") { request in
      scim(request, services) { _ in try searchGroups(services, SCIMQuery(request)) }
    }
    router.post(base + "/Groups/.search") { request in
      scim(request, services) { _ in try searchGroups(services, SCIMQuery(searching: try json(request))) }
    }
    router.post(base + "/Groups") { request in
      scim(request, services) { client in
        var input = ProvisionedGroupInput(displayName: "")
        try apply(try json(request), to: &input, adding: false)
        let created = try services.provisioning.createGroup(input, by: client, from: origin(request))
        return (201, SCIMQuery(request).project(group(created)), versioned(created))
      }
    }
    router.get(base + "/Groups/:id") { request in
      scim(request, services) { _ in
        let found = try services.provisioning.group(id: try id(request))
        return (200, SCIMQuery(request).project(group(found)), versioned(found))
      }
    }
    router.put(base + "/Groups/:id") { request in
      scim(request, services) { client in
        var input = ProvisionedGroupInput(displayName: "")
        try apply(try json(request), to: &input, adding: false)
        let changed = try services.provisioning.replaceGroup(
          id: try id(request), input, ifMatch: request.headers["if-match"], by: client, from: origin(request))
        return (200, SCIMQuery(request).project(group(changed)), versioned(changed))
      }
    }
    router.patch(base + "/Groups/:id") { request in
      scim(request, services) { client in
        let operations = try patchOperations(request)
        let id = try id(request)
        var input = ProvisionedGroupInput(try services.provisioning.group(id: id))
        for operation in operations { try patch(operation, to: &input) }
        let changed = try services.provisioning.replaceGroup(
          id: id, input, ifMatch: request.headers["if-match"], by: client, from: origin(request))
        return (200, SCIMQuery(request).project(group(changed)), versioned(changed))
      }
    }
    router.delete(base + "/Groups/:id") { request in
      scim(request, services) { client in
        try services.provisioning.deleteGroup(id: try id(request), by: client, from: origin(request))
        return (204, nil, nil)
      }
    }
  }

  static func searchGroups(_ services: Services, _ query: SCIMQuery) throws -> (Int, Any?, Versioned?) {
    let (total, found) = try services.provisioning.groups(
      filter: query.filter, startIndex: query.startIndex, count: query.count)
    return (200, list(found.map { query.project(group($0)) }, total: total, start: query.startIndex), nil)
  }

  static func versioned(_ group: ProvisionedGroup) -> Versioned {
    (group.version, "\(base)/Groups/\(group.id)")
  }

  static func group(_ group: ProvisionedGroup) -> [String: Any] {
    var resource: [String: Any] = [
      "schemas": [SCIMSchema.group], "id": String(group.id), "displayName": group.displayName,
      "members": group.members.map { ["value": String($0), "$ref": "\(base)/Users/\($0)"] },
      "meta": [
        "resourceType": "Group", "created": timestamp(group.created),
        "lastModified": timestamp(group.lastModified), "version": group.version,
        "location": "\(base)/Groups/\(group.id)",
      ],
    ]
    if let external = group.externalID { resource["externalId"] = external }
    return resource
  }

  /// Reads a Group body (POST, PUT, or a PATCH value without a path); `adding` adds the members
  /// sent instead of replacing them.
  static func apply(_ body: [String: Any], to input: inout ProvisionedGroupInput, adding: Bool) throws {
    for (key, value) in body {
      switch SCIMSchema.attribute(key) {
      case "schemas", "id", "meta": break
      case "displayname": input.displayName = try text(value, "displayName")
      case "externalid":
        let external = try text(value, "externalId")
        input.externalID = external.isEmpty ? nil : external
      case "members":
        let members = try memberIDs(value)
        input.members = adding ? input.members.union(members) : members
      default:
        throw SCIMError(400, "invalidPath", "\(key) is not an attribute of a group in Trellis.")
      }
    }
  }

  /// One PATCH operation on a group, in the shapes Okta (`members[value eq "…"]`) and Microsoft
  /// Entra ID (`remove` of `members` with a list of values) send.
  static func patch(_ operation: [String: Any], to input: inout ProvisionedGroupInput) throws {
    guard let op = (operation["op"] as? String)?.lowercased(), ["add", "replace", "remove"].contains(op)
    else {
      throw SCIMError(400, "invalidSyntax", "Each operation's op is add, replace or remove.")
    }
    let value = operation["value"]
    guard let path = operation["path"] as? String else {
      guard op != "remove" else { throw SCIMError(400, "noTarget", "remove needs a path.") }
      guard let object = value as? [String: Any] else {
        throw SCIMError(400, "invalidValue", "Without a path, the value is an object of attributes.")
      }
      try apply(object, to: &input, adding: op == "add")
      return
    }
    let name = SCIMSchema.attribute(path)
    if name == "members", path.contains("[") {
      guard op == "remove" else { throw SCIMError(400, "invalidPath", "Add or replace members by value.") }
      input.members.remove(try filteredMember(path))
      return
    }
    switch (op, name) {
    case ("remove", "members"):
      if let value, !(value is NSNull) {
        input.members.subtract(try memberIDs(value))
      } else {
        input.members = []
      }
    case ("remove", "externalid"): input.externalID = nil
    case ("remove", _): throw SCIMError(400, "mutability", "\(path) cannot be removed from a group.")
    case (_, "members"), (_, "members.value"):
      let members = try memberIDs(value as Any)
      input.members = op == "add" ? input.members.union(members) : members
    case (_, "displayname"): input.displayName = try text(value as Any, "displayName")
    case (_, "externalid"):
      let external = try text(value as Any, "externalId")
      input.externalID = external.isEmpty ? nil : external
    default:
      throw SCIMError(400, "invalidPath", "\(path) is not an attribute of a group in Trellis.")
    }
  }

  private static func text(_ value: Any, _ name: String) throws -> String {
    if let string = value as? String { return string }
    if value is NSNull { return "" }
    throw SCIMError(400, "invalidValue", "\(name) is text.")
  }

  /// The user ids of a members value: a list of `{"value": id}` (or one of them).
  private static func memberIDs(_ value: Any) throws -> Set<Int64> {
    let entries: [Any] = value as? [Any] ?? [value]
    return Set(
      try entries.map { entry in
        let id = (entry as? [String: Any])?["value"] ?? entry
        guard let text = id as? String ?? (id as? Int).map(String.init), let number = Int64(text) else {
          throw SCIMError(400, "invalidValue", "members are {\"value\": a user's id}.")
        }
        return number
      })
  }

  /// The user id in `members[value eq "42"]`.
  private static func filteredMember(_ path: String) throws -> Int64 {
    guard let open = path.firstIndex(of: "["), let close = path.lastIndex(of: "]"), open < close else {
      throw SCIMError(400, "invalidPath", "\(path) is not a members filter.")
    }
    let words = path[path.index(after: open)..<close].split(separator: " ", omittingEmptySubsequences: true)
    guard words.count == 3, words[0].lowercased() == "value", words[1].lowercased() == "eq",
      let id = Int64(words[2].trimmingCharacters(in: CharacterSet(charactersIn: "\"")))
    else {
      throw SCIMError(400, "invalidFilter", "Trellis removes members by members[value eq \"id\"].")
    }
    return id
  }
}
