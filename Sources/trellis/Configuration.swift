import Foundation
import HTTP
import SQL
import Trellis

/// How `trellis serve` runs: flags over `TRELLIS_*` environment variables over defaults.
struct Configuration {
  var database: DatabaseURL = .sqlite(path: "./trellis.db")
  var server = ServerConfiguration()
  /// Connections a server keeps to its database: as many requests run at once.
  var databaseConnections = 0
  static let cores = max(1, sysconf(Int32(_SC_NPROCESSORS_ONLN)))
  var migrateOnStart = true
  var secureCookies = false
  /// Where email goes out (`smtp://user:password@host:port`); no worker runs in `serve` without it.
  var smtpURL: String?
  var smtpStartTLS = false
  var mail = MailSettings()
  /// How long a claimed message is held before another worker may take it over.
  var deliveryLease: TimeInterval = 120

  static let defaultDatabase = "sqlite:./trellis.db"

  init(options: Options, environment: [String: String]) throws {
    let databaseText =
      options.value("database", environment: "TRELLIS_DATABASE_URL", in: environment)
      ?? Configuration.defaultDatabase
    do {
      database = try DatabaseURL(databaseText)
    } catch let error as SQLError {
      throw UsageError(message: "--database: \(error.message)")
    }
    server.bindAddress =
      options.value("bind", environment: "TRELLIS_BIND", in: environment) ?? "127.0.0.1"
    if let port = options.value("port", environment: "TRELLIS_PORT", in: environment) {
      guard let number = UInt16(port) else {
        throw UsageError(message: "--port: '\(port)' is not a port number (0-65535)")
      }
      server.port = number
    }
    if let threads = options.value("threads", environment: "TRELLIS_THREADS", in: environment) {
      guard let number = Int(threads), (1...256).contains(number) else {
        throw UsageError(message: "--threads: '\(threads)' is not a number from 1 to 256")
      }
      server.threads = number
    } else if case .postgresql = database {
      // libmicrohttpd gives each connection to one thread, and a thread waiting on PostgreSQL's
      // round trips holds up its other connections (nginx's kept-alive ones): enough threads
      // that a request seldom waits behind another's.
      server.threads = 16 * server.threads
    }
    databaseConnections = server.threads + 2
    if case .postgresql = database {
      // Requests at once: enough to keep the cores busy while each waits on round trips; more
      // would only share the same cores. The others wait for a connection, in order.
      databaseConnections = min(databaseConnections, 4 * Configuration.cores + 2)
    }
    // Several servers on one PostgreSQL share its max_connections: each may be given its part.
    if let connections = options.value(
      "database-connections", environment: "TRELLIS_DATABASE_CONNECTIONS", in: environment)
    {
      guard let number = Int(connections), (1...1000).contains(number) else {
        throw UsageError(message: "--database-connections: '\(connections)' is not a number from 1 to 1000")
      }
      databaseConnections = number
    }
    if let proxies = options.value("trusted-proxy", environment: "TRELLIS_TRUSTED_PROXIES", in: environment) {
      let addresses = proxies.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
      if let wrong = addresses.first(where: { !ClientAddress.isAddress($0) }) {
        throw UsageError(message: "--trusted-proxy: '\(wrong)' is not an IPv4 or IPv6 address")
      }
      server.trustedProxies = Set(addresses)
    }
    migrateOnStart = !options.switches.contains("no-migrate")
    secureCookies =
      options.switches.contains("secure-cookies")
      || ["1", "true"].contains(environment["TRELLIS_SECURE_COOKIES"] ?? "")
    smtpURL = environment["TRELLIS_SMTP_URL"].flatMap { $0.isEmpty ? nil : $0 }
    if let smtpURL, !(smtpURL.hasPrefix("smtp://") || smtpURL.hasPrefix("smtps://")) {
      throw UsageError(message: "TRELLIS_SMTP_URL: must start with smtp:// or smtps://")
    }
    smtpStartTLS = ["1", "true"].contains(environment["TRELLIS_SMTP_STARTTLS"] ?? "")
    if let hours = environment["TRELLIS_REMINDER_HOURS"] {
      let values = hours.split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
      guard !values.isEmpty, values.allSatisfy({ ($0 ?? 0) >= 1 && ($0 ?? 0) <= 24 * 30 }) else {
        throw UsageError(
          message: "TRELLIS_REMINDER_HOURS: hours before a conversation, e.g. 48,2 (1 to 720 each)")
      }
      mail.reminderHours = values.compactMap { $0 }
    }
    if let lease = environment["TRELLIS_DELIVERY_LEASE_SECONDS"] {
      guard let seconds = TimeInterval(lease), seconds >= 1 else {
        throw UsageError(message: "TRELLIS_DELIVERY_LEASE_SECONDS: must be a number of seconds")
      }
      deliveryLease = seconds
    }
    mail.from = environment["TRELLIS_MAIL_FROM"] ?? "trellis@\(server.bindAddress)"
    mail.baseURL = environment["TRELLIS_BASE_URL"] ?? "http://\(server.bindAddress):\(server.port)"
  }
}
