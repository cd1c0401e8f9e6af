import Foundation
import HTTP
import TestSupport
import Testing
import Trellis
import TrellisWeb

/// Every form a person can reach, sent with one value the server must refuse: the same page comes
/// back with what was typed and the problem beside its field, never an error page, and nothing
/// is saved.
@Suite("Every form keeps what was typed")
struct EveryFormTests {
  let server: AppServer

  init() throws {
    server = try AppServer(.sqlite)
    _ = try DemoOrganization.load(server.services)
  }

  /// One control of a form as drawn.
  struct Control {
    let kind: String  // input type, "select" or "textarea"
    let name: String
    let value: String
    let required: Bool
    let options: [String]
  }

  struct FoundForm {
    let page: String
    let action: String
    let multipart: Bool
    let controls: [Control]
  }

  /// Addresses a crawl does not follow: downloads, feeds, other people's secrets, signing out.
  static func followed(_ path: String) -> Bool {
    let skipped = ["/api", "/assets/", "/sign-out", "/links/", "/unsubscribe/", "/calendar/", "/scim/"]
    let downloads = [".csv", ".ics", ".json", ".yaml", ".md", "/export", "/download"]
    return !skipped.contains { path.hasPrefix($0) } && !downloads.contains { path.hasSuffix($0) }
  }

  /// A path with its ids folded, so each kind of page or form is tried once.
  static func pattern(_ path: String) -> String {
    let bare = path.split(separator: "?", maxSplits: 1).first.map(String.init) ?? path
    return bare.split(separator: "/", omittingEmptySubsequences: false)
      .map { $0.allSatisfy(\.isNumber) && !$0.isEmpty ? ":id" : String($0) }.joined(separator: "/")
  }

