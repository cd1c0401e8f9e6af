import Foundation
import HTTP
import TestSupport
import Testing
import Trellis
import TrellisWeb

/// The conversation page without JavaScript: one form, so whatever button is pressed, everything
/// typed is saved, or comes back typed beside the problem.
@Suite("Conversation workspace: nothing typed is lost")
struct ConversationWorkspaceTests {
  let server: AppServer
  let ravi: Actor
  let daniel: Actor
  let conversation: Int64

  init() throws {
    server = try AppServer(.sqlite)
    _ = try DemoOrganization.load(server.services)
    let ravi = try #require(try Self.actor(server, "ravi.iyer@northwind.example"))
    let daniel = try #require(try Self.actor(server, "daniel.kim@northwind.example"))
    let relationship = try #require(
      try server.services.conversations.rhythms(ravi).first { $0.partner.id == daniel.id }
    ).relationship.id
    self.ravi = ravi
    self.daniel = daniel
    conversation = try server.services.conversations.schedule(
      daniel, relationship: relationship,
      ScheduleInput(
        date: server.clock.today().adding(days: 3).description, time: "10:00", timeZone: "Europe/London")
    ).id
  }

  static func actor(_ server: AppServer, _ email: String) throws -> Actor? {
    let id = try server.database.withConnection {
      try $0.scalar("SELECT id FROM people WHERE email = \(email)", as: Int64.self)
    }
    return try id.flatMap { try server.services.accounts.actor(personID: $0) }
  }

  /// A browser session: the cookie and the page's CSRF token.
  func session(_ email: String) throws -> [(String, String)] {
    let response = try server.client.request(
      "POST", "/api/v1/sessions", headers: [("Content-Type", "application/json")],
      body: Array(#"{"email":"\#(email)","password":"\#(DemoOrganization.password)"}"#.utf8))
    let cookie = try #require(response.header("Set-Cookie")).split(separator: ";")[0]
    let csrf = try #require(try response.json()["csrfToken"] as? String)
    return [("Cookie", String(cookie)), ("X-CSRF-Token", csrf)]
  }

  func submit(_ fields: [(String, String)], as session: [(String, String)]) throws -> RawResponse {
    let body = fields.map { "\($0.0)=\(URLEncoding.encode($0.1))" }.joined(separator: "&")
    return try server.client.request(
      "POST", "/conversations/\(conversation)",
      headers: session + [("Content-Type", "application/x-www-form-urlencoded")], body: Array(body.utf8))
  }

  func prompt(_ text: String) throws -> Int {
    let detail = try server.services.conversations.detail(ravi, conversation: conversation, via: .web)
    return try #require(detail.guide.prompts.firstIndex(of: text))
  }

  @Test func oneSaveKeepsEveryPartTypedAtOnce() throws {
    let employee = try session("ravi.iyer@northwind.example")
    let learned = try prompt("What did you learn since we last talked?")
    let response = try submit(
      [
        ("do", "save"), ("answer-\(learned)", "Calm incident reviews"), ("shareReflection", "yes"),
        ("agendaText", "Conference budget"), ("notes", "First line\r\nSecond line"),
        ("notesBaseRevision", "0"),
        ("privateNote", "Only mine"), ("actionTitle", "Write the guide"), ("actionOwnerID", String(ravi.id)),
        ("actionDueOn", server.clock.today().adding(days: 10).description),
      ], as: employee)
    #expect(response.status == 303)
    let detail = try server.services.conversations.detail(ravi, conversation: conversation, via: .web)
    #expect(
      detail.myReflection?.answers["What did you learn since we last talked?"] == "Calm incident reviews")
    #expect(detail.myReflection?.sharedAt != nil)
    #expect(detail.agenda.map(\.text) == ["Conference budget"])
    #expect(detail.sharedNotes?.body == "First line\nSecond line", "line breaks are stored as typed")
    #expect(detail.myPrivateNote?.body == "Only mine")
    #expect(detail.actionItems.map(\.title) == ["Write the guide"])

    // Saving again with the same text writes nothing new: no second version of the notes.
    _ = try submit(
      [("do", "save"), ("notes", "First line\r\nSecond line"), ("notesBaseRevision", "1")], as: employee)
    #expect(
      try server.services.conversations.detail(ravi, conversation: conversation, via: .web).sharedNotes?
        .revision == 1)
  }

  @Test func aRefusedPartComesBackTypedBesideItsProblemAndTheRestIsSaved() throws {
    let employee = try session("ravi.iyer@northwind.example")
    let response = try submit(
      [
        ("do", "held"), ("privateNote", "Ask about the guild"), ("summary", "We agreed on the guide"),
        ("actionTitle", "Book the room"), ("actionOwnerID", String(ravi.id)), ("actionDueOn", "next week"),
      ], as: employee)
    #expect(response.status == 422)
    let page = response.text
    #expect(page.contains("Book the room"), "the refused action item keeps its title")
    #expect(page.contains("next week"))
    #expect(page.contains(#"id="field-actionDueOn-error""#), "the problem sits beside its field")
    #expect(page.contains("Saved your private note and your summary draft."))
    let detail = try server.services.conversations.detail(ravi, conversation: conversation, via: .web)
    #expect(detail.myPrivateNote?.body == "Ask about the guild")
    #expect(detail.mySummaryDraft?.body == "We agreed on the guide")
    #expect(
      detail.conversation.status == .scheduled, "the button does nothing until everything typed is safe")
  }

  @Test func aFullAgendaRefusesOneMoreBesideItsFieldOnThePageAndInTheAPI() throws {
    let employee = try session("ravi.iyer@northwind.example")
    let json = employee + [("Content-Type", "application/json")]
    let created = try server.client.request(
      "POST", "/api/v1/conversations/\(conversation)/agenda", headers: json,
      body: Array(#"{"text":"Conference budget"}"#.utf8))
    #expect(created.status == 201)
    let item = try created.json()
    #expect(item["text"] as? String == "Conference budget")
    #expect(item["authorID"] as? Int == Int(ravi.id))
    let id = try #require(item["id"] as? Int)
    for index in 1..<ListRule.agendaItems.count.upperBound {
      try server.services.conversations.addAgendaItem(
        daniel, conversation: conversation, text: "Topic \(index)")
    }
    let full = try server.client.request(
      "POST", "/api/v1/conversations/\(conversation)/agenda", headers: json,
      body: Array(#"{"text":"One more"}"#.utf8))
    #expect(full.status == 422)
    let problem = (try full.json()["errors"] as? [[String: String]])?.first
    #expect(problem?["field"] == "text")
    #expect(problem?["message"]?.contains("the agenda is full (100 items") == true)

    #expect(
      try server.client.get("/conversations/\(conversation)", headers: employee).text.contains(
        "The agenda is full"))
    let page = try submit(
      [("do", "save"), ("agendaText", "Growth budget"), ("privateNote", "Ask about the guild")], as: employee)
    #expect(page.status == 422)
    #expect(page.text.contains("Growth budget"), "what was typed comes back")
    #expect(page.text.contains(#"id="field-agendaText-error""#))
    #expect(page.text.contains("cannot be added: the agenda is full"))
    var detail = try server.services.conversations.detail(ravi, conversation: conversation, via: .web)
    #expect(detail.myPrivateNote?.body == "Ask about the guild", "the rest is saved")
    #expect(detail.agenda.count == ListRule.agendaItems.count.upperBound)

    // Removing one's own item makes room for the next.
    let removed = try server.client.request(
      "DELETE", "/api/v1/conversations/\(conversation)/agenda/\(id)", headers: employee)
    #expect(removed.status == 204)
    #expect(try submit([("do", "save"), ("agendaText", "Growth budget")], as: employee).status == 303)
    detail = try server.services.conversations.detail(ravi, conversation: conversation, via: .web)
    #expect(detail.agenda.last?.text == "Growth budget")
  }

  @Test func notesChangedMeanwhileAreNeverOverwritten() throws {
    _ = try server.services.conversations.saveSharedNotes(
      daniel, conversation: conversation, body: "Daniel's version", baseRevision: 0)
    let response = try submit(
      [("do", "save"), ("notes", "Ravi's version"), ("notesBaseRevision", "0")],
      as: try session("ravi.iyer@northwind.example"))
    #expect(response.status == 409)
    #expect(response.text.contains("Ravi&#39;s version") || response.text.contains("Ravi's version"))
    #expect(response.text.contains("changed the shared notes"))
    #expect(
      try server.services.conversations.detail(ravi, conversation: conversation, via: .web).sharedNotes?.body
        == "Daniel's version")
  }

  @Test func schedulingAgainWarnsOfTheConversationAlreadyPlannedAndLetsItGoOn() throws {
    let session = try session("daniel.kim@northwind.example")
    let relationship = try server.services.conversations.detail(daniel, conversation: conversation, via: .web)
      .conversation.relationshipID
    let page = try server.client.get("/relationships/\(relationship)/schedule", headers: session).text
    #expect(page.contains(#"id="already-scheduled""#))
    #expect(page.contains("/conversations/\(conversation)"))
    let body = "date=\(server.clock.today().adding(days: 5))&time=09%3A00&timeZone=UTC&durationMinutes=30"
    let second = try server.client.request(
      "POST", "/relationships/\(relationship)/conversations",
      headers: session + [("Content-Type", "application/x-www-form-urlencoded")], body: Array(body.utf8))
    #expect(second.status == 303)
  }

  /// Each viewer reads times where they are, with the conversation's own time when it differs.
  @Test func timesAreShownInEachViewersTimeZone() throws {
    let manager = try session("daniel.kim@northwind.example")
    let chosen = try server.client.request(
      "PUT", "/api/v1/me/time-zone", headers: manager + [("Content-Type", "application/json")],
      body: Array(#"{"timeZone":"Asia/Tokyo"}"#.utf8))
    #expect(chosen.status == 200)
    #expect(try chosen.json()["effective"] as? String == "Asia/Tokyo")
    let refused = try server.client.request(
      "PUT", "/api/v1/me/time-zone", headers: manager + [("Content-Type", "application/json")],
      body: Array(#"{"timeZone":"Mars/Olympus"}"#.utf8))
    #expect(refused.status == 422)

    // 10:00 in London, in Tokyo for Daniel; Ravi follows the organization (UTC).
    let start = try server.services.conversations.detail(ravi, conversation: conversation, via: .web)
      .conversation.scheduledAt
    func time(in zone: String) -> String {
      let formatter = DateFormatter()
      formatter.timeZone = TimeZone(identifier: zone)
      formatter.dateFormat = "HH:mm"
      return formatter.string(from: start)
    }
    let managerPage = try server.client.get(
      "/conversations/\(conversation)", headers: try session("daniel.kim@northwind.example")
    ).text
    #expect(managerPage.contains("\(time(in: "Asia/Tokyo")) (Asia/Tokyo) · 10:00 in Europe/London"))
    // The home page's next conversation, too, is in Daniel's time zone.
    let home = try server.client.get("/", headers: try session("daniel.kim@northwind.example")).text
    #expect(home.contains("(Asia/Tokyo)"))
    let employee = try session("ravi.iyer@northwind.example")
    #expect(
      try server.client.get("/conversations/\(conversation)", headers: employee).text.contains(
        "\(time(in: "UTC")) (UTC) · 10:00 in Europe/London"))
    // The people team moves the organization to Lisbon: Ravi's times follow; Daniel keeps his own.
    let priya = try #require(try Self.actor(server, "priya.nair@northwind.example"))
    var settings = try server.services.conversations.settings()
    settings.timeZone = "America/New_York"
    try server.services.conversations.updateSettings(priya, settings)
    let later = try server.client.get(
      "/conversations/\(conversation)", headers: try session("ravi.iyer@northwind.example")
    ).text
    #expect(later.contains("\(time(in: "America/New_York")) (America/New_York) · 10:00 in Europe/London"))
  }

  @Test func eachSideAnswersItsOwnPromptsAndWeMetWaitsForTheStart() throws {
    let managerPage = try server.client.get(
      "/conversations/\(conversation)", headers: try session("daniel.kim@northwind.example")
    ).text
    let employeePage = try server.client.get(
      "/conversations/\(conversation)", headers: try session("ravi.iyer@northwind.example")
    ).text
    #expect(managerPage.contains("What I noticed about your work this quarter"))
    #expect(!managerPage.contains("What did you learn since we last talked?"))
    #expect(employeePage.contains("What did you learn since we last talked?"))
    #expect(!employeePage.contains("What I noticed about your work this quarter"))
    // Three days ahead: not yet "We met".
    #expect(!managerPage.contains(#"value="held""#))
    server.clock.advance(by: 3 * 86_400 + 12 * 3_600)
    let later = try server.client.get(
      "/conversations/\(conversation)", headers: try session("daniel.kim@northwind.example")
    ).text
    #expect(later.contains(#"value="held""#))
  }

  @Test func theSummaryIsItsAuthorsDraftUntilShared() throws {
    let manager = try session("daniel.kim@northwind.example")
    let employee = try session("ravi.iyer@northwind.example")
    func emails() throws -> Int {
      try server.database.withConnection {
        try $0.scalar("SELECT count(*) FROM outbox WHERE kind = 'summary to confirm'", as: Int.self) ?? 0
      }
    }
    // As typed (the page's autosave goes through the API): kept for Daniel alone, no one asked.
    let draft = try server.client.request(
      "PUT", "/api/v1/conversations/\(conversation)/summary-draft",
      headers: manager + [("Content-Type", "application/json")],
      body: Array(#"{"body":"Ravi leads the guild"}"#.utf8))
    #expect(draft.status == 204)
    #expect(
      try server.client.get("/conversations/\(conversation)", headers: manager).text.contains(
        "Ravi leads the guild"))
    #expect(
      !(try server.client.get("/conversations/\(conversation)", headers: employee).text.contains("Ravi leads"))
    )
    let employeeJSON = try server.client.get("/api/v1/conversations/\(conversation)", headers: employee).text
    #expect(!employeeJSON.contains("Ravi leads"))
    #expect(try emails() == 0)
    // Without a script, Save keeps the changed draft; still nothing is shared.
    #expect(
      try submit([("do", "save"), ("summary", "Ravi leads the guild from March")], as: manager).status == 303)
    #expect(
      try server.services.conversations.detail(ravi, conversation: conversation, via: .web).summary == nil)
    #expect(try emails() == 0)
    // Sharing nothing is refused beside the field, with the text kept.
    let empty = try submit([("do", "share-summary"), ("summary", "  ")], as: manager)
    #expect(empty.status == 422)
    #expect(empty.text.contains(#"id="field-summary-error""#))
    // Shared: Ravi reads it and is asked to confirm; the draft is gone.
    #expect(
      try submit([("do", "share-summary"), ("summary", "Ravi leads the guild from March.")], as: manager)
        .status
        == 303)
    let seen = try server.services.conversations.detail(ravi, conversation: conversation, via: .web)
    #expect(seen.summary?.body == "Ravi leads the guild from March.")
    #expect(try emails() == 1)
    #expect(
      try server.services.conversations.detail(daniel, conversation: conversation, via: .web).mySummaryDraft
        == nil)
  }

  @Test func theOrganizationsCadenceIsChosenLikeARelationshipsOwn() throws {
    let priya = try session("priya.nair@northwind.example")
    let page = try server.client.get("/settings/conversations", headers: priya).text
    #expect(page.contains(#"<select name="defaultCadenceDays""#))
    #expect(page.contains(#"<option value="91" selected>Quarterly</option>"#))
    // A cadence set through the API that is not among the choices stays chosen, in words.
    let set = try server.client.request(
      "PUT", "/api/v1/settings/conversations", headers: priya + [("Content-Type", "application/json")],
      body: Array(#"{"defaultCadenceDays":45,"firstConversationDays":30}"#.utf8))
    #expect(set.status < 300)
    let later = try server.client.get("/settings/conversations", headers: priya).text
    #expect(later.contains(#"<option value="45" selected>Every 45 days</option>"#))
  }

  /// The header's "Needs you" count, as a page shows it.
  static func waiting(_ page: String) -> Int? {
    guard let start = page.range(of: #"aria-label="Needs you: "#) else { return nil }
    let rest = page[start.upperBound...]
    if rest.hasPrefix("nothing") { return 0 }
    return Int(rest.prefix { $0.isNumber })
  }

  @Test func theHeaderCountFollowsThePersonsOwnChangesAtOnce() throws {
    let employee = try session("ravi.iyer@northwind.example")
    let before = try #require(Self.waiting(try server.client.get("/conversations", headers: employee).text))
    #expect(before >= 1, "the reflection for the conversation in three days waits")
    // Prepared through the autosave (the API): the very next page counts one less.
    let saved = try server.client.request(
      "PUT", "/api/v1/conversations/\(conversation)/reflection",
      headers: employee + [("Content-Type", "application/json")],
      body: Array(
        #"{"answers":{"What did you learn since we last talked?":"Calm reviews"},"share":false}"#.utf8))
    #expect(saved.status < 300)
    #expect(Self.waiting(try server.client.get("/conversations", headers: employee).text) == before - 1)
    // Someone else's change: the home page and the list read it at once, and the home's count
    // is the one the next pages show.
    let grace = try #require(try Self.actor(server, "grace.mensah@northwind.example"))
    _ = try server.services.feedback.request(grace, from: [ravi.id], topic: "The incident review")
    #expect(Self.waiting(try server.client.get("/", headers: employee).text) == before)
    #expect(Self.waiting(try server.client.get("/conversations", headers: employee).text) == before)
    _ = try server.services.feedback.request(grace, from: [ravi.id], topic: "The retrospective")
    #expect(Self.waiting(try server.client.get("/needs-you", headers: employee).text) == before + 1)
  }
}
