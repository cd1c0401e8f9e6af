import Foundation
import HTML
import HTTP
import Trellis

/// Email preferences, one-click unsubscribe links, and the admins' outbox.
enum NotificationPages {
  struct Preferences: Encodable {
    let topics: [String: Bool]
    /// The hours in which email may arrive; null for any time.
    let hours: EmailHours?

    enum CodingKeys: String, CodingKey { case topics, hours }

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: CodingKeys.self)
      try container.encode(topics, forKey: .topics)
      try container.encode(hours, forKey: .hours)
    }
  }
  /// A change: topics left out stay as they are; `hours` left out stays, null clears it.
  struct PreferencesChange: Decodable {
    let topics: [String: Bool]?
    let hours: EmailHours??

    enum CodingKeys: String, CodingKey { case topics, hours }

    init(from decoder: any Decoder) throws {
      let container = try decoder.container(keyedBy: CodingKeys.self)
      topics = try container.decodeIfPresent([String: Bool].self, forKey: .topics)
      hours =
        container.contains(.hours) ? .some(try container.decode(EmailHours?.self, forKey: .hours)) : .none
    }
  }

  static func register(on router: Router, services: Services) {
    let notifications = services.notifications

    router.get("/me/notifications") { request in
      let actor = try request.actor()
      return Layout.render(
        preferencesPage(
          try notifications.preferences(actor), hours: try notifications.hours(actor), request: request),
        for: request)
    }
    router.post("/me/notifications") { request in
      let form = try request.form()
      let actor = try request.actor()
      let chosen = Set(try form.choices("topics") as [NotificationTopic])
      _ = try notifications.setHours(
        actor,
        try form.ticked("anyTime")
          ? nil
          : EmailHours(
            earliestHour: Int(form["earliestHour"] ?? "") ?? -1,
            latestHour: Int(form["latestHour"] ?? "") ?? -1,
            timeZone: form["timeZone"] ?? ""))
      _ = try notifications.setPreferences(
        actor,
        Dictionary(
          uniqueKeysWithValues: NotificationTopic.allCases.map { ($0, chosen.contains($0)) }))
      return Response.redirect(to: "/me/notifications").withNotice("Your email preferences are saved.")
    }
    router.get("/unsubscribe/:token") { request in
      try CSRFMiddleware.anonymousFormPage(request) { request in
        let token = try request.parameter("token")
        return Layout.render(
          unsubscribePage(
            token: token, topic: try notifications.unsubscribeTopic(token: token), request: request),
          for: request)
      }
    }
    router.post("/unsubscribe/:token") { request in
      let topic = try notifications.unsubscribe(token: try request.parameter("token"))
      return Layout.render(
        Page(title: "Unsubscribed") {
          Node.h1 { "Unsubscribed" }
          Node.p {
            Node.text(
              "No more emails about: \(topic.label.lowercased()). You can turn them back on in your settings."
            )
          }
        }, for: request)
    }
    router.get("/admin/outbox") { request in
      let actor = try request.actor()
      let status = try request.enumQuery("status", as: OutboxStatus.self, emptyMeansAny: true)
      let (limit, offset) = try request.paging()
      return Layout.render(
        outboxPage(
          try notifications.outbox(actor, status: status, limit: limit, offset: offset), status: status,
          request: request),
        for: request)
    }
    router.post("/admin/outbox/:id/retry") { request in
      let entry = try notifications.retry(try request.actor(), message: try request.intParameter("id"))
      return Response.redirect(to: "/admin/outbox").withNotice("Message \(entry.id) will be sent again.")
    }

    router.get("/admin/webhooks") { request in
      let actor = try request.actor()
      return Layout.render(
        webhooksPage(try notifications.webhooks(actor), created: nil, request: request), for: request)
    }
    router.post("/admin/webhooks") { request in
      let actor = try request.actor()
      let form = try request.form()
      let created = try notifications.addWebhook(
        actor,
        WebhookInput(url: form["url"] ?? "", events: try form.choices("events")))
      return Layout.render(
        webhooksPage(try notifications.webhooks(actor), created: created, request: request), for: request)
    }
    router.post("/admin/webhooks/:id/remove") { request in
      try notifications.removeWebhook(try request.actor(), id: try request.intParameter("id"))
      return Response.redirect(to: "/admin/webhooks").withNotice("The web hook is removed.")
    }
    router.get("/api/v1/admin/webhooks") { request in
      try .json(try notifications.webhooks(try request.actor()))
    }
    router.post("/api/v1/admin/webhooks") { request in
      try .json(
        try notifications.addWebhook(try request.actor(), try request.decodeJSON(WebhookInput.self)),
        status: .created)
    }
    router.delete("/api/v1/admin/webhooks/:id") { request in
      try notifications.removeWebhook(try request.actor(), id: try request.intParameter("id"))
      return Response(status: .noContent)
    }

    router.get("/api/v1/me/notification-preferences") { request in
      let actor = try request.actor()
      return try .json(encode(try notifications.preferences(actor), hours: try notifications.hours(actor)))
    }
    router.put("/api/v1/me/notification-preferences") { request in
      let actor = try request.actor()
      let body = try request.decodeJSON(PreferencesChange.self)
      var changes: [NotificationTopic: Bool] = [:]
      for (name, enabled) in body.topics ?? [:] {
        guard let topic = NotificationTopic(rawValue: name) else {
          throw ValidationError(field: "topics.\(name)", "no such topic")
        }
        changes[topic] = enabled
      }
      let hours = try body.hours.map { try notifications.setHours(actor, $0) } ?? notifications.hours(actor)
      return try .json(encode(try notifications.setPreferences(actor, changes), hours: hours))
    }
    router.get("/api/v1/admin/outbox") { request in
      let (limit, offset) = try request.paging()
      return try .json(
        try notifications.outbox(
          try request.actor(),
          status: try request.enumQuery("status", as: OutboxStatus.self, emptyMeansAny: false), limit: limit,
          offset: offset))
    }
    router.post("/api/v1/admin/outbox/:id/retry") { request in
      try .json(try notifications.retry(try request.actor(), message: try request.intParameter("id")))
    }
  }

  static func encode(_ preferences: [NotificationTopic: Bool], hours: EmailHours?) -> Preferences {
    Preferences(
      topics: Dictionary(uniqueKeysWithValues: preferences.map { ($0.key.rawValue, $0.value) }), hours: hours)
  }

  static func preferencesPage(_ preferences: [NotificationTopic: Bool], hours: EmailHours?, request: Request)
    -> Page
  {
    Page(title: "Email preferences") {
      Node.h1 { "Email preferences" }
      Node.p(.class("lead")) {
        "Trellis emails titles and links only, never what was written in a conversation, a reflection or feedback."
      }
      Form.post("/me/notifications", request: request, attributes: [.class("grid-form")]) {
        Form.choices(
          "Email me about", name: "topics",
          options: NotificationTopic.allCases.map { ($0.rawValue, $0.label, preferences[$0] ?? true) },
          idPrefix: "topic")
        Node.fieldset(.class("field")) {
          Node.legend { "When" }
          // A choice, not a box: "any time" beside hours that still read 8 to 18 was unclear.
          Form.choices(
            "Send email", name: "anyTime",
            options: [
              ("on", "At any time", hours == nil), ("off", "Only between the hours below", hours != nil),
            ],
            type: "radio")
          Form.field(
            "Not before (hour)", name: "earliestHour", value: String(hours?.earliestHour ?? 8),
            type: "number",
            extra: [Attribute("min", "0"), Attribute("max", "23")])
          Form.field(
            "Not from (hour)", name: "latestHour", value: String(hours?.latestHour ?? 18), type: "number",
            extra: [Attribute("min", "1"), Attribute("max", "24")])
          Form.field(
            "Time zone", name: "timeZone", value: hours?.timeZone ?? "Europe/London",
            hint: "e.g. Europe/Lisbon; email outside these hours waits for the next start")
        }
        Node.button(.type("submit")) { "Save" }
      }
    }
  }

  static func unsubscribePage(token: String, topic: NotificationTopic, request: Request) -> Page {
    Page(title: "Unsubscribe") {
      Node.h1 { "Unsubscribe" }
      Node.p { Node.text("Stop emails about: \(topic.label.lowercased())?") }
      Form.post("/unsubscribe/\(token)", request: request) {
        Node.button(.type("submit")) { "Unsubscribe" }
      }
    }
  }

  static func webhooksPage(_ hooks: [Webhook], created: NewWebhook?, request: Request) -> Page {
    Page(title: "Web hooks", section: .admin) {
      Node.p { Node.a(.href("/admin")) { "← Admin" } }
      Node.h1 { "Web hooks" }
      Node.p(.class("lead")) {
        "Slack-compatible JSON posts for what is meant for everyone: celebrations shared with the whole organization, opportunities posted and filled. Each is signed: X-Trellis-Signature is sha256=HMAC-SHA256(secret, \"<X-Trellis-Timestamp>.<body>\")."
      }
      if let created {
        Node.div(.class("notice success"), .role("status")) {
          Node.p {
            Node.text("The web hook to \(created.webhook.url) is added. Its signing secret, shown this once:")
          }
          Node.p { Node.code { Node.text(created.secret) } }
        }
      }
      if hooks.isEmpty { Node.p(.class("empty")) { "No web hook yet." } }
      Node.ul {
        for hook in hooks {
          Node.li {
            Node.code { Node.text(hook.url) }
            Node.text(" · \(hook.events.map(\.rawValue).joined(separator: ", "))")
            Form.post(
              "/admin/webhooks/\(hook.id)/remove", request: request, attributes: [.class("inline-form")]
            ) {
              Node.button(.type("submit"), .class("link-button small")) { "Remove" }
            }
          }
        }
      }
      Node.section(.class("card")) {
        Node.h2 { "Add a web hook" }
        Form.post("/admin/webhooks", request: request, attributes: [.class("grid-form")]) {
          Form.field(
            "Address", name: "url", type: "url", required: true, hint: "e.g. a Slack incoming web hook")
          Form.choices(
            "Events", name: "events",
            options: WebhookEvent.allCases.map { ($0.rawValue, $0.rawValue, false) },
            idPrefix: "event")
          Node.button(.type("submit")) { "Add" }
        }
      }
    }
  }

  static func outboxPage(_ page: Trellis.Page<OutboxEntry>, status: OutboxStatus?, request: Request) -> Page {
    let entries = page.items
    return Page(title: "Outbox", section: .admin) {
      Node.p { Node.a(.href("/admin")) { "← Admin" } }
      Node.h1 { "Outbox" }
      Node.p(.class("lead")) {
        "Emails and web hooks waiting, sent and failed. Subjects and bodies are not shown: they may name what people work on."
      }
      Node.form(.method("get"), .action("/admin/outbox"), .class("filters")) {
        Form.select(
          "Status", name: "status",
          options: [("", "Any")] + OutboxStatus.allCases.map { ($0.rawValue, Words.sentence($0.rawValue)) },
          selected: status?.rawValue ?? "", id: "filter-status")
        Node.button(.type("submit"), .class("secondary small")) { "Filter" }
      }
      if entries.isEmpty { Node.p(.class("empty")) { "Nothing here." } }
      WideTable.region("Outgoing messages") {
        Node.table {
          Node.thead {
            Node.tr {
              for heading in ["Kind", "To", "Status", "Attempts", "When"] {
                Node.th { Node.text(heading) }
              }
            }
          }
          Node.tbody {
            for entry in entries {
              Node.tr {
                Node.td { Node.text(entry.kind) }
                Node.td { Node.text(entry.recipient) }
                Node.td {
                  Node.text(entry.status.rawValue)
                  if !entry.lastError.isEmpty { Node.p(.class("small muted")) { Node.text(entry.lastError) } }
                  if entry.status == .failed {
                    Form.post(
                      "/admin/outbox/\(entry.id)/retry", request: request, attributes: [.class("inline-form")]
                    ) {
                      Node.button(.type("submit"), .class("secondary small")) { "Retry" }
                    }
                  }
                }
                Node.td { Node.text(String(entry.attempts)) }
                Node.td { Node.text(Dates.dayAndTime(entry.sentAt ?? entry.nextAttemptAt)) }
              }
            }
          }
        }
      }
      Pager.nav(page) { "/admin/outbox?\(status.map { "status=\($0.rawValue)&" } ?? "")offset=\($0)" }
    }
  }
}

