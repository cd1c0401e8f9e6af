import Foundation
import HTML
import HTTP
import Trellis

/// Where a person is: every time in Trellis is shown to them in this time zone.
enum TimeZonePages {
  struct TimeZoneBody: Codable {
    /// Their own choice; null follows the organization's.
    let timeZone: String?
  }

  struct TimeZoneAnswer: Encodable {
    let timeZone: String?
    let organizationTimeZone: String
    /// The one times are shown in.
    let effective: String
  }

  static func register(on router: Router, services: Services) {
    router.get("/me/time-zone") { request in
      let actor = try request.actor()
      let zones = try services.people.timeZone(actor)
      return Layout.render(
        page(own: zones.own, organization: zones.organization, request: request), for: request)
    }
    router.post("/me/time-zone") { request in
      let actor = try request.actor()
      let chosen = try request.form()["timeZone"] ?? ""
      try services.people.setTimeZone(actor, chosen == "organization" ? nil : chosen)
      return Response.redirect(to: "/me/time-zone").withNotice("Your time zone is saved.")
    }
    router.get("/api/v1/me/time-zone") { request in
      try .json(answer(services, try request.actor()))
    }
    router.put("/api/v1/me/time-zone") { request in
      let actor = try request.actor()
      try services.people.setTimeZone(actor, try request.decodeJSON(TimeZoneBody.self).timeZone)
      return try .json(answer(services, actor))
    }
  }

  static func answer(_ services: Services, _ actor: Actor) throws -> TimeZoneAnswer {
    let zones = try services.people.timeZone(actor)
    return TimeZoneAnswer(
      timeZone: zones.own, organizationTimeZone: zones.organization,
      effective: zones.own ?? zones.organization)
  }

  static func page(own: String?, organization: String, request: Request) -> Page {
    Page(title: "Time zone") {
      Node.h1 { "Your time zone" }
      Node.p(.class("lead")) {
        "Times in Trellis are shown where you are. A conversation held elsewhere also shows its own time."
      }
      Form.post("/me/time-zone", request: request, attributes: [.class("narrow")]) {
        Form.select(
          "Time zone", name: "timeZone",
          options: [("organization", "The organization’s (\(organization))")]
            + ConversationViews.timeZones.map { ($0, $0) },
          selected: own ?? "organization")
        Node.button(.type("submit")) { "Save" }
      }
    }
  }

  // MARK: OpenAPI

  static let paths: [(String, JSONValue)] = [
    (
      "/api/v1/me/time-zone",
      [
        "get": Spec.operation(
          "getTimeZone", "Your time zone, the organization's, and the one times are shown in", tag: "me",
          success: ("200", "The time zones", Spec.ref("TimeZone")), errors: ["401"]),
        "put": Spec.operation(
          "setTimeZone", "Choose your time zone (null or absent follows the organization's)", tag: "me",
          body: Spec.json(ConversationAPI.object([], [("timeZone", Spec.timeZone(orNull: true))])),
          success: ("200", "The time zones", Spec.ref("TimeZone")), errors: ["400", "401", "415", "422"]),
      ]
    )
  ]

  static let schemas: [(String, JSONValue)] = [
    (
      "TimeZone",
      ConversationAPI.object(
        ["organizationTimeZone", "effective"],
        [
          ("timeZone", ["type": ["string", "null"]]), ("organizationTimeZone", ConversationAPI.string),
          ("effective", ConversationAPI.string),
        ])
    )
  ]
}
