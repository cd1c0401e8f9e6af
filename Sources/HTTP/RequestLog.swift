import Foundation
import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Writes one JSON object per line to a file descriptor (stderr by default). Request lines are
/// gathered and written together (a write per line was the largest cost of a small request):
/// when 32 KiB are waiting, every `flushInterval`, before any other event, and on `flush()`.
public final class RequestLogger: Sendable {
  private let descriptor: Int32
  /// A per-process random prefix and a dash: request ids stay unique across restarts.
  private let prefix: [UInt8]
  private let counter = Atomic<UInt64>(0)
  /// Lines not yet written. A line is built before this lock is taken and copied in under it.
  private let pending = Mutex<[UInt8]>([])
  /// Held while writing, so lines go out whole and in order; appending never waits for a write.
  private let writing = Mutex(())
  static let flushBytes = 32 * 1024

  public init(descriptor: Int32 = 2, flushInterval: TimeInterval = 0.25) {
    self.descriptor = descriptor
    prefix = Array(String(UInt32.random(in: 0...UInt32.max), radix: 16).utf8) + [UInt8(ascii: "-")]
    if descriptor >= 0 {
      // The thread holds the logger only weakly: it ends with it.
      Thread.detachNewThread { [weak self] in
        while true {
          Thread.sleep(forTimeInterval: flushInterval)
          guard let logger = self else { return }
          logger.flush()
        }
      }
    }
  }

  /// Writes every line still waiting (at shutdown, and in tests).
  public func flush() {
    guard descriptor >= 0 else { return }
    writing.withLock { _ in
      var lines = pending.withLock { waiting in
        var taken = [UInt8]()
        swap(&taken, &waiting)
        return taken
      }
      lines.withUnsafeBufferPointer { buffer in
        var offset = 0
        while offset < buffer.count {
          let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
          if written <= 0 { break }
          offset += written
        }
      }
      // The emptied buffer goes back, so the next lines need no new allocation.
      lines.removeAll(keepingCapacity: true)
      pending.withLock { waiting in
        if waiting.isEmpty { swap(&lines, &waiting) }
      }
    }
  }

  /// A new request id: process prefix and a counter in hexadecimal. Until the counter passes
  /// six digits it fits in 15 bytes, which a string keeps inline, with no allocation.
  public func nextRequestID() -> String {
    var number = counter.add(1, ordering: .relaxed).newValue
    var digits = 1
    while number >> (4 * UInt64(digits)) != 0 && digits < 16 { digits += 1 }
    return String(unsafeUninitializedCapacity: prefix.count + digits) { bytes in
      _ = bytes.initialize(from: prefix)
      for index in stride(from: prefix.count + digits - 1, through: prefix.count, by: -1) {
        let digit = UInt8(truncatingIfNeeded: number & 0xF)
        bytes[index] = digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10
        number >>= 4
      }
      return prefix.count + digits
    }
  }

