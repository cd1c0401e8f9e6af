import Foundation

/// What one text input accepts, stated once: the service checks values with its rule and the
/// API's schema is written from the same rule (`Spec.text`), so the two cannot drift.
public struct TextRule: Sendable {
  /// Must hold more than spaces.
  public let required: Bool
  /// In code points, as JSON Schema's `maxLength` counts.
  public let maxLength: Int

  public static func required(_ maxLength: Int) -> TextRule { TextRule(required: true, maxLength: maxLength) }
  public static func optional(_ maxLength: Int) -> TextRule {
    TextRule(required: false, maxLength: maxLength)
  }

  /// Why `value` breaks the rule, or nil. Nil counts as empty.
  public func problem(with value: String?) -> String? {
    let text = value ?? ""
    if required && text.trimmed.isEmpty { return "is required (at most \(maxLength.grouped) characters)" }
    if text.length > maxLength { return "must be at most \(maxLength.grouped) characters" }
    return nil
  }

  public func check(_ value: String?, _ field: String, in validator: inout Validator) {
    if let problem = problem(with: value) { validator.add(field, problem) }
  }

  /// Throws the problem with `value`, if any.
  public func validate(_ value: String?, _ field: String) throws {
    if let problem = problem(with: value) { throw ValidationError(field: field, problem) }
  }
}

/// What one whole-number input accepts, stated once like `TextRule` (`Spec.integer`).
public struct NumberRule: Sendable {
  public let range: ClosedRange<Int>
  /// Named in the message ("days").
  public let unit: String?

  public init(_ range: ClosedRange<Int>, unit: String? = nil) {
    self.range = range
    self.unit = unit
  }

  public func problem(with value: Int) -> String? {
    if range.contains(value) { return nil }
    return "must be from \(range.lowerBound.grouped) to \(range.upperBound.grouped)"
      + (unit.map { " \($0)" } ?? "")
  }

  public func check(_ value: Int?, _ field: String, in validator: inout Validator) {
    if let value, let problem = problem(with: value) { validator.add(field, problem) }
  }

  public func validate(_ value: Int?, _ field: String) throws {
    if let value, let problem = problem(with: value) { throw ValidationError(field: field, problem) }
  }
}

/// How many entries a list input may have (`Spec.list`).
public struct ListRule: Sendable {
  public let count: ClosedRange<Int>
  public init(_ count: ClosedRange<Int>) { self.count = count }

  public func check(_ count: Int, _ field: String, in validator: inout Validator) {
    if !self.count.contains(count) {
      validator.add(
        field, "must have from \(self.count.lowerBound.grouped) to \(self.count.upperBound.grouped) entries")
    }
  }
}

/// A web address people or Trellis will open: http or https with a host, as given (no spaces
/// around it), as the API's schema states (`Spec.webAddress`).
public enum WebAddress {
  public static let maxLength = 2_000
  public static let pattern = "^https?://"

  public static func check(_ value: String, _ field: String, in validator: inout Validator) {
    let valid =
      (value.hasPrefix("https://") || value.hasPrefix("http://")) && URL(string: value)?.host != nil
      && value.length <= maxLength
    validator.check(
      valid, field,
      "must be a web address starting with https:// or http:// (at most \(maxLength.grouped) characters)")
  }
}

extension TextRule {
  /// A short note given with an answer: declining a request, accepting a mentee, showing interest.
  public static let note = TextRule.optional(2_000)
  /// Why something changed course: a conversation moved, missed or cancelled; an action or plan
  /// item dropped or paused.
  public static let reason = TextRule.optional(1_000)
  /// A department or team name, as the directory keeps it.
  public static let department = TextRule.optional(200)
}

extension String {
  public var trimmed: String { trimmingCharacters(in: .whitespacesAndNewlines) }
  /// Length in Unicode code points, as the API's JSON Schema `maxLength` counts it (a Swift
  /// `count` counts graphemes, which can be fewer).
  var length: Int { unicodeScalars.count }
  public var nilIfEmpty: String? { isEmpty ? nil : self }
}

extension Int {
  /// With thousands separated by commas, as messages show limits ("2,000").
  public var grouped: String {
    let digits = String(magnitude)
    var result = ""
    for (index, digit) in digits.enumerated() {
      if index > 0 && (digits.count - index) % 3 == 0 { result.append(",") }
      result.append(digit)
    }
    return self < 0 ? "-" + result : result
  }
}
