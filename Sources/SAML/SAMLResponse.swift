import CXMLSec
import Foundation

/// What a verified SAML Response says about the person, taken only from the signed assertion.
public struct SAMLAssertion: Sendable, Equatable {
  public var responseIssuer: String?
  public var issuer: String
  /// The request the Response answers (nil when the provider started the sign-in).
  public var inResponseTo: String?
  public var id: String
  public var nameID: String
  public var nameIDFormat: String?
  public var notBefore: Date?
  public var notOnOrAfter: Date?
  public var audiences: [String]
  public var recipient: String?
  public var confirmationInResponseTo: String?
  public var confirmationNotOnOrAfter: Date?
  public var sessionIndex: String?
  /// Attribute values by name (and by friendly name), as sent.
  public var attributes: [String: [String]]

  /// The first value of the first of `names` the provider sent.
  public func attribute(_ names: String...) -> String? {
    for name in names { if let value = attributes[name]?.first, !value.isEmpty { return value } }
    return nil
  }

  /// The email the provider vouches for: the NameID when it is one, else an email attribute.
  public var email: String? {
    if nameIDFormat == "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress" || nameID.contains("@") {
      return nameID
    }
    return attribute(
      "email", "mail", "emailaddress", "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
      "urn:oid:0.9.2342.19200300.100.1.3")
  }

  /// Checks that the assertion is for this sign-in: the provider's issuer, Trellis as audience,
  /// the assertion consumer address as recipient, the time window (with `leeway` for clocks) and,
  /// when Trellis asked, the request it answers.
  public func validate(
    issuer expected: String, audience: String, recipient expectedRecipient: String, requestID: String?,
    now: Date, leeway: TimeInterval = 120
  ) throws {
    if let responseIssuer, responseIssuer != expected {
      throw SAMLError.invalid("the response is from \(responseIssuer), not \(expected)")
    }
    guard issuer == expected else {
      throw SAMLError.invalid("the assertion is from \(issuer), not \(expected)")
    }
    if let notBefore, now.addingTimeInterval(leeway) < notBefore {
      throw SAMLError.invalid("the assertion is not valid yet (check the clocks)")
    }
    let ends = [notOnOrAfter, confirmationNotOnOrAfter].compactMap { $0 }
    guard !ends.isEmpty else { throw SAMLError.invalid("the assertion has no NotOnOrAfter") }
    for end in ends where now.addingTimeInterval(-leeway) >= end {
      throw SAMLError.invalid("the assertion has expired (check the clocks)")
    }
    guard audiences.contains(audience) else {
      throw SAMLError.invalid(
        "the assertion is not for this Trellis (audience \(audiences.joined(separator: ", ")))")
    }
    guard recipient == expectedRecipient else {
      throw SAMLError.invalid("the assertion is for \(recipient ?? "no recipient"), not \(expectedRecipient)")
    }
    if let requestID {
      guard (inResponseTo ?? confirmationInResponseTo) == requestID,
        confirmationInResponseTo == nil || confirmationInResponseTo == requestID
      else { throw SAMLError.invalid("the response does not answer this sign-in") }
    } else if inResponseTo != nil || confirmationInResponseTo != nil {
      throw SAMLError.invalid("the response answers a sign-in this Trellis does not know")
    }
  }
}

/// A SAML 2.0 Response from the HTTP-POST binding.
public enum SAMLResponse {
  /// Who the response says it is from, before anything is verified: only to choose whose
  /// certificates verify it.
  public static func issuer(_ encoded: String) throws -> String? {
    guard
      let data = Data(base64Encoded: encoded.filter { !$0.isWhitespace }, options: .ignoreUnknownCharacters)
    else { throw SAMLError.malformed("SAMLResponse is not base64") }
    let tree = try XMLTree(data)
    // The nodes live as long as the tree does.
    return withExtendedLifetime(tree) {
      let a = Namespace.assertion
      return tree.root.child("Issuer", in: a)?.text
        ?? tree.root.child("Assertion", in: a)?.child("Issuer", in: a)?.text
    }
  }

  /// Decodes, parses and verifies `encoded` (the `SAMLResponse` form field): the Response or its
  /// single assertion must be signed by one of `certificates` (base64 DER), and every value is
  /// read from what the signature covers.
  public static func verify(_ encoded: String, certificates: [Data]) throws -> SAMLAssertion {
    guard
      let data = Data(base64Encoded: encoded.filter { !$0.isWhitespace }, options: .ignoreUnknownCharacters)
    else { throw SAMLError.malformed("SAMLResponse is not base64") }
    let tree = try XMLTree(data)
    return try withExtendedLifetime(tree) { try verify(tree, certificates: certificates) }
  }

