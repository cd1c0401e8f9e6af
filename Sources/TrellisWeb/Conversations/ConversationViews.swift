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
  static func scheduleFields(values: [String: String], guides: [Guide]?, errors: [FieldError]) -> Node {
    func error(_ field: String) -> String? { errors.first { $0.field == field }?.message }
    return .group {
      Form.field(
        "Date", name: "date", value: values["date"] ?? "", type: "date", required: true, error: error("date"))
      Form.field(
        "Time", name: "time", value: values["time"] ?? "10:00", type: "time", required: true,
        error: error("time"))
      Node.div(.class("field")) {
        Node.label(.for("field-timeZone")) { "Time zone" }
        Node.select(.name("timeZone"), .id("field-timeZone")) {
          for zone in timeZones {
            Node.option(
              .value(zone), .flag("selected", zone == (values["timeZone"] ?? Dates.viewerZone)), text: zone)
          }
        }
        if let message = error("timeZone") { Node.p(.class("field-error")) { Node.text(message) } }
      }
      Form.field(
        "Duration in minutes", name: "durationMinutes", value: values["durationMinutes"] ?? "45",
        type: "number",
        required: true, error: error("durationMinutes"),
        extra: [Attribute("min", "5"), Attribute("max", "480")])
      Form.field(
        "Place or video link", name: "location", value: values["location"] ?? "", error: error("location"))
      if let guides {
        Node.div(.class("field")) {
          Node.label(.for("field-guide")) { "Guide" }
          Node.select(.name("guideID"), .id("field-guide")) {
            for guide in guides {
              Node.option(
                .value(String(guide.id)),
                .flag("selected", values["guideID"].map { $0 == String(guide.id) } ?? guide.isDefault),
                text: guide.title + (guide.isDefault ? " (default)" : ""))
            }
          }
        }
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
      guideID: form["guideID"].flatMap { Int64($0) })
  }
}
