import Foundation
import HTTP
import SQL
import Trellis
import TrellisWeb

/// The `trellis` command line.
enum TrellisCommand {
  static let usage = """
    Usage: trellis COMMAND [OPTIONS]

    Commands:
      serve      Run the web server (migrates the database first)
      migrate    Apply pending database migrations and exit
      version    Print the version
      help       Print this help

    Options for serve:
      --port N          Port to listen on (TRELLIS_PORT, default 8080)
      --bind ADDRESS    Address to bind (TRELLIS_BIND, default 127.0.0.1)
      --database URL    sqlite:PATH or postgres://USER@HOST/NAME
                        (TRELLIS_DATABASE_URL, default sqlite:./trellis.db)
      --threads N       Worker threads (TRELLIS_THREADS, default: one per core)
      --no-migrate      Do not apply migrations on start

    Options for migrate:
      --database URL    as for serve
    """

  static func run(_ arguments: [String]) -> Int32 {
    let environment = ProcessInfo.processInfo.environment
    guard let command = arguments.first else {
      print(usage)
      return 2
    }
    let rest = Array(arguments.dropFirst())
    do {
      switch command {
      case "serve":
        let options = try Options(
          rest, command: "serve", valued: ["port", "bind", "database", "threads"],
          flags: ["no-migrate"])
        try noPositional(options, "serve")
        return try serve(Configuration(options: options, environment: environment))
      case "migrate":
        let options = try Options(rest, command: "migrate", valued: ["database"])
        try noPositional(options, "migrate")
        return try migrate(Configuration(options: options, environment: environment))
      case "version", "--version", "-v":
        print("trellis \(Product.version)")
        return 0
      case "help", "--help", "-h":
        print(usage)
        return 0
      default:
        throw UsageError(message: "unknown command '\(command)'")
      }
    } catch let error as UsageError {
      printError("trellis: \(error.message)\n\n\(usage)")
      return 2
    } catch {
      printError("trellis: \(error)")
      return 1
    }
  }

  private static func noPositional(_ options: Options, _ command: String) throws {
    if let extra = options.positional.first {
      throw UsageError(message: "unexpected argument '\(extra)' for 'trellis \(command)'")
    }
  }

  static func migrate(_ configuration: Configuration) throws -> Int32 {
    let database = Database(url: configuration.database, maxConnections: 1)
    defer { database.close() }
    let applied = try Schema.migrator.migrate(database)
    if applied.isEmpty {
      print("Database \(configuration.database.redacted) is up to date.")
    } else {
      for migration in applied { print("Applied \(migration.version) \(migration.name)") }
    }
    return 0
  }

  static func serve(_ configuration: Configuration) throws -> Int32 {
    let logger = RequestLogger()
    // Signals are taken by sigwait below; worker threads inherit the blocked mask.
    signal(SIGPIPE, SIG_IGN)
    var signals = sigset_t()
    sigemptyset(&signals)
    sigaddset(&signals, SIGINT)
    sigaddset(&signals, SIGTERM)
    pthread_sigmask(SIG_BLOCK, &signals, nil)

    let database = Database(
      url: configuration.database, maxConnections: configuration.server.threads + 2)
    if configuration.migrateOnStart {
      let applied = try Schema.migrator.migrate(database)
      for migration in applied {
        logger.info("migrated", fields: [("version", "\(migration.version)"), ("name", migration.name)])
      }
    }
    let app = TrellisApp(database: database, logger: logger)
    let server = Server(configuration: configuration.server) { app.respond(to: $0) }
    try server.start()
    let host =
      configuration.server.bindAddress.contains(":")
      ? "[\(configuration.server.bindAddress)]" : configuration.server.bindAddress
    let url = "http://\(host):\(server.port)/"
    logger.info(
      "listening",
      fields: [
        ("url", url), ("database", configuration.database.redacted),
        ("threads", "\(configuration.server.threads)"), ("version", Product.version),
      ])
    print("Trellis is running at \(url)  (Ctrl-C to stop)")
    fflush(nil)

    var received: Int32 = 0
    sigwait(&signals, &received)
    logger.info("shutting down", fields: [("signal", received == SIGINT ? "SIGINT" : "SIGTERM")])
    server.shutdown(gracePeriod: 10)
    database.close()
    logger.info("stopped")
    return 0
  }

  private static func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
  }
}
