import CSodium
import JOSE

/// Passwords, random tokens and token hashes, on libsodium.
public enum Secrets {
  /// How much work an Argon2id hash costs. `interactive` in production; tests may use `minimum`.
  public enum Strength: Sendable {
    case interactive
    case minimum

    var limits: (operations: UInt64, memory: Int) {
      switch self {
      case .interactive:
        (UInt64(crypto_pwhash_opslimit_interactive()), crypto_pwhash_memlimit_interactive())
      case .minimum: (UInt64(crypto_pwhash_opslimit_min()), crypto_pwhash_memlimit_min())
      }
    }
  }

  private static let ready: Bool = sodium_init() >= 0

  /// An Argon2id hash string (algorithm, parameters and salt included).
  public static func hashPassword(_ password: String, strength: Strength) -> String {
    precondition(ready, "libsodium failed to initialise")
    var output = [CChar](repeating: 0, count: Int(crypto_pwhash_strbytes()))
    let limits = strength.limits
    let status = crypto_pwhash_str_alg(
      &output, password, UInt64(password.utf8.count), limits.operations, limits.memory,
      crypto_pwhash_alg_argon2id13())
    precondition(status == 0, "Argon2id ran out of memory")
    return String(decoding: output.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
  }

  /// True when `password` matches a hash made by `hashPassword`.
  public static func verifyPassword(_ password: String, hash: String) -> Bool {
    precondition(ready, "libsodium failed to initialise")
    return crypto_pwhash_str_verify(hash, password, UInt64(password.utf8.count)) == 0
  }

  /// 32 random bytes as URL-safe base64 without padding: for session ids, links and API tokens.
  public static func randomToken(bytes count: Int = 32) -> String {
    precondition(ready, "libsodium failed to initialise")
    var bytes = [UInt8](repeating: 0, count: count)
    randombytes_buf(&bytes, count)
    return Base64URL.encode(bytes)
  }

  /// Random bytes (a second factor's secret).
  public static func randomBytes(_ count: Int) -> [UInt8] {
    precondition(ready, "libsodium failed to initialise")
    var bytes = [UInt8](repeating: 0, count: count)
    randombytes_buf(&bytes, count)
    return bytes
  }

  /// The hash stored instead of a token (BLAKE2b-256, hex). Tokens are random, so no salt is needed.
  public static func tokenHash(_ token: String) -> String {
    let digest = Digest()
    digest.add(token)
    return digest.finish()
  }

  /// BLAKE2b-256 (hex) of text given in pieces, e.g. to tell whether data changed without
  /// holding it all as one string.
  public final class Digest {
    /// libsodium's state, which Swift sees only as an opaque pointer (it is 64-byte aligned).
    private let state: UnsafeMutableRawPointer

    public init() {
      precondition(ready, "libsodium failed to initialise")
      state = UnsafeMutableRawPointer.allocate(byteCount: crypto_generichash_statebytes(), alignment: 64)
      crypto_generichash_init(OpaquePointer(state), nil, 0, 32)
    }

    deinit { state.deallocate() }

    public func add(_ text: String) {
      var text = text
      text.withUTF8 { bytes in
        _ = crypto_generichash_update(OpaquePointer(state), bytes.baseAddress, UInt64(bytes.count))
      }
    }

    public func finish() -> String {
      var digest = [UInt8](repeating: 0, count: 32)
      crypto_generichash_final(OpaquePointer(state), &digest, 32)
      return digest.map { byte in
        let hex = String(byte, radix: 16)
        return byte < 16 ? "0" + hex : hex
      }.joined()
    }
  }

  /// HMAC-SHA-256 of `message` under `key`, hex: how receivers check a web hook came from us.
  public static func hmacSHA256(key: String, message: String) -> String {
    precondition(ready, "libsodium failed to initialise")
    var state = crypto_auth_hmacsha256_state()
    let keyBytes = Array(key.utf8)
    let input = Array(message.utf8)
    var digest = [UInt8](repeating: 0, count: 32)
    crypto_auth_hmacsha256_init(&state, keyBytes, keyBytes.count)
    crypto_auth_hmacsha256_update(&state, input, UInt64(input.count))
    crypto_auth_hmacsha256_final(&state, &digest)
    return digest.map { byte in
      let hex = String(byte, radix: 16)
      return byte < 16 ? "0" + hex : hex
    }.joined()
  }

  /// Compares two strings in time independent of where they differ.
  public static func constantTimeEqual(_ a: String, _ b: String) -> Bool {
    let left = Array(a.utf8)
    let right = Array(b.utf8)
    guard left.count == right.count else { return false }
    return sodium_memcmp(left, right, left.count) == 0
  }
}
