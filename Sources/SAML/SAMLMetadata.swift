import CXMLSec
import Foundation

/// What Trellis needs from an identity provider's SAML metadata.
public struct SAMLProviderMetadata: Sendable, Equatable {
  public let entityID: String
  /// Where sign-in requests go (HTTP-Redirect binding).
  public let signOnURL: String
  /// Where sign-out requests go, when the provider has one.
  public let signOutURL: String?
  /// The signing certificates, DER.
  public let certificates: [Data]

  static let redirectBinding = "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect"

  /// Reads an `EntityDescriptor` (or the first one of an `EntitiesDescriptor`) with an IdP role.
  public init(xml: String) throws {
    let tree = try XMLTree(Data(xml.utf8))
    // The nodes live as long as the tree does.
    defer { withExtendedLifetime(tree) {} }
    let m = Namespace.metadata
    let entity =
      tree.root.isElement("EntityDescriptor", in: m)
      ? tree.root : tree.root.descendants.first { $0.isElement("EntityDescriptor", in: m) }
    guard let entity, let entityID = entity.attribute("entityID"), !entityID.isEmpty else {
      throw SAMLError.malformed("this is not SAML metadata: no EntityDescriptor with an entityID")
    }
    guard let role = entity.child("IDPSSODescriptor", in: m) else {
      throw SAMLError.malformed("the metadata describes no identity provider (IDPSSODescriptor)")
    }
    func location(_ element: String) -> String? {
      role.children(element, in: m).first { $0.attribute("Binding") == Self.redirectBinding }?
        .attribute("Location")
    }
    guard let signOn = location("SingleSignOnService") else {
      throw SAMLError.malformed(
        "the identity provider has no SingleSignOnService with the HTTP-Redirect binding")
    }
    let certificates = role.children("KeyDescriptor", in: m)
      .filter { ($0.attribute("use") ?? "signing") == "signing" }
      .flatMap { $0.descendants.filter { $0.isElement("X509Certificate", in: Namespace.signature) } }
      .compactMap { Data(base64Encoded: $0.text.filter { !$0.isWhitespace }) }
    guard !certificates.isEmpty else {
      throw SAMLError.malformed("the metadata has no signing certificate")
    }
    self.entityID = entityID
    signOnURL = signOn
    signOutURL = location("SingleLogoutService")
    self.certificates = certificates
  }
}

/// Trellis as a SAML service provider: its metadata, and the requests it sends, signed.
public enum SAMLServiceProvider {
  /// Signs the octets of a query string with Trellis's key (RSA-SHA256).
  public typealias Signer = (Data) throws -> Data

  static let signatureAlgorithm = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"

  /// The metadata an identity provider imports: entity ID, where assertions are posted and
  /// sign-outs answered, the certificate of Trellis's signed requests, and that assertions must be
  /// signed.
  public static func metadata(
    entityID: String, assertionConsumer: String, singleLogout: String, certificate: String
  ) -> String {
    """
    <?xml version="1.0" encoding="UTF-8"?>
    <md:EntityDescriptor xmlns:md="\(Namespace.metadata)" xmlns:ds="\(Namespace.signature)" entityID="\(escape(entityID))">
      <md:SPSSODescriptor AuthnRequestsSigned="true" WantAssertionsSigned="true" protocolSupportEnumeration="\(Namespace.protocol_)">
        <md:KeyDescriptor use="signing"><ds:KeyInfo><ds:X509Data><ds:X509Certificate>\(certificate)</ds:X509Certificate></ds:X509Data></ds:KeyInfo></md:KeyDescriptor>
        <md:SingleLogoutService Binding="\(SAMLProviderMetadata.redirectBinding)" Location="\(escape(singleLogout))"/>
        <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
        <md:AssertionConsumerService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="\(escape(assertionConsumer))" index="0" isDefault="true"/>
      </md:SPSSODescriptor>
    </md:EntityDescriptor>

    """
  }

