import HTTP
import SQL

/// How `trellis serve` runs: flags over `TRELLIS_*` environment variables over defaults.
struct Configuration {
  var database: DatabaseURL = .sqlite(path: "./trellis.db")
  var server = ServerConfiguration()
  var migrateOnStart = true
  var secureCookies = false

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
    }
    migrateOnStart = !options.switches.contains("no-migrate")
    secureCookies =
      options.switches.contains("secure-cookies")
      || ["1", "true"].contains(environment["TRELLIS_SECURE_COOKIES"] ?? "")
  }
}
