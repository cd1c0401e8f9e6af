import Foundation
import HTML
import HTTP
import Trellis

/// Small pieces the conversation pages share.
enum ConversationViews {
  static func statusBadge(_ status: RhythmStatus) -> Node {
    .span(.class("badge status-\(status.rawValue)")) { Node.text(status.label) }
  }

  static func conversationBadge(_ status: ConversationStatus) -> Node {
    .span(.class("badge conversation-\(status.rawValue)")) { Node.text(Words.sentence(status.rawValue)) }
  }

  /// `Tue 1 Dec 2026, 11:30 (Europe/Paris) · 10:30 in Europe/Lisbon`: for the viewer, and where
  /// it is held when that differs.
  static func when(_ conversation: Conversation) -> String {
    Dates.meeting(conversation.scheduledAt, heldIn: conversation.timeZone)
  }

  static func localDate(_ conversation: Conversation) -> (date: String, time: String) {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: conversation.timeZone) ?? .gmt
    let parts = calendar.dateComponents(
      [.year, .month, .day, .hour, .minute], from: conversation.scheduledAt)
    return (
      String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!),
      String(format: "%02d:%02d", parts.hour!, parts.minute!)
    )
  }

  /// Common time zones first, then every other one the system knows.
  static let timeZones: [String] = {
    let common = [
      "UTC", "Europe/London", "Europe/Lisbon", "Europe/Paris", "Europe/Berlin", "America/New_York",
      "America/Los_Angeles", "Asia/Tokyo",
    ]
    return common + TimeZone.knownTimeZoneIdentifiers.sorted().filter { !common.contains($0) }
  }()

  /// The scheduling fields, shared by "schedule" and "move".
  static func scheduleFields(values: [String: String], guides: [Guide]?) -> Node {
    .group {
      Form.field("Date", name: "date", value: values["date"] ?? "", type: "date", required: true)
      Form.field("Time", name: "time", value: values["time"] ?? "10:00", type: "time", required: true)
      Form.select(
        "Time zone", name: "timeZone", options: timeZones.map { ($0, $0) },
        selected: values["timeZone"] ?? Dates.viewerZone)
      Form.field(
        "Duration in minutes", name: "durationMinutes", value: values["durationMinutes"] ?? "45",
        type: "number", required: true, extra: [Attribute("min", "5"), Attribute("max", "480")])
      Form.field("Place or video link", name: "location", value: values["location"] ?? "")
      if let guides {
        Form.select(
          "Guide", name: "guideID",
          options: guides.map { (String($0.id), $0.title + ($0.isDefault ? " (default)" : "")) },
          selected: values["guideID"] ?? guides.first(where: \.isDefault).map { String($0.id) },
          id: "field-guide")
      }
    }
  }

  static func scheduleInput(_ form: FormData) throws -> ScheduleInput {
    guard let minutes = Int(form["durationMinutes"] ?? "") else {
      throw ValidationError(field: "durationMinutes", "must be a number of minutes")
    }
    return ScheduleInput(
      date: form["date"] ?? "", time: form["time"] ?? "", timeZone: form["timeZone"] ?? "",
      durationMinutes: minutes, location: form["location"] ?? "",
      guideID: try form.optionalID("guideID"))
  }
}
