import Foundation

public enum RelationshipKind: String, Sendable, Codable {
  case manager
  case mentor
}

/// A pairing that holds career conversations: an employee and their manager (or mentor).
public struct CareerRelationship: Sendable, Equatable, Codable {
  public let id: Int64
  public let kind: RelationshipKind
  public let employeeID: Int64
  public let partnerID: Int64
  public let startedOn: CalendarDate
  public let endedOn: CalendarDate?
  /// Its own cadence in days, or nil for the organization's default.
  public let cadenceDays: Int?

  public var isActive: Bool { endedOn == nil }
}

/// The cadences people choose from (any number of days from 7 to 366 is allowed too).
public enum Cadence {
  public static let presets: [(label: String, days: Int)] = [
    ("Monthly", 30), ("Every 6 weeks", 42), ("Quarterly", 91), ("Twice a year", 182),
  ]

  public static func label(_ days: Int) -> String {
    presets.first { $0.days == days }?.label ?? "Every \(days) days"
  }
}

public enum RhythmStatus: String, Sendable, Codable, CaseIterable {
  case onTrack = "on_track"
  case dueSoon = "due_soon"
  case overdue

  public var label: String {
    switch self {
    case .onTrack: "On track"
    case .dueSoon: "Due soon"
    case .overdue: "Overdue"
    }
  }
}

/// Where a relationship stands: when it last met, what is scheduled, when the next is due.
public struct Rhythm: Sendable, Equatable, Codable {
  public let relationship: CareerRelationship
  public let employee: Person
  public let partner: Person
  public let cadenceDays: Int
  public let lastHeldOn: CalendarDate?
  public let nextScheduled: Conversation?
  public let dueOn: CalendarDate
  public let status: RhythmStatus
}

/// Organization-wide defaults the people team sets.
public struct ConversationSettings: Sendable, Equatable, Codable {
  public var defaultCadenceDays: Int
  /// A new relationship (a new hire, a new manager) should meet within this many days.
  public var firstConversationDays: Int
  /// Where the organization is: times are shown in it to those who chose no time zone of their own.
  public var timeZone: String

  public init(defaultCadenceDays: Int, firstConversationDays: Int, timeZone: String = "UTC") {
    self.defaultCadenceDays = defaultCadenceDays
    self.firstConversationDays = firstConversationDays
    self.timeZone = timeZone
  }

  enum CodingKeys: String, CodingKey { case defaultCadenceDays, firstConversationDays, timeZone }

  /// The time zone may be left out: it stays what it was (UTC when never set).
  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    defaultCadenceDays = try container.decode(Int.self, forKey: .defaultCadenceDays)
    firstConversationDays = try container.decode(Int.self, forKey: .firstConversationDays)
    timeZone = try container.decodeIfPresent(String.self, forKey: .timeZone) ?? ""
  }
}

extension ConversationSettings {
  /// The cadence in effect: the relationship's own, or the organization's default.
  public func cadence(of relationship: CareerRelationship) -> Int {
    relationship.cadenceDays ?? defaultCadenceDays
  }

  /// When the next conversation is due: a cadence after the last one held or, before the first,
  /// the first-conversation allowance after the relationship started.
  public func dueOn(_ relationship: CareerRelationship, lastHeld: CalendarDate?) -> CalendarDate {
    lastHeld.map { $0.adding(days: cadence(of: relationship)) }
      ?? relationship.startedOn.adding(days: firstConversationDays)
  }
}

extension RhythmStatus {
  /// On track when one is scheduled by the due date (or today); otherwise overdue once the due
  /// date has passed, due soon within two weeks of it.
  public static func of(due: CalendarDate, nextScheduledOn next: CalendarDate?, today: CalendarDate)
    -> RhythmStatus
  {
    if let next, next <= max(due, today) { return .onTrack }
    if due < today { return .overdue }
    return due <= today.adding(days: 14) ? .dueSoon : .onTrack
  }
}

/// Who a guide's prompt is for: the employee, their manager or mentor, or both of them.
public enum PromptAudience: String, Sendable, Codable, CaseIterable {
  case employee, partner, both

  /// Whether the person on this side of the conversation answers it.
  public func includes(employee isEmployee: Bool) -> Bool {
    self == .both || (self == .employee) == isEmployee
  }
}

public struct GuideSection: Sendable, Equatable, Codable {
  public let title: String
  public let prompts: [String]
  /// Who each prompt is for, in the order of `prompts`; guides written before sides were named
  /// have none, and then every prompt is for both.
  public let audiences: [PromptAudience]?

