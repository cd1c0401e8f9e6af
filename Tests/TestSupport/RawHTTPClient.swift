import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// A response as read off the socket.
public struct RawResponse: Sendable {
  public let status: Int
  public let headers: [(name: String, value: String)]
  public let body: [UInt8]

  public func header(_ name: String) -> String? {
    headers.first { $0.name.lowercased() == name.lowercased() }?.value
  }
  public var text: String { String(decoding: body, as: UTF8.self) }
  public func json() throws -> [String: Any] {
    try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any] ?? [:]
  }
}

public enum RawHTTPError: Error {
  case connect(Int32)
  case closedWithoutResponse
  case malformed(String)
}

/// Speaks HTTP/1.1 over a plain socket, so tests can send exactly the bytes they mean.
public struct RawHTTPClient: Sendable {
  public let port: UInt16

  public init(port: UInt16) { self.port = port }

  /// A well-formed request with `Connection: close`.
  public func request(
    _ method: String, _ target: String, headers: [(String, String)] = [], body: [UInt8] = []
  ) throws -> RawResponse {
    var head = "\(method) \(target) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
    for (name, value) in headers { head += "\(name): \(value)\r\n" }
    if !body.isEmpty || ["POST", "PUT", "PATCH"].contains(method) {
      head += "Content-Length: \(body.count)\r\n"
    }
    head += "\r\n"
    return try send(Array(head.utf8) + body)
  }

  public func get(_ target: String, headers: [(String, String)] = []) throws -> RawResponse {
    try request("GET", target, headers: headers)
  }

  public func post(_ target: String, contentType: String, body: String) throws -> RawResponse {
    try request("POST", target, headers: [("Content-Type", contentType)], body: Array(body.utf8))
  }

  /// Opens a connection from `source` (any 127.x address: one machine can be many clients),
  /// sends `bytes` and leaves it open; the caller closes the returned descriptor.
  public func openIdle(from source: String, sending bytes: [UInt8]) throws -> Int32 {
    let descriptor = try connection(from: source)
    _ = bytes.withUnsafeBytes { Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
    return descriptor
  }

  /// A socket connected to the server, from `source` when given (else the system picks).
  private func connection(from source: String?) throws -> Int32 {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw RawHTTPError.connect(errno) }
    var local = sockaddr_in()
    local.sin_family = sa_family_t(AF_INET)
    local.sin_addr.s_addr = inet_addr(source ?? "0.0.0.0")
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = port.bigEndian
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    let bound =
      source == nil
      || withUnsafePointer(to: &local) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
      } == 0
    let connected =
      bound
      && withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
          connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
      } == 0
    guard connected else {
      let error = errno
      close(descriptor)
      throw RawHTTPError.connect(error)
    }
    return descriptor
  }

  /// Sends raw bytes and reads until the server closes the connection.
  public func send(_ bytes: [UInt8], from source: String? = nil) throws -> RawResponse {
    try parse(exchange(bytes, from: source))
  }

  /// Sends raw bytes and returns whatever comes back before the connection closes.
  /// `halfClose` ends the sending side at once, for garbage that would leave the server waiting.
  public func exchange(_ bytes: [UInt8], halfClose: Bool = false, from source: String? = nil) throws
    -> [UInt8]
  {
    let descriptor = try connection(from: source)
    defer { close(descriptor) }
    var timeout = timeval(tv_sec: 10, tv_usec: 0)
    setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes {
        Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
      }
      if written <= 0 { break }  // the server may close early (413): read what it said
      offset += written
    }
    if halfClose { shutdown(descriptor, Int32(SHUT_WR)) }
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
      let count = recv(descriptor, &buffer, buffer.count, 0)
      if count <= 0 { break }
      received.append(contentsOf: buffer[0..<count])
    }
    return received
  }

  private func parse(_ data: [UInt8]) throws -> RawResponse {
    guard !data.isEmpty else { throw RawHTTPError.closedWithoutResponse }
    guard let end = data.firstRange(of: Array("\r\n\r\n".utf8)) else {
      throw RawHTTPError.malformed(String(decoding: data, as: UTF8.self))
    }
    let head = String(decoding: data[..<end.lowerBound], as: UTF8.self)
    var lines = head.components(separatedBy: "\r\n")
    let statusLine = lines.removeFirst().split(separator: " ")
    guard statusLine.count >= 2, let status = Int(statusLine[1]) else {
      throw RawHTTPError.malformed(head)
    }
    let headers = lines.compactMap { line -> (name: String, value: String)? in
      guard let colon = line.firstIndex(of: ":") else { return nil }
      return (
        String(line[..<colon]),
        line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
      )
    }
    var body = Array(data[end.upperBound...])
    if let length = headers.first(where: { $0.name.lowercased() == "content-length" })
      .flatMap({ Int($0.value) }), body.count > length
    {
      body = Array(body.prefix(length))
    }
    return RawResponse(status: status, headers: headers, body: body)
  }
}
