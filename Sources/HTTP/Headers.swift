/// HTTP header fields in arrival order; names compare case-insensitively (stored lowercased).
public struct Headers: Sendable, Sequence {
  public private(set) var fields: [(name: String, value: String)] = []

  public init() {}
  public init(_ pairs: [(String, String)]) {
    for (name, value) in pairs { add(name, value) }
  }

  /// The first value of a header, or nil.
  public subscript(name: String) -> String? {
    let key = Headers.key(name)
    return fields.first { $0.name == key }?.value
  }

  /// Lowercased, without allocating when it already is (as the server's own lookups are).
  static func key(_ name: String) -> String {
    name.utf8.contains { $0 >= 65 && $0 <= 90 } ? name.lowercased() : name
  }

  public func values(_ name: String) -> [String] {
    let key = Headers.key(name)
    return fields.filter { $0.name == key }.map(\.value)
  }

  /// Appends a field, keeping any earlier one of the same name (as `Set-Cookie` needs).
  public mutating func add(_ name: String, _ value: String) {
    fields.append((Headers.key(name), value))
  }

  /// Replaces every field of this name by one.
  public mutating func set(_ name: String, _ value: String) {
    let key = Headers.key(name)
    fields.removeAll { $0.name == key }
    fields.append((key, value))
  }

  public func contains(_ name: String) -> Bool { self[name] != nil }

  public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
    fields.makeIterator()
  }
}
