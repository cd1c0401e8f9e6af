import Foundation
import SQL

/// Why a SCIM request was refused, with the `scimType` RFC 7644 names.
public struct SCIMError: Error, Sendable, Equatable {
  public let status: Int
  public let scimType: String?
  public let detail: String

  public init(_ status: Int, _ scimType: String?, _ detail: String) {
    self.status = status
    self.scimType = scimType
    self.detail = detail
  }

  static func invalidFilter(_ detail: String) -> SCIMError { SCIMError(400, "invalidFilter", detail) }
}

/// A SCIM filter (RFC 7644, 3.4.2.2) turned into a SQL condition on `people` or `scim_groups`: `eq
/// ne co sw ew pr gt ge lt le`, `and`, `or`, `not (…)` and parentheses, on the attributes Trellis keeps.
enum SCIMFilter {
  typealias Columns = [String: (column: String, kind: Kind)]

  /// The column behind each filterable attribute of a User (lowercased, without a schema's URN),
  /// and whether it compares without case.
  static let userColumns: Columns = [
    "id": ("people.id", .number), "username": ("coalesce(people.user_name, people.email_key)", .text),
    "emails": ("people.email_key", .text),
    "emails.value": ("people.email_key", .text), "externalid": ("people.external_id", .exactText),
    "name.givenname": ("people.given_name", .text), "name.familyname": ("people.family_name", .text),
    "nickname": ("people.preferred_name", .text), "title": ("people.job_title", .text),
    "active": ("people.active", .boolean), "employeenumber": ("people.employee_number", .exactText),
    "department": ("people.department", .text), "manager": ("people.manager_id", .number),
    "manager.value": ("people.manager_id", .number), "team": ("people.team", .text),
    "location": ("people.location", .text), "meta.created": ("people.created_at", .exactText),
    "meta.lastmodified": ("people.updated_at", .exactText),
  ]

  /// A Group's: its members are the people whose team it is.
  static let groupColumns: Columns = [
    "id": ("scim_groups.id", .number), "displayname": ("scim_groups.display_name", .text),
    "externalid": ("scim_groups.external_id", .exactText), "members": ("scim_groups.display_name", .member),
    "members.value": ("scim_groups.display_name", .member),
    "meta.created": ("scim_groups.created_at", .exactText),
    "meta.lastmodified": ("scim_groups.updated_at", .exactText),
  ]

  /// `member`: the column is the team name, compared by who is in it.
  enum Kind { case text, exactText, number, boolean, member }

  static func condition(_ text: String, on columns: Columns = userColumns) throws -> SQLQuery {
    var parser = Parser(tokens: try tokens(text), columns: columns)
    let query = try parser.orExpression()
    guard parser.position == parser.tokens.count else {
      throw SCIMError.invalidFilter("unexpected \(parser.tokens[parser.position]) in the filter")
    }
    return query
  }

  enum Token: Equatable, CustomStringConvertible {
    case word(String)
    case string(String)
    case open, close

    var description: String {
      switch self {
      case .word(let word): word
      case .string(let text): "\"\(text)\""
      case .open: "("
      case .close: ")"
      }
    }
  }

  static func tokens(_ text: String) throws -> [Token] {
    var tokens: [Token] = []
    var characters = Array(text)[...]
    while let first = characters.first {
      if first.isWhitespace {
        characters = characters.dropFirst()
      } else if first == "(" || first == ")" {
        tokens.append(first == "(" ? .open : .close)
        characters = characters.dropFirst()
      } else if first == "\"" {
        var value = ""
        var rest = characters.dropFirst()
        var closed = false
        while let next = rest.first {
          rest = rest.dropFirst()
          if next == "\\", let escaped = rest.first {
            value.append(escaped)
            rest = rest.dropFirst()
          } else if next == "\"" {
            closed = true
            break
          } else {
            value.append(next)
          }
        }
        guard closed else { throw SCIMError.invalidFilter("a string is not closed") }
        tokens.append(.string(value))
        characters = rest
      } else {
        // A word: an attribute path (with any [sub-filter]), an operator or a literal.
        var word = ""
        var depth = 0
        while let next = characters.first, depth > 0 || !(next.isWhitespace || next == "(" || next == ")") {
          if next == "[" { depth += 1 }
          if next == "]" { depth -= 1 }
          word.append(next)
          characters = characters.dropFirst()
        }
        tokens.append(.word(word))
      }
    }
    return tokens
  }

  struct Parser {
    let tokens: [Token]
    let columns: Columns
    var position = 0

    mutating func next() -> Token? {
      guard position < tokens.count else { return nil }
      defer { position += 1 }
      return tokens[position]
    }

