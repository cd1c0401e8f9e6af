import Foundation
import JOSE
import Testing

@Suite("JSON Web Tokens: signatures and claims")
struct JSONWebTokenTests {
  let keys = JSONWebKeySet(keys: [TestKeys.rsa, TestKeys.ec])
  let now = Date(timeIntervalSince1970: 1_800_000_000)
  var claims: [String: Any] {
    [
      "iss": "https://idp.example", "aud": "trellis", "sub": "user-1", "nonce": "n-1",
      "iat": 1_800_000_000 - 10, "exp": 1_800_000_000 + 300, "email": "ana@northwind.example",
      "email_verified": true,
    ]
  }

  @Test(arguments: [("RS256", "rsa-1"), ("ES256", "ec-1")])
  func aTokenSignedByTheProvidersKeyVerifies(alg: String, kid: String) throws {
    let pem = alg == "RS256" ? TestKeys.rsaPrivate : TestKeys.ecPrivate
    let token = try JSONWebToken.verify(try sign(claims, alg: alg, kid: kid, pem: pem), keys: keys)
    try token.validate(issuer: "https://idp.example", audience: "trellis", nonce: "n-1", now: now)
    #expect(token.string("sub") == "user-1" && token.flag("email_verified"))
    // Without a key id, every key of the right type is tried.
    _ = try JSONWebToken.verify(try sign(claims, alg: alg, kid: nil, pem: pem), keys: keys)
  }

  @Test func aTamperedTokenOrAnUnknownKeyIsRefused() throws {
    let token = try sign(claims, alg: "RS256", kid: "rsa-1", pem: TestKeys.rsaPrivate)
    var parts = token.split(separator: ".").map(String.init)
    var changed = claims
    changed["sub"] = "someone-else"
    parts[1] = Base64URL.encode(try JSONSerialization.data(withJSONObject: changed))
    #expect(throws: TokenError.badSignature) {
      try JSONWebToken.verify(parts.joined(separator: "."), keys: keys)
    }
    #expect(throws: TokenError.unknownKey("rotated")) {
      try JSONWebToken.verify(
        try sign(claims, alg: "RS256", kid: "rotated", pem: TestKeys.rsaPrivate), keys: keys)
    }
    // Signed by the EC key but claiming to be the RSA key's id: no RSA key verifies it.
    #expect(throws: TokenError.self) {
      try JSONWebToken.verify(
        try sign(claims, alg: "ES256", kid: "rsa-1", pem: TestKeys.ecPrivate), keys: keys)
    }
    let unsigned =
      Base64URL.encode(Array(#"{"alg":"none"}"#.utf8)) + "." + parts[1] + "."
    #expect(throws: TokenError.unsupportedAlgorithm("none")) { try JSONWebToken.verify(unsigned, keys: keys) }
    let hmac = Base64URL.encode(Array(#"{"alg":"HS256"}"#.utf8)) + "." + parts[1] + ".c2ln"
    #expect(throws: TokenError.unsupportedAlgorithm("HS256")) { try JSONWebToken.verify(hmac, keys: keys) }
    for garbage in ["", "a.b", "a.b.c.d", "!!.??.**"] {
      #expect(throws: TokenError.self) { try JSONWebToken.verify(garbage, keys: keys) }
    }
  }

  @Test func claimsAreCheckedWithASmallClockSkew() throws {
    let token = try JSONWebToken.verify(
      try sign(claims, alg: "ES256", kid: "ec-1", pem: TestKeys.ecPrivate), keys: keys)
    func check(
      issuer: String = "https://idp.example", audience: String = "trellis", nonce: String? = "n-1", at: Date
    )
      throws
    {
      try token.validate(issuer: issuer, audience: audience, nonce: nonce, now: at)
    }
    #expect(throws: TokenError.wrongIssuer("https://idp.example")) {
      try check(issuer: "https://other.example", at: now)
    }
    #expect(throws: TokenError.wrongAudience) { try check(audience: "another-app", at: now) }
    #expect(throws: TokenError.wrongNonce) { try check(nonce: "n-2", at: now) }
    // Two minutes late is tolerated; more is not.
    try check(at: now.addingTimeInterval(300 + 100))
    #expect(throws: TokenError.expired) { try check(at: now.addingTimeInterval(300 + 130)) }
    // A clock two minutes behind the provider's is tolerated; more is not.
    try check(at: now.addingTimeInterval(-100))
    #expect(throws: TokenError.notYetValid) { try check(at: now.addingTimeInterval(-200)) }
  }

  @Test func pkceChallengesFollowRFC7636() {
    // The example of RFC 7636, appendix B.
    #expect(
      PKCE.challenge(for: "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
        == "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM")
  }
}
