import CXMLSec
import Foundation

/// The namespaces SAML 2.0 speaks.
enum Namespace {
  static let protocol_ = "urn:oasis:names:tc:SAML:2.0:protocol"
  static let assertion = "urn:oasis:names:tc:SAML:2.0:assertion"
  static let metadata = "urn:oasis:names:tc:SAML:2.0:metadata"
  static let signature = "http://www.w3.org/2000/09/xmldsig#"
}

/// An XML document parsed without a network, without a DTD and without entities (a DOCTYPE is
/// refused outright), so no external entity, billion-laughs or fetch can be smuggled in.
final class XMLTree {
  let document: xmlDocPtr

  static let maximumSize = 512 * 1024

  init(_ data: Data) throws {
    guard data.count <= Self.maximumSize else { throw SAMLError.malformed("the XML is larger than 512 KB") }
    Library.start()
    let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
    let parsed = data.withUnsafeBytes { bytes in
      xmlReadMemory(
        bytes.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(bytes.count), "saml.xml", "UTF-8",
        options)
    }
    guard let parsed else { throw SAMLError.malformed("the XML does not parse") }
    document = parsed
    guard parsed.pointee.intSubset == nil, parsed.pointee.extSubset == nil else {
      throw SAMLError.malformed("a document type declaration is not allowed")
    }
    guard xmlDocGetRootElement(parsed) != nil else { throw SAMLError.malformed("the XML has no element") }
  }

  deinit { xmlFreeDoc(document) }

  var root: xmlNodePtr { xmlDocGetRootElement(document)! }
}

/// Reading elements of a parsed tree.
extension UnsafeMutablePointer where Pointee == xmlNode {
  var localName: String { String(cString: pointee.name) }

  var namespace: String? { pointee.ns.flatMap { $0.pointee.href.map { String(cString: $0) } } }

  func isElement(_ name: String, in namespace: String) -> Bool {
    pointee.type == XML_ELEMENT_NODE && localName == name && self.namespace == namespace
  }

  /// The element children, in order.
  var elements: [xmlNodePtr] {
    var found: [xmlNodePtr] = []
    var child = pointee.children
    while let node = child {
      if node.pointee.type == XML_ELEMENT_NODE { found.append(node) }
      child = node.pointee.next
    }
    return found
  }

  func children(_ name: String, in namespace: String) -> [xmlNodePtr] {
    elements.filter { $0.isElement(name, in: namespace) }
  }

  func child(_ name: String, in namespace: String) -> xmlNodePtr? {
    children(name, in: namespace).first
  }

  /// Every element below this one, depth first.
  var descendants: [xmlNodePtr] {
    elements.flatMap { [$0] + $0.descendants }
  }

  func attribute(_ name: String) -> String? {
    guard let value = xmlGetNoNsProp(self, name) else { return nil }
    defer { trellis_xml_free(value) }
    return String(cString: value)
  }

  /// The text inside, trimmed.
  var text: String {
    guard let content = xmlNodeGetContent(self) else { return "" }
    defer { trellis_xml_free(content) }
    return String(cString: content).trimmingCharacters(in: .whitespacesAndNewlines)
  }
}

/// libxml2 and xmlsec are set up once per process, quietly (errors become SAMLError).
enum Library {
  private static let started: Bool = {
    xmlInitParser()
    xmlSecErrorsDefaultCallbackEnableOutput(0)
    guard xmlSecInit() == 0, xmlSecOpenSSLAppInit(nil) == 0, xmlSecOpenSSLInit() == 0 else { return false }
    return true
  }()

  static func start() { _ = started }

  static var ready: Bool { started }
}