    func peekWord() -> String? {
      guard position < tokens.count, case .word(let word) = tokens[position] else { return nil }
      return word.lowercased()
    }

    mutating func orExpression() throws -> SQLQuery {
      var parts = [try andExpression()]
      while peekWord() == "or" {
        position += 1
        parts.append(try andExpression())
      }
      return parts.count == 1 ? parts[0] : "(\(SQLQuery.joined(parts, separator: " OR ")))"
    }

    mutating func andExpression() throws -> SQLQuery {
      var parts = [try factor()]
      while peekWord() == "and" {
        position += 1
        parts.append(try factor())
      }
      return parts.count == 1 ? parts[0] : "(\(SQLQuery.joined(parts, separator: " AND ")))"
    }

    mutating func factor() throws -> SQLQuery {
      if peekWord() == "not" {
        position += 1
        guard next() == .open else { throw SCIMError.invalidFilter("not must be followed by (") }
        let inner = try orExpression()
        guard next() == .close else { throw SCIMError.invalidFilter("a ( is not closed") }
        return "NOT (\(inner))"
      }
      switch next() {
      case .open:
        let inner = try orExpression()
        guard next() == .close else { throw SCIMError.invalidFilter("a ( is not closed") }
        return inner
      case .word(let path):
        guard let (column, kind) = columns[SCIMSchema.attribute(path)] else {
          throw SCIMError.invalidFilter("\(path) cannot be filtered on")
        }
        guard case .word(let op) = next() else {
          throw SCIMError.invalidFilter("an operator must follow \(path)")
        }
        let operation = op.lowercased()
        if operation == "pr" {
          switch kind {
          case .text, .exactText: return "(\(raw: column) IS NOT NULL AND \(raw: column) <> '')"
          case .member:
            return
              "EXISTS (SELECT 1 FROM people WHERE people.team = \(raw: column) AND \(ProvisioningService.listed))"
          default: return "\(raw: column) IS NOT NULL"
          }
        }
        let value: String?
        switch next() {
        case .string(let text): value = text
        case .word(let word) where word.lowercased() == "null": value = nil
        case .word(let word): value = word
        default: throw SCIMError.invalidFilter("a value must follow \(path) \(op)")
        }
        return try SCIMFilter.compare(column, kind, operation, value)
      default:
        throw SCIMError.invalidFilter("the filter is incomplete")
      }
    }
  }

  static func compare(_ column: String, _ kind: Kind, _ operation: String, _ value: String?) throws
    -> SQLQuery
  {
    guard let value else {
      switch operation {
      case "eq": return "\(raw: column) IS NULL"
      case "ne": return "\(raw: column) IS NOT NULL"
      default: throw SCIMError.invalidFilter("null can only be compared with eq or ne")
      }
    }
    let comparison: [String: String] = ["eq": "=", "ne": "<>", "gt": ">", "ge": ">=", "lt": "<", "le": "<="]
    switch kind {
    case .member:
      guard let person = Int64(value), operation == "eq" else {
        throw SCIMError.invalidFilter("members compares with eq to a user's id")
      }
      return """
        EXISTS (SELECT 1 FROM people WHERE people.id = \(person) AND people.team = \(raw: column)
          AND \(ProvisioningService.listed))
        """
    case .boolean:
      guard let flag = Bool(value.lowercased()), operation == "eq" || operation == "ne" else {
        throw SCIMError.invalidFilter("a boolean compares with eq or ne to true or false")
      }
      return "\(raw: column) \(raw: operation == "eq" ? "=" : "<>") \(flag)"
    case .number:
      guard let number = Int64(value), let symbol = comparison[operation] else {
        throw SCIMError.invalidFilter("\(value) is not a number, or \(operation) does not compare numbers")
      }
      return "\(raw: column) \(raw: symbol) \(number)"
    case .text, .exactText:
      let subject: SQLQuery = kind == .text ? "lower(\(raw: column))" : "\(raw: column)"
      let operand = kind == .text ? value.lowercased() : value
      if let symbol = comparison[operation] { return "\(subject) \(raw: symbol) \(operand)" }
      let escaped = operand.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(
        of: "%", with: "\\%"
      )
      .replacingOccurrences(of: "_", with: "\\_")
      let pattern: String
      switch operation {
      case "co": pattern = "%\(escaped)%"
      case "sw": pattern = "\(escaped)%"
      case "ew": pattern = "%\(escaped)"
      default: throw SCIMError.invalidFilter("\(operation) is not a SCIM operator")
      }
      return "\(subject) LIKE \(pattern) ESCAPE '\\'"
    }
  }
}
