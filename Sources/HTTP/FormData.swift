/// A file sent in a `multipart/form-data` body.
public struct UploadedFile: Sendable, Equatable {
  public let field: String
  public let filename: String
  public let contentType: String
  public let data: [UInt8]
}

/// Decoded form fields (and uploaded files) in the order they were sent.
public struct FormData: Sendable {
  public private(set) var fields: [(name: String, value: String)] = []
  public private(set) var files: [UploadedFile] = []

  public init(fields: [(name: String, value: String)] = [], files: [UploadedFile] = []) {
    self.fields = fields
    self.files = files
  }

  /// The first value of a field, or nil.
  public subscript(name: String) -> String? {
    fields.first { $0.name == name }?.value
  }

  public func values(_ name: String) -> [String] {
    fields.filter { $0.name == name }.map(\.value)
  }

  /// Each field's first value by name (to refill a form that was refused).
  public var firstValues: [String: String] {
    Dictionary(fields.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
  }

  public func file(_ name: String) -> UploadedFile? {
    files.first { $0.field == name }
  }
}

extension Request {
  /// The body as form data; 415 for any other media type, 400 when it does not parse.
  public func form() throws -> FormData {
    let form = try parsedForm()
    try ControlCharacters.check(form.fields)
    return form
  }

  private func parsedForm() throws -> FormData {
    switch mediaType {
    case "application/x-www-form-urlencoded":
      do {
        return FormData(fields: try URLEncoding.decodeForm(try checkedBody()))
      } catch let error as URLEncoding.Failure {
        throw HTTPError.badRequest("Malformed form body: \(error.message).")
      }
    case "multipart/form-data":
      let contentType = headers["content-type"] ?? ""
      guard let boundary = MediaType.parameter("boundary", in: contentType), !boundary.isEmpty
      else {
        throw HTTPError.badRequest("Malformed form body: the multipart boundary is missing.")
      }
      do {
        return try MultipartParser(boundary: boundary).parse(try checkedBody())
      } catch let error as MultipartParser.Failure {
        throw HTTPError.badRequest("Malformed multipart body: \(error.message).")
      }
    default:
      throw HTTPError.unsupportedMediaType(
        headers["content-type"],
        expected: ["application/x-www-form-urlencoded", "multipart/form-data"])
    }
  }
}

/// Percent-decoding for query strings and urlencoded forms.
public enum URLEncoding {
  struct Failure: Error {
    let message: String
  }

  /// Decodes `a=1&b=x+y` into pairs; `+` is a space.
  static func decodeForm(_ bytes: [UInt8]) throws -> [(name: String, value: String)] {
    var result: [(name: String, value: String)] = []
    for pair in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
      let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
      let name = try decode(parts[0])
      let value = parts.count > 1 ? try decode(parts[1]) : ""
      result.append((name, value))
    }
    return result
  }

  static func decode<C: Collection>(_ bytes: C) throws -> String where C.Element == UInt8 {
    var output: [UInt8] = []
    output.reserveCapacity(bytes.count)
    var index = bytes.startIndex
    while index != bytes.endIndex {
      let byte = bytes[index]
      if byte == UInt8(ascii: "+") {
        output.append(UInt8(ascii: " "))
      } else if byte == UInt8(ascii: "%") {
        let first = bytes.index(after: index)
        guard first != bytes.endIndex, bytes.index(after: first) != bytes.endIndex,
          let high = hexValue(bytes[first]), let low = hexValue(bytes[bytes.index(after: first)])
        else {
          throw Failure(message: "invalid percent-encoding")
        }
        output.append(high << 4 | low)
        index = bytes.index(after: first)
      } else {
        output.append(byte)
      }
      index = bytes.index(after: index)
    }
    guard let text = String(validating: output, as: UTF8.self) else {
      throw Failure(message: "text is not valid UTF-8")
    }
    return text
  }

  /// Percent-encodes everything but unreserved characters (RFC 3986).
  public static func encode(_ text: String) -> String {
    var output = ""
    for byte in text.utf8 {
      switch byte {
      case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
        UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."),
        UInt8(ascii: "_"), UInt8(ascii: "~"):
        output.unicodeScalars.append(Unicode.Scalar(byte))
      default:
        let hex = Array("0123456789ABCDEF".utf8)
        output += "%"
        output.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
        output.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 0xF)]))
      }
    }
    return output
  }

  private static func hexValue(_ byte: UInt8) -> UInt8? {
    switch byte {
    case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
    case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
    case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
    default: return nil
    }
  }
}

/// A `multipart/form-data` (RFC 7578) body parser.
struct MultipartParser {
  struct Failure: Error {
    let message: String
  }

  let boundary: String

  func parse(_ body: [UInt8]) throws -> FormData {
    let delimiter = Array("--\(boundary)".utf8)
    let crlf: [UInt8] = [13, 10]
    var form = FormData()
    guard var position = body.firstRange(of: delimiter)?.upperBound else {
      throw Failure(message: "the boundary does not occur in the body")
    }
    while true {
      // After a delimiter: "--" ends the body, CRLF starts a part.
      if body[position...].starts(with: Array("--".utf8)) { return form }
      guard body[position...].starts(with: crlf) else {
        throw Failure(message: "a boundary is not followed by a line break")
      }
      position += 2
      guard let headerEnd = body[position...].firstRange(of: crlf + crlf) else {
        throw Failure(message: "a part's headers do not end")
      }
      let headerText = String(decoding: body[position..<headerEnd.lowerBound], as: UTF8.self)
      let contentStart = headerEnd.upperBound
      guard let next = body[contentStart...].firstRange(of: crlf + delimiter) else {
        throw Failure(message: "the closing boundary is missing")
      }
      let content = Array(body[contentStart..<next.lowerBound])
      try add(part: headerText, content: content, to: &form)
      position = next.upperBound
    }
  }

  private func add(part headerText: String, content: [UInt8], to form: inout FormData) throws {
    var disposition: String?
    var contentType = "application/octet-stream"
    for line in headerText.split(separator: "\r\n") {
      let pair = line.split(separator: ":", maxSplits: 1)
      guard pair.count == 2 else { throw Failure(message: "a part header has no colon") }
      let name = pair[0].trimmingBlanks().lowercased()
      let value = pair[1].trimmingBlanks()
      if name == "content-disposition" { disposition = value }
      if name == "content-type" { contentType = value }
    }
    guard let disposition, MediaType.essence(of: disposition) == "form-data",
      let field = MediaType.parameter("name", in: disposition)
    else {
      throw Failure(message: "a part has no form-data name")
    }
    if let filename = MediaType.parameter("filename", in: disposition) {
      form = FormData(
        fields: form.fields,
        files: form.files
          + [UploadedFile(field: field, filename: filename, contentType: contentType, data: content)])
    } else {
      guard let value = String(validating: content, as: UTF8.self) else {
        throw Failure(message: "field '\(field)' is not valid UTF-8")
      }
      form = FormData(fields: form.fields + [(field, value)], files: form.files)
    }
  }
}