  public init(title: String, prompts: [String], audiences: [PromptAudience]? = nil) {
    self.title = title
    self.prompts = prompts
    self.audiences = audiences
  }

  public func audience(of index: Int) -> PromptAudience {
    audiences.flatMap { index < $0.count ? $0[index] : nil } ?? .both
  }
}

/// A conversation guide, with the version conversations scheduled now will use.
public struct Guide: Sendable, Equatable, Codable {
  public let id: Int64
  public let slug: String
  public let title: String
  public let purpose: String
  public let retired: Bool
  public let isDefault: Bool
  public let version: GuideVersion
}

/// One saved version of a guide: when, by whom (nil for the version Trellis shipped), and how
/// many conversations were held with it.
public struct GuideVersionEntry: Sendable, Codable, Equatable {
  public let version: GuideVersion
  public let savedAt: Date
  public let savedBy: String?
  public let conversations: Int
}

/// The prompts as they were at one version; a conversation keeps the version it was held with.
public struct GuideVersion: Sendable, Equatable, Codable {
  public let id: Int64
  public let guideID: Int64
  public let number: Int
  public let title: String
  public let sections: [GuideSection]

  public var prompts: [String] { sections.flatMap(\.prompts) }
}

public enum ConversationStatus: String, Sendable, Codable {
  case scheduled, held, missed, cancelled
}

public struct Conversation: Sendable, Equatable, Codable {
  public let id: Int64
  public let relationshipID: Int64
  public let employeeID: Int64
  public let partnerID: Int64
  public let guideVersionID: Int64
  public let scheduledAt: Date
  public let timeZone: String
  public let durationMinutes: Int
  public let location: String
  public let status: ConversationStatus
  public let statusReason: String
  public let heldOn: CalendarDate?
  /// Bumped whenever the time, place or status changes (iCalendar SEQUENCE).
  public let sequence: Int

  public func isParticipant(_ personID: Int64) -> Bool {
    personID == employeeID || personID == partnerID
  }
}

public struct AgendaItem: Sendable, Equatable, Codable {
  public let id: Int64
  public let authorID: Int64
  public let authorName: String
  public let text: String
}

/// Answers to the guide's prompts; private to the author until shared.
public struct Reflection: Sendable, Equatable, Codable {
  public let authorID: Int64
  public let answers: [String: String]
  public let sharedAt: Date?
  public let updatedAt: Date
}

public struct SharedNotes: Sendable, Equatable, Codable {
  public let body: String
  public let revision: Int
  public let updatedByName: String
  public let updatedAt: Date
}

public struct NoteRevision: Sendable, Equatable, Codable {
  public let revision: Int
  public let body: String
  public let authorName: String
  public let createdAt: Date
}

/// Writing one participant keeps for themselves: a private note, or a summary not yet shared.
public struct PrivateNote: Sendable, Equatable, Codable {
  public let body: String
  public let updatedAt: Date
}

public enum SummaryResponse: String, Sendable, Codable {
  case confirmed, commented
}

/// "Did I understand you right?": written by one side, confirmed or commented on by the other.
public struct Summary: Sendable, Equatable, Codable {
  public let body: String
  public let authorID: Int64
  public let writtenAt: Date
  public let response: SummaryResponse?
  public let responseComment: String
  public let respondedAt: Date?
}

public enum ActionStatus: String, Sendable, Codable {
  case open, done, dropped
}

public struct ActionItem: Sendable, Equatable, Codable {
  public let id: Int64
  public let conversationID: Int64
  public let relationshipID: Int64
  public let title: String
  public let ownerID: Int64
  public let ownerName: String
  public let dueOn: CalendarDate
  public let status: ActionStatus
  public let dropReason: String
  public let doneOn: CalendarDate?

  public func isOverdue(on today: CalendarDate) -> Bool { status == .open && dueOn < today }
}

