/// HTTP header fields in arrival order; names compare case-insensitively (stored lowercased).
public struct Headers: Sendable, Sequence {
  public private(set) var fields: [(name: String, value: String)] = []

  public init() {}
  public init(_ pairs: [(String, String)]) {
    for (name, value) in pairs { add(name, value) }
  }

  /// The first value of a header, or nil.
  public subscript(name: String) -> String? {
    let key = name.lowercased()
    return fields.first { $0.name == key }?.value
  }

  public func values(_ name: String) -> [String] {
    let key = name.lowercased()
    return fields.filter { $0.name == key }.map(\.value)
  }

  /// Appends a field, keeping any earlier one of the same name (as `Set-Cookie` needs).
  public mutating func add(_ name: String, _ value: String) {
    fields.append((name.lowercased(), value))
  }

  /// Replaces every field of this name by one.
  public mutating func set(_ name: String, _ value: String) {
    let key = name.lowercased()
    fields.removeAll { $0.name == key }
    fields.append((key, value))
  }

  public mutating func remove(_ name: String) {
    let key = name.lowercased()
    fields.removeAll { $0.name == key }
  }

  public func contains(_ name: String) -> Bool { self[name] != nil }

  public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> {
    fields.makeIterator()
  }
}
