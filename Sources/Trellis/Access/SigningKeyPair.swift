import CCrypto
import Foundation

/// Trellis's own RSA key and self-signed certificate, with which it signs what it sends to SAML
/// identity providers (sign-in and sign-out requests); made once and kept in the settings.
struct SigningKeyPair: Sendable, Equatable {
  let privateKey: String
  let certificate: String

  enum Failure: Error { case openSSL(String) }

  /// A new 2048-bit RSA key and a certificate for it, valid twenty years (providers pin it).
  static func generate(commonName: String) throws -> SigningKeyPair {
    guard let context = EVP_PKEY_CTX_new_id(EVP_PKEY_RSA, nil) else {
      throw Failure.openSSL("no key context")
    }
    defer { EVP_PKEY_CTX_free(context) }
    var key: OpaquePointer?
    guard EVP_PKEY_keygen_init(context) == 1, EVP_PKEY_CTX_set_rsa_keygen_bits(context, 2048) == 1,
      EVP_PKEY_keygen(context, &key) == 1, let key
    else { throw Failure.openSSL("no RSA key") }
    defer { EVP_PKEY_free(key) }
    guard let certificate = X509_new() else { throw Failure.openSSL("no certificate") }
    defer { X509_free(certificate) }
    X509_set_version(certificate, 2)
    ASN1_INTEGER_set(X509_get_serialNumber(certificate), Int.random(in: 1...Int(Int32.max)))
    X509_gmtime_adj(X509_getm_notBefore(certificate), 0)
    X509_gmtime_adj(X509_getm_notAfter(certificate), 20 * 365 * 86_400)
    X509_set_pubkey(certificate, key)
    let name = X509_get_subject_name(certificate)
    X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, String(commonName.prefix(64)), -1, -1, 0)
    X509_set_issuer_name(certificate, name)
    guard X509_sign(certificate, key, EVP_sha256()) > 0 else { throw Failure.openSSL("not signed") }
    return SigningKeyPair(
      privateKey: try pem { PEM_write_bio_PrivateKey($0, key, nil, nil, 0, nil, nil) },
      certificate: try pem { PEM_write_bio_X509($0, certificate) })
  }

  /// The certificate as base64 DER, as SAML metadata carries it.
  var certificateBase64: String {
    certificate.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
  }

  /// An RSA-SHA256 signature of `data` (the HTTP-Redirect binding signs its query string).
  func sign(_ data: Data) throws -> Data {
    let key = Array(privateKey.utf8).withUnsafeBufferPointer { bytes -> OpaquePointer? in
      let bio = BIO_new_mem_buf(bytes.baseAddress, Int32(bytes.count))
      defer { BIO_free(bio) }
      return PEM_read_bio_PrivateKey(bio, nil, nil, nil)
    }
    guard let key else { throw Failure.openSSL("the signing key cannot be read") }
    defer { EVP_PKEY_free(key) }
    guard let context = EVP_MD_CTX_new() else { throw Failure.openSSL("no digest context") }
    defer { EVP_MD_CTX_free(context) }
    let message = [UInt8](data)
    var length = 0
    guard EVP_DigestSignInit(context, nil, EVP_sha256(), nil, key) == 1,
      EVP_DigestSign(context, nil, &length, message, message.count) == 1
    else { throw Failure.openSSL("cannot sign") }
    var signature = [UInt8](repeating: 0, count: length)
    guard EVP_DigestSign(context, &signature, &length, message, message.count) == 1 else {
      throw Failure.openSSL("cannot sign")
    }
    return Data(signature.prefix(length))
  }

  private static func pem(_ write: (OpaquePointer?) -> Int32) throws -> String {
    guard let bio = BIO_new(BIO_s_mem()) else { throw Failure.openSSL("no buffer") }
    defer { BIO_free(bio) }
    guard write(bio) == 1 else { throw Failure.openSSL("cannot write PEM") }
    var bytes = [UInt8](repeating: 0, count: Int(BIO_ctrl_pending(bio)))
    let read = BIO_read(bio, &bytes, Int32(bytes.count))
    return String(decoding: bytes.prefix(Int(max(read, 0))), as: UTF8.self)
  }
}
