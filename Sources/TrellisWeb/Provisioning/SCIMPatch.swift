import Foundation
import Trellis

/// PATCH operations (RFC 7644, 3.5.2) in the shapes Okta and Microsoft Entra ID send: `op` in any
/// case, a `path` or an object of paths, booleans as "True"/"False" strings, `emails[type eq
/// "work"].value`, and the manager as a string or `{"value": …}`.
enum SCIMPatch {
  /// The attributes of each extension schema Trellis keeps.
  static let extensions: [String: [String]] = [
    SCIMSchema.enterpriseUser.lowercased(): ["employeeNumber", "department", "manager"],
    SCIMSchema.trellisUser.lowercased(): ["team", "location"],
  ]

  static func apply(_ operation: [String: Any], to input: inout ProvisionedUserInput) throws {
    guard let op = (operation["op"] as? String)?.lowercased(), ["add", "replace", "remove"].contains(op)
    else {
      throw SCIMError(400, "invalidSyntax", "Each operation's op is add, replace or remove.")
    }
    let path = operation["path"] as? String
    if op == "remove" {
      guard let path else { throw SCIMError(400, "noTarget", "remove needs a path.") }
      try set(path, nil, on: &input)
      return
    }
    guard let value = operation["value"] else { throw SCIMError(400, "invalidValue", "\(op) needs a value.") }
    if let path {
      try set(path, value, on: &input)
    } else if let object = value as? [String: Any] {
      try SCIMRoutes.apply(object, to: &input)
    } else {
      throw SCIMError(400, "invalidValue", "Without a path, the value is an object of attributes.")
    }
  }

  /// Sets (or, with nil, clears) one attribute by its SCIM path.
  static func set(_ path: String, _ value: Any?, on input: inout ProvisionedUserInput) throws {
    // A whole extension: its attributes from an object, or all of them cleared.
    if let attributes = extensions[path.lowercased()] {
      if value == nil || value is NSNull {
        for attribute in attributes { try set(attribute, nil, on: &input) }
      } else if let object = value as? [String: Any] {
        for (attribute, inner) in object where attribute != "schemas" {
          try set("\(path):\(attribute)", inner, on: &input)
        }
      } else {
        throw SCIMError(400, "invalidValue", "\(path) is an object of its attributes.")
      }
      return
    }
    let name = SCIMSchema.attribute(path)
    func text() throws -> String {
      if value == nil || value is NSNull { return "" }
      if let string = value as? String { return string }
      if let object = value as? [String: Any], let inner = object["value"] as? String { return inner }
      throw SCIMError(400, "invalidValue", "\(path) is text.")
    }
    switch name {
    case "username": input.userName = try text()
    case "externalid": input.externalID = try text().nilIfBlank
    case "name":
      let object = value as? [String: Any] ?? [:]
      input.givenName = object["givenName"] as? String ?? ""
      input.familyName = object["familyName"] as? String ?? ""
    case "name.givenname": input.givenName = try text()
    case "name.familyname": input.familyName = try text()
    case "name.formatted", "displayname", "name.middlename", "name.honorificprefix", "name.honorificsuffix",
      "locale", "preferredlanguage", "timezone", "usertype", "profileurl", "phonenumbers", "addresses",
      "organization", "division", "costcenter", "password", "roles", "entitlements", "x509certificates",
      "ims", "photos", "groups":
      // Kept by the identity provider, not by Trellis (the display name comes from the name).
      break
    case "nickname": input.nickName = try text()
    case "title": input.title = try text()
    case "active":
      if let flag = value as? Bool {
        input.active = flag
      } else if let string = value as? String, let flag = Bool(string.lowercased()) {
        input.active = flag
      } else if value == nil {
        input.active = false
      } else {
        throw SCIMError(400, "invalidValue", "active is true or false.")
      }
    case "emails", "emails.value":
      if let list = value as? [[String: Any]] {
        let primary = list.first { $0["primary"] as? Bool == true } ?? list.first
        input.email = primary?["value"] as? String
      } else if let email = value as? String {
        input.email = email
      } else if value == nil {
        input.email = nil
      } else {
        throw SCIMError(400, "invalidValue", "emails is a list of {value, type, primary}.")
      }
    case "employeenumber": input.employeeNumber = try text().nilIfBlank
    case "department": input.department = try text()
    case "manager", "manager.value":
      let id = try text()
      if id.isEmpty {
        input.managerID = nil
      } else if let manager = Int64(id) {
        input.managerID = manager
      } else {
        throw SCIMError(400, "invalidValue", "manager is the id of a user.")
      }
    case "team": input.team = try text()
    case "location": input.location = try text()
    default:
      throw SCIMError(400, "invalidPath", "\(path) is not an attribute Trellis keeps.")
    }
  }
}

extension String {
  fileprivate var nilIfBlank: String? { trimmingCharacters(in: .whitespaces).isEmpty ? nil : self }
}
