import Foundation

/// A moment as people where it happens read it, in pages and in emails alike.
public enum LocalTime {
  /// `Tue 4 Mar 2031, 10:00 (Europe/Lisbon)`
  public static func describe(_ date: Date, timeZone: String) -> String {
    var style = Date.FormatStyle(
      locale: Locale(identifier: "en_GB"), timeZone: TimeZone(identifier: timeZone) ?? .gmt)
    style = style.weekday(.abbreviated).day().month(.abbreviated).year().hour(.twoDigits(amPM: .omitted))
      .minute(.twoDigits)
    return "\(date.formatted(style)) (\(timeZone))"
  }
}
