import Foundation
import SQL

/// Where the security log is streamed as it is written: a syslog receiver (RFC 5424 over UDP or
/// TCP) and an HTTPS endpoint taking JSON Lines. Each destination keeps the id of the last event
/// it took, so nothing is skipped when it is down; it gets what it missed once it answers again.
public struct SecurityLogStreaming: Sendable, Codable, Equatable {
  /// `udp://host:port` or `tcp://host:port`; empty when off.
  public var syslog: String
  /// An `https://` (or `http://`) address that is POSTed batches of events; empty when off.
  public var https: String
  /// Whether a bearer token is sent to the HTTPS endpoint (the token itself is never shown).
  public var httpsTokenSet: Bool
  /// The last failure of each destination, cleared when it takes events again.
  public var syslogError: String
  public var httpsError: String
}

/// What an admin changes: `httpsToken` nil keeps the stored one, "" removes it.
public struct SecurityLogStreamingInput: Sendable, Codable, Equatable {
  public var syslog: String
  public var https: String
  public var httpsToken: String?

  public init(syslog: String, https: String, httpsToken: String? = nil) {
    self.syslog = syslog
    self.https = https
    self.httpsToken = httpsToken
  }
}

/// A syslog receiver's address, as admins write it.
public struct SyslogAddress: Sendable, Equatable {
  public enum Transport: String, Sendable { case udp, tcp }
  public let transport: Transport
  public let host: String
  public let port: Int

  public init?(_ text: String) {
    guard let url = URL(string: text), let scheme = url.scheme, let transport = Transport(rawValue: scheme),
      let host = url.host, !host.isEmpty, let port = url.port, (1...65_535).contains(port),
      url.path.isEmpty || url.path == "/"
    else { return nil }
    self.transport = transport
    self.host = host
    self.port = port
  }
}

/// Whatever carries the stream out (sockets and libcurl in `trellis`).
public protocol SecurityLogSender: Sendable {
  /// Sends syslog messages (each one RFC 5424 line) to `address`.
  func sendSyslog(_ address: SyslogAddress, messages: [String]) throws
  /// POSTs `body`; returns the HTTP status.
  func post(url: String, body: Data, headers: [(String, String)]) throws -> Int
}

struct StreamRefused: Error, CustomStringConvertible {
  let status: Int
  var description: String { "the endpoint answered \(status)" }
}

extension AuditService {
  static let syslogKey = "security_log.syslog"
  static let httpsKey = "security_log.https"
  static let httpsTokenKey = "security_log.https_token"

  /// Whether the log goes anywhere: the background job takes its lease (a write) only then.
  public func isStreaming() throws -> Bool {
    try database.withConnection {
      try $0.scalar(
        "SELECT count(*) FROM settings WHERE key IN (\(Self.syslogKey), \(Self.httpsKey)) AND value <> ''",
        as: Int.self) ?? 0 > 0
    }
  }

  /// Where the log is streamed (admins).
  public func streaming(_ actor: Actor) throws -> SecurityLogStreaming {
    try Policy.require(actor, .manageDelivery)
    return try database.withConnection { try Self.streaming($0) }
  }

  static func streaming(_ connection: any Connection) throws -> SecurityLogStreaming {
    let values = try Self.settings(connection)
    return SecurityLogStreaming(
      syslog: values[syslogKey] ?? "", https: values[httpsKey] ?? "",
      httpsTokenSet: !(values[httpsTokenKey] ?? "").isEmpty,
      syslogError: values[syslogKey + ".error"] ?? "", httpsError: values[httpsKey + ".error"] ?? "")
  }

  private static func settings(_ connection: any Connection) throws -> [String: String] {
    var values: [String: String] = [:]
    for row in try connection.query("SELECT key, value FROM settings WHERE key LIKE 'security_log.%'") {
      values[try row.decode("key")] = try row.decode("value")
    }
    return values
  }

  /// Changes where the log is streamed (admins). A destination that is new or changed starts with
  /// the event recording this change.
  public func setStreaming(_ actor: Actor, _ input: SecurityLogStreamingInput, from origin: Origin)
    throws -> SecurityLogStreaming
  {
    try Policy.require(actor, .manageDelivery)
    let syslog = input.syslog.trimmed
    let https = input.https.trimmed
    var validator = Validator()
    validator.check(
      syslog.isEmpty || SyslogAddress(syslog) != nil, "syslog",
      "must be udp://host:port or tcp://host:port, or empty to stop streaming to syslog")
    if !https.isEmpty { WebAddress.check(https, "https", in: &validator) }
    if let token = input.httpsToken {
      TextRule.optional(1_000).check(token, "httpsToken", in: &validator)
    }
    try validator.throwIfInvalid()
    let now = clock.now()
    return try database.transaction { connection in
      let before = try Self.streaming(connection)
      let last = try connection.scalar("SELECT max(id) FROM admin_audit", as: Int64?.self) ?? nil
      func put(_ key: String, _ value: String) throws {
        try connection.execute(
          """
          INSERT INTO settings (key, value, updated_at) VALUES (\(key), \(value), \(now))
          ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
          """)
      }
      var changes: [String] = []
      for (key, old, new) in [(Self.syslogKey, before.syslog, syslog), (Self.httpsKey, before.https, https)]
      where old != new {
        try put(key, new)
        try put(key + ".sent", String(last ?? 0))
        try put(key + ".error", "")
        changes.append("\(key == Self.syslogKey ? "syslog" : "https"): \(new.isEmpty ? "off" : new)")
      }
      if let token = input.httpsToken {
        try put(Self.httpsTokenKey, token)
        changes.append(token.isEmpty ? "https token removed" : "https token set")
      }
      if !changes.isEmpty {
        try Self.recordAdmin(
          connection, actor: actor.id, action: SecurityAction.streamingChanged, subject: nil,
          detail: changes.joined(separator: "; "), from: origin, at: now)
      }
      return try Self.streaming(connection)
    }
  }

