import CMalloc

/// How the process holds memory: a server's resident size is what an operator sizes machines by.
enum ProcessMemory {
  /// Returns freed memory to the system, after a job that read a large part of the database
  /// (malloc otherwise keeps it for the process).
  static func giveBack() {
    _ = malloc_trim(0)
  }
}
