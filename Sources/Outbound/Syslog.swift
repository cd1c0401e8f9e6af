import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Sending syslog messages to a receiver: one datagram per message over UDP (RFC 5426), or one
/// connection per batch over TCP with octet-counting framing (RFC 6587). Knows nothing of Trellis.
public enum Syslog {
  public enum Transport: Sendable { case udp, tcp }

  public struct Failure: Error, CustomStringConvertible {
    public let description: String
  }

  public static func send(_ messages: [String], host: String, port: Int, over transport: Transport) throws {
    guard !messages.isEmpty else { return }
    var hints = addrinfo()
    hints.ai_family = AF_UNSPEC
    hints.ai_socktype = Int32(transport == .udp ? SOCK_DGRAM.rawValue : SOCK_STREAM.rawValue)
    var found: UnsafeMutablePointer<addrinfo>?
    let resolved = getaddrinfo(host, String(port), &hints, &found)
    guard resolved == 0, let first = found else {
      throw Failure(description: "cannot resolve \(host): \(String(cString: gai_strerror(resolved)))")
    }
    defer { freeaddrinfo(found) }
    let descriptor = socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
    guard descriptor >= 0 else { throw failure("socket") }
    defer { close(descriptor) }
    var timeout = timeval(tv_sec: 10, tv_usec: 0)
    setsockopt(descriptor, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    guard connect(descriptor, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else {
      throw failure("connect to \(host):\(port)")
    }
    for message in messages {
      let bytes = Array(message.utf8)
      switch transport {
      case .udp:
        // A datagram carries one message; receivers must take at least 480 bytes, most 2 KB or more.
        guard Glibc.send(descriptor, bytes, bytes.count, 0) == bytes.count else { throw failure("send") }
      case .tcp:
        try writeAll(descriptor, Array("\(bytes.count) ".utf8) + bytes)
      }
    }
  }

  private static func writeAll(_ descriptor: Int32, _ bytes: [UInt8]) throws {
    var offset = 0
    while offset < bytes.count {
      let written = bytes[offset...].withUnsafeBytes {
        Glibc.send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL))
      }
      guard written > 0 else { throw failure("send") }
      offset += written
    }
  }

  private static func failure(_ what: String) -> Failure {
    Failure(description: "\(what) failed: \(String(cString: strerror(errno)))")
  }
}