  /// Sends each destination what it has not taken yet, up to `batch` events each; returns how
  /// many went. One process at a time runs it (a background job).
  @discardableResult
  public func streamDue(_ sender: any SecurityLogSender, batch: Int = 200, host: String) throws -> Int {
    let values = try database.withConnection { try Self.settings($0) }
    var sent = 0
    for key in [Self.syslogKey, Self.httpsKey] {
      guard let destination = values[key], !destination.isEmpty else { continue }
      let after = Int64(values[key + ".sent"] ?? "") ?? 0
      let events = try database.withConnection { connection in
        try Self.events(connection, where: "TRUE", after: after, limit: batch, offset: 0, newestFirst: false)
      }
      guard let last = events.last else { continue }
      var failure = ""
      do {
        if key == Self.syslogKey {
          guard let address = SyslogAddress(destination) else { continue }
          try sender.sendSyslog(address, messages: events.map { $0.syslogLine(host: host) })
        } else {
          let encoder = SecurityEvent.lineEncoder
          var body = Data()
          for event in events {
            body.append(try encoder.encode(event))
            body.append(0x0A)
          }
          var headers = [("Content-Type", "application/x-ndjson")]
          if let token = values[Self.httpsTokenKey], !token.isEmpty {
            headers.append(("Authorization", "Bearer \(token)"))
          }
          let status = try sender.post(url: destination, body: body, headers: headers)
          guard (200..<300).contains(status) else { throw StreamRefused(status: status) }
        }
        sent += events.count
      } catch {
        failure = String("\(error)".prefix(300))
      }
      let now = clock.now()
      try database.transaction { connection in
        // Only if the destination is still the one these events went to.
        let current = try connection.scalar("SELECT value FROM settings WHERE key = \(key)", as: String.self)
        guard current == destination else { return }
        if failure.isEmpty {
          try connection.execute(
            "UPDATE settings SET value = \(String(last.id)), updated_at = \(now) WHERE key = \(key + ".sent")"
          )
        }
        try connection.execute(
          "UPDATE settings SET value = \(failure), updated_at = \(now) WHERE key = \(key + ".error")")
      }
    }
    return sent
  }
}

extension SecurityEvent {
  /// The event as one RFC 5424 syslog message: facility authpriv, warning for failures and
  /// notice otherwise, the event's fields as structured data and as JSON in the message.
  public func syslogLine(host: String) -> String {
    let severity = action.contains("failed") ? 4 : 5
    let priority = 10 * 8 + severity
    let timestamp = SecurityEvent.syslogTime(at)
    let messageID = String(
      action.unicodeScalars.map { $0.isASCII && $0.value > 32 && $0.value < 127 ? Character($0) : "-" }
        .prefix(32))
    var parameters: [(String, String)] = [("id", String(id)), ("action", action)]
    if let actorID { parameters.append(("actor", String(actorID))) }
    if let subjectID { parameters.append(("subject", String(subjectID))) }
    if !address.isEmpty { parameters.append(("address", address)) }
    if !via.isEmpty { parameters.append(("via", via)) }
    let data = parameters.map { name, value in "\(name)=\"\(SecurityEvent.escapeParameter(value))\"" }
      .joined(separator: " ")
    let json =
      (try? SecurityEvent.lineEncoder.encode(self)).flatMap { String(data: $0, encoding: .utf8) } ?? ""
    let hostname = host.isEmpty ? "-" : String(host.prefix(255))
    return "<\(priority)>1 \(timestamp) \(hostname) trellis - \(messageID) [trellis@32473 \(data)] \(json)"
  }

  /// Inside a structured-data value `"`, `\` and `]` are escaped (RFC 5424, 6.3.3).
  public static func escapeParameter(_ value: String) -> String {
    var escaped = ""
    for character in value {
      if character == "\"" || character == "\\" || character == "]" { escaped.append("\\") }
      escaped.append(character)
    }
    return escaped
  }

  static func syslogTime(_ date: Date) -> String {
    date.formatted(Date.ISO8601FormatStyle(includingFractionalSeconds: true))
  }
}
