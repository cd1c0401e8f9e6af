import CMalloc
import Foundation

/// How the process holds memory: a server's resident size is what an operator sizes machines by.
enum ProcessMemory {
  /// One malloc arena per core rather than eight: worker threads outnumber cores (on
  /// PostgreSQL), and what a thread freed in its own arena is not reused by the others.
  /// Call before any thread starts.
  static func oneArenaPerCore() {
    _ = mallopt(M_ARENA_MAX, Int32(max(2, ProcessInfo.processInfo.activeProcessorCount)))
  }

  /// Returns freed memory to the system, after a job that read a large part of the database.
  static func giveBack() {
    _ = malloc_trim(0)
  }
}
