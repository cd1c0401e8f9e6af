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
    var name = name
    return name.withUTF8 { $0.contains { $0 &- 65 < 26 } } ? name.lowercased() : name
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
    // Most names are not there yet: looking costs no copy of the fields, removing may.
    if fields.contains(where: { $0.name == key }) { fields.removeAll { $0.name == key } }
    fields.append((key, value))
  }

  /// Room for `count` more fields, so that adding them one by one allocates once.
  public mutating func reserveCapacity(adding count: Int) {
    fields.reserveCapacity(fields.count + count)
  }

  public func contains(_ name: String) -> Bool { self[name] != nil }

  public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
    fields.makeIterator()
  }
}
