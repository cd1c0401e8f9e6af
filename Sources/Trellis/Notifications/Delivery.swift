import Foundation
import SQL

/// Whatever carries messages out (SMTP and HTTP in `trellis`; the command line wires it).
public protocol Deliverer: Sendable {
  func sendMail(from: String, to: String, message: Data) throws
  /// POSTs `body`; returns the HTTP status.
  func post(url: String, body: Data, headers: [(String, String)]) throws -> Int
}

/// A web hook that answered with something other than 2xx.
struct WebhookRefused: Error, CustomStringConvertible {
  let status: Int
  var description: String { "the web hook answered \(status)" }
}

/// Sends what the outbox holds. Several processes may run one each over the same database: a
/// message is claimed (PostgreSQL skips rows another worker holds) with a lease, so a process
/// killed mid-send leaves it to be retried once the lease runs out. Failures are retried with
/// growing delays, then marked failed for an admin to retry.
public struct DeliveryWorker: Sendable {
  let database: Database
  let clock: Clock
  let mail: MailSettings
  let deliverer: any Deliverer
  /// How long a claimed message is held before another worker may take it over.
  public var lease: TimeInterval = 120
  /// What this worker sends: email only when an SMTP server is configured.
  public var channels: Set<String> = ["email", "webhook"]
  /// Minutes before each retry; after the last, the message is failed.
  static let retryMinutes = [1, 5, 30, 120, 360]

  public init(database: Database, clock: Clock, mail: MailSettings, deliverer: any Deliverer) {
    self.database = database
    self.clock = clock
    self.mail = mail
    self.deliverer = deliverer
  }

  /// Claims up to `limit` due messages and sends them; returns how many were sent.
  @discardableResult
  public func deliverDue(limit: Int = 20) throws -> Int {
    let now = clock.now()
    // Due messages, then those whose sender's lease ran out: two statements, each through the
    // claim index. One with `id IN (…) OR id IN (…)` read the whole outbox every second.
    let claimed = try database.withConnection { connection in
      try [
        "status = 'pending' AND next_attempt_at <= \(now) ORDER BY next_attempt_at",
        "status = 'sending' AND lease_until < \(now)",
      ].flatMap { (due: SQLQuery) in
        try connection.query(
          """
          UPDATE outbox SET status = 'sending', attempts = attempts + 1, lease_until = \(now.addingTimeInterval(lease))
          WHERE id IN (
            SELECT id FROM outbox WHERE channel IN (\(list: channels.sorted())) AND \(due)
            LIMIT \(limit) \(raw: connection.dialect.lockSkippingLocked)
          )
          RETURNING *
          """)
      }
    }
    var sent = 0
    for row in claimed {
      let id: Int64 = try row.decode("id")
      let attempts: Int = try row.decode("attempts")
      do {
        if try row.decode("channel", as: String.self) == "webhook" {
          try post(row)
        } else {
          try deliverer.sendMail(
            from: mail.from, to: try row.decode("recipient"), message: try MailMessage.render(row, mail: mail)
          )
        }
        try database.withConnection {
          _ = try $0.execute(
            "UPDATE outbox SET status = 'sent', sent_at = \(clock.now()), lease_until = NULL, last_error = '' WHERE id = \(id)"
          )
        }
        sent += 1
      } catch {
        let retry = attempts <= Self.retryMinutes.count
        let next = clock.now().addingTimeInterval(
          TimeInterval(60 * Self.retryMinutes[min(attempts, Self.retryMinutes.count) - 1]))
        try database.withConnection {
          _ = try $0.execute(
            """
            UPDATE outbox SET status = \(retry ? "pending" : "failed"), next_attempt_at = \(next), lease_until = NULL,
              last_error = \(String(describing: error).prefix(500).description)
            WHERE id = \(id)
            """)
        }
      }
    }
    return sent
  }
}

