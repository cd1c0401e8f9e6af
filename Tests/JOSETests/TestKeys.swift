import CCrypto
import Foundation
import JOSE
import Testing

/// Keys made for these tests only (`openssl genpkey`), with their public halves as JWKs.
enum TestKeys {
  static let rsaPrivate = """
    -----BEGIN PRIVATE KEY-----
    MIIEvgIBADANBgkqhkiG9w0BAQEFAASCBKgwggSkAgEAAoIBAQC5Nbt72ggi0hlz
    isGtkE6bJFRZY5N+iFjVQIwjBcjf/TDE4UbLtFltj8dJs1+StPg5z0v62GBSG8+s
    CvKFeQ1v/sYlA6pqTf2HcH43SVeKSB9NKj72TVmtHETbh/rT2OhZe9VQxgHVLKfs
    BX8BbPDa/AjykZUNPrCfQ/fAT9wYu1IF2Ty/MbbLO8TJUDWu41OcytSaACgnQQbW
    8NF+fX72JhCj5xnl7FjJYbBu6Stoqdn9McROnyAsTalXvsaD54KTMq+mScVWYmKl
    uFoImcfhLhEZnYiy+iyyKaLCFsqPBhgNRxV4l8kMFEUUjqpY084btdVoVDLZZwLH
    M+R/Veh5AgMBAAECggEABBRSZlZ1kmrFQ729KVkB2jnxH6zpTUKsjjnnPEg+1ewq
    PFPn7smwpJCjp5RrWPxicUeHGWXVrUlOiDAPinARozNd4ufTQ5cnK+oG5anYY0PW
    aKkzDNLEVGNIgvtaQ3tGFt564tYRqUPcCP9P/lSLc49UlR8uxMVqN3/UP6iipOrF
    nzZeBtAARU9/KL3zW4KjM40ce8zvn3WbQAFp3gZ1ImxTIAEcG3p2FEm8g5OnNQt6
    EFOkzcjzbxKnjxVA38oFbecY65aF2N6DIC/R6OSMJWpIPz70/llSNb6T6CiXmVhh
    fkl6yC//TLv6jyU3sAxzC1xwp/q3LuuxDr5/Lykt1wKBgQD8zSlu/j+6I+q/qdcB
    bjrjSWPq+anriaJ+Qw/SZ9gjiXdxiwyZjHXkZ4vnCONVeelcqlF+g6Ca8CaQRkDP
    m+YKxQ8nvLzad17M5zyuXJYpWKya1D+oDc1hqC+j3f1XvZ7vI8wrb3tBdFadljgw
    E/ZJnO/yfaRDyQuljYAGWmA6BwKBgQC7jaNCJmH3dIxCWplf+bhcyMAF7cNRj6gp
    aUljNifx1fHTzKQ2pXGRPteBseXGM8u7V1yRzHTcTtjdWVnLGBXS+ZWB8DYHcXBM
    pFWGIBhcp9Hy2h/aNNvS61VNaehd0ED4YMAn5mQArfLOZitpdmjOkjH55b6JPiJw
    kU1fwcIpfwKBgQDCy0fI+eqbAMALLdC5jnmb11pBnl17XBO0nPIdG91lDLDX8eAk
    lSHmfI9F2AhsPcM+nxKqnLxthu0AMNIR5zvsQon6Aam34VFQLEIKzNb8RxLBPxlJ
    4lDGljUXXJ+xMzC7bmcNdRqRhhaT2UO0cD1P3bjarkub29e4mn7y5kLNkwKBgAPl
    06jCR3LvFyMh4uIdvHkhKux0noSJacNCjuXi8D2UZqwyKo+ALLYKCkyFt/LAjNFd
    5WyaRSt28AbZnoYcAAgca8EBjv3km6LcH3LkI915F2HmqpbMVm0xutobA1s/wrnm
    uNebcCSbeNpVQT212kPAwg0hey46/lg8jNEao8BdAoGBALMOSOc6kUWwOn30gxRY
    10CURn4cVzSFW1HQWMw0+ikuz2TTWh2S3cIXcjC/hbEMlLyxPqfA77mFrClgESdz
    iv1asOcj5cRYYcNnwXXGtXgoU0wdIa6wWToYg+g2454zLqBuyDBoxtWQF2cCs9FD
    Pa7am29o6O1oTbOtvhntmMmX
    -----END PRIVATE KEY-----
    """
  static let ecPrivate = """
    -----BEGIN PRIVATE KEY-----
    MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgu9H5ycNr9mplH2CX
    cK1CtfHsXh2HfdVC46mhJy3ZEA+hRANCAATskrHOfwSPSPi3S708/Yj7XBgv5Qm7
    BxxHLV5NxbeYOcsw4YH/19C1nzwO09qd50qy84QO6QrsmZDO/eZ0v6+1
    -----END PRIVATE KEY-----
    """
  static let rsa = JSONWebKey(
    kty: "RSA", kid: "rsa-1",
    n:
      "uTW7e9oIItIZc4rBrZBOmyRUWWOTfohY1UCMIwXI3_0wxOFGy7RZbY_HSbNfkrT4Oc9L-thgUhvPrAryhXkNb_7GJQOqak39h3B-N0lXikgfTSo-9k1ZrRxE24f609joWXvVUMYB1Syn7AV_AWzw2vwI8pGVDT6wn0P3wE_cGLtSBdk8vzG2yzvEyVA1ruNTnMrUmgAoJ0EG1vDRfn1-9iYQo-cZ5exYyWGwbukraKnZ_THETp8gLE2pV77Gg-eCkzKvpknFVmJipbhaCJnH4S4RGZ2IsvossimiwhbKjwYYDUcVeJfJDBRFFI6qWNPOG7XVaFQy2WcCxzPkf1XoeQ",
    e: "AQAB")
  static let ec = JSONWebKey(
    kty: "EC", kid: "ec-1", crv: "P-256", x: "7JKxzn8Ej0j4t0u9PP2I-1wYL-UJuwccRy1eTcW3mDk",
    y: "yzDhgf_X0LWfPA7T2p3nSrLzhA7pCuyZkM795nS_r7U")
}

