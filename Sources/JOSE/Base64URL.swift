import CCrypto
import Foundation

/// Base64url without padding (RFC 7515, section 2), as JSON Web Tokens and keys write bytes.
public enum Base64URL {
  public static func decode(_ text: some StringProtocol) -> [UInt8]? {
    var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    guard !base64.contains("=") else { return nil }
    base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
    return Data(base64Encoded: base64).map(Array.init)
  }

  public static func encode(_ bytes: some Sequence<UInt8>) -> String {
    let bytes = Array(bytes)
    let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
    var output: [UInt8] = []
    output.reserveCapacity((bytes.count * 4 + 2) / 3)
    var index = 0
    while index < bytes.count {
      let chunk = bytes[index..<min(index + 3, bytes.count)]
      var value: UInt32 = 0
      for (offset, byte) in chunk.enumerated() { value |= UInt32(byte) << (16 - 8 * offset) }
      for position in 0...chunk.count { output.append(alphabet[Int((value >> (18 - 6 * position)) & 63)]) }
      index += 3
    }
    return String(decoding: output, as: UTF8.self)
  }
}

/// PKCE (RFC 7636): the S256 challenge a client sends for its secret verifier.
public enum PKCE {
  public static func challenge(for verifier: String) -> String {
    var digest = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
    var length: UInt32 = 0
    let input = Array(verifier.utf8)
    _ = EVP_Digest(input, input.count, &digest, &length, EVP_sha256(), nil)
    return Base64URL.encode(digest.prefix(Int(length)))
  }
}
