import Foundation

/// Who sent a request: the connection's peer, or, when the peer is a trusted reverse proxy, the
/// address it names in `X-Forwarded-For`. Sign-in throttling and the session record rely on it,
/// so behind nginx the proxy's own address must not stand for everyone.
public enum ClientAddress {
  /// Reads `X-Forwarded-For` from the right (each proxy appends the address it saw) and takes
  /// the first address that is not itself a trusted proxy; anything that is not an address
  /// leaves the peer.
  public static func resolve(peer: String, forwardedFor: [String], trustedProxies: Set<String>) -> String {
    guard trustedProxies.contains(peer) else { return peer }
    let hops = forwardedFor.flatMap { $0.split(separator: ",") }.map {
      $0.trimmingCharacters(in: .whitespaces)
    }
    for hop in hops.reversed() where !trustedProxies.contains(hop) {
      return isAddress(hop) ? hop : peer
    }
    return peer
  }

  /// An IPv4 or IPv6 address in text (digits, hex letters, dots and colons), not a name.
  public static func isAddress(_ text: String) -> Bool {
    !text.isEmpty && text.count <= 45
      && text.unicodeScalars.allSatisfy { $0.properties.isASCIIHexDigit || $0 == "." || $0 == ":" }
      && (text.contains(".") || text.contains(":"))
  }
}
