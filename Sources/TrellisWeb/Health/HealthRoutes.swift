import HTTP
import SQL
import Trellis

/// Liveness and readiness probes for load balancers and orchestrators.
enum HealthRoutes {
  static func register(on router: Router, database: Database) {
    // The process is up and answering.
    router.probe("/healthz") { _ in .jsonText(#"{"status":"ok"}"#) }

    // The database answers and its schema matches this build.
    router.probe("/readyz") { _ in
      do {
        _ = try database.withConnection { try $0.scalar("SELECT 1", as: Int.self) }
        guard try Schema.migrator.isCurrent(database) else {
          return .jsonText(
            #"{"status":"unavailable","reason":"database schema is not current: run trellis migrate"}"#,
            status: .serviceUnavailable)
        }
        return .jsonText(#"{"status":"ready"}"#)
      } catch {
        return .jsonText(
          #"{"status":"unavailable","reason":"database does not answer"}"#, status: .serviceUnavailable)
      }
    }
  }
}
