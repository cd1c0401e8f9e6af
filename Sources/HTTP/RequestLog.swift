import Synchronization

#if canImport(Glibc)
  import Glibc
#endif

/// Writes one JSON object per line to a file descriptor (stderr by default).
public final class RequestLogger: Sendable {
  private let descriptor: Int32
  private let prefix: String
  private let counter = Atomic<UInt64>(0)

  public init(descriptor: Int32 = 2) {
    self.descriptor = descriptor
    // A per-process random prefix keeps request ids unique across restarts.
    prefix = String(UInt32.random(in: 0...UInt32.max), radix: 16)
  }

  /// A new request id: process prefix and a counter.
  public func nextRequestID() -> String {
    let number = counter.add(1, ordering: .relaxed).newValue
    return prefix + "-" + String(number, radix: 16)
  }

  public func request(
    id: String, method: String, path: String, status: Int, durationMilliseconds: Double
  ) {
    var line = "{\"time\":\"" + LogClock.timestamp() + "\",\"level\":\"info\",\"request_id\":\""
    line += id + "\",\"method\":" + LogJSON.quote(method) + ",\"path\":" + LogJSON.quote(path)
    line += ",\"status\":" + String(status) + ",\"duration_ms\":"
    line += LogJSON.milliseconds(durationMilliseconds) + "}\n"
    write(line)
  }

  public func info(_ message: String, fields: [(String, String)] = []) {
    event("info", message, fields)
  }

  public func error(_ message: String, requestID: String? = nil, detail: String) {
    var fields = [("detail", detail)]
    if let requestID { fields.insert(("request_id", requestID), at: 0) }
    event("error", message, fields)
  }

  private func event(_ level: String, _ message: String, _ fields: [(String, String)]) {
    var line = "{\"time\":\"" + LogClock.timestamp() + "\",\"level\":\"" + level + "\",\"msg\":"
    line += LogJSON.quote(message)
    for (name, value) in fields { line += "," + LogJSON.quote(name) + ":" + LogJSON.quote(value) }
    write(line + "}\n")
  }

  /// One write call per line, so lines from different threads never interleave.
  private func write(_ line: String) {
    var line = line
    line.withUTF8 { buffer in
      var offset = 0
      while offset < buffer.count {
        let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
        if written <= 0 { return }
        offset += written
      }
    }
  }
}

/// Assigns the request id, times the request and logs one line when it is answered.
public struct RequestLogMiddleware: Middleware {
  private let logger: RequestLogger

  public init(logger: RequestLogger) { self.logger = logger }

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
    response.headers.set("X-Request-Id", request.id)
    let elapsed = Double(LogClock.monotonicNanoseconds() - started) / 1_000_000
    logger.request(
      id: request.id, method: request.method, path: request.path, status: response.status.code,
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

  /// `2026-01-31T12:00:00.123Z`, without Foundation's formatters (too slow per request).
  static func timestamp() -> String {
    var time = timespec()
    clock_gettime(CLOCK_REALTIME, &time)
    var seconds = time_t(time.tv_sec)
    var parts = tm()
    gmtime_r(&seconds, &parts)
    func pad(_ value: Int32, _ width: Int) -> String {
      let text = String(value)
      return String(repeating: "0", count: max(0, width - text.count)) + text
    }
    return pad(parts.tm_year + 1900, 4) + "-" + pad(parts.tm_mon + 1, 2) + "-" + pad(parts.tm_mday, 2)
      + "T" + pad(parts.tm_hour, 2) + ":" + pad(parts.tm_min, 2) + ":" + pad(parts.tm_sec, 2) + "."
      + pad(Int32(time.tv_nsec / 1_000_000), 3) + "Z"
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

  static func milliseconds(_ value: Double) -> String {
    let thousandths = Int((value * 1000).rounded())
    let fraction = String(thousandths % 1000)
    return String(thousandths / 1000) + "." + String(repeating: "0", count: 3 - fraction.count)
      + fraction
  }
}
