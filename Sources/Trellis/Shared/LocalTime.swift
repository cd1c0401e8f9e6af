import Foundation

/// A moment as people where it happens read it, in pages and in emails alike.
public enum LocalTime {
  /// Longer than any IANA name ("America/Argentina/ComodRivadavia" is 32).
  public static let zoneNameLength = 64

  /// The time zone a person named, exactly: Foundation reads a name only up to a NUL, so
  /// `Europe/Lisbon` followed by anything is not Europe/Lisbon.
  public static func zone(named name: String) -> TimeZone? {
    guard name.length <= zoneNameLength,
      !name.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }),
      let zone = TimeZone(identifier: name)
    else { return nil }
    return zone
  }

  /// `Tue 4 Mar 2031, 10:00 (Europe/Lisbon)`
  public static func describe(_ date: Date, timeZone: String) -> String {
    var style = Date.FormatStyle(
      locale: Locale(identifier: "en_GB"), timeZone: TimeZone(identifier: timeZone) ?? .gmt)
    style = style.weekday(.abbreviated).day().month(.abbreviated).year().hour(.twoDigits(amPM: .omitted))
      .minute(.twoDigits)
    return "\(date.formatted(style)) (\(timeZone))"
  }
}