  static func unescaped(_ text: Substring) -> String {
    text.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
      .replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">")
      .replacingOccurrences(of: "&amp;", with: "&")
  }

  static func attribute(_ name: String, in tag: Substring) -> String? {
    let regex = try! Regex<(Substring, Substring)>(#"\s"# + name + #"="([^"]*)""#)
    return tag.firstMatch(of: regex).map { unescaped($0.output.1) }
  }

  static func flag(_ name: String, in tag: Substring) -> Bool {
    tag.contains(try! Regex(#"\s"# + name + #"(\s|>|=)"#))
  }

  /// The POST forms of a page, read from the HTML the server draws (quoted attributes, escaped).
  static func forms(in html: String, page: String) -> [FoundForm] {
    html.matches(of: #/<form\b[^>]*>(?s:.*?)</form>/#).compactMap { match -> FoundForm? in
      let text = match.output[...]
      guard let open = text.firstMatch(of: #/<form\b[^>]*>/#)?.output,
        attribute("method", in: open) == "post", let action = attribute("action", in: open)
      else { return nil }
      var controls: [Control] = []
      for tag in text.matches(of: #/<input\b[^>]*>/#).map(\.output) {
        guard let name = attribute("name", in: tag) else { continue }
        let kind = attribute("type", in: tag) ?? "text"
        if (kind == "checkbox" || kind == "radio") && !flag("checked", in: tag) {
          controls.append(Control(kind: kind, name: name, value: "", required: false, options: []))
          continue
        }
        controls.append(
          Control(
            kind: kind, name: name, value: attribute("value", in: tag) ?? (kind == "checkbox" ? "on" : ""),
            required: flag("required", in: tag), options: []))
      }
      for select in text.matches(of: #/<select\b[^>]*>(?s:.*?)</select>/#).map(\.output) {
        guard let open = select.firstMatch(of: #/<select\b[^>]*>/#)?.output,
          let name = attribute("name", in: open)
        else { continue }
        let options = select.matches(of: #/<option\b[^>]*>/#).map(\.output)
        let chosen = options.first { flag("selected", in: $0) } ?? options.first
        controls.append(
          Control(
            kind: "select", name: name, value: chosen.flatMap { attribute("value", in: $0) } ?? "",
            required: flag("required", in: open), options: options.compactMap { attribute("value", in: $0) }))
      }
      for area in text.matches(of: #/<textarea\b([^>]*)>((?s:.*?))</textarea>/#).map(\.output) {
        guard let name = attribute("name", in: area.0) else { continue }
        controls.append(
          Control(
            kind: "textarea", name: name, value: unescaped(area.2), required: flag("required", in: area.1),
            options: []))
      }
      return FoundForm(
        page: page, action: action, multipart: attribute("enctype", in: open) == "multipart/form-data",
        controls: controls)
    }
  }

  /// A role's cookie: a session, or for a signed-out visitor the cookie the sign-in page sets.
  func cookie(_ email: String?) throws -> String {
    guard let email else {
      let page = try server.client.get("/sign-in")
      return String(try #require(page.header("Set-Cookie")).split(separator: ";")[0])
    }
    let session = try server.services.accounts.signIn(
      email: email, password: DemoOrganization.password, address: "test")
    return "trellis_session=\(session.token)"
  }

  /// Every page one role reaches from the home page (a few of each kind, since one conversation
  /// or goal may offer forms another does not), with its forms.
  func crawl(cookie: String, start: [String]) throws -> [FoundForm] {
    var queue = start
    var visits: [String: Int] = [:]
    var seen = Set(start)
    var found: [FoundForm] = []
    while !queue.isEmpty {
      let path = queue.removeFirst()
      let response = try server.client.request("GET", path, headers: [("Cookie", cookie)])
      guard response.status == 200, response.header("Content-Type")?.hasPrefix("text/html") == true else {
        continue
      }
      let html = String(decoding: response.body, as: UTF8.self)
      found += Self.forms(in: html, page: path)
      for link in html.matches(of: #/href="(/[^"#]*)/#).map({ Self.unescaped($0.output.1) })
      where Self.followed(link) && !seen.contains(link) && visits[Self.pattern(link), default: 0] < 3 {
        seen.insert(link)
        visits[Self.pattern(link), default: 0] += 1
        queue.append(link)
      }
    }
    return found
  }

  /// The form sent back with one value that must be refused, and what was typed into the rest.
  static func refusable(_ form: FoundForm) -> (
    fields: [(String, String)], typed: [String: String], bad: String
  )? {
    let visible = form.controls.filter { $0.kind != "hidden" && $0.kind != "submit" }
    guard !visible.isEmpty else { return nil }
    var fields: [(String, String)] = []
    var typed: [String: String] = [:]
    // The value that is refused: an unknown choice, a date or number that is none, a required
    // field left empty, or a text too long for any field.
    let bad: (name: String, value: String)
    if let select = visible.first(where: { $0.kind == "select" }) {
      bad = (select.name, "not-one-of-the-choices")
    } else if let box = visible.first(where: { $0.kind == "checkbox" || $0.kind == "radio" }) {
      bad = (box.name, "not-one-of-the-choices")
    } else if let date = visible.first(where: { ["date", "time", "datetime-local"].contains($0.kind) }) {
      bad = (date.name, "not-a-date")
    } else if let number = visible.first(where: { $0.kind == "number" }) {
      bad = (number.name, "not-a-number")
    } else if let required = visible.first(where: { $0.required && $0.kind != "file" }) {
      bad = (required.name, "")
    } else if let text = visible.first(where: {
      ["text", "textarea", "email", "search", "url"].contains($0.kind)
    }) {
      bad = (text.name, String(repeating: "x", count: 120_000))
    } else {
      return nil
    }
    var marker = 0
    for control in form.controls {
      if control.name == bad.name {
        // A group of boxes sends the refused value once.
        if !fields.contains(where: { $0.0 == bad.name }) { fields.append((control.name, bad.value)) }
        continue
      }
      switch control.kind {
      case "text", "textarea", "search", "email", "url":
        marker += 1
        let value = "typed \(marker) by hand"
        typed[control.name] = value
        fields.append((control.name, value))
      case "checkbox", "radio":
        if !control.value.isEmpty { fields.append((control.name, control.value)) }
      case "file", "submit":
        continue
      default:
        fields.append((control.name, control.value))
      }
    }
    return (fields, typed, bad.name)
  }

  func send(_ form: FoundForm, _ fields: [(String, String)], cookie: String) throws -> RawResponse {
    if form.multipart {
      let boundary = "form-boundary-7d1f"
      var body = ""
      for (name, value) in fields {
        body += "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n"
      }
      body += "--\(boundary)--\r\n"
      return try server.client.request(
        "POST", form.action,
        headers: [("Content-Type", "multipart/form-data; boundary=\(boundary)"), ("Cookie", cookie)],
        body: Array(body.utf8))
    }
    let body = fields.map { URLEncoding.encode($0.0) + "=" + URLEncoding.encode($0.1) }.joined(separator: "&")
    return try server.client.request(
      "POST", form.action,
      headers: [("Content-Type", "application/x-www-form-urlencoded"), ("Cookie", cookie)],
      body: Array(body.utf8))
  }

  /// POST routes where a person types nothing (a button), or that no person posts to (SCIM, a
  /// SAML provider's response, single sign-on and its code once a provider is set up).
  static let nothingTyped: Set<String> = [
    "/admin/identity-providers/:id/remove", "/admin/outbox/:id/retry", "/admin/provisioning/:id/revoke",
    "/admin/webhooks/:id/remove", "/goal-milestones/:id/done", "/me/calendar/revoke", "/me/tokens/:id/revoke",
    "/mentorship-goals/:id/reached", "/mentorship-requests/:id/withdraw", "/people/:id/plan/archive",
    "/unsubscribe/:id", "/scim/v2/.search", "/scim/v2/Groups", "/scim/v2/Groups/.search", "/scim/v2/Users",
    "/scim/v2/Users/.search", "/sso/saml/acs", "/framework/history/:id/restore",
    "/guides/:id/versions/:id/restore",
    // Drawn only with an identity provider or a second factor on, and answered as sign-in is.
    "/sign-in/sso", "/sign-in/code", "/admin/identity-providers/:id", "/me/two-factor/remove",
  ]

  func actor(_ email: String) throws -> Actor {
    try #require(try ConversationWorkspaceTests.actor(server, email))
  }

  /// What the demo lacks for every form to be on some page: a goal template, a second factor
  /// being set up, a mentorship request waiting for its mentor, someone who left, and an
  /// invitation. Returns the mentor's email and the invitation's page.
  func prepare() throws -> (mentor: String, invitation: String) {
    let services = server.services
    let priya = try actor("priya.nair@northwind.example")
    let jordan = try actor("jordan.reyes@northwind.example")
    let ana = try actor("ana.lima@northwind.example")
    _ = try services.goals.createTemplate(
      priya, title: "Share one thing you learned", description: "", horizon: .shortTerm, objectiveID: nil)
    _ = try services.accounts.startSecondFactor(ana)
    let mentor = try #require(
      try services.mentorship.mentors(ana).items.first { $0.personID != ana.person.id })
    _ = try services.mentorship.request(ana, mentor: mentor.personID, note: "Help me grow as a speaker.")
    let leaver = try actor("ravi.iyer@northwind.example")
    var draft = PersonDraft(leaver.person)
    draft.active = false
    _ = try services.people.update(jordan, id: leaver.person.id, draft, via: .web)
    let newcomer = try services.people.create(
      jordan, PersonDraft(email: "newcomer@northwind.example", givenName: "Nia"))
    let link = try services.accounts.issueLink(jordan, personID: newcomer.id, purpose: .invitation, via: .web)
    return (
      try services.people.person(jordan, id: mentor.personID).email, "/links/\(try #require(link.shownToken))"
    )
  }

  /// How many rows each table holds, but the records of who did what (sign-ins, reads, the
  /// security log), which refused forms may add to.
  func rowCounts() throws -> [String: Int] {
    let records: Set<String> = ["sessions", "access_log", "security_events", "audit_log", "sign_in_attempts"]
    return try server.database.withConnection { connection in
      let tables = try connection.query("SELECT name FROM sqlite_master WHERE type = 'table'")
        .map { try $0.decode("name", as: String.self) }.filter { !records.contains($0) }
      return try Dictionary(
        uniqueKeysWithValues: tables.map {
          ($0, try connection.scalar("SELECT count(*) FROM \(raw: $0)", as: Int.self) ?? 0)
        })
    }
  }

  @Test func aRefusedFormComesBackAsItsPageWithWhatWasTypedAndTheProblemBesideItsField() throws {
    let (mentor, invitation) = try prepare()
    let roles: [(String?, [String])] = [
      ("ana.lima@northwind.example", ["/"]), ("daniel.kim@northwind.example", ["/"]),
      ("sofia.rossi@northwind.example", ["/"]), (mentor, ["/"]),
      ("priya.nair@northwind.example", ["/"]), ("jordan.reyes@northwind.example", ["/", "/admin"]),
      (nil, ["/sign-in", "/forgot-password", invitation]),
    ]
    // Each form is tried once per route, as the router names it.
    let routes = server.app.router.registered.filter { $0.method == "POST" }.map(\.pattern)
    func route(_ action: String) -> String {
      let parts = Self.pattern(action).split(separator: "/", omittingEmptySubsequences: false)
      return routes.first { pattern in
        let segments = pattern.split(separator: "/", omittingEmptySubsequences: false)
        return segments.count == parts.count
          && zip(segments, parts).allSatisfy { $0.hasPrefix(":") || $0 == $1 }
      }?.replacing(#/:\w+/#, with: ":id") ?? Self.pattern(action)
    }
    var tried = Set<String>()
    var failures: [String] = []
    var refused = 0
    for (email, start) in roles {
      let cookie = try cookie(email)
      for form in try crawl(cookie: cookie, start: start) where tried.insert(route(form.action)).inserted {
        guard let (fields, typed, bad) = Self.refusable(form) else { continue }
        let who = email ?? "signed out"
        let before = try rowCounts()
        let response = try send(form, fields, cookie: cookie)
        let after = try rowCounts()
        let html = String(decoding: response.body, as: UTF8.self)
        let place = "\(form.action) (on \(form.page), as \(who), \(bad) refused)"
        // The conversation page saves each of its parts on its own, as its autosave does: what
        // was refused is not saved, the notes typed beside it are.
        let parts: Set<String> =
          route(form.action) == "/conversations/:id"
          ? [
            "agenda_items", "note_revisions", "shared_notes", "private_notes", "summary_drafts",
            "reflections",
          ] : []
        let written = before.filter {
          after[$0.key] != $0.value && !parts.contains($0.key) && !$0.key.hasPrefix("search_index")
            && !$0.key.hasPrefix("search_text")
        }.keys.sorted()
        if !written.isEmpty { failures.append("\(place): wrote to \(written.joined(separator: ", "))") }
        guard response.status == 422 else {
          failures.append("\(place): answered \(response.status)")
          continue
        }
        guard !html.contains("class=\"error-page\"") else {
          failures.append("\(place): an error page instead of the form")
          continue
        }
        guard let again = Self.forms(in: html, page: form.page).first(where: { $0.action == form.action }),
          let drawn = html.firstRange(of: "action=\"\(form.action)\"")
        else {
          failures.append("\(place): the form is not on the page that came back")
          continue
        }
        // Not folded away: every <details> around the form is open.
        var folds: [Bool] = []
        for tag in html[..<drawn.lowerBound].matches(of: #/<details\b[^>]*>|</details>/#) {
          if tag.output.hasPrefix("</") {
            _ = folds.popLast()
          } else {
            folds.append(Self.flag("open", in: tag.output))
          }
        }
        if folds.contains(false) { failures.append("\(place): the form comes back folded away") }
        let rest = html[drawn.upperBound...]
        let formText = rest[..<(rest.firstRange(of: "</form>")?.lowerBound ?? rest.endIndex)]
        if !formText.contains("field-error") && !formText.contains("Please correct the following") {
          failures.append("\(place): no problem shown in the form")
        }
        for (name, value) in typed where again.controls.first(where: { $0.name == name })?.value != value {
          failures.append("\(place): \(name) lost what was typed")
        }
        refused += 1
      }
    }
    let posts = Set(
      server.app.router.registered.filter { $0.method == "POST" && !$0.pattern.hasPrefix("/api/") }.map {
        $0.pattern.replacing(#/:\w+/#, with: ":id")
      })
    #expect(posts.subtracting(tried).subtracting(Self.nothingTyped).sorted() == [], "forms no page offered")
    #expect(
      failures.isEmpty, Comment(rawValue: "\(failures.count) forms:\n" + failures.joined(separator: "\n")))
    #expect(refused > 40, "the crawl reached the forms")
  }
}

extension EveryFormTests {
  /// A goal's status and who sees it change from its card, as the API's PATCH does.
  @Test func aGoalsStatusAndWhoSeesItChangeFromItsCard() throws {
    let cookie = try cookie("ana.lima@northwind.example")
    let page = String(
      decoding: try server.client.request("GET", "/goals", headers: [("Cookie", cookie)]).body, as: UTF8.self)
    let form = try #require(
      Self.forms(in: page, page: "/goals").first { $0.action.wholeMatch(of: #/\/goals\/\d+/#) != nil })
    let goal = try #require(Int64(form.action.split(separator: "/").last ?? ""))
    var fields = form.controls.filter { $0.kind == "hidden" }.map { ($0.name, $0.value) }
    fields += [("status", "paused"), ("visibility", "private")]
    let saved = try send(form, fields, cookie: cookie)
    #expect(saved.status == 303)
    let ana = try actor("ana.lima@northwind.example")
    let changed = try #require(
      try server.services.goals.goals(ana, of: ana.person.id, via: .api).first { $0.id == goal })
    #expect(changed.status == .paused)
    #expect(changed.visibility == .private)
  }
}
