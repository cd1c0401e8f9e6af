import Foundation
import SQL

/// What a web hook can be told of. Only what is meant for everyone: a celebration shared with
/// the whole organization, opportunities posted and filled; never names of interest, never content.
public enum WebhookEvent: String, Sendable, Codable, CaseIterable {
  case celebration
  case opportunityPosted = "opportunity posted"
  case opportunityFilled = "opportunity filled"
}

public struct Webhook: Sendable, Codable, Equatable {
  public let id: Int64
  public let url: String
  public let events: [WebhookEvent]
  public let active: Bool
  public let createdAt: Date
}

/// A new web hook with its signing secret, shown once.
public struct NewWebhook: Sendable, Codable, Equatable {
  public let webhook: Webhook
  public let secret: String
}

public struct WebhookInput: Sendable, Codable, Equatable {
  public var url: String
  public var events: [WebhookEvent]

  public init(url: String, events: [WebhookEvent]) {
    self.url = url
    self.events = events
  }
}

extension ListRule {
  /// Each event once (checked here, stated by the API).
  public static let webhookEvents = ListRule(1...WebhookEvent.allCases.count)
}

extension NotificationService {
  /// Adds a web hook (admins). Its payloads are Slack-compatible JSON, signed with the secret.
  public func addWebhook(_ actor: Actor, _ input: WebhookInput) throws -> NewWebhook {
    try Policy.require(actor, .manageDelivery)
    var validator = Validator()
    let url = input.url
    WebAddress.check(url, "url", in: &validator)
    if input.events.isEmpty {
      validator.add("events", "choose at least one event")
    } else {
      ListRule.webhookEvents.check(input.events.count, "events", in: &validator)
    }
    try validator.throwIfInvalid()
    let secret = Secrets.randomToken()
    return try database.transaction { connection in
      let id = try connection.query(
        """
        INSERT INTO webhooks (url, secret, events, active, created_by, created_at)
        VALUES (\(url), \(secret), \(Set(input.events).map(\.rawValue).sorted().joined(separator: ",")), TRUE,
          \(actor.id), \(clock.now()))
        RETURNING id
        """)[0].decode("id", as: Int64.self)
      try AuditService.recordAdmin(
        connection, actor: actor.id, action: "added a web hook", subject: nil, detail: url, at: clock.now())
      return NewWebhook(webhook: try Self.webhooks(connection, where: "id = \(id)")[0], secret: secret)
    }
  }

  public func webhooks(_ actor: Actor) throws -> [Webhook] {
    try Policy.require(actor, .manageDelivery)
    return try database.withConnection { try Self.webhooks($0, where: "active") }
  }

  /// Stops a web hook; what it was sent stays in the outbox.
  public func removeWebhook(_ actor: Actor, id: Int64) throws {
    try Policy.require(actor, .manageDelivery)
    try database.transaction { connection in
      guard try connection.execute("UPDATE webhooks SET active = FALSE WHERE id = \(id) AND active") == 1
      else {
        throw NotFound("web hook")
      }
      try AuditService.recordAdmin(
        connection, actor: actor.id, action: "removed a web hook", subject: nil, detail: String(id),
        at: clock.now())
    }
  }

  static func webhooks(_ connection: any Connection, where condition: SQLQuery) throws -> [Webhook] {
    try connection.query("SELECT * FROM webhooks WHERE \(condition) ORDER BY id").map {
      Webhook(
        id: try $0.decode("id"), url: try $0.decode("url"),
        events: try $0.decode("events", as: String.self).split(separator: ",").compactMap {
          WebhookEvent(rawValue: String($0))
        }, active: try $0.decode("active"), createdAt: try $0.decode("created_at"))
    }
  }
}

extension Outbox {
  /// Queues `text` (Slack's `text`, with the event and a link) for every active web hook of `event`.
  static func announce(
    _ connection: any Connection, _ event: WebhookEvent, key: String, text: String, link: String, now: Date
  ) throws {
    let payload = String(
      decoding: try JSONEncoder.sorted.encode([
        "text": "\(text) \(link)", "event": event.rawValue, "url": link,
      ]),
      as: UTF8.self)
    for hook in try NotificationService.webhooks(connection, where: "active")
    where hook.events.contains(event) {
      try connection.execute(
        """
        INSERT INTO outbox (channel, kind, dedupe_key, webhook_id, recipient, subject, body, status, next_attempt_at,
          created_at)
        VALUES ('webhook', \(event.rawValue), \("\(key):hook:\(hook.id)"), \(hook.id), \(hook.url), \(text), \(payload),
          'pending', \(now), \(now))
        ON CONFLICT (dedupe_key) DO NOTHING
        """)
    }
  }
}
