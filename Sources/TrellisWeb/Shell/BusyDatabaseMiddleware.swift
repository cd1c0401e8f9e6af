import HTTP
import SQL

/// A change that waited too long for the database (another process or a background job holding
/// SQLite's writer) is answered 503 with `Retry-After`: nothing was written, and sending it again
/// shortly will do. Never a 500.
struct BusyDatabaseMiddleware: Middleware {
  static let retryAfterSeconds = 2

  func handle(_ request: Request, next: (Request) throws -> Response) throws -> Response {
    do {
      return try next(request)
    } catch let error as SQLError where error.kind == .busy {
      throw HTTPError(
        .serviceUnavailable, title: "Busy",
        detail: "Trellis is busy with other changes and saved nothing: send this again in a moment.",
        headers: [("Retry-After", String(Self.retryAfterSeconds))])
    }
  }
}
