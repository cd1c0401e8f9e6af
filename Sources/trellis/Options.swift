/// A command-line usage error: printed with the usage text, exit status 2.
struct UsageError: Error {
  let message: String
}

/// `--name value` / `--name=value` options and `--flag` switches for one command.
struct Options {
  private(set) var values: [String: String] = [:]
  private(set) var switches: Set<String> = []
  private(set) var positional: [String] = []

  /// Parses `arguments`, accepting only the named options.
  init(_ arguments: [String], command: String, valued: Set<String>, flags: Set<String> = []) throws {
    var index = 0
    while index < arguments.count {
      let argument = arguments[index]
      index += 1
      guard argument.hasPrefix("--") else {
        positional.append(argument)
        continue
      }
      var name = String(argument.dropFirst(2))
      var value: String?
      if let equals = name.firstIndex(of: "=") {
        value = String(name[name.index(after: equals)...])
        name = String(name[..<equals])
      }
      if flags.contains(name) {
        guard value == nil else { throw UsageError(message: "'--\(name)' takes no value") }
        switches.insert(name)
      } else if valued.contains(name) {
        if value == nil {
          guard index < arguments.count, !arguments[index].hasPrefix("--") else {
            throw UsageError(message: "'--\(name)' needs a value")
          }
          value = arguments[index]
          index += 1
        }
        values[name] = value
      } else {
        throw UsageError(message: "unknown option '--\(name)' for 'trellis \(command)'")
      }
    }
  }

  /// A flag's value, else the environment variable's, else nil.
  func value(_ name: String, environment key: String, in environment: [String: String]) -> String? {
    values[name] ?? environment[key].flatMap { $0.isEmpty ? nil : $0 }
  }
}
