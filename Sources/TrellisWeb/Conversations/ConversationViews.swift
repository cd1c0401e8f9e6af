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
    .span(.class("badge conversation-\(status.rawValue)")) { Node.text(status.rawValue.capitalized) }
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

  static func actionItem(_ item: ActionItem, today: CalendarDate, request: Request, canEdit: Bool) -> Node {
    .li(.class(item.isOverdue(on: today) ? "action overdue" : "action \(item.status.rawValue)")) {
      Node.div(.class("action-text")) {
        Node.strong { Node.text(item.title) }
        Node.span(.class("muted small")) {
          Node.text(" · \(item.ownerName) · due \(Dates.day(item.dueOn))")
          if item.isOverdue(on: today) { Node.text(" · overdue") }
          if item.status == .done, let done = item.doneOn { Node.text(" · done \(Dates.day(done))") }
          if item.status == .dropped { Node.text(" · dropped: \(item.dropReason)") }
        }
      }
      if canEdit {
        Node.div(.class("action-controls")) {
          if item.status == .open {
            Node.a(
              .class("small"),
              .href("/people/\(item.ownerID)/plan?skill=\(URLEncoding.encode(item.title))#new-item")
            ) { "To plan" }
            Form.post("/action-items/\(item.id)", request: request, attributes: [.class("inline")]) {
              Node.input(.type("hidden"), .name("status"), .value("done"))
              Node.button(.type("submit"), .class("secondary small")) { "Done" }
            }
            Node.details(.class("drop")) {
              Node.summary(.class("small")) { "Drop…" }
              Form.post("/action-items/\(item.id)", request: request) {
                Node.input(.type("hidden"), .name("status"), .value("dropped"))
                Form.field("Why is it dropped?", name: "reason", required: true, id: "drop-reason-\(item.id)")
                Node.button(.type("submit"), .class("secondary small")) { "Drop" }
              }
            }
          } else {
            Form.post("/action-items/\(item.id)", request: request, attributes: [.class("inline")]) {
              Node.input(.type("hidden"), .name("status"), .value("open"))
              Node.button(.type("submit"), .class("secondary small")) { "Reopen" }
            }
          }
        }
      }
    }
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
