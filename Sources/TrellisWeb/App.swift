import HTTP
import SQL

/// Everything a running Trellis needs, wired into one pipeline of middleware and routes.
public final class TrellisApp: Sendable {
  public let database: Database
  public let router: Router
  public let pipeline: Pipeline
  public let logger: RequestLogger

  public init(database: Database, logger: RequestLogger = RequestLogger()) {
    self.database = database
    self.logger = logger
    let router = Router()
    Assets.shared.register(on: router)
    HealthRoutes.register(on: router, database: database)
    OpenAPI.register(on: router)
    HomePage.register(on: router)
    self.router = router
    pipeline = Pipeline(
      [
        RequestLogMiddleware(logger: logger),
        SecurityHeadersMiddleware(),
        ErrorMiddleware(log: logger, renderPage: ErrorPage.render),
      ],
      router: router)
  }

  /// The server's responder.
  public func respond(to request: Request) -> Response {
    pipeline.respond(to: request)
  }
}
