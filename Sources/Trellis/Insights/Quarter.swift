/// A calendar quarter, the period every trend is drawn over: "2026-Q3".
public struct Quarter: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
  public let year: Int
  /// 1 to 4.
  public let number: Int

  public init(year: Int, number: Int) {
    self.year = year
    self.number = number
  }

  /// The quarter a day falls in.
  public init(_ day: CalendarDate) {
    self.init(year: day.year, number: (day.month - 1) / 3 + 1)
  }

  /// Parses "2026-Q3".
  public init?(_ text: String) {
    let parts = text.split(separator: "-")
    guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]), parts[1].count == 2,
      parts[1].first == "Q", let number = Int(parts[1].dropFirst()), (1...4).contains(number)
    else { return nil }
    self.init(year: year, number: number)
  }

  public var description: String { "\(year)-Q\(number)" }
  /// "Q3 2026", for axes and headings.
  public var label: String { "Q\(number) \(year)" }

  public var firstDay: CalendarDate { CalendarDate("\(year)-\(pad((number - 1) * 3 + 1))-01")! }
  public var lastDay: CalendarDate { next.firstDay.adding(days: -1) }
  public var next: Quarter {
    number == 4 ? Quarter(year: year + 1, number: 1) : Quarter(year: year, number: number + 1)
  }
  public var previous: Quarter {
    number == 1 ? Quarter(year: year - 1, number: 4) : Quarter(year: year, number: number - 1)
  }

  /// The `count` quarters ending with the one `today` falls in, oldest first.
  public static func last(_ count: Int, endingOn today: CalendarDate) -> [Quarter] {
    var quarters = [Quarter(today)]
    while quarters.count < count { quarters.insert(quarters[0].previous, at: 0) }
    return quarters
  }

  /// The day figures for this quarter are taken on: its last day, or today while it runs.
  public func cutOff(today: CalendarDate) -> CalendarDate { min(lastDay, today) }

  public static func < (lhs: Quarter, rhs: Quarter) -> Bool {
    (lhs.year, lhs.number) < (rhs.year, rhs.number)
  }

  public init(from decoder: Decoder) throws {
    let text = try decoder.singleValueContainer().decode(String.self)
    guard let quarter = Quarter(text) else {
      throw DecodingError.dataCorrupted(
        DecodingError.Context(
          codingPath: decoder.codingPath, debugDescription: "expected a quarter as YYYY-QN"))
    }
    self = quarter
  }

  public func encode(to encoder: Encoder) throws {
    var container = encoder.singleValueContainer()
    try container.encode(description)
  }

  private func pad(_ month: Int) -> String { month < 10 ? "0\(month)" : "\(month)" }
}