/// The OpenAPI description of preferences and the outbox.
enum NotificationAPI {
  static let topics: JSONValue = [
    "type": "object",
    "properties": .object(NotificationTopic.allCases.map { ($0.rawValue, ["type": "boolean"]) }),
    "additionalProperties": false,
  ]
  static let hours = Spec.orNull([
    "type": "object", "required": ["earliestHour", "latestHour", "timeZone"],
    "properties": [
      "earliestHour": Spec.integer(.earliestHour), "latestHour": Spec.integer(.latestHour),
      "timeZone": Spec.timeZone(),
    ],
  ])
  static let preferences: JSONValue = [
    "type": "object", "required": ["topics", "hours"], "properties": ["topics": topics, "hours": hours],
  ]
  static let change: JSONValue = ["type": "object", "properties": ["topics": topics, "hours": hours]]
  static let entry: JSONValue = [
    "type": "object",
    "required": [
      "id", "channel", "kind", "recipient", "status", "attempts", "lastError", "nextAttemptAt",
      "createdAt",
    ],
    "properties": [
      "id": Spec.id, "channel": ["type": "string"], "kind": ["type": "string"],
      "recipient": ["type": "string"],
      "status": Spec.oneOf(OutboxStatus.self), "attempts": ["type": "integer"],
      "lastError": ["type": "string"], "nextAttemptAt": ["type": "string", "format": "date-time"],
      "sentAt": ["type": ["string", "null"]], "createdAt": ["type": "string", "format": "date-time"],
    ],
  ]

