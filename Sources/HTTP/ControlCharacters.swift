import Foundation

/// The one rule for control characters in text a client sends (JSON strings, form fields, query
/// arguments): none but tab, line feed and carriage return. A NUL would split a string in
/// PostgreSQL and C, and the others have no place in anything a person writes.
public enum ControlCharacters {
  public static func isRefused(_ scalar: Unicode.Scalar) -> Bool {
    scalar.properties.generalCategory == .control && scalar != "\t" && scalar != "\n" && scalar != "\r"
  }

  /// The field error for `value` of `field`, if it holds a refused character.
  static func problem(_ field: String, _ value: String) -> FieldError? {
    guard let scalar = value.unicodeScalars.first(where: isRefused) else { return nil }
    let code = String(scalar.value, radix: 16, uppercase: true)
    return FieldError(
      field: field,
      message:
        "contains a control character (U+\(String(repeating: "0", count: max(0, 4 - code.count)))\(code)), which is not allowed"
    )
  }

  /// 422 naming every field whose value holds a refused character.
  static func check(_ fields: [(name: String, value: String)]) throws {
    let problems = fields.compactMap { problem($0.name, $0.value) }
    if !problems.isEmpty { throw HTTPError.invalid(problems) }
  }

  /// The same for every string in a JSON document, named by its path (`items[2].title`).
  static func check(json bytes: [UInt8]) throws {
    guard let document = try? JSONSerialization.jsonObject(with: Data(bytes), options: .fragmentsAllowed)
    else { return }
    var found: [(name: String, value: String)] = []
    func walk(_ value: Any, _ path: String) {
      switch value {
      case let text as String:
        if text.unicodeScalars.contains(where: isRefused) {
          found.append((path.isEmpty ? "(body)" : path, text))
        }
      case let object as [String: Any]:
        for (key, member) in object { walk(member, path.isEmpty ? key : "\(path).\(key)") }
      case let array as [Any]:
        for (index, element) in array.enumerated() { walk(element, "\(path)[\(index)]") }
      default:
        break
      }
    }
    walk(document, "")
    try check(found.sorted { $0.name < $1.name })
  }
}

/// Query arguments follow the same rule before any handler reads them.
public struct ControlCharacterMiddleware: Middleware {
  public init() {}

  public func handle(_ request: Request, next: (Request) throws -> Response) throws -> Response {
    try ControlCharacters.check(request.query)
    return try next(request)
  }
}
