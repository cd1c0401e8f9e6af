import HTTP
import Trellis

extension FormData {
  /// The case of `T` chosen in the field `name`. Nothing sent gives `fallback` (when the field is
  /// optional); a value that is not one of the cases is a field error, as in the API, never quietly
  /// replaced by a default.
  func choice<T: RawRepresentable & CaseIterable>(_ name: String, default fallback: T? = nil) throws -> T
  where T.RawValue == String {
    let sent = self[name] ?? ""
    if sent.isEmpty, let fallback { return fallback }
    guard let value = T(rawValue: sent) else {
      throw ValidationError(
        field: name, "must be one of " + T.allCases.map(\.rawValue).joined(separator: ", "))
    }
    return value
  }

  /// The same for a field that may be left out: nil when nothing was sent.
  func optionalChoice<T: RawRepresentable & CaseIterable>(_ name: String) throws -> T?
  where T.RawValue == String {
    (self[name] ?? "").isEmpty ? nil : try choice(name) as T
  }
}

extension FormData {
  /// The cases of `T` ticked in the boxes named `name`; an unknown one is a field error.
  func choices<T: RawRepresentable & CaseIterable>(_ name: String) throws -> [T] where T.RawValue == String {
    try values(name).map { sent in
      guard let value = T(rawValue: sent) else {
        throw ValidationError(
          field: name, "must be among " + T.allCases.map(\.rawValue).joined(separator: ", "))
      }
      return value
    }
  }

  /// Whether the box `name` is ticked: the browser sends `on` or nothing (a yes/no radio `off`);
  /// anything else is refused.
  func ticked(_ name: String) throws -> Bool {
    switch self[name] {
    case nil, "off": return false
    case "on": return true
    default: throw ValidationError(field: name, "must be ticked or left empty")
    }
  }
}

extension FormData {
  /// The id chosen in `name` (a select of things): nil when none was chosen; anything but an id
  /// is refused, never read as "none".
  func optionalID(_ name: String) throws -> Int64? {
    guard let sent = self[name], !sent.isEmpty else { return nil }
    guard let id = Int64(sent), id > 0 else {
      throw ValidationError(field: name, "must be one of the choices")
    }
    return id
  }
}