extension DeliveryWorker {
  /// Signs the payload as `sha256=HMAC(secret, "<timestamp>.<body>")`, so a receiver can check
  /// both who sent it and that it is fresh.
  func post(_ row: Row) throws {
    let hook: Int64 = try row.decode("webhook_id")
    guard
      let secret = try database.withConnection({
        try $0.scalar("SELECT secret FROM webhooks WHERE id = \(hook)", as: String.self)
      })
    else { throw NotFound("web hook") }
    let body: String = try row.decode("body")
    let timestamp = String(Int(clock.now().timeIntervalSince1970))
    let status = try deliverer.post(
      url: try row.decode("recipient"), body: Data(body.utf8),
      headers: [
        ("Content-Type", "application/json"), ("User-Agent", "Trellis/\(Product.version)"),
        ("X-Trellis-Event", try row.decode("kind")),
        ("X-Trellis-Delivery", String(try row.decode("id", as: Int64.self))),
        ("X-Trellis-Timestamp", timestamp),
        ("X-Trellis-Signature", "sha256=" + Secrets.hmacSHA256(key: secret, message: "\(timestamp).\(body)")),
      ])
    guard (200..<300).contains(status) else { throw WebhookRefused(status: status) }
  }
}

/// An outbox row as an RFC 5322 message: plain text, and an iCalendar part for invitations; a
/// one-click unsubscribe (RFC 8058) for its topic.
enum MailMessage {
  static func render(_ row: Row, mail: MailSettings) throws -> Data {
    let id: Int64 = try row.decode("id")
    let boundary = "trellis-\(id)-\(Secrets.randomToken(bytes: 8))"
    var headers = [
      "From: Trellis <\(mail.from)>",
      "To: <\(try row.decode("recipient", as: String.self))>",
      "Subject: \(encodedWord(try row.decode("subject")))",
      "Date: \(rfc5322Date(Date()))",
      "Message-ID: <outbox-\(id)@\(host(mail.baseURL))>",
      "MIME-Version: 1.0",
      "Auto-Submitted: auto-generated",
    ]
    if let token: String = try row.decode("unsubscribe_token") {
      headers.append("List-Unsubscribe: <\(mail.url(.unsubscribe(token: token)))>")
      headers.append("List-Unsubscribe-Post: List-Unsubscribe=One-Click")
    }
    let body: String = try row.decode("body")
    var text: String
    if let calendar: String = try row.decode("calendar") {
      let method: String = try row.decode("calendar_method") ?? "REQUEST"
      headers.append("Content-Type: multipart/mixed; boundary=\"\(boundary)\"")
      text = headers.joined(separator: "\r\n") + "\r\n\r\n"
      text +=
        "--\(boundary)\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
      text += base64Lines(body) + "\r\n"
      text += "--\(boundary)\r\nContent-Type: text/calendar; charset=utf-8; method=\(method)\r\n"
      text +=
        "Content-Disposition: attachment; filename=\"invite.ics\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
      text += base64Lines(calendar) + "\r\n--\(boundary)--\r\n"
    } else {
      headers.append("Content-Type: text/plain; charset=utf-8")
      headers.append("Content-Transfer-Encoding: base64")
      text = headers.joined(separator: "\r\n") + "\r\n\r\n" + base64Lines(body) + "\r\n"
    }
    return Data(text.utf8)
  }

  static func base64Lines(_ text: String) -> String {
    let encoded = Data(text.utf8).base64EncodedString()
    return stride(from: 0, to: encoded.count, by: 76).map {
      let start = encoded.index(encoded.startIndex, offsetBy: $0)
      return String(
        encoded[start..<(encoded.index(start, offsetBy: 76, limitedBy: encoded.endIndex) ?? encoded.endIndex)]
      )
    }.joined(separator: "\r\n")
  }

  /// A header value that may hold any character (RFC 2047).
  static func encodedWord(_ text: String) -> String {
    text.allSatisfy { $0.isASCII && !$0.isNewline }
      ? text : "=?utf-8?B?\(Data(text.utf8).base64EncodedString())?="
  }

  static func host(_ url: String) -> String {
    URL(string: url)?.host ?? "trellis"
  }

  static func rfc5322Date(_ date: Date) -> String {
    let formatter = DateFormatter()
    formatter.locale = Locale(identifier: "en_US_POSIX")
    formatter.timeZone = TimeZone(identifier: "UTC")
    formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss +0000"
    return formatter.string(from: date)
  }
}
