import Foundation

extension Request {
  /// Decodes a JSON body; 415 for another media type, 400 naming the field that is wrong.
  public func decodeJSON<T: Decodable>(_ type: T.Type = T.self) throws -> T {
    guard let mediaType, mediaType == "application/json" || mediaType.hasSuffix("+json") else {
      throw HTTPError.unsupportedMediaType(headers["content-type"], expected: ["application/json"])
    }
    return try JSONBody.decode(T.self, from: try checkedBody())
  }
}

/// JSON decoding whose errors are 400s naming the path of the bad element.
public enum JSONBody {
  public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
    do {
      let value = try JSONCoding.decoder.decode(T.self, from: Data(bytes))
      try ControlCharacters.check(json: bytes)
      return value
    } catch let error as DecodingError {
      throw JSONProblem.describe(error)
    }
  }
}

enum JSONProblem {
  /// Turns a `DecodingError` into a 400 that names the path of the bad element.
  static func describe(_ error: DecodingError) -> HTTPError {
    func path(_ keys: [CodingKey]) -> String {
      var text = ""
      for key in keys {
        if let index = key.intValue {
          text += "[\(index)]"
        } else {
          text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
        }
      }
      return text.isEmpty ? "(body)" : text
    }
    switch error {
    case .keyNotFound(let key, let context):
      let field = path(context.codingPath + [key])
      return .badRequest(
        "Field '\(field)' is required.",
        fieldErrors: [FieldError(field: field, message: "is required")])
    case .typeMismatch(let type, let context):
      let field = path(context.codingPath)
      let expected = JSONProblem.name(of: type)
      return .badRequest(
        "Field '\(field)' must be \(expected).",
        fieldErrors: [FieldError(field: field, message: "must be \(expected)")])
    case .valueNotFound(let type, let context):
      let field = path(context.codingPath)
      let expected = JSONProblem.name(of: type)
      return .badRequest(
        "Field '\(field)' must be \(expected), not null.",
        fieldErrors: [FieldError(field: field, message: "must be \(expected), not null")])
    case .dataCorrupted(let context):
      if context.codingPath.isEmpty {
        return .badRequest("The body is not valid JSON.")
      }
      // The right type with a value no one means (a date that does not exist): invalid input.
      let field = path(context.codingPath)
      return .invalid(
        [FieldError(field: field, message: context.debugDescription)],
        detail: "Field '\(field)' is invalid: \(context.debugDescription)")
    @unknown default:
      return .badRequest("The body could not be read as JSON.")
    }
  }

  static func name(of type: Any.Type) -> String {
    switch type {
    case is String.Type: return "a string"
    case is Int.Type, is Int64.Type, is Int32.Type: return "an integer"
    case is Double.Type, is Float.Type: return "a number"
    case is Bool.Type: return "true or false"
    case is [Any].Type: return "an array"
    default:
      let name = String(describing: type)
      if name.hasPrefix("Array") { return "an array" }
      if name.hasPrefix("Dictionary") { return "an object" }
      return "an object"
    }
  }
}
