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
