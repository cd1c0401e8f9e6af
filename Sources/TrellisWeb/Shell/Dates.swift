import Foundation
import HTTP
import Trellis

/// Dates and times as the person reading the page reads them: in their time zone (their own, or
/// the organization's), which `ViewerTimeMiddleware` sets for the request being answered.
enum Dates {
  private static let key = "trellis.viewer-time-zone"
  private static let gmt = TimeZone(identifier: "UTC")!

  /// The viewer's time zone name, for this thread's request.
  static var viewerZone: String { (Thread.current.threadDictionary[key] as? String) ?? "UTC" }

  /// Runs `body` (a request's handler) with times shown in `zone`.
  static func showing<T>(in zone: String, _ body: () throws -> T) rethrows -> T {
    let dictionary = Thread.current.threadDictionary
    let previous = dictionary[key]
    dictionary[key] = zone
    defer { dictionary[key] = previous }
    return try body()
  }

  private static func style(_ zone: TimeZone) -> Date.FormatStyle {
    Date.FormatStyle(locale: Locale(identifier: "en_GB"), timeZone: zone).year().month(.abbreviated).day()
  }

  private static var zone: TimeZone { LocalTime.zone(named: viewerZone) ?? gmt }

  /// " UTC", or " (Europe/Lisbon)".
  private static var zoneSuffix: String { viewerZone == "UTC" ? " UTC" : " (\(viewerZone))" }

  /// `23 Nov 2026`, the day it was where the viewer is.
  static func day(_ date: Date) -> String { date.formatted(style(zone)) }

  /// `23 Nov 2026`: a calendar date is the same day everywhere. Written out directly, as the
  /// formatter writes it: pages show many dates, and the formatter costs more than the rest.
  static func day(_ date: CalendarDate) -> String {
    "\(date.day) \(monthAbbreviations[date.month - 1]) \(date.year)"
  }

  static let monthAbbreviations = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
  ]

  /// `23 Nov 2026, 14:05 UTC` or `23 Nov 2026, 15:05 (Europe/Paris)`
  static func dayAndTime(_ date: Date) -> String {
    date.formatted(style(zone).hour(.twoDigits(amPM: .omitted)).minute(.twoDigits)) + zoneSuffix
  }

  /// `23 Nov 2026, 09:12–14:05 UTC`: from one time to another on the same day.
  static func dayAndTimes(from start: Date, to end: Date) -> String {
    let time = Date.FormatStyle(locale: Locale(identifier: "en_GB"), timeZone: zone)
      .hour(.twoDigits(amPM: .omitted)).minute(.twoDigits)
    let (from, to) = (start.formatted(time), end.formatted(time))
    return from == to ? dayAndTime(end) : "\(day(start)), \(from)–\(to)\(zoneSuffix)"
  }

  /// A meeting for the viewer: in their time zone, and where it is held when that differs:
  /// `Tue 4 Mar 2031, 11:00 (Europe/Paris) · 10:00 in Europe/Lisbon`.
  static func meeting(_ date: Date, heldIn timeZone: String) -> String {
    let mine = LocalTime.describe(date, timeZone: viewerZone)
    guard timeZone != viewerZone, let there = LocalTime.zone(named: timeZone) else { return mine }
    let time = Date.FormatStyle(locale: Locale(identifier: "en_GB"), timeZone: there)
      .hour(.twoDigits(amPM: .omitted)).minute(.twoDigits)
    return "\(mine) · \(date.formatted(time)) in \(timeZone)"
  }
}

/// Shows every time of a signed-in person's request in their time zone.
struct ViewerTimeMiddleware: Middleware {
  func handle(_ request: Request, next: (Request) throws -> Response) throws -> Response {
    guard let actor = request.signedIn?.actor else { return try next(request) }
    return try Dates.showing(in: actor.timeZone) { try next(request) }
  }
}