/// Signs like an identity provider does, with OpenSSL: the test's only use of private keys.
func sign(_ claims: [String: Any], alg: String, kid: String?, pem: String) throws -> String {
  var header: [String: Any] = ["alg": alg, "typ": "JWT"]
  if let kid { header["kid"] = kid }
  let input =
    Base64URL.encode(try JSONSerialization.data(withJSONObject: header, options: .sortedKeys)) + "."
    + Base64URL.encode(try JSONSerialization.data(withJSONObject: claims, options: .sortedKeys))
  // The buffer is not copied by OpenSSL: read the key while its bytes are alive.
  let key = try #require(
    Array(pem.utf8).withUnsafeBytes { bytes in
      let bio = BIO_new_mem_buf(bytes.baseAddress, Int32(bytes.count))
      defer { BIO_free(bio) }
      return PEM_read_bio_PrivateKey(bio, nil, nil, nil)
    })
  defer { EVP_PKEY_free(key) }
  let context = EVP_MD_CTX_new()
  defer { EVP_MD_CTX_free(context) }
  #expect(EVP_DigestSignInit(context, nil, EVP_sha256(), nil, key) == 1)
  let data = Array(input.utf8)
  var length = 0
  #expect(EVP_DigestSign(context, nil, &length, data, data.count) == 1)
  var signature = [UInt8](repeating: 0, count: length)
  #expect(EVP_DigestSign(context, &signature, &length, data, data.count) == 1)
  signature = Array(signature.prefix(length))
  if alg == "ES256" {
    // OpenSSL gives DER; JWS wants r ‖ s, 32 bytes each.
    let der = signature
    let parsed = try #require(
      der.withUnsafeBufferPointer { buffer in
        var pointer: UnsafePointer<UInt8>? = buffer.baseAddress
        return d2i_ECDSA_SIG(nil, &pointer, buffer.count)
      })
    defer { ECDSA_SIG_free(parsed) }
    var r = [UInt8](repeating: 0, count: 32)
    var s = [UInt8](repeating: 0, count: 32)
    BN_bn2binpad(ECDSA_SIG_get0_r(parsed), &r, 32)
    BN_bn2binpad(ECDSA_SIG_get0_s(parsed), &s, 32)
    signature = r + s
  }
  return input + "." + Base64URL.encode(signature)
}
