import Foundation

/// RFC 4180 CSV: quoted fields may hold commas, quotes ("") and line breaks.
public enum CSV {
  public struct Record: Sendable, Equatable {
    /// The line the record starts on, counting from 1.
    public let line: Int
    public let fields: [String]
  }

  public struct Failure: Error, Equatable {
    public let line: Int
    public let message: String
  }

  /// Parses text into records; a BOM is ignored, blank lines are skipped.
  public static func parse(_ text: String) throws -> [Record] {
    var records: [Record] = []
    var fields: [String] = []
    var field: [UInt8] = []
    var line = 1
    var recordLine = 1
    var quoted = false
    var fieldWasQuoted = false
    var bytes = Array(text.utf8)
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    var index = 0

    func finishField() {
      fields.append(String(decoding: field, as: UTF8.self))
      field.removeAll(keepingCapacity: true)
      fieldWasQuoted = false
    }
    func finishRecord() {
      finishField()
      if !(fields.count == 1 && fields[0].isEmpty) {
        records.append(Record(line: recordLine, fields: fields))
      }
      fields.removeAll(keepingCapacity: true)
    }

    while index < bytes.count {
      let byte = bytes[index]
      if quoted {
        if byte == UInt8(ascii: "\"") {
          if index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "\"") {
            field.append(byte)
            index += 1
          } else {
            quoted = false
          }
        } else {
          if byte == UInt8(ascii: "\n") { line += 1 }
          field.append(byte)
        }
      } else {
        switch byte {
        case UInt8(ascii: "\""):
          guard field.isEmpty && !fieldWasQuoted else {
            throw Failure(
              line: line,
              message: "a quote inside an unquoted field (wrap the field in quotes and double the quote)")
          }
          quoted = true
          fieldWasQuoted = true
        case UInt8(ascii: ","):
          finishField()
        case UInt8(ascii: "\r"):
          break
        case UInt8(ascii: "\n"):
          finishRecord()
          line += 1
          recordLine = line
        default:
          if fieldWasQuoted {
            throw Failure(line: line, message: "text after a closing quote")
          }
          field.append(byte)
        }
      }
      index += 1
    }
    if quoted { throw Failure(line: recordLine, message: "a quoted field is never closed") }
    if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { finishRecord() }
    return records
  }

  /// One field as written: quoted when it must be, and text a spreadsheet would run as a formula
  /// (starting with `=`, `+`, `-`, `@`, tab or CR) prefixed with `'`. Plain numbers stay numbers.
  public static func escape(_ text: String) -> String {
    let field = startsAFormula(text) ? "'" + text : text
    if field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
      return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
    return field
  }

  static func startsAFormula(_ text: String) -> Bool {
    guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else {
      return false
    }
    let isNumber = Double(text) != nil && text.allSatisfy { $0.isNumber || $0 == "." || $0 == "-" }
    return !isNumber
  }
}
