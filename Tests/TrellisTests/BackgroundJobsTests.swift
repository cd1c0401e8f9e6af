import Foundation
import SQL
import TestSupport
import Testing

@testable import Trellis

/// Several processes on one database run each background job once: a lease per job, renewed
/// by its holder, taken over when it runs out or is given up.
@Suite("Background jobs")
struct BackgroundJobsTests {
  @Test(arguments: TestDatabases.available)
  func eachJobRunsInOneProcessAtATime(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    let first = BackgroundJobs(database: fixture.database, clock: fixture.clock, holder: "first")
    let second = BackgroundJobs(database: fixture.database, clock: fixture.clock, holder: "second")
    var runs: [String] = []
    func run(_ jobs: BackgroundJobs, _ job: BackgroundJob) throws {
      try jobs.run(job) { runs.append("\(jobs.holder) \(job.rawValue)") }
    }
    try run(first, .insights)
    try run(second, .insights)
    try run(second, .reminders)
    fixture.clock.advance(by: 300)
    try run(first, .insights)
    try run(second, .insights)
    #expect(runs == ["first insights", "second reminders", "first insights"])

    // The first stops without a word: its lease runs out and the second takes the job.
    fixture.clock.advance(by: BackgroundJob.insights.lease + 1)
    try run(second, .insights)
    try run(first, .insights)
    #expect(runs.suffix(1) == ["second insights"])
    // The second stops cleanly: the first takes its jobs at once.
    try second.releaseAll()
    try run(first, .insights)
    try run(first, .reminders)
    #expect(runs.suffix(2) == ["first insights", "first reminders"])
    #expect(
      try fixture.database.withConnection {
        try $0.scalar("SELECT count(*) FROM job_leases WHERE holder = 'first'", as: Int.self)
      } == 2)
  }
}
