import CXMLSec
import Foundation

/// Why a SAML message was not accepted.
public enum SAMLError: Error, Sendable, Equatable, CustomStringConvertible {
  /// Not XML, not SAML, or in a shape Trellis does not accept.
  case malformed(String)
  /// No signature, a signature that does not verify, or one that signs something else.
  case badSignature(String)
  /// Signed and well formed, but not for this sign-in (issuer, audience, recipient, time, request).
  case invalid(String)
  /// The identity provider answered with a failure status.
  case refused(String)

  public var description: String {
    switch self {
    case .malformed(let why): "malformed SAML: \(why)"
    case .badSignature(let why): "SAML signature: \(why)"
    case .invalid(let why): "SAML: \(why)"
    case .refused(let why): why
    }
  }
}

/// XML Signature verification (libxmlsec1 with OpenSSL) of one element against the provider's
/// certificates: the signature must be the element's own child and reference exactly that
/// element by its ID, so a signature over another part of the document proves nothing here.
enum Signature {
  /// Whether `element` carries an enveloped signature; throws when it has one that does not
  /// verify with any of `certificates` (base64 DER).
  static func verify(_ element: xmlNodePtr, in tree: XMLTree, certificates: [Data]) throws -> Bool {
    let signatures = element.children("Signature", in: Namespace.signature)
    guard !signatures.isEmpty else { return false }
    guard signatures.count == 1 else { throw SAMLError.badSignature("more than one signature on an element") }
    guard let id = element.attribute("ID"), !id.isEmpty else {
      throw SAMLError.badSignature("the signed element has no ID")
    }
    guard Library.ready else { throw SAMLError.badSignature("XML signatures are not available") }
    var lastError = "no certificate of the identity provider verifies it"
    for certificate in certificates {
      switch check(signatures[0], id: id, certificate: certificate) {
      case .verified: return true
      case .failed(let why): lastError = why
      }
    }
    throw SAMLError.badSignature(lastError)
  }

  private enum Outcome {
    case verified
    case failed(String)
  }

  private static func check(_ signature: xmlNodePtr, id: String, certificate: Data) -> Outcome {
    let key = certificate.withUnsafeBytes { bytes in
      xmlSecOpenSSLAppKeyLoadMemory(
        bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), numericCast(bytes.count),
        xmlSecKeyDataFormatCertDer, nil, nil, nil)
    }
    guard let key else { return .failed("the provider's certificate cannot be read") }
    guard let context = xmlSecDSigCtxCreate(nil) else {
      xmlSecKeyDestroy(key)
      return .failed("no signature context")
    }
    defer { xmlSecDSigCtxDestroy(context) }
    context.pointee.signKey = key
    // Only references inside this document: nothing is fetched.
    context.pointee.enabledReferenceUris = xmlSecTransformUriType(xmlSecTransformUriTypeSameDocument)
    // Only canonical forms, the enveloped signature and SHA-2: a SHA-1 signature can be forged.
    let canonical = [
      xmlSecTransformExclC14NGetKlass(), xmlSecTransformExclC14NWithCommentsGetKlass(),
      xmlSecTransformInclC14NGetKlass(), xmlSecTransformInclC14NWithCommentsGetKlass(),
    ]
    let signatureMethods = [
      xmlSecOpenSSLTransformRsaSha256GetKlass(), xmlSecOpenSSLTransformRsaSha384GetKlass(),
      xmlSecOpenSSLTransformRsaSha512GetKlass(), xmlSecOpenSSLTransformEcdsaSha256GetKlass(),
      xmlSecOpenSSLTransformEcdsaSha384GetKlass(), xmlSecOpenSSLTransformEcdsaSha512GetKlass(),
    ]
    let referenceSteps = [
      xmlSecTransformEnvelopedGetKlass(), xmlSecOpenSSLTransformSha256GetKlass(),
      xmlSecOpenSSLTransformSha384GetKlass(), xmlSecOpenSSLTransformSha512GetKlass(),
    ]
    for transform in canonical + signatureMethods {
      guard xmlSecDSigCtxEnableSignatureTransform(context, transform) == 0 else {
        return .failed("no transforms")
      }
    }
    for transform in canonical + referenceSteps {
      guard xmlSecDSigCtxEnableReferenceTransform(context, transform) == 0 else {
        return .failed("no transforms")
      }
    }
    guard xmlSecDSigCtxVerify(context, signature) == 0 else {
      return .failed(
        "the signature cannot be checked (Trellis accepts RSA or ECDSA with SHA-256 or stronger)")
    }
    guard context.pointee.status == xmlSecDSigStatusSucceeded else {
      return .failed("the signature does not match the content")
    }
    var references = context.pointee.signedInfoReferences
    guard xmlSecPtrListGetSize(&references) == 1,
      let reference = xmlSecPtrListGetItem(&references, 0)?.assumingMemoryBound(
        to: xmlSecDSigReferenceCtx.self),
      let uri = reference.pointee.uri, String(cString: uri) == "#" + id
    else {
      return .failed("the signature does not sign the element it is on")
    }
    return .verified
  }

  /// Marks every `ID` attribute as an XML ID (so `#id` references resolve), refusing a document
  /// where two elements share one: the classic way to make a signature point elsewhere.
  static func registerIDs(_ tree: XMLTree) throws {
    var seen = Set<String>()
    for element in [tree.root] + tree.root.descendants {
      guard let attribute = xmlHasProp(element, "ID"), let id = element.attribute("ID") else { continue }
      guard seen.insert(id).inserted else { throw SAMLError.malformed("two elements have the ID \(id)") }
      guard xmlAddID(nil, tree.document, id, attribute) != nil else {
        throw SAMLError.malformed("the ID \(id) cannot be used")
      }
    }
  }
}
