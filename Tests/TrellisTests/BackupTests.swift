import Foundation
import SQL
import TestSupport
import Testing

@testable import Trellis

@Suite("Backups of the embedded database")
struct BackupTests {
  /// A migrated SQLite database in a folder of its own, and the folder for copies.
  func database() throws -> (url: DatabaseURL, path: String, folder: String) {
    let url = try TestDatabases.freshURL(.sqlite)
    guard case .sqlite(let path) = url else { throw Backups.Refusal(description: "not SQLite") }
    let database = Database(url: url, maxConnections: 1)
    try Schema.migrator.migrate(database)
    database.close()
    return (url, path, URL(fileURLWithPath: path).deletingLastPathComponent().path)
  }

  func keys(in path: String) throws -> Set<String> {
    let database = Database(url: .sqlite(path: path), maxConnections: 1)
    defer { database.close() }
    return Set(
      try database.withConnection {
        try $0.query("SELECT key FROM settings WHERE key LIKE 'load-%'").map {
          try $0.decode("key", as: String.self)
        }
      })
  }

  @Test func aBackupTakenUnderWriteLoadHoldsEveryWriteAcknowledgedBeforeIt() throws {
    let (url, path, folder) = try database()
    defer { TestDatabases.drop(url) }
    let live = Database(url: url, maxConnections: 2)
    let acknowledged = Acknowledged()
    let stop = Acknowledged()
    let writer = Thread {
      var index = 0
      while stop.count == 0 {
        do {
          try live.transaction {
            try $0.execute(
              "INSERT INTO settings (key, value, updated_at) VALUES (\("load-\(index)"), 'x', \(Date()))")
          }
          acknowledged.record()
          index += 1
        } catch {}
      }
    }
    writer.start()
    while acknowledged.count < 300 { usleep(1_000) }
    let before = acknowledged.count
    try Backups.backUp(path, to: "\(folder)/backup.db")
    let after = acknowledged.count
    while acknowledged.count < after + 100 { usleep(1_000) }
    stop.record()
    usleep(50_000)
    live.close()
    #expect(try SQLiteBackup.integrity(of: "\(folder)/backup.db") == "ok")

    // Restored elsewhere, it has every write acknowledged before the backup began, and none
    // that came after it ended.
    let restored = "\(folder)/restored.db"
    try Backups.restore("\(folder)/backup.db", into: restored)
    let keys = try keys(in: restored)
    #expect(Set((0..<before).map { "load-\($0)" }).isSubset(of: keys))
    #expect(keys.count <= after)
    #expect(keys.count >= before)
  }

  @Test func restoreRefusesABrokenFileOrOneFromANewerTrellisAndChangesNothing() throws {
    let (url, path, folder) = try database()
    defer { TestDatabases.drop(url) }
    let live = Database(url: url, maxConnections: 1)
    try live.withConnection {
      try $0.execute("INSERT INTO settings (key, value, updated_at) VALUES ('load-kept', 'x', \(Date()))")
    }
    live.close()

    let garbage = "\(folder)/garbage.db"
    try Data(repeating: 7, count: 8192).write(to: URL(fileURLWithPath: garbage))
    #expect(throws: (any Error).self) { try Backups.restore(garbage, into: path) }

    let newer = "\(folder)/newer.db"
    try Backups.backUp(path, to: newer)
    let copy = Database(url: .sqlite(path: newer), maxConnections: 1)
    try copy.withConnection {
      try $0.execute(
        "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES (9999, 'future', 'x', \(Date()))"
      )
      try $0.execute("DELETE FROM settings WHERE key = 'load-kept'")
    }
    copy.close()
    let refusal = #expect(throws: Backups.Refusal.self) { try Backups.restore(newer, into: path) }
    #expect(refusal?.description.contains("9999") == true)
    #expect(try keys(in: path) == ["load-kept"], "nothing was restored")
  }
}

/// A counter two threads share.
final class Acknowledged: @unchecked Sendable {
  private let lock = NSLock()
  private var value = 0
  var count: Int { lock.withLock { value } }
  func record() { lock.withLock { value += 1 } }
}
