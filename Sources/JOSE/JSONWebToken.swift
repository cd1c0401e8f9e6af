import CCrypto
import Foundation

/// Why a token was not accepted. Each names what a person or an admin can act on.
public enum TokenError: Error, Equatable, Sendable, CustomStringConvertible {
  case malformed(String)
  case unsupportedAlgorithm(String)
  /// No key of the provider matches the token's key id (it may have rotated its keys).
  case unknownKey(String?)
  case badSignature
  case wrongIssuer(String)
  case wrongAudience
  case expired
  case notYetValid
  case wrongNonce

  public var description: String {
    switch self {
    case .malformed(let why): "the token is malformed (\(why))"
    case .unsupportedAlgorithm(let name): "the token is signed with \(name), which is not accepted"
    case .unknownKey(let id): "no key of the provider matches the token's key id \(id ?? "(none)")"
    case .badSignature: "the token's signature does not verify"
    case .wrongIssuer(let issuer): "the token was issued by \(issuer), not the configured provider"
    case .wrongAudience: "the token was issued for another application"
    case .expired: "the token has expired (check the clocks of both servers)"
    case .notYetValid: "the token is not valid yet (check the clocks of both servers)"
    case .wrongNonce: "the token does not belong to this sign-in"
    }
  }
}

/// A public key from a provider's JSON Web Key Set (RFC 7517): RSA, or EC on P-256 or P-384.
public struct JSONWebKey: Codable, Sendable, Equatable {
  public var kty: String
  public var kid: String?
  public var use: String?
  public var alg: String?
  public var n: String?
  public var e: String?
  public var crv: String?
  public var x: String?
  public var y: String?

  public init(
    kty: String, kid: String? = nil, use: String? = nil, alg: String? = nil, n: String? = nil,
    e: String? = nil, crv: String? = nil, x: String? = nil, y: String? = nil
  ) {
    (self.kty, self.kid, self.use, self.alg, self.n, self.e, self.crv, self.x, self.y) = (
      kty, kid, use, alg, n, e, crv, x, y
    )
  }

  /// The key as DER SubjectPublicKeyInfo, which OpenSSL reads whatever the key type.
  func subjectPublicKeyInfo() -> [UInt8]? {
    switch kty {
    case "RSA":
      guard let n = n.flatMap(Base64URL.decode), let e = e.flatMap(Base64URL.decode), n.count >= 256 else {
        return nil
      }
      return DER.sequence(
        DER.sequence(DER.rsaEncryption, DER.null),
        DER.bitString(DER.sequence(DER.integer(n), DER.integer(e))))
    case "EC":
      let (curve, size): ([UInt8], Int)
      switch crv {
      case "P-256": (curve, size) = (DER.prime256v1, 32)
      case "P-384": (curve, size) = (DER.secp384r1, 48)
      default: return nil
      }
      guard let x = x.flatMap(Base64URL.decode), let y = y.flatMap(Base64URL.decode), x.count == size,
        y.count == size
      else { return nil }
      return DER.sequence(DER.sequence(DER.ecPublicKey, curve), DER.bitString([0x04] + x + y))
    default:
      return nil
    }
  }
}

public struct JSONWebKeySet: Codable, Sendable, Equatable {
  public var keys: [JSONWebKey]

  public init(keys: [JSONWebKey]) { self.keys = keys }
}

/// A JSON Web Token in compact form (RFC 7519) whose signature verified.
public struct JSONWebToken: @unchecked Sendable {
  public let header: [String: Any]
  public let claims: [String: Any]

  /// The algorithms accepted, by the key type and digest each needs. `none` and HMAC never are.
  static let algorithms: [String: (kty: String, digest: @Sendable () -> OpaquePointer?, coordinate: Int)] = [
    "RS256": ("RSA", { EVP_sha256() }, 0), "RS384": ("RSA", { EVP_sha384() }, 0),
    "RS512": ("RSA", { EVP_sha512() }, 0), "ES256": ("EC", { EVP_sha256() }, 32),
    "ES384": ("EC", { EVP_sha384() }, 48),
  ]

