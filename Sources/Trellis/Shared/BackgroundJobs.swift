import Foundation
import SQL

/// The jobs every `trellis serve` (and `trellis worker`) would run on a timer.
public enum BackgroundJob: String, Sendable, CaseIterable {
  case reminders, retention, insights
  case securityLog = "security log"

  /// How long a holder keeps a job without renewing it: a few of its intervals, so a process
  /// that stopped or died hands it on by running out.
  var lease: TimeInterval {
    switch self {
    case .reminders: 120
    case .retention: 2 * 3_600
    case .insights: 900
    case .securityLog: 60
    }
  }
}

/// Runs background jobs once across all the processes that share the database: each job is
/// leased to one process at a time, which renews the lease each time it runs it.
public struct BackgroundJobs: Sendable {
  let database: Database
  let clock: Clock
  /// This process, as a lease holder.
  public let holder: String

  public init(database: Database, clock: Clock, holder: String = BackgroundJobs.processName()) {
    self.database = database
    self.clock = clock
    self.holder = holder
  }

  /// A name for this process: host, process id and a random part.
  public static func processName() -> String {
    "\(ProcessInfo.processInfo.hostName):\(ProcessInfo.processInfo.processIdentifier):\(UInt32.random(in: 0...UInt32.max))"
  }

  /// Runs `work` if this process holds `job` (taking the lease when it is free or ran out);
  /// returns whether it ran.
  @discardableResult
  public func run(_ job: BackgroundJob, _ work: () throws -> Void) throws -> Bool {
    guard try take(job) else { return false }
    try work()
    return true
  }

  /// Takes or renews the lease on `job`; false while another process holds it.
  func take(_ job: BackgroundJob) throws -> Bool {
    let now = clock.now()
    return try database.transaction { connection in
      try connection.execute(
        """
        INSERT INTO job_leases (job, holder, until) VALUES (\(job.rawValue), \(holder), \(now.addingTimeInterval(job.lease)))
        ON CONFLICT (job) DO NOTHING
        """)
      return try connection.execute(
        """
        UPDATE job_leases SET holder = \(holder), until = \(now.addingTimeInterval(job.lease))
        WHERE job = \(job.rawValue) AND (holder = \(holder) OR until < \(now))
        """) == 1
    }
  }

  /// Gives up every lease of this process (at shutdown), so another takes the jobs at once.
  public func releaseAll() throws {
    _ = try database.transaction { connection in
      try connection.execute("DELETE FROM job_leases WHERE holder = \(holder)")
    }
  }
}
