import Foundation
import HTTP
import SQL
import TestSupport
import Trellis
import TrellisWeb

/// The real Trellis application on a real port, over a fresh database of one kind.
final class AppServer: @unchecked Sendable {
  let url: DatabaseURL
  let database: Database
  let server: Server
  let app: TrellisApp
  let client: RawHTTPClient
  let services: Services
  let clock = Clock()
  /// Every connection the application opens, counting its round trips.
  let connections = CountedConnections()

  init(_ kind: TestDatabases.Kind, migrate: Bool = true, bodyLimit: Int = 1 << 20) throws {
    url = try TestDatabases.freshURL(kind)
    let connections = connections
    database = Database(url: url, maxConnections: 4) { try connections.open($0) }
    if migrate { try Schema.migrator.migrate(database) }
    var settings = AccessSettings()
    settings.passwordStrength = .minimum
    services = Services(database: database, clock: clock, settings: settings)
    app = TrellisApp(services: services, logger: RequestLogger(descriptor: -1))
    var configuration = ServerConfiguration()
    configuration.port = 0
    configuration.maxBodyBytes = bodyLimit
    let app = self.app
    configuration.bodyLimit = { app.bodyLimit(method: $0, path: $1, headers: $2) }
    configuration.bodyBytesForAnyone = TrellisApp.anonymousBodyBytes
    server = Server(configuration: configuration) { app.respond(to: $0) }
    try server.start()
    client = RawHTTPClient(port: server.port)
  }

  deinit {
    server.shutdown(gracePeriod: 1)
    database.close()
    TestDatabases.drop(url)
  }
}
