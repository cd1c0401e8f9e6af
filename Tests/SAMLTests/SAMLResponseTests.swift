import CXMLSec
import Foundation
import Testing

@testable import SAML

let entityID = "https://trellis.example/sso/saml/metadata"
let consumer = "https://trellis.example/sso/saml/acs"
let issuer = "https://idp.example/saml"
let now = Date(timeIntervalSince1970: 1_790_000_000)

/// A Response as an identity provider sends it, with a signature template on the assertion (or
/// the response) that `signed` fills in.
func response(
  nameID: String = "ana.lima@northwind.example", inResponseTo: String? = "_request1",
  audience: String = entityID, recipient: String = consumer, signResponse: Bool = false,
  extraAssertion: String = ""
) -> String {
  let stamp = now.formatted(.iso8601)
  let later = now.addingTimeInterval(300).formatted(.iso8601)
  let answer = inResponseTo.map { #" InResponseTo="\#($0)""# } ?? ""
  func template(_ id: String) -> String {
    """
    <ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:SignedInfo>\
    <ds:CanonicalizationMethod Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/>\
    <ds:SignatureMethod Algorithm="http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"/>\
    <ds:Reference URI="#\(id)"><ds:Transforms>\
    <ds:Transform Algorithm="http://www.w3.org/2000/09/xmldsig#enveloped-signature"/>\
    <ds:Transform Algorithm="http://www.w3.org/2001/10/xml-exc-c14n#"/></ds:Transforms>\
    <ds:DigestMethod Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/><ds:DigestValue/></ds:Reference>\
    </ds:SignedInfo><ds:SignatureValue/></ds:Signature>
    """
  }
  return """
    <samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" \
    ID="_response1" Version="2.0" IssueInstant="\(stamp)" Destination="\(recipient)"\(answer)>\
    <saml:Issuer>\(issuer)</saml:Issuer>\(signResponse ? template("_response1") : "")\
    <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>\
    <saml:Assertion ID="_assertion1" Version="2.0" IssueInstant="\(stamp)">\
    <saml:Issuer>\(issuer)</saml:Issuer>\(signResponse ? "" : template("_assertion1"))\
    <saml:Subject><saml:NameID Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress">\(nameID)</saml:NameID>\
    <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">\
    <saml:SubjectConfirmationData NotOnOrAfter="\(later)" Recipient="\(recipient)"\(answer)/>\
    </saml:SubjectConfirmation></saml:Subject>\
    <saml:Conditions NotBefore="\(stamp)" NotOnOrAfter="\(later)"><saml:AudienceRestriction>\
    <saml:Audience>\(audience)</saml:Audience></saml:AudienceRestriction></saml:Conditions>\
    <saml:AuthnStatement AuthnInstant="\(stamp)" SessionIndex="_session1"/>\
    <saml:AttributeStatement><saml:Attribute Name="givenName"><saml:AttributeValue>Ana</saml:AttributeValue>\
    </saml:Attribute></saml:AttributeStatement></saml:Assertion>\(extraAssertion)</samlp:Response>
    """
}

/// Fills in the signature template with `key` (PEM), as the provider would.
func signed(_ xml: String, key: String = TestKeys.providerKey) throws -> String {
  let tree = try XMLTree(Data(xml.utf8))
  try Signature.registerIDs(tree)
  let node = try #require(
    ([tree.root] + tree.root.descendants).first { $0.isElement("Signature", in: Namespace.signature) })
  let loaded = Array(key.utf8).withUnsafeBufferPointer {
    xmlSecOpenSSLAppKeyLoadMemory(
      $0.baseAddress, numericCast($0.count), xmlSecKeyDataFormatPem, nil, nil, nil)
  }
  let context = try #require(xmlSecDSigCtxCreate(nil))
  defer { xmlSecDSigCtxDestroy(context) }
  context.pointee.signKey = try #require(loaded)
  #expect(xmlSecDSigCtxSign(context, node) == 0)
  var buffer: UnsafeMutablePointer<xmlChar>?
  var size: Int32 = 0
  xmlDocDumpMemory(tree.document, &buffer, &size)
  defer { trellis_xml_free(buffer) }
  return String(cString: try #require(buffer))
}

func encoded(_ xml: String) -> String { Data(xml.utf8).base64EncodedString() }

let certificate = der(TestKeys.providerCertificate)

func der(_ pem: String) -> Data {
  Data(base64Encoded: pem.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined())!
}

@Suite("SAML responses: signatures, wrapping, conditions")
struct SAMLResponseTests {
  @Test(arguments: [false, true])
  func aSignedAssertionOrResponseVerifiesAndIsRead(signResponse: Bool) throws {
    let xml = try signed(response(signResponse: signResponse))
    let assertion = try SAMLResponse.verify(
      encoded(xml), certificates: [der(TestKeys.strangerCertificate), certificate])
    #expect(assertion.email == "ana.lima@northwind.example")
    #expect(assertion.attribute("givenName") == "Ana" && assertion.sessionIndex == "_session1")
    try assertion.validate(
      issuer: issuer, audience: entityID, recipient: consumer, requestID: "_request1", now: now)
  }

  @Test func aTamperedUnsignedOrStrangersResponseIsRefused() throws {
    let good = try signed(response())
    let tampered = good.replacingOccurrences(of: "ana.lima@", with: "jordan.reyes@")
    #expect(tampered != good)
    #expect(throws: SAMLError.badSignature("the signature does not match the content")) {
      try SAMLResponse.verify(encoded(tampered), certificates: [certificate])
    }
    #expect(throws: SAMLError.badSignature("neither the response nor the assertion is signed")) {
      let bare = response().replacingOccurrences(
        of: #"<ds:Signature[\s\S]*</ds:Signature>"#, with: "", options: .regularExpression)
      try SAMLResponse.verify(encoded(bare), certificates: [certificate])
    }
    // Other SHA-2 signatures verify too.
    let strong = try signed(
      response().replacingOccurrences(of: "xmldsig-more#rsa-sha256", with: "xmldsig-more#rsa-sha512")
        .replacingOccurrences(of: "xmlenc#sha256", with: "xmlenc#sha512"))
    #expect(strong.contains("xmldsig-more#rsa-sha512"))
    _ = try SAMLResponse.verify(encoded(strong), certificates: [certificate])
    let stranger = try signed(response(), key: TestKeys.strangerKey)
    #expect(throws: SAMLError.badSignature("the signature does not match the content")) {
      try SAMLResponse.verify(encoded(stranger), certificates: [certificate])
    }
  }

  @Test func signatureWrappingIsRefused() throws {
    // A second, unsigned assertion beside the signed one.
    let evil =
      #"<saml:Assertion ID="_evil" Version="2.0"><saml:Issuer>\#(issuer)</saml:Issuer></saml:Assertion>"#
    let doubled = try signed(response(extraAssertion: evil))
    #expect(throws: SAMLError.malformed("a Response carries exactly one Assertion, directly")) {
      try SAMLResponse.verify(encoded(doubled), certificates: [certificate])
    }
    // The signed assertion moved away under an extension, an unsigned one in its place.
    let good = try signed(response())
    let start = try #require(good.range(of: "<saml:Assertion"))
    let end = try #require(good.range(of: "</saml:Assertion>"))
    let signedAssertion = String(good[start.lowerBound..<end.upperBound])
    let forged = signedAssertion.replacingOccurrences(of: "ana.lima@", with: "jordan.reyes@")
      .replacingOccurrences(
        of: #"<ds:Signature[\s\S]*</ds:Signature>"#, with: "", options: .regularExpression
      )
      .replacingOccurrences(of: "_assertion1", with: "_forged")
    let wrapped = good.replacingCharacters(
      in: start.lowerBound..<end.upperBound,
      with: "<samlp:Extensions>\(signedAssertion)</samlp:Extensions>\(forged)")
    #expect(throws: SAMLError.malformed("a Response carries exactly one Assertion, directly")) {
      try SAMLResponse.verify(encoded(wrapped), certificates: [certificate])
    }
    // Two elements with one ID.
    let duplicated = good.replacingOccurrences(of: #"ID="_response1""#, with: #"ID="_assertion1""#)
    #expect(throws: SAMLError.malformed("two elements have the ID _assertion1")) {
      try SAMLResponse.verify(encoded(duplicated), certificates: [certificate])
    }
  }

  @Test func documentTypesAndEntitiesAreRefused() throws {
    let xxe = """
      <?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>\
      <samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">&x;</samlp:Response>
      """
    #expect(throws: SAMLError.malformed("a document type declaration is not allowed")) {
      try SAMLResponse.verify(encoded(xxe), certificates: [certificate])
    }
    #expect(throws: SAMLError.self) { try SAMLResponse.verify("not base64!", certificates: [certificate]) }
    #expect(throws: SAMLError.self) { try SAMLResponse.verify(encoded("<a>"), certificates: [certificate]) }
  }

  @Test func theAssertionMustBeForThisSignIn() throws {
    func check(
      _ xml: String = response(), requestID: String? = "_request1", at time: Date = now
    ) throws {
      try SAMLResponse.verify(encoded(try signed(xml)), certificates: [certificate]).validate(
        issuer: issuer, audience: entityID, recipient: consumer, requestID: requestID, now: time)
    }
    try check(at: now.addingTimeInterval(-100))
    try check(at: now.addingTimeInterval(400))
    #expect(throws: SAMLError.self) { try check(at: now.addingTimeInterval(-200)) }
    #expect(throws: SAMLError.self) { try check(at: now.addingTimeInterval(450)) }
    #expect(throws: SAMLError.self) { try check(response(audience: "https://other.example")) }
    #expect(throws: SAMLError.self) { try check(response(recipient: "https://other.example/acs")) }
    #expect(throws: SAMLError.self) { try check(requestID: "_request2") }
    // Unsolicited: accepted only where no request was made, and then only without InResponseTo.
    try check(response(inResponseTo: nil), requestID: nil)
    #expect(throws: SAMLError.self) { try check(response(inResponseTo: nil)) }
    #expect(throws: SAMLError.self) { try check(requestID: nil) }
  }

  @Test func providerMetadataAndTheSignInRequest() throws {
    let body = TestKeys.providerCertificate.split(separator: "\n").filter { !$0.hasPrefix("-----") }.joined()
    let metadata = try SAMLProviderMetadata(
      xml: """
        <md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" xmlns:ds="http://www.w3.org/2000/09/xmldsig#" entityID="\(issuer)">
        <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
        <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>\(body)</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
        <md:SingleLogoutService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example/slo"/>
        <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.example/post"/>
        <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example/sso"/>
        </md:IDPSSODescriptor></md:EntityDescriptor>
        """)
    #expect(metadata.entityID == issuer && metadata.signOnURL == "https://idp.example/sso")
    #expect(metadata.signOutURL == "https://idp.example/slo" && metadata.certificates == [certificate])
    #expect(throws: SAMLError.self) { try SAMLProviderMetadata(xml: "<md:EntityDescriptor/>") }

    var signed = Data()
    let address = try SAMLServiceProvider.signInRedirect(
      to: metadata, requestID: "_request1", entityID: entityID, assertionConsumer: consumer, now: now,
      sign: { octets in
        signed = octets
        return Data("signature".utf8)
      })
    let query = try #require(URLComponents(string: address)?.queryItems)
    // The signature covers the query as sent, up to the signature itself.
    let sent = try #require(address.split(separator: "?").last?.components(separatedBy: "&Signature=").first)
    #expect(String(decoding: signed, as: UTF8.self) == sent)
    #expect(query.first { $0.name == "Signature" }?.value == Data("signature".utf8).base64EncodedString())
    #expect(query.first { $0.name == "SigAlg" }?.value == "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256")
    let parameter = try #require(query.first { $0.name == "SAMLRequest" }?.value)
    let deflated = try #require(Data(base64Encoded: parameter))
    let request = try inflate(deflated)
    #expect(
      request.contains(#"ID="_request1""#) && request.contains("<saml:Issuer>\(entityID)</saml:Issuer>"))
    #expect(request.contains(#"AssertionConsumerServiceURL="\#(consumer)""#))
  }

  func inflate(_ data: Data) throws -> String {
    var stream = z_stream()
    #expect(
      inflateInit2_(&stream, -15, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK)
    defer { inflateEnd(&stream) }
    var input = [UInt8](data)
    var output = [UInt8](repeating: 0, count: 16_384)
    let count = input.withUnsafeMutableBufferPointer { source in
      output.withUnsafeMutableBufferPointer { target -> Int in
        stream.next_in = source.baseAddress
        stream.avail_in = UInt32(source.count)
        stream.next_out = target.baseAddress
        stream.avail_out = UInt32(target.count)
        return CXMLSec.inflate(&stream, Z_FINISH) == Z_STREAM_END ? Int(stream.total_out) : -1
      }
    }
    return String(decoding: output.prefix(max(count, 0)), as: UTF8.self)
  }
}
