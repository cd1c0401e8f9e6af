import Foundation
import HTML
import HTTP
import Trellis

/// "Everything about me": what Trellis holds about the signed-in person, to download as JSON or
/// to read and print. Each copy is written to their access history and the audit log.
enum PersonalDataPages {
  static func register(on router: Router, services: Services) {
    router.get("/me/data") { request in
      _ = try request.actor()
      return Layout.render(overview(), for: request)
    }
    router.get("/me/data/everything") { request in
      let data = try services.personalData.export(try request.actor(), via: .web)
      return Layout.render(try printable(data), for: request)
    }
    router.get("/me/data/everything.json") { request in
      let data = try services.personalData.export(try request.actor(), via: .web)
      return try Response.json(data).asDownload(named: fileName(data))
    }
  }

  static func fileName(_ data: PersonalData) -> String {
    "trellis-personal-data-\(CalendarDate(data.exportedAt)).json"
  }

  static func overview() -> Page {
    Page(title: "Everything about me") {
      Node.h1 { "Everything about me" }
      Node.p(.class("lead")) {
        "A copy of everything Trellis holds about you, as you can see it: what you wrote, what was written with you, and what is recorded about you. Another person's private notes and unshared reflections are never in it."
      }
      Node.div(.class("actions")) {
        Node.a(.class("button"), .href("/me/data/everything.json")) { "Download (JSON)" }
        Node.a(.class("button secondary"), .href("/me/data/everything")) { "Read and print" }
      }
      Node.p(.class("field-hint")) {
        Node.text("Each copy you make is written to ")
        Node.a(.href(WebPage.accessHistory.path)) { "who has seen your information" }
        Node.text(
          " and to the organization's audit log (without its content). The same copy is in the API at ")
        Node.code { "GET /api/v1/me/personal-data" }
        Node.text(".")
      }
      Node.h2 { "What it holds" }
      Node.dl(.class("facts")) {
        for part in PersonalData.parts {
          Node.dt { Node.text(part.title) }
          Node.dd { Node.text(part.about) }
        }
      }
    }
  }

  /// The same document as the download, part by part, for reading and printing.
  static func printable(_ data: PersonalData) throws -> Page {
    let document = try JSONCoding.decoder.decode(JSONValue.self, from: try JSONCoding.encoder.encode(data))
    return Page(title: "Everything about me") {
      Node.h1 { "Everything about me" }
      Node.p(.class("lead")) {
        Node.text("\(data.profile.person.displayName), as of \(Dates.dayAndTime(data.exportedAt)). ")
        Node.a(.href("/me/data/everything.json")) { "Download it as JSON" }
      }
      for part in PersonalData.parts where part.key != "exportedAt" {
        Node.section(.class("card personal-data"), .id(part.key)) {
          Node.h2 { Node.text(part.title) }
          Node.p(.class("field-hint")) { Node.text(part.about) }
          value(document[part.key] ?? .null)
        }
      }
    }
  }

  /// Any JSON value as nested lists: objects as terms and descriptions, arrays as numbered items.
  static func value(_ value: JSONValue) -> Node {
    switch value {
    case .object(let members):
      // Ids are for programs: the JSON keeps them.
      let shown = members.filter { !isEmpty($0.1) && !isIdentifier($0.0) }
      if shown.isEmpty { return Node.p(.class("empty")) { "Nothing." } }
      return Node.dl(.class("record")) {
        for (key, member) in shown {
          Node.dt { Node.text(label(key)) }
          Node.dd { Self.value(member) }
        }
      }
    case .array(let items):
      if items.isEmpty { return Node.p(.class("empty")) { "Nothing." } }
      return Node.ol(.class("records")) {
        for item in items { Node.li { Self.value(item) } }
      }
    case .bool(let flag): return Node.text(flag ? "yes" : "no")
    case .number(let number):
      return Node.text(
        number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : String(number))
    case .string(let text): return Node.span(.class("written")) { Node.text(text) }
    case .null: return Node.text("—")
    }
  }

  static func isIdentifier(_ key: String) -> Bool {
    key == "id" || key.hasSuffix("ID") || key.hasSuffix("Id")
  }

  static func isEmpty(_ value: JSONValue) -> Bool {
    switch value {
    case .null: true
    case .string(let text): text.isEmpty
    case .array(let items): items.isEmpty
    default: false
    }
  }

  /// `myPrivateNote` → "My private note".
  static func label(_ key: String) -> String {
    var words = ""
    for character in key {
      if character.isUppercase && !words.isEmpty { words.append(" ") }
      words.append(words.isEmpty ? Character(character.uppercased()) : Character(character.lowercased()))
    }
    return words
  }
}
