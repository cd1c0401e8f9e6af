import Foundation
import SQL

/// The reads of someone else's data that one request makes, noted while reading.
struct RecordedReads {
  fileprivate struct Read {
    let viewer: Int64
    let subject: Int64
    let data: String
    let via: Channel
    let at: Date
  }
  fileprivate var reads: [Read] = []

  /// Notes that `viewer` read `data` about `subject` (`AuditService.recordRead`, written later).
  mutating func record(viewer: Int64, subject: Int64, data: String, via: Channel, at: Date) {
    reads.append(Read(viewer: viewer, subject: subject, data: data, via: via, at: at))
  }
}

extension Database {
  /// Runs `read` without the writer's lock, then writes the reads it noted in one short
  /// transaction: a page view waits for writers only when it must be recorded, and nothing is
  /// returned unless its record is written.
  func reading<T>(_ read: (any Connection, inout RecordedReads) throws -> T) throws -> T {
    var recorded = RecordedReads()
    let result = try withConnection { try read($0, &recorded) }
    if !recorded.reads.isEmpty {
      try transaction { connection in
        for read in recorded.reads {
          try AuditService.recordRead(
            connection, viewer: read.viewer, subject: read.subject, data: read.data, via: read.via,
            at: read.at)
        }
      }
    }
    return result
  }
}