/// Everything one participant sees of a conversation.
public struct ConversationDetail: Sendable, Codable {
  public let conversation: Conversation
  public let employee: Person
  public let partner: Person
  public let guide: GuideVersion
  public let agenda: [AgendaItem]
  /// Open action items from earlier conversations of this relationship.
  public let carriedOver: [ActionItem]
  public let actionItems: [ActionItem]
  /// The actor's own reflection (draft or shared).
  public let myReflection: Reflection?
  /// Reflections the other participant has shared.
  public let sharedReflections: [Reflection]
  public let sharedNotes: SharedNotes?
  public let myPrivateNote: PrivateNote?
  public let summary: Summary?
  /// The summary the actor is writing and has not shared yet.
  public let mySummaryDraft: PrivateNote?
  /// True when the actor may change it (a participant of an active relationship, or the employee).
  public let canEdit: Bool
  public let pulseGiven: Bool
  /// The employee's plan at a glance, for those who may read it (the employee and their manager).
  public var plan: [PlanItem]? = nil
  /// When the relationship last met before this conversation: plan progress is counted from there.
  public var previousHeldOn: CalendarDate? = nil
  /// The relationship's latest conversations, when asked for (its page), for its participants.
  public var history: [HistoryEntry]? = nil
  /// The employee's goals the actor may see, when asked for (its page), for its participants.
  public var goals: [Goal]? = nil

  /// The other participant, for the one with `personID`.
  public func other(of personID: Int64) -> Person { personID == employee.id ? partner : employee }
}

/// What scheduling needs: a local date and time in a named time zone.
public struct ScheduleInput: Sendable, Codable, Equatable {
  public var date: String
  public var time: String
  public var timeZone: String
  public var durationMinutes: Int
  public var location: String
  public var guideID: Int64?

  public init(
    date: String, time: String, timeZone: String, durationMinutes: Int = 45, location: String = "",
    guideID: Int64? = nil
  ) {
    self.date = date
    self.time = time
    self.timeZone = timeZone
    self.durationMinutes = durationMinutes
    self.location = location
    self.guideID = guideID
  }

  enum CodingKeys: String, CodingKey {
    case date, time, timeZone, durationMinutes, location, guideID
  }

  /// `location` and `guideID` may be left out (no place yet; the default guide).
  public init(from decoder: Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    date = try container.decode(String.self, forKey: .date)
    time = try container.decode(String.self, forKey: .time)
    timeZone = try container.decode(String.self, forKey: .timeZone)
    durationMinutes = try container.decode(Int.self, forKey: .durationMinutes)
    location = try container.decodeIfPresent(String.self, forKey: .location) ?? ""
    guideID = try container.decodeIfPresent(Int64.self, forKey: .guideID)
  }

  /// The instant this names, or the field problems.
  func instant() throws -> Date {
    var validator = Validator()
    let day = CalendarDate(date)
    validator.check(
      day != nil, "date",
      "must be a date as YYYY-MM-DD from \(CalendarDate.years.lowerBound) to \(CalendarDate.years.upperBound)"
    )
    let parts = time.split(separator: ":").compactMap { Int($0) }
    let (hour, minute) = parts.count == 2 ? (parts[0], parts[1]) : (-1, -1)
    validator.check(
      (0...23).contains(hour) && (0...59).contains(minute) && time.count == 5, "time",
      "must be a time as HH:MM (24-hour)")
    let zone = LocalTime.zone(named: timeZone)
    validator.check(zone != nil, "timeZone", "must be a time zone name such as Europe/Lisbon")
    NumberRule.durationMinutes.check(durationMinutes, "durationMinutes", in: &validator)
    TextRule.location.check(location, "location", in: &validator)
    try validator.throwIfInvalid()
    guard let day, let zone else { throw ValidationError(field: "date", "must be a date as YYYY-MM-DD") }
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = zone
    let components = DateComponents(
      year: day.year, month: day.month, day: day.day, hour: hour, minute: minute)
    // Clocks that go forward skip a time (Foundation would quietly move it); clocks that go back
    // pass one twice. Neither names one moment, so the person chooses another.
    let local = { (moment: Date) in
      calendar.dateComponents([.year, .month, .day, .hour, .minute], from: moment)
    }
    guard let instant = calendar.date(from: components), local(instant).hour == hour,
      local(instant).minute == minute, local(instant).day == day.day
    else {
      throw ValidationError(
        field: "time",
        "\(time) does not exist on \(day) in \(timeZone) (the clocks go forward): choose another time")
    }
    let twice = [-3600.0, 3600].contains { offset in
      let other = local(instant.addingTimeInterval(offset))
      return other.hour == hour && other.minute == minute && other.day == day.day
    }
    if twice {
      throw ValidationError(
        field: "time",
        "\(time) happens twice on \(day) in \(timeZone) (the clocks go back): choose another time")
    }
    return instant
  }
}
