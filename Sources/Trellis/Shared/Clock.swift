import Foundation

/// Where services get "now" from, so tests can move time (session expiry, link expiry).
public final class Clock: @unchecked Sendable {
  private let lock = NSLock()
  private var fixed: Date?

  public init(fixed: Date? = nil) { self.fixed = fixed }

  public static var system: Clock { Clock() }

  public func now() -> Date { lock.withLock { fixed ?? Date() } }

  /// Moves a test clock forward (it starts from the real time if it was not fixed).
  public func advance(by seconds: TimeInterval) {
    lock.withLock { fixed = (fixed ?? Date()).addingTimeInterval(seconds) }
  }

  /// Today's date in UTC.
  public func today() -> CalendarDate { CalendarDate(now()) }
}
