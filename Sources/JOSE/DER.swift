/// The little DER (X.690) that turns a JSON Web Key into a key OpenSSL reads, and a JWS ECDSA
/// signature (r ‖ s) into the form OpenSSL verifies.
enum DER {
  static func sequence(_ parts: [UInt8]...) -> [UInt8] { element(0x30, parts.flatMap { $0 }) }

  /// A non-negative INTEGER from big-endian bytes.
  static func integer(_ bytes: [UInt8]) -> [UInt8] {
    var value = Array(bytes.drop { $0 == 0 })
    if value.isEmpty { value = [0] }
    if value[0] & 0x80 != 0 { value.insert(0, at: 0) }
    return element(0x02, value)
  }

  static func bitString(_ bytes: [UInt8]) -> [UInt8] { element(0x03, [0] + bytes) }

  static let null: [UInt8] = [0x05, 0x00]

  static func element(_ tag: UInt8, _ content: [UInt8]) -> [UInt8] {
    [tag] + length(content.count) + content
  }

  static func length(_ count: Int) -> [UInt8] {
    if count < 0x80 { return [UInt8(count)] }
    var bytes: [UInt8] = []
    var rest = count
    while rest > 0 {
      bytes.insert(UInt8(rest & 0xFF), at: 0)
      rest >>= 8
    }
    return [0x80 | UInt8(bytes.count)] + bytes
  }

  // Object identifiers, already encoded.
  static let rsaEncryption: [UInt8] = [0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01]
  static let ecPublicKey: [UInt8] = [0x06, 0x07, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01]
  static let prime256v1: [UInt8] = [0x06, 0x08, 0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07]
  static let secp384r1: [UInt8] = [0x06, 0x05, 0x2B, 0x81, 0x04, 0x00, 0x22]
}