  private static func verify(_ tree: XMLTree, certificates: [Data]) throws -> SAMLAssertion {
    let response = tree.root
    guard response.isElement("Response", in: Namespace.protocol_) else {
      throw SAMLError.malformed("the message is not a SAML Response")
    }
    try Signature.registerIDs(tree)
    let statusCode =
      response.child("Status", in: Namespace.protocol_)?.child("StatusCode", in: Namespace.protocol_)?
      .attribute("Value") ?? ""
    guard statusCode == "urn:oasis:names:tc:SAML:2.0:status:Success" else {
      let message = response.child("Status", in: Namespace.protocol_)?.child(
        "StatusMessage", in: Namespace.protocol_)?
        .text
      throw SAMLError.refused(
        "\(statusCode.split(separator: ":").last ?? "no status")\(message.map { ": \($0)" } ?? "")")
    }
    let everything = response.descendants
    if everything.contains(where: { $0.isElement("EncryptedAssertion", in: Namespace.assertion) }) {
      throw SAMLError.malformed(
        "encrypted assertions are not supported: turn assertion encryption off at the provider")
    }
    let assertions = everything.filter { $0.isElement("Assertion", in: Namespace.assertion) }
    guard assertions.count == 1, let assertion = assertions.first, assertion.pointee.parent == response else {
      throw SAMLError.malformed("a Response carries exactly one Assertion, directly")
    }
    let responseSigned = try Signature.verify(response, in: tree, certificates: certificates)
    let assertionSigned = try Signature.verify(assertion, in: tree, certificates: certificates)
    guard responseSigned || assertionSigned else {
      throw SAMLError.badSignature("neither the response nor the assertion is signed")
    }
    return try read(assertion, response: response, responseSigned: responseSigned)
  }

  private static func read(_ assertion: xmlNodePtr, response: xmlNodePtr, responseSigned: Bool) throws
    -> SAMLAssertion
  {
    let a = Namespace.assertion
    guard let issuer = assertion.child("Issuer", in: a)?.text, !issuer.isEmpty else {
      throw SAMLError.malformed("the assertion has no Issuer")
    }
    guard let subject = assertion.child("Subject", in: a), let nameID = subject.child("NameID", in: a),
      !nameID.text.isEmpty
    else { throw SAMLError.malformed("the assertion names no subject") }
    let conditions = assertion.child("Conditions", in: a)
    let confirmation = subject.children("SubjectConfirmation", in: a).first {
      $0.attribute("Method") == "urn:oasis:names:tc:SAML:2.0:cm:bearer"
    }
    guard let confirmation else { throw SAMLError.malformed("the assertion has no bearer confirmation") }
    let data = confirmation.child("SubjectConfirmationData", in: a)
    var attributes: [String: [String]] = [:]
    for statement in assertion.children("AttributeStatement", in: a) {
      for attribute in statement.children("Attribute", in: a) {
        let values = attribute.children("AttributeValue", in: a).map(\.text)
        for name in [attribute.attribute("Name"), attribute.attribute("FriendlyName")].compactMap({ $0 }) {
          attributes[name, default: []] += values
        }
      }
    }
    // The Response's own fields count only when its signature covers them.
    return SAMLAssertion(
      responseIssuer: responseSigned ? response.child("Issuer", in: a)?.text : nil,
      issuer: issuer,
      inResponseTo: responseSigned ? response.attribute("InResponseTo") : data?.attribute("InResponseTo"),
      id: assertion.attribute("ID") ?? "",
      nameID: nameID.text, nameIDFormat: nameID.attribute("Format"),
      notBefore: try conditions?.attribute("NotBefore").map(time),
      notOnOrAfter: try conditions?.attribute("NotOnOrAfter").map(time),
      audiences: conditions?.children("AudienceRestriction", in: a).flatMap { $0.children("Audience", in: a) }
        .map(\.text) ?? [],
      recipient: data?.attribute("Recipient"),
      confirmationInResponseTo: data?.attribute("InResponseTo"),
      confirmationNotOnOrAfter: try data?.attribute("NotOnOrAfter").map(time),
      sessionIndex: assertion.child("AuthnStatement", in: a)?.attribute("SessionIndex"),
      attributes: attributes)
  }

  /// An xs:dateTime in UTC, with or without fractions of a second.
  static func time(_ text: String) throws -> Date {
    if let date = try? Date(text, strategy: .iso8601) { return date }
    if let date = try? Date(
      text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    {
      return date
    }
    throw SAMLError.malformed("\(text) is not a time")
  }
}