  /// Parses `token` and verifies its signature with the key of `keys` it names.
  public static func verify(_ token: String, keys: JSONWebKeySet) throws -> JSONWebToken {
    let parts = token.split(separator: ".", omittingEmptySubsequences: false)
    guard parts.count == 3 else { throw TokenError.malformed("it does not have three parts") }
    guard let headerBytes = Base64URL.decode(parts[0]), let claimBytes = Base64URL.decode(parts[1]),
      let signature = Base64URL.decode(parts[2])
    else { throw TokenError.malformed("a part is not base64url") }
    guard let header = try? JSONSerialization.jsonObject(with: Data(headerBytes)) as? [String: Any],
      let claims = try? JSONSerialization.jsonObject(with: Data(claimBytes)) as? [String: Any]
    else { throw TokenError.malformed("a part is not a JSON object") }
    let name = header["alg"] as? String ?? "none"
    guard let algorithm = algorithms[name] else { throw TokenError.unsupportedAlgorithm(name) }
    let kid = header["kid"] as? String
    let candidates = keys.keys.filter {
      $0.kty == algorithm.kty && (kid == nil || $0.kid == kid) && ($0.use ?? "sig") == "sig"
        && ($0.alg == nil || $0.alg == name)
    }
    guard !candidates.isEmpty else { throw TokenError.unknownKey(kid) }
    let signed = Array(parts[0].utf8) + [UInt8(ascii: ".")] + Array(parts[1].utf8)
    var derSignature = signature
    if algorithm.coordinate > 0 {
      // JWS writes an ECDSA signature as r ‖ s; OpenSSL verifies the DER sequence of both.
      guard signature.count == 2 * algorithm.coordinate else { throw TokenError.badSignature }
      derSignature = DER.sequence(
        DER.integer(Array(signature.prefix(algorithm.coordinate))),
        DER.integer(Array(signature.suffix(algorithm.coordinate))))
    }
    for key in candidates {
      guard let info = key.subjectPublicKeyInfo() else { continue }
      if try verifySignature(derSignature, of: signed, key: info, digest: algorithm.digest()) {
        return JSONWebToken(header: header, claims: claims)
      }
    }
    throw TokenError.badSignature
  }

  private static func verifySignature(
    _ signature: [UInt8], of data: [UInt8], key: [UInt8], digest: OpaquePointer?
  )
    throws -> Bool
  {
    let publicKey: OpaquePointer? = key.withUnsafeBufferPointer { buffer in
      var pointer: UnsafePointer<UInt8>? = buffer.baseAddress
      return d2i_PUBKEY(nil, &pointer, buffer.count)
    }
    guard let publicKey else {
      ERR_clear_error()
      return false
    }
    defer { EVP_PKEY_free(publicKey) }
    guard let context = EVP_MD_CTX_new() else { throw TokenError.malformed("out of memory") }
    defer { EVP_MD_CTX_free(context) }
    guard EVP_DigestVerifyInit(context, nil, digest, nil, publicKey) == 1 else {
      ERR_clear_error()
      return false
    }
    let result = EVP_DigestVerify(context, signature, signature.count, data, data.count)
    ERR_clear_error()
    return result == 1
  }

  /// Checks who issued the token, for whom, and when it is valid, allowing `leeway` seconds of
  /// difference between the clocks; and the nonce of the sign-in it answers, when one was sent.
  public func validate(
    issuer: String, audience: String, nonce: String?, now: Date, leeway: TimeInterval = 120
  )
    throws
  {
    let actualIssuer = claims["iss"] as? String ?? ""
    guard actualIssuer == issuer else { throw TokenError.wrongIssuer(actualIssuer) }
    let audiences: [String] =
      if let one = claims["aud"] as? String { [one] } else { claims["aud"] as? [String] ?? [] }
    guard audiences.contains(audience) else { throw TokenError.wrongAudience }
    if audiences.count > 1, let party = claims["azp"] as? String, party != audience {
      throw TokenError.wrongAudience
    }
    guard let expires = (claims["exp"] as? NSNumber)?.doubleValue else {
      throw TokenError.malformed("no exp")
    }
    guard now.timeIntervalSince1970 < expires + leeway else { throw TokenError.expired }
    if let notBefore = (claims["nbf"] as? NSNumber)?.doubleValue,
      now.timeIntervalSince1970 + leeway < notBefore
    {
      throw TokenError.notYetValid
    }
    if let issued = (claims["iat"] as? NSNumber)?.doubleValue, now.timeIntervalSince1970 + leeway < issued {
      throw TokenError.notYetValid
    }
    if let nonce, claims["nonce"] as? String != nonce { throw TokenError.wrongNonce }
  }

  public func string(_ claim: String) -> String? { claims[claim] as? String }

  /// A boolean claim, which some providers send as the string "true".
  public func flag(_ claim: String) -> Bool {
    if let value = claims[claim] as? Bool { return value }
    return (claims[claim] as? String) == "true"
  }
}