  static let webhook: JSONValue = [
    "type": "object", "required": ["id", "url", "events", "active", "createdAt"],
    "properties": [
      "id": Spec.id, "url": ["type": "string"],
      "events": ["type": "array", "items": Spec.oneOf(WebhookEvent.self)],
      "active": ["type": "boolean"], "createdAt": ["type": "string", "format": "date-time"],
    ],
  ]

  static let paths: [(String, JSONValue)] = [
    (
      "/api/v1/admin/webhooks",
      [
        "get": Spec.operation(
          "listWebhooks", "Active web hooks (admins)", tag: "notifications",
          success: ("200", "Web hooks", ["type": "array", "items": webhook]), errors: ["401", "403"]),
        "post": Spec.operation(
          "addWebhook", "Add a web hook; its signing secret is in the answer, once (admins)",
          tag: "notifications",
          body: Spec.json([
            "type": "object", "required": ["url", "events"],
            "properties": [
              "url": Spec.webAddress(),
              "events": Spec.list(.webhookEvents, of: Spec.oneOf(WebhookEvent.self)),
            ],
          ]),
          success: (
            "201", "The web hook and its secret",
            [
              "type": "object", "required": ["webhook", "secret"],
              "properties": ["webhook": webhook, "secret": ["type": "string"]],
            ]
          ), errors: ["400", "401", "403", "415", "422"]),
      ]
    ),
    (
      "/api/v1/admin/webhooks/{id}",
      [
        "delete": Spec.operation(
          "removeWebhook", "Stop a web hook (admins)", tag: "notifications", parameters: [Spec.idParameter()],
          success: ("204", "Removed", nil), errors: ["401", "403", "404"])
      ]
    ),
    (
      "/api/v1/me/notification-preferences",
      [
        "get": Spec.operation(
          "getNotificationPreferences", "Which emails you receive, by topic", tag: "notifications",
          success: ("200", "Your preferences", preferences), errors: ["401"]),
        "put": Spec.operation(
          "setNotificationPreferences", "Turn topics of email on or off (topics left out are unchanged)",
          tag: "notifications", body: Spec.json(change),
          success: ("200", "Your preferences", preferences),
          errors: ["400", "401", "415", "422"]),
      ]
    ),
    (
      "/api/v1/admin/outbox",
      [
        "get": Spec.operation(
          "listOutbox",
          "Outgoing messages, newest first: kind, recipient, status (admins; no subjects or bodies)",
          tag: "notifications",
          parameters: [Spec.query("status", schema: Spec.oneOf(OutboxStatus.self))] + Spec.paging,
          success: ("200", "A page of messages", Spec.page(of: entry)), errors: ["400", "401", "403", "422"])
      ]
    ),
    (
      "/api/v1/admin/outbox/{id}/retry",
      [
        "post": Spec.operation(
          "retryOutboxMessage", "Send a failed message again (admins)", tag: "notifications",
          parameters: [Spec.idParameter()], success: ("200", "The message", entry),
          errors: ["401", "403", "404", "409"])
      ]
    ),
  ]
}
