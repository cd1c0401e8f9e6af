/// Input that breaks a rule: one message per field, nothing written.
public struct ValidationError: Error, Sendable, Equatable {
  public struct Problem: Sendable, Equatable {
    public let field: String
    public let message: String
  }

  public let problems: [Problem]

  public init(_ problems: [Problem]) { self.problems = problems }
  public init(field: String, _ message: String) { problems = [Problem(field: field, message: message)] }
}

/// Collects field problems while checking input, then throws them all at once.
public struct Validator {
  public private(set) var problems: [ValidationError.Problem] = []

  public init() {}

  public mutating func add(_ field: String, _ message: String) {
    problems.append(ValidationError.Problem(field: field, message: message))
  }

  public mutating func check(_ condition: Bool, _ field: String, _ message: String) {
    if !condition { add(field, message) }
  }

  public func throwIfInvalid() throws {
    if !problems.isEmpty { throw ValidationError(problems) }
  }
}

/// Something the actor asked for does not exist (or, for them, might as well not).
public struct NotFound: Error, Sendable, Equatable {
  public let what: String
  public init(_ what: String) { self.what = what }
}

extension Optional {
  /// The value, or `NotFound(what)`: for rows a request names that may have gone meanwhile, so a
  /// request never ends the process.
  func found(_ what: String) throws -> Wrapped {
    guard let self else { throw NotFound(what) }
    return self
  }
}

/// A change that conflicts with the current state (a duplicate email, a used link).
public struct Conflict: Error, Sendable, Equatable {
  public let field: String?
  public let message: String
  public init(field: String? = nil, _ message: String) {
    self.field = field
    self.message = message
  }
}
