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
      serve      Run the web server (migrates the database first) and send the outbox
                 (web hooks; email too with TRELLIS_SMTP_URL)
      worker     Send the outbox, queue reminders and keep the dashboards' figures
                 current, without serving pages
      migrate    Apply pending database migrations and exit
      demo       Load a demo organization into an empty database and print its sign-ins
      import people FILE.csv
                 Import people from an HR system's CSV (SCIM attribute names as headers)
      backup FILE
                 Write a consistent copy of the SQLite database to FILE, safe while serving
                 (PostgreSQL: use pg_dump, see the README)
      restore FILE
                 Replace the SQLite database with the backup FILE, after checking it is whole
                 and not from a newer Trellis (stop serve first)
      version    Print the version
      help       Print this help

    Options for serve:
      --port N          Port to listen on (TRELLIS_PORT, default 8080)
      --bind ADDRESS    Address to bind (TRELLIS_BIND, default 127.0.0.1)
      --database URL    sqlite:PATH or postgres://USER@HOST/NAME
                        (TRELLIS_DATABASE_URL, default sqlite:./trellis.db)
      --threads N       Worker threads (TRELLIS_THREADS, default: one per core on SQLite,
                        sixteen per core on PostgreSQL)
      --database-connections N
                        Connections to the database, as many requests at once
                        (TRELLIS_DATABASE_CONNECTIONS, default: threads + 2, on
                        PostgreSQL at most four per core + 2)
      --trusted-proxy ADDRESS[,ADDRESS]
                        Reverse proxies whose X-Forwarded-For names the client
                        (TRELLIS_TRUSTED_PROXIES; e.g. 127.0.0.1 behind a local nginx)
      --no-migrate      Do not apply migrations on start
      --secure-cookies  Mark cookies Secure: Trellis is served over HTTPS
                        (TRELLIS_SECURE_COOKIES=1)

    Email (serve and worker):
      TRELLIS_SMTP_URL        smtp://user:password@host:port (or smtps://)
      TRELLIS_SMTP_STARTTLS=1 require STARTTLS on smtp://
      TRELLIS_MAIL_FROM       the sender address
      TRELLIS_BASE_URL        where links in emails point (default http://BIND:PORT)
      TRELLIS_REMINDER_HOURS  hours before a conversation to remind both (default 48,2)

    Options for migrate, demo, backup and restore:
      --database URL    as for serve

    Options for import people:
      --database URL         as for serve
      --dry-run              Report what would change; change nothing
      --skip-invalid         Import the good rows of a file that has bad ones
      --deactivate-missing   Deactivate active people who are not in the file
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
          rest, command: "serve",
          valued: ["port", "bind", "database", "threads", "database-connections", "trusted-proxy"],
          flags: ["no-migrate", "secure-cookies"])
        try noPositional(options, "serve")
        return try serve(Configuration(options: options, environment: environment))
      case "worker":
        let options = try Options(rest, command: "worker", valued: ["database"])
        try noPositional(options, "worker")
        return try worker(Configuration(options: options, environment: environment))
      case "migrate":
        let options = try Options(rest, command: "migrate", valued: ["database"])
        try noPositional(options, "migrate")
        return try migrate(Configuration(options: options, environment: environment))
      case "demo":
        let options = try Options(rest, command: "demo", valued: ["database"])
        try noPositional(options, "demo")
        return try demo(Configuration(options: options, environment: environment))
      case "import":
        guard rest.first == "people" else {
          throw UsageError(message: "'trellis import' imports people: trellis import people FILE.csv")
        }
        let options = try Options(
          Array(rest.dropFirst()), command: "import people", valued: ["database"],
          flags: ["dry-run", "skip-invalid", "deactivate-missing"])
        guard options.positional.count == 1, let file = options.positional.first else {
          throw UsageError(message: "'trellis import people' needs one CSV file")
        }
        return try importPeople(
          file, options: options, Configuration(options: options, environment: environment))
      case "backup", "restore":
        let options = try Options(rest, command: command, valued: ["database"])
        guard options.positional.count == 1, let file = options.positional.first else {
          throw UsageError(message: "'trellis \(command)' needs one FILE")
        }
        let configuration = try Configuration(options: options, environment: environment)
        guard case .sqlite(let path) = configuration.database else {
          throw UsageError(
            message:
              "'trellis \(command)' is for the embedded SQLite database; back up PostgreSQL with pg_dump or pg_basebackup (see the README)"
          )
        }
        if command == "backup" {
          try Backups.backUp(path, to: file)
          print("Backed up \(path) to \(file).")
        } else {
          let applied = try Backups.restore(file, into: path)
          print(
            "Restored \(file) into \(path)\(applied.isEmpty ? "" : "; applied \(applied.count) migrations").")
        }
        return 0
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

  static func demo(_ configuration: Configuration) throws -> Int32 {
    let database = Database(url: configuration.database, maxConnections: 2)
    defer { database.close() }
    try Schema.migrator.migrate(database)
    let services = Services(database: database)
    let credentials: [DemoOrganization.Credential]
    do {
      credentials = try DemoOrganization.load(services)
    } catch let error as DemoOrganization.LoadError {
      if try services.database.withConnection({
        try $0.scalar(
          "SELECT count(*) FROM people WHERE email_key LIKE \("%@" + DemoOrganization.domain)", as: Int.self)
      }) ?? 0 > 0 {
        print(
          "The demo organization is already loaded (password for everyone: \(DemoOrganization.password)).")
        return 0
      }
      printError("trellis: \(error)")
      return 1
    }
    print("Loaded the demo organization. Everyone's password is: \(DemoOrganization.password)")
    for credential in credentials {
      print(
        "  \(credential.role.padding(toLength: 24, withPad: " ", startingAt: 0)) \(credential.email)  (\(credential.name))"
      )
    }
    return 0
  }

  static func importPeople(_ file: String, options: Options, _ configuration: Configuration) throws -> Int32 {
    guard let data = FileManager.default.contents(atPath: file) else {
      throw UsageError(message: "cannot read '\(file)'")
    }
    guard let csv = String(validating: data, as: UTF8.self) else {
      printError("trellis: '\(file)' is not UTF-8 text")
      return 1
    }
    let database = Database(url: configuration.database, maxConnections: 2)
    defer { database.close() }
    try Schema.migrator.migrate(database)
    let services = Services(database: database)
    let importOptions = ImportOptions(
      dryRun: options.switches.contains("dry-run"), skipInvalid: options.switches.contains("skip-invalid"),
      deactivateMissing: options.switches.contains("deactivate-missing"))
    let report = try services.imports.run(nil, csv: csv, options: importOptions) { done, total in
      FileHandle.standardError.write(Data("\rImporting: \(done) of \(total) rows".utf8))
      if done == total { FileHandle.standardError.write(Data("\n".utf8)) }
    }
    for error in report.errors {
      print("line \(error.line)\(error.column.map { ", \($0)" } ?? ""): \(error.message)")
    }
    let summary =
      "\(report.rows) rows: \(report.created) created, \(report.updated) updated, \(report.unchanged) unchanged, \(report.deactivated) deactivated, \(report.skipped) skipped"
    if report.rejected {
      print("Nothing imported: \(report.errors.count) problems. Fix them or use --skip-invalid.")
      return 1
    }
    print((report.dryRun ? "Dry run, nothing changed. " : "") + summary)
    return 0
  }

  static func serve(_ configuration: Configuration) throws -> Int32 {
    // Before any thread starts (the logger's flush thread is one): a thread that did not block
    // SIGTERM would take it and die, instead of letting requests drain.
    var signals = blockStopSignals()
    let logger = RequestLogger()

    let database = Database(url: configuration.database, maxConnections: configuration.databaseConnections)
    if configuration.migrateOnStart {
      let applied = try Schema.migrator.migrate(database)
      for migration in applied {
        logger.info("migrated", fields: [("version", "\(migration.version)"), ("name", migration.name)])
      }
    }
    let services = Services(database: database, mail: configuration.mail, web: CurlWebClient())
    let app = TrellisApp(services: services, logger: logger, secureCookies: configuration.secureCookies)
    // Web hooks always go out; email when an SMTP server is configured.
    let delivery = DeliveryLoop.start(
      services, CurlDeliverer(url: configuration.smtpURL, starttls: configuration.smtpStartTLS),
      lease: configuration.deliveryLease, logger: logger)
    var serverConfiguration = configuration.server
    serverConfiguration.bodyLimit = { app.bodyLimit(method: $0, path: $1, headers: $2) }
    serverConfiguration.bodyBytesForAnyone = TrellisApp.anonymousBodyBytes
    let server = Server(configuration: serverConfiguration) { app.respond(to: $0) }
    try server.start()
    let host =
      configuration.server.bindAddress.contains(":")
      ? "[\(configuration.server.bindAddress)]" : configuration.server.bindAddress
    let url = "http://\(host):\(server.port)/"
    logger.info(
      "listening",
      fields: [
        ("url", url), ("database", configuration.database.redacted),
        ("threads", "\(configuration.server.threads)"),
        ("database_connections", "\(configuration.databaseConnections)"), ("version", Product.version),
      ])
    print("Trellis is running at \(url)  (Ctrl-C to stop)")
    fflush(nil)

    let received = waitForStop(&signals)
    logger.info("shutting down", fields: [("signal", received == SIGINT ? "SIGINT" : "SIGTERM")])
    // New connections and new requests are turned away; those already started finish.
    let report = server.shutdown(gracePeriod: 10)
    logger.info(
      "requests drained", fields: [("finished", "\(report.finished)"), ("cut_off", "\(report.cut)")])
    delivery.stop()
    database.close()
    logger.info("stopped")
    return 0
  }

  /// Sends the outbox until stopped, for installations that run it apart from `serve`.
  static func worker(_ configuration: Configuration) throws -> Int32 {
    guard let smtpURL = configuration.smtpURL else {
      throw UsageError(message: "trellis worker needs TRELLIS_SMTP_URL")
    }
    var signals = blockStopSignals()
    let logger = RequestLogger()
    let database = Database(url: configuration.database, maxConnections: 2)
    let loop = DeliveryLoop.start(
      Services(database: database, mail: configuration.mail),
      CurlDeliverer(url: smtpURL, starttls: configuration.smtpStartTLS), lease: configuration.deliveryLease,
      logger: logger)
    _ = waitForStop(&signals)
    loop.stop()
    database.close()
    return 0
  }

  /// SIGINT and SIGTERM are taken by `waitForStop` rather than delivered: threads started after
  /// this inherit the blocked mask. A closed socket (SIGPIPE) is an error, not a death.
  private static func blockStopSignals() -> sigset_t {
    signal(SIGPIPE, SIG_IGN)
    var signals = sigset_t()
    sigemptyset(&signals)
    sigaddset(&signals, SIGINT)
    sigaddset(&signals, SIGTERM)
    pthread_sigmask(SIG_BLOCK, &signals, nil)
    return signals
  }

  /// Waits for SIGINT or SIGTERM; returns which.
  private static func waitForStop(_ signals: inout sigset_t) -> Int32 {
    var received: Int32 = 0
    sigwait(&signals, &received)
    return received
  }

  private static func printError(_ text: String) {
    FileHandle.standardError.write(Data((text + "\n").utf8))
  }
}
