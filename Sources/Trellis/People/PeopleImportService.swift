import Foundation
import SQL

/// An import started from the web: its progress while it runs, its report when done.
public struct ImportRun: Sendable, Codable, Equatable {
  public enum Status: String, Sendable, Codable {
    case running, done, rejected, failed
  }

  public let id: Int64
  public let filename: String
  public let options: ImportOptions
  public let status: Status
  public let processedRows: Int
  public let totalRows: Int
  public let report: ImportReport?
  public let startedAt: Date
  public let finishedAt: Date?
}

/// Runs people imports: right away (command line, API) or in the background with progress (web).
public final class PeopleImportService: Sendable {
  let database: Database
  let clock: Clock
  /// Rows processed by imports running in this process, by import id.
  private let progress = ProgressBoard()

  init(database: Database, clock: Clock) {
    self.database = database
    self.clock = clock
  }

  private struct RollBack: Error {
    let report: ImportReport
  }

  /// Imports a CSV now. `actor` is nil when run from the command line on the server itself.
  public func run(
    _ actor: Actor?, csv: String, options: ImportOptions, progress: PeopleImport.Progress? = nil
  ) throws -> ImportReport {
    if let actor { try Policy.require(actor, .managePeople) }
    do {
      return try database.transaction { connection in
        let report = try PeopleImport.run(
          connection, csv: csv, options: options, actor: actor?.id, now: clock.now(), progress: progress)
        // A dry run or a refused file changes nothing.
        if options.dryRun || report.rejected { throw RollBack(report: report) }
        return report
      }
    } catch let rollBack as RollBack {
      return rollBack.report
    }
  }

  /// Starts an import in the background and returns its id; `status` shows how far it got.
  public func start(_ actor: Actor, filename: String, csv: String, options: ImportOptions) throws -> Int64 {
    try Policy.require(actor, .managePeople)
    let total = max((try? CSV.parse(csv).count) ?? 1, 1) - 1
    let now = clock.now()
    let id = try database.withConnection { connection in
      try connection.query(
        """
        INSERT INTO people_imports (started_by, filename, dry_run, skip_invalid, deactivate_missing, status,
          total_rows, started_at)
        VALUES (\(actor.id), \(String(filename.prefix(200))), \(options.dryRun), \(options.skipInvalid),
          \(options.deactivateMissing), 'running', \(total), \(now))
        RETURNING id
        """)[0].decode("id", as: Int64.self)
    }
    progress.set(id, 0)
    Thread.detachNewThread { [self] in
      let status: ImportRun.Status
      let report: ImportReport?
      do {
        let result = try run(actor, csv: csv, options: options) { done, _ in self.progress.set(id, done) }
        report = result
        status = result.rejected ? .rejected : .done
      } catch {
        report = nil
        status = .failed
      }
      let encoded = report.flatMap { try? JSONEncoder().encode($0) }.map {
        String(decoding: $0, as: UTF8.self)
      }
      _ = try? database.withConnection { connection in
        try connection.execute(
          """
          UPDATE people_imports SET status = \(status.rawValue), processed_rows = total_rows,
            report = \(encoded), finished_at = \(clock.now())
          WHERE id = \(id)
          """)
      }
      progress.remove(id)
    }
    return id
  }

  /// An import's state; only admins see imports.
  public func status(_ actor: Actor, id: Int64) throws -> ImportRun {
    try Policy.require(actor, .managePeople)
    return try database.withConnection { connection in
      guard
        let row = try connection.queryFirst(
          """
          SELECT id, filename, dry_run, skip_invalid, deactivate_missing, status, total_rows, processed_rows,
                 report, started_at, finished_at
          FROM people_imports WHERE id = \(id)
          """)
      else { throw NotFound("import") }
      let report = try row.decode("report", as: String?.self).flatMap {
        try? JSONDecoder().decode(ImportReport.self, from: Data($0.utf8))
      }
      let status = ImportRun.Status(rawValue: try row.decode("status")) ?? .failed
      return ImportRun(
        id: try row.decode("id"), filename: try row.decode("filename"),
        options: ImportOptions(
          dryRun: try row.decode("dry_run"), skipInvalid: try row.decode("skip_invalid"),
          deactivateMissing: try row.decode("deactivate_missing")),
        status: status,
        processedRows: status == .running
          ? progress.get(id) ?? 0 : try row.decode("processed_rows"),
        totalRows: try row.decode("total_rows"), report: report, startedAt: try row.decode("started_at"),
        finishedAt: try row.decode("finished_at"))
    }
  }
}

/// Counters shared between an import's thread and the requests that show its progress.
final class ProgressBoard: @unchecked Sendable {
  private let lock = NSLock()
  private var counts: [Int64: Int] = [:]

  func set(_ id: Int64, _ count: Int) { lock.withLock { counts[id] = count } }
  func get(_ id: Int64) -> Int? { lock.withLock { counts[id] } }
  func remove(_ id: Int64) { _ = lock.withLock { counts.removeValue(forKey: id) } }
}