  /// The address that sends the browser to the provider with a signed AuthnRequest.
  public static func signInRedirect(
    to provider: SAMLProviderMetadata, requestID: String, entityID: String, assertionConsumer: String,
    now: Date, sign: Signer
  ) throws -> String {
    let request = """
      <samlp:AuthnRequest xmlns:samlp="\(Namespace.protocol_)" xmlns:saml="\(Namespace.assertion)" \
      ID="\(escape(requestID))" Version="2.0" IssueInstant="\(now.formatted(.iso8601))" \
      Destination="\(escape(provider.signOnURL))" AssertionConsumerServiceURL="\(escape(assertionConsumer))" \
      ProtocolBinding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST">\
      <saml:Issuer>\(escape(entityID))</saml:Issuer>\
      <samlp:NameIDPolicy Format="urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress" AllowCreate="true"/>\
      </samlp:AuthnRequest>
      """
    return try redirect(to: provider.signOnURL, request, sign: sign)
  }

  /// The address that asks the provider to end the person's session there too (single logout).
  public static func signOutRedirect(
    to address: String, requestID: String, entityID: String, nameID: String, nameIDFormat: String?,
    sessionIndex: String?, now: Date, sign: Signer
  ) throws -> String {
    let format = nameIDFormat.map { #" Format="\#(escape($0))""# } ?? ""
    let session = sessionIndex.map { "<samlp:SessionIndex>\(escape($0))</samlp:SessionIndex>" } ?? ""
    let request = """
      <samlp:LogoutRequest xmlns:samlp="\(Namespace.protocol_)" xmlns:saml="\(Namespace.assertion)" \
      ID="\(escape(requestID))" Version="2.0" IssueInstant="\(now.formatted(.iso8601))" \
      Destination="\(escape(address))"><saml:Issuer>\(escape(entityID))</saml:Issuer>\
      <saml:NameID\(format)>\(escape(nameID))</saml:NameID>\(session)</samlp:LogoutRequest>
      """
    return try redirect(to: address, request, sign: sign)
  }

  /// HTTP-Redirect binding: raw DEFLATE, base64, URL-encoded, and the query string signed.
  static func redirect(to address: String, _ message: String, sign: Signer) throws -> String {
    let encoded = try deflate(Data(message.utf8)).base64EncodedString()
    let query = "SAMLRequest=\(formEncode(encoded))&SigAlg=\(formEncode(signatureAlgorithm))"
    let signature = try sign(Data(query.utf8)).base64EncodedString()
    let separator = address.contains("?") ? "&" : "?"
    return address + separator + query + "&Signature=\(formEncode(signature))"
  }

  static func escape(_ text: String) -> String {
    text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
      .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
  }

  static func formEncode(_ value: String) -> String {
    var allowed = CharacterSet.alphanumerics
    allowed.insert(charactersIn: "-._~")
    return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? ""
  }

  /// Raw DEFLATE (no zlib header), as the Redirect binding wants.
  static func deflate(_ data: Data) throws -> Data {
    var stream = z_stream()
    guard
      deflateInit2_(
        &stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
        Int32(MemoryLayout<z_stream>.size)) == Z_OK
    else { throw SAMLError.malformed("DEFLATE is not available") }
    defer { deflateEnd(&stream) }
    var input = [UInt8](data)
    var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(input.count))))
    let written = input.withUnsafeMutableBufferPointer { source in
      output.withUnsafeMutableBufferPointer { target -> Int in
        stream.next_in = source.baseAddress
        stream.avail_in = UInt32(source.count)
        stream.next_out = target.baseAddress
        stream.avail_out = UInt32(target.count)
        guard CXMLSec.deflate(&stream, Z_FINISH) == Z_STREAM_END else { return -1 }
        return Int(stream.total_out)
      }
    }
    guard written >= 0 else { throw SAMLError.malformed("DEFLATE failed") }
    return Data(output.prefix(written))
  }
}
