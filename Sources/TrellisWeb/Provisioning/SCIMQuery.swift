import Foundation
import HTTP
import Trellis

/// A list or search request (RFC 7644, 3.4.2 and 3.4.3): from the query string of a GET, or the
/// body of a POST to `.search`, and the attributes to answer with (3.9).
struct SCIMQuery {
  var filter: String?
  var startIndex = 1
  var count = 100
  var attributes: Set<String>?
  var excludedAttributes: Set<String>?

  static let maxResults = 200

  init(_ request: Request) {
    self.init(
      filter: request.query("filter"), startIndex: request.query("startIndex").flatMap { Int($0) },
      count: request.query("count").flatMap { Int($0) },
      attributes: request.query("attributes").map(Self.names),
      excludedAttributes: request.query("excludedAttributes").map(Self.names))
  }

  /// A SearchRequest body; attributes are lists there.
  init(searching body: [String: Any]) throws {
    func names(_ key: String) throws -> Set<String>? {
      guard let value = body[key] else { return nil }
      guard let list = value as? [String] else {
        throw SCIMError(400, "invalidSyntax", "\(key) is a list of attribute names.")
      }
      return Self.names(list.joined(separator: ","))
    }
    self.init(
      filter: body["filter"] as? String, startIndex: body["startIndex"] as? Int, count: body["count"] as? Int,
      attributes: try names("attributes"), excludedAttributes: try names("excludedAttributes"))
  }

  private init(
    filter: String?, startIndex: Int?, count: Int?, attributes: Set<String>?, excludedAttributes: Set<String>?
  ) {
    self.filter = filter.flatMap { $0.isEmpty ? nil : $0 }
    self.startIndex = max(startIndex ?? 1, 1)
    self.count = min(max(count ?? 100, 0), Self.maxResults)
    self.attributes = attributes.flatMap { $0.isEmpty ? nil : $0 }
    self.excludedAttributes = excludedAttributes.flatMap { $0.isEmpty ? nil : $0 }
  }

  private static func names(_ text: String) -> Set<String> {
    Set(
      text.split(separator: ",").map {
        SCIMSchema.attribute(String($0).trimmingCharacters(in: .whitespaces))
      })
  }

  /// Only the `attributes` asked for, or all but the `excludedAttributes`; `id`, `schemas` and
  /// `meta` always stay.
  func project(_ resource: [String: Any]) -> [String: Any] {
    let always: Set<String> = ["id", "schemas", "meta"]
    var projected = resource
    if let wanted = attributes {
      for (key, value) in resource where !always.contains(key) {
        if key.hasPrefix("urn:"), let inner = value as? [String: Any] {
          let kept = inner.filter {
            wanted.contains($0.key.lowercased()) || wanted.contains(key.lowercased())
          }
          projected[key] = kept.isEmpty ? nil : kept
        } else if !wanted.contains(key.lowercased())
          && !wanted.contains(where: { $0.hasPrefix(key.lowercased() + ".") })
        {
          projected[key] = nil
        }
      }
    } else if let unwanted = excludedAttributes {
      for (key, value) in resource where !always.contains(key) {
        if key.hasPrefix("urn:"), var inner = value as? [String: Any] {
          for name in inner.keys where unwanted.contains(name.lowercased()) { inner[name] = nil }
          projected[key] = unwanted.contains(key.lowercased()) || inner.isEmpty ? nil : inner
        } else if unwanted.contains(key.lowercased()) {
          projected[key] = nil
        }
      }
    }
    return projected
  }
}
