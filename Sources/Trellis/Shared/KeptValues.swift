import Foundation

/// Values worked out once per key and kept for every later caller, for figures that are the same
/// until the next refresh (the key carries the refresh's version, so old entries go unread).
public final class KeptValues<Value: Sendable>: @unchecked Sendable {
  private let lock = NSLock()
  private let limit: Int
  private var values: [String: Value] = [:]

  public init(limit: Int) { self.limit = limit }

  public func value(_ key: String, make: () throws -> Value) rethrows -> Value {
    lock.lock()
    let kept = values[key]
    lock.unlock()
    if let kept { return kept }
    let value = try make()
    lock.lock()
    if values.count >= limit { values.removeAll() }
    values[key] = value
    lock.unlock()
    return value
  }

  /// Drops a kept value, so the next caller works it out again.
  public func forget(_ key: String) {
    lock.withLock { _ = values.removeValue(forKey: key) }
  }
}