  /// One request's line: this runs for every request.
  public func request(
    id: String, method: String, path: String, status: Int, durationMilliseconds: Double
  ) {
    guard descriptor >= 0 else { return }
    let thousandths = Int((durationMilliseconds * 1000).rounded())
    var line = [UInt8]()
    line.reserveCapacity(160 + path.utf8.count)
    LogJSON.append(#"{"time":""#, to: &line)
    LogClock.appendTimestamp(to: &line)
    LogJSON.append(#"","level":"info","request_id":"#, to: &line)
    LogJSON.appendQuoted(id, to: &line)
    LogJSON.append(#","method":"#, to: &line)
    LogJSON.appendQuoted(method, to: &line)
    LogJSON.append(#","path":"#, to: &line)
    LogJSON.appendQuoted(path, to: &line)
    LogJSON.append(#","status":"#, to: &line)
    LogJSON.appendInteger(status, to: &line)
    LogJSON.append(#","duration_ms":"#, to: &line)
    LogJSON.appendInteger(thousandths / 1000, to: &line)
    line.append(UInt8(ascii: "."))
    LogJSON.appendInteger(thousandths % 1000, width: 3, to: &line)
    LogJSON.append("}\n", to: &line)
    let full = pending.withLock { waiting in
      waiting.append(contentsOf: line)
      return waiting.count >= Self.flushBytes
    }
    if full { flush() }
  }

  public func info(_ message: String, fields: [(String, String)] = []) {
    event("info", message, fields)
  }

  public func error(_ message: String, requestID: String? = nil, detail: String) {
    var fields = [("detail", detail)]
    if let requestID { fields.insert(("request_id", requestID), at: 0) }
    event("error", message, fields)
  }

  /// Events are written at once, after the request lines before them.
  private func event(_ level: String, _ message: String, _ fields: [(String, String)]) {
    guard descriptor >= 0 else { return }
    var line = "{\"time\":\"" + LogClock.timestamp() + "\",\"level\":\"" + level + "\",\"msg\":"
    line += LogJSON.quote(message)
    for (name, value) in fields { line += "," + LogJSON.quote(name) + ":" + LogJSON.quote(value) }
    line += "}\n"
    pending.withLock { $0.append(contentsOf: line.utf8) }
    flush()
  }
}

/// Assigns the request id, times the request and logs one line when it is answered.
public struct RequestLogMiddleware: Middleware {
  private let logger: RequestLogger
  /// Path prefixes whose next segment is a secret (a link's token): logged as `[secret]`.
  private let secretsAfter: [String]

  public init(logger: RequestLogger, secretsAfter: [String] = []) {
    self.logger = logger
    self.secretsAfter = secretsAfter
  }

  /// The path as logged: a secret segment replaced, and what follows it.
  func loggedPath(_ path: String) -> String {
    guard let prefix = secretsAfter.first(where: { path.hasPrefix($0) && path.count > $0.count }) else {
      return path
    }
    return prefix + "[secret]"
  }

  public func handle(_ request: Request, next: (Request) throws -> Response) throws -> Response {
    var request = request
    request.id = logger.nextRequestID()
    let started = LogClock.monotonicNanoseconds()
    var response: Response
    do {
      response = try next(request)
    } catch {
      response = Response.text("Internal Server Error", status: .internalServerError)
    }
    response.headers.set("x-request-id", request.id)
    let elapsed = Double(LogClock.monotonicNanoseconds() - started) / 1_000_000
    logger.request(
      id: request.id, method: request.method, path: loggedPath(request.path), status: response.status.code,
      durationMilliseconds: elapsed)
    return response
  }
}

enum LogClock {
  static func monotonicNanoseconds() -> UInt64 {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
  }

  /// `2026-01-31T12:00:00.123Z` as bytes, without Foundation's formatters (too slow per request).
  static func appendTimestamp(to bytes: inout [UInt8]) {
    var time = timespec()
    clock_gettime(CLOCK_REALTIME, &time)
    var seconds = time_t(time.tv_sec)
    var parts = tm()
    gmtime_r(&seconds, &parts)
    LogJSON.appendInteger(Int(parts.tm_year) + 1900, width: 4, to: &bytes)
    bytes.append(UInt8(ascii: "-"))
    LogJSON.appendInteger(Int(parts.tm_mon) + 1, width: 2, to: &bytes)
    bytes.append(UInt8(ascii: "-"))
    LogJSON.appendInteger(Int(parts.tm_mday), width: 2, to: &bytes)
    bytes.append(UInt8(ascii: "T"))
    LogJSON.appendInteger(Int(parts.tm_hour), width: 2, to: &bytes)
    bytes.append(UInt8(ascii: ":"))
    LogJSON.appendInteger(Int(parts.tm_min), width: 2, to: &bytes)
    bytes.append(UInt8(ascii: ":"))
    LogJSON.appendInteger(Int(parts.tm_sec), width: 2, to: &bytes)
    bytes.append(UInt8(ascii: "."))
    LogJSON.appendInteger(Int(time.tv_nsec / 1_000_000), width: 3, to: &bytes)
    bytes.append(UInt8(ascii: "Z"))
  }

  static func timestamp() -> String {
    var bytes: [UInt8] = []
    appendTimestamp(to: &bytes)
    return String(decoding: bytes, as: UTF8.self)
  }
}

enum LogJSON {
  /// A JSON string literal with the escapes JSON requires.
  static func quote(_ text: String) -> String {
    var output = "\""
    for scalar in text.unicodeScalars {
      switch scalar {
      case "\"": output += "\\\""
      case "\\": output += "\\\\"
      case "\n": output += "\\n"
      case "\r": output += "\\r"
      case "\t": output += "\\t"
      case let control where control.value < 0x20:
        let hex = String(control.value, radix: 16)
        output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: output.unicodeScalars.append(scalar)
      }
    }
    return output + "\""
  }

  /// Fixed text, copied as bytes.
  static func append(_ text: StaticString, to bytes: inout [UInt8]) {
    bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
  }

  /// A JSON string literal appended as bytes; plain ASCII is copied as is.
  static func appendQuoted(_ text: String, to bytes: inout [UInt8]) {
    var text = text
    let plain = text.withUTF8 { utf8 in
      guard utf8.allSatisfy({ $0 >= 0x20 && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "\\") }) else {
        return false
      }
      bytes.append(UInt8(ascii: "\""))
      bytes.append(contentsOf: utf8)
      bytes.append(UInt8(ascii: "\""))
      return true
    }
    if !plain {
      bytes.append(contentsOf: quote(text).utf8)
    }
  }

  /// A non-negative integer in decimal, zero-padded to `width`.
  static func appendInteger(_ value: Int, width: Int = 1, to bytes: inout [UInt8]) {
    var rest = max(value, 0)
    var digits = 1
    var power = 10
    while power <= rest && digits < 19 {
      power &*= 10
      digits += 1
    }
    for _ in digits..<max(width, digits) { bytes.append(UInt8(ascii: "0")) }
    let start = bytes.count
    for _ in 0..<digits { bytes.append(0) }
    var index = bytes.count - 1
    while index >= start {
      bytes[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
      rest /= 10
      index -= 1
    }
  }

}
