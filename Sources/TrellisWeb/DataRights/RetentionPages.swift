import HTML
import HTTP
import Trellis

/// How long each kind of data is kept: the people team sets it, and the page says in plain words
/// what each setting does to whom.
enum RetentionPages {
  static func register(on router: Router, services: Services) {
    router.get("/retention") { request in
      let actor = try request.actor()
      let settings = try services.retention.settings(actor)
      let values = Dictionary(
        uniqueKeysWithValues: RetainedKind.allCases.map { ($0, settings.days($0).map(String.init) ?? "") })
      let (limit, offset) = try request.paging()
      let leavers = try services.erasure.leavers(actor, limit: limit, offset: offset)
      return Layout.render(
        page(values, settings: settings, leavers: leavers, request: request), for: request)
    }
    router.post("/retention") { request in
      let actor = try request.actor()
      let form = try request.form()
      let values = Dictionary(
        uniqueKeysWithValues: RetainedKind.allCases.map { ($0, form[$0.rawValue] ?? "") })
      _ = try services.retention.update(actor, try changes(values))
      return Response.redirect(to: "/retention").withNotice("How long data is kept is saved.")
    }
  }

  /// The form's values: a number of days, or empty to keep.
  static func changes(_ values: [RetainedKind: String]) throws -> [RetainedKind: Int?] {
    var validator = Validator()
    var changes: [RetainedKind: Int?] = [:]
    for (kind, text) in values {
      let text = text.trimmingCharacters(in: .whitespaces)
      if text.isEmpty {
        changes[kind] = .some(nil)
      } else if let days = Int(text) {
        changes[kind] = days
        kind.rule.check(days, kind.rawValue, in: &validator)
      } else {
        validator.add(kind.rawValue, "must be a number of days, or empty to keep it")
      }
    }
    try validator.throwIfInvalid()
    return changes
  }

  static func page(
    _ values: [RetainedKind: String], settings: RetentionSettings, leavers: Trellis.Page<Leaver>,
    request: Request
  ) -> Page {
    Page(title: "How long data is kept") {
      Node.h1 { "How long data is kept" }
      Node.p(.class("lead")) {
        "Each night Trellis deletes what is past the time set here, and writes how much it deleted (never what) to the audit log. Leave a field empty to keep that kind of data."
      }
      Form.post("/retention", request: request) {
        for kind in RetainedKind.allCases {
          Form.field(
            "\(kind.title) (days)", name: kind.rawValue, value: values[kind] ?? "", type: "number",
            hint:
              "\(kind.explanation(days: settings.days(kind))) From \(kind.rule.range.lowerBound) to \(kind.rule.range.upperBound.grouped) days; \(kind.defaultDays.grouped) unless set.",
            extra: [
              Attribute("min", "\(kind.rule.range.lowerBound)"),
              Attribute("max", "\(kind.rule.range.upperBound)"),
            ])
        }
        Node.button(.type("submit")) { "Save" }
      }
      Node.section(.class("card"), .id("leavers"), .aria("labelledby", "leavers-heading")) {
        Node.h2(.id("leavers-heading")) { "People who left" }
        if leavers.items.isEmpty {
          Node.p(.class("empty")) { "No one who left is waiting to be erased." }
        } else {
          Node.ul(.class("people-list")) {
            for leaver in leavers.items {
              Node.li {
                Node.text("\(leaver.person.displayName) · left \(Dates.day(leaver.leftOn))")
                if let days = settings.days(.leavers) {
                  Node.text(" · erased on \(Dates.day(leaver.leftOn.adding(days: days + 1)))")
                }
                Node.text(" · ")
                Node.a(.href("/people/\(leaver.person.id)/erase")) { "Erase now…" }
              }
            }
          }
          Pager.nav(leavers) { "/retention?offset=\($0)#leavers" }
        }
      }
      Node.p {
        Node.a(.href("/data-inventory")) { "What Trellis stores, who may read it and how long it is kept" }
      }
    }
  }
}
