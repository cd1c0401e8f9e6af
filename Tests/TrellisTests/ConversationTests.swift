import Foundation
import SQL
import TestSupport
import Testing

@testable import Trellis

@Suite("Career conversations")
struct ConversationTests {
  /// A new hire, Zoe, reporting to Daniel: a fresh relationship with no history of its own.
  func pair(_ fixture: Fixture) throws -> (ana: Actor, daniel: Actor, relationship: Int64) {
    let (zoe, daniel, relationship) = try fixture.newHire()
    return (zoe, daniel, relationship)
  }

  func tomorrow(_ fixture: Fixture) -> ScheduleInput {
    ScheduleInput(
      date: fixture.clock.today().adding(days: 1).description, time: "10:30", timeZone: "Europe/Lisbon",
      durationMinutes: 45, location: "Room 2, or https://meet.example/abc")
  }

  @Test(arguments: TestDatabases.available)
  func rhythmFollowsTheCadence(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let service = fixture.services.conversations
    let (ana, daniel, relationship) = try pair(fixture)
    // A new hire's first conversation is due within 30 days; past that, the relationship is overdue.
    let first = try #require(try service.rhythms(ana).first { $0.relationship.id == relationship })
    #expect(first.dueOn == fixture.clock.today().adding(days: 30))
    #expect(first.status == .onTrack)
    fixture.clock.advance(by: 31 * 86_400)
    #expect(try service.rhythms(ana).first { $0.relationship.id == relationship }?.status == .overdue)
    let conversation = try service.schedule(daniel, relationship: relationship, tomorrow(fixture))
    #expect(
      try service.rhythms(daniel).first { $0.relationship.id == relationship }?.nextScheduled?.id
        == conversation.id)
    fixture.clock.advance(by: 2 * 86_400)
    _ = try service.setStatus(ana, conversation: conversation.id, to: .held)
    var rhythm = try #require(try service.rhythms(ana).first { $0.relationship.id == relationship })
    #expect(rhythm.status == .onTrack)
    #expect(rhythm.cadenceDays == 91)
    #expect(rhythm.dueOn == rhythm.lastHeldOn!.adding(days: 91))
    try service.setCadence(daniel, relationship: relationship, days: 30)
    fixture.clock.advance(by: 20 * 86_400)
    rhythm = try #require(try service.rhythms(ana).first { $0.relationship.id == relationship })
    #expect(rhythm.status == .dueSoon)
    fixture.clock.advance(by: 15 * 86_400)
    #expect(try service.rhythms(ana).first { $0.relationship.id == relationship }?.status == .overdue)
    #expect(throws: ValidationError.self) {
      try service.setCadence(daniel, relationship: relationship, days: 3)
    }
  }

  @Test(arguments: TestDatabases.available)
  func onlyParticipantsReadAndPrivateWritingStaysWithItsAuthor(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let service = fixture.services.conversations
    let (ana, daniel, relationship) = try pair(fixture)
    let conversation = try service.schedule(daniel, relationship: relationship, tomorrow(fixture))
    let prompt = try #require(
      try service.detail(ana, conversation: conversation.id, via: .web).guide.prompts.first)
    try service.saveReflection(
      ana, conversation: conversation.id, answers: [prompt: "I learned to say no."], share: false)
    try service.savePrivateNote(daniel, conversation: conversation.id, body: "Ask about the conference.")
    try service.addAgendaItem(ana, conversation: conversation.id, text: "Moving towards staff engineer")

    let danielView = try service.detail(daniel, conversation: conversation.id, via: .web)
    #expect(danielView.sharedReflections.isEmpty, "a draft reflection is its author's alone")
    #expect(danielView.myPrivateNote?.body == "Ask about the conference.")
    #expect(danielView.agenda.map(\.text) == ["Moving towards staff engineer"])
    let anaView = try service.detail(ana, conversation: conversation.id, via: .web)
    #expect(anaView.myReflection?.answers[prompt] == "I learned to say no.")
    #expect(anaView.myPrivateNote == nil, "Daniel's private note is not Ana's")

    try service.saveReflection(
      ana, conversation: conversation.id, answers: [prompt: "I learned to say no."], share: true)
    #expect(try service.detail(daniel, conversation: conversation.id, via: .web).sharedReflections.count == 1)

    for email in [
      "grace.mensah@northwind.example", "marcus.okafor@northwind.example", "priya.nair@northwind.example",
      "jordan.reyes@northwind.example",
    ] {
      let outsider = try fixture.actor(email)
      #expect(throws: AccessError.self, "\(email)") {
        try service.detail(outsider, conversation: conversation.id, via: .web)
      }
      #expect(throws: AccessError.self, "\(email)") {
        try service.addAgendaItem(outsider, conversation: conversation.id, text: "x")
      }
    }
  }

  @Test(arguments: TestDatabases.available)
  func aConversationTakesAtMostItsLimitOfAgendaAndActionItemsAndSaysSo(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let service = fixture.services.conversations
    let (ana, daniel, relationship) = try pair(fixture)
    let conversation = try service.schedule(daniel, relationship: relationship, tomorrow(fixture)).id
    let limit = ListRule.agendaItems.count.upperBound
    // Both participants add at once, more than it takes: exactly the limit is kept.
    let added = Acknowledged()
    let refused = Acknowledged()
    DispatchQueue.concurrentPerform(iterations: limit + 20) { index in
      do {
        try service.addAgendaItem(
          index.isMultiple(of: 2) ? ana : daniel, conversation: conversation, text: "Topic \(index)")
        added.record()
      } catch let error as ValidationError where error.problems.map(\.field) == ["text"] {
        refused.record()
      } catch {
        Issue.record("\(error)")
      }
    }
    #expect(added.count == limit)
    #expect(refused.count == 20)
    var agenda = try service.detail(ana, conversation: conversation, via: .web).agenda
    #expect(agenda.count == limit)
    let full = #expect(throws: ValidationError.self) {
      try service.addAgendaItem(ana, conversation: conversation, text: "One more")
    }
    #expect(full?.problems.first?.message.contains("\(limit)") == true)
    // Removing one makes room again; what is added comes back as stored.
    let mine = try #require(agenda.first { $0.authorID == ana.id })
    try service.removeAgendaItem(ana, conversation: conversation, item: mine.id)
    let item = try service.addAgendaItem(ana, conversation: conversation, text: "  One more  ")
    #expect(item.text == "One more" && item.authorID == ana.id && item.authorName == ana.person.displayName)
    agenda = try service.detail(ana, conversation: conversation, via: .web).agenda
    #expect(agenda.count == limit && agenda.last == item)

    let due = fixture.clock.today().adding(days: 14).description
    let actionLimit = ListRule.conversationActionItems.count.upperBound
    for index in 0..<actionLimit {
      _ = try service.addActionItem(
        daniel, conversation: conversation, title: "Step \(index)", ownerID: ana.id, dueOn: due)
    }
    let noRoom = #expect(throws: ValidationError.self) {
      _ = try service.addActionItem(
        daniel, conversation: conversation, title: "Step", ownerID: ana.id, dueOn: due)
    }
    #expect(noRoom?.problems.map(\.field) == ["title"])
    #expect(
      try service.detail(daniel, conversation: conversation, via: .web).actionItems.count == actionLimit)
  }

  @Test(arguments: TestDatabases.available)
  func sharedNotesKeepHistoryAndNeverOverwriteSilently(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let service = fixture.services.conversations
    let (ana, daniel, relationship) = try pair(fixture)
    let id = try service.schedule(daniel, relationship: relationship, tomorrow(fixture)).id
    #expect(
      try service.saveSharedNotes(ana, conversation: id, body: "We talked about *growth*.", baseRevision: 0)
        == 1)
    #expect(
      try service.saveSharedNotes(
        daniel, conversation: id, body: "We talked about *growth* and mentoring.", baseRevision: 1) == 2)
    let stale = #expect(throws: Conflict.self) {
      try service.saveSharedNotes(ana, conversation: id, body: "My older edit", baseRevision: 1)
    }
    #expect(stale?.message.contains("Daniel Kim") == true)
    #expect(
      try service.detail(ana, conversation: id, via: .web).sharedNotes?.body
        == "We talked about *growth* and mentoring.")
    #expect(try service.noteRevisions(ana, conversation: id).map(\.revision) == [2, 1])
  }

  @Test(arguments: TestDatabases.available)
  func actionItemsComeBackUntilDoneAndSummariesAreConfirmedByTheOtherSide(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let service = fixture.services.conversations
    let (ana, daniel, relationship) = try pair(fixture)
    let first = try service.schedule(daniel, relationship: relationship, tomorrow(fixture))
    let due = fixture.clock.today().adding(days: 10).description
    let talk = try service.addActionItem(
      daniel, conversation: first.id, title: "Book the design talk", ownerID: ana.id, dueOn: due)
    let intro = try service.addActionItem(
      ana, conversation: first.id, title: "Introduce Ana to Yusuf", ownerID: daniel.id, dueOn: due)
    #expect(throws: ValidationError.self) {
      try service.addActionItem(
        ana, conversation: first.id, title: "x",
        ownerID: try fixture.actor("grace.mensah@northwind.example").id, dueOn: due)
    }
    _ = try service.setStatus(daniel, conversation: first.id, to: .held)
    _ = try service.updateActionItem(daniel, item: intro.id, status: .done)
    try service.writeSummary(
      daniel, conversation: first.id, body: "Ana wants to grow towards staff engineer.")
    #expect(throws: Conflict.self) {
      try service.respondToSummary(daniel, conversation: first.id, confirm: true, comment: "")
    }
    try service.respondToSummary(ana, conversation: first.id, confirm: true, comment: "")
    #expect(try service.detail(daniel, conversation: first.id, via: .web).summary?.response == .confirmed)

    let second = try service.schedule(ana, relationship: relationship, tomorrow(fixture))
    let next = try service.detail(ana, conversation: second.id, via: .web)
    #expect(
      next.carriedOver.map(\.title) == ["Book the design talk"], "open items come back, done ones do not")
    #expect(try service.myActionItems(ana).map(\.id) == [talk.id])
    #expect(throws: ValidationError.self) {
      try service.updateActionItem(ana, item: talk.id, status: .dropped)
    }
    _ = try service.updateActionItem(ana, item: talk.id, status: .dropped, reason: "The talk was cancelled")
    #expect(try service.detail(ana, conversation: second.id, via: .web).carriedOver.isEmpty)
    fixture.clock.advance(by: 11 * 86_400)
    let late = try service.addActionItem(
      ana, conversation: second.id, title: "Late one", ownerID: ana.id,
      dueOn: CalendarDate(fixture.clock.now()).adding(days: -1).description)
    #expect(late.isOverdue(on: fixture.clock.today()))
  }

  @Test(arguments: TestDatabases.available)
  func aManagerChangeLocksTheFormerManagerOutUntilTheEmployeeHandsOver(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let service = fixture.services.conversations
    let (ana, daniel, relationship) = try pair(fixture)
    let past = try service.schedule(daniel, relationship: relationship, tomorrow(fixture))
    _ = try service.setStatus(daniel, conversation: past.id, to: .held)
    // Ana moves to Yusuf.
    let yusuf = try fixture.actor("yusuf.demir@northwind.example")
    var draft = PersonDraft(ana.person)
    draft.managerID = yusuf.id
    _ = try fixture.services.people.update(fixture.admin, id: ana.id, draft, via: .web)
    let ana2 = try fixture.actor("zoe.park@northwind.example")
    #expect(throws: AccessError.self) { try service.detail(daniel, conversation: past.id, via: .web) }
    #expect(throws: AccessError.self) { try service.detail(yusuf, conversation: past.id, via: .web) }
    #expect(try service.detail(ana2, conversation: past.id, via: .web).conversation.id == past.id)
    #expect(try service.rhythms(ana2).map(\.partner.id) == [yusuf.id], "a new relationship started")

    try service.handOver(ana2, conversation: past.id)
    let handed = try service.detail(yusuf, conversation: past.id, via: .web)
    #expect(!handed.canEdit, "what was handed over is read-only")
    #expect(throws: AccessError.self) { try service.addAgendaItem(yusuf, conversation: past.id, text: "x") }
    let history = try fixture.services.audit.accessHistory(ana2, of: ana2.id).items
    #expect(history.first?.viewerName == "Yusuf Demir")
    #expect(history.first?.data.hasPrefix("conversation of") == true)
    try service.revokeHandovers(ana2, from: yusuf.id)
    #expect(throws: AccessError.self) { try service.detail(yusuf, conversation: past.id, via: .web) }
  }

  @Test(arguments: TestDatabases.available)
  func searchFindsOnlyWhatTheSearcherMayRead(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let service = fixture.services.conversations
    let (ana, daniel, relationship) = try pair(fixture)
    let id = try service.schedule(daniel, relationship: relationship, tomorrow(fixture)).id
    _ = try service.saveSharedNotes(
      daniel, conversation: id, body: "We discussed the Kubernetes migration", baseRevision: 0)
    try service.savePrivateNote(daniel, conversation: id, body: "Worried about burnout risk")
    try service.savePrivateNote(ana, conversation: id, body: "Mention the café meetup")
    let prompt = try #require(try service.detail(ana, conversation: id, via: .web).guide.prompts.first)
    try service.saveReflection(
      ana, conversation: id, answers: [prompt: "Learned observability tooling"], share: false)

    #expect(try service.search(ana, "kubernetes").map(\.kind) == ["shared notes"])
    #expect(try service.search(daniel, "KUBERNETES migration").count == 1, "case-insensitive, all words")
    #expect(try service.search(daniel, "burnout").map(\.kind) == ["private note"])
    #expect(try service.search(ana, "burnout").isEmpty, "someone else's private note")
    #expect(try service.search(ana, "cafe").map(\.kind) == ["private note"], "accents do not matter")
    #expect(try service.search(daniel, "observability").isEmpty, "an unshared reflection")
    try service.saveReflection(
      ana, conversation: id, answers: [prompt: "Learned observability tooling"], share: true)
    #expect(try service.search(daniel, "observability").map(\.kind) == ["reflection"])
    let hit = try #require(try service.search(daniel, "kubernetes").first)
    #expect(hit.excerpt.contains("\u{2}Kubernetes\u{3}"))
    for email in [
      "grace.mensah@northwind.example", "priya.nair@northwind.example", "jordan.reyes@northwind.example",
    ] {
      #expect(try service.search(try fixture.actor(email), "kubernetes").isEmpty, "\(email)")
    }
    #expect(try service.search(ana, "\"quoted AND OR NEAR(").isEmpty, "query syntax is not interpreted")
    // After a manager change the former manager finds nothing more.
    var draft = PersonDraft(ana.person)
    draft.managerID = try fixture.actor("yusuf.demir@northwind.example").id
    _ = try fixture.services.people.update(fixture.admin, id: ana.id, draft, via: .web)
    #expect(try service.search(daniel, "kubernetes").isEmpty)
    #expect(try service.search(try fixture.actor("zoe.park@northwind.example"), "kubernetes").count == 1)
  }

  @Test(arguments: TestDatabases.available)
  func guidesAreVersionedSoPastConversationsKeepTheirPrompts(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let service = fixture.services.conversations
    let (ana, daniel, relationship) = try pair(fixture)
    let before = try service.schedule(daniel, relationship: relationship, tomorrow(fixture))
    let priya = try fixture.actor("priya.nair@northwind.example")
    let guide = try #require(try service.guides(priya).first { $0.isDefault })
    #expect(throws: AccessError.forbidden(.manageGuides)) {
      try service.reviseGuide(
        daniel, guide: guide.id, title: "x", purpose: "", sections: guide.version.sections)
    }
    let sections = try GuideText.parse(
      "## Growth\n- What energised you this quarter?\n\n## Support\n- What do you need from me?")
    #expect(GuideText.render(sections).contains("- What do you need from me?"))
    #expect(throws: ValidationError.self) { try GuideText.parse("a prompt without a section") }
    #expect(
      try GuideText.parse("## A\r\n- one\r\n- two") == [GuideSection(title: "A", prompts: ["one", "two"])],
      "CRLF from browsers")
    try service.reviseGuide(
      priya, guide: guide.id, title: guide.title, purpose: guide.purpose, sections: sections)
    let after = try service.schedule(daniel, relationship: relationship, tomorrow(fixture))
    // The shipped guides are at version 2: the one that names who answers each prompt.
    #expect(try service.detail(ana, conversation: before.id, via: .web).guide.number == 2)
    #expect(
      try service.detail(ana, conversation: after.id, via: .web).guide.prompts == [
        "What energised you this quarter?", "What do you need from me?",
      ])
    #expect(try service.guide(priya, id: guide.id).version.number == 3)
    // Who answers a prompt: a tag at its start, kept through text and back.
    let sided = try GuideText.parse("## Us\n- [employee] Mine\n- [manager] Yours\n- Ours")
    #expect(sided[0].audiences == [.employee, .partner, .both])
    #expect(try GuideText.parse(GuideText.render(sided)) == sided)
    #expect(throws: ValidationError.self) { try GuideText.parse("## Us\n- [boss] Who?") }
    let shipped = try service.detail(ana, conversation: before.id, via: .web).guide.sections
    #expect(shipped.last?.audiences?.allSatisfy { $0 == .partner } == true)
    #expect(shipped.first?.audiences?.allSatisfy { $0 == .employee } == true)

    let stay = try #require(try service.guides(priya).first { $0.slug == "stay-conversation" })
    try service.setGuideRetired(priya, id: stay.id, retired: true)
    #expect(try !service.guides(daniel).contains { $0.id == stay.id }, "retired guides are not offered")
    var input = tomorrow(fixture)
    input.guideID = stay.id
    #expect(throws: ValidationError.self) { try service.schedule(daniel, relationship: relationship, input) }
    #expect(throws: Conflict.self) { try service.setGuideRetired(priya, id: guide.id, retired: true) }
    try service.updateSettings(priya, ConversationSettings(defaultCadenceDays: 30, firstConversationDays: 14))
    #expect(try service.settings().defaultCadenceDays == 30)
    #expect(throws: ValidationError.self) {
      try service.updateSettings(
        priya, ConversationSettings(defaultCadenceDays: 3, firstConversationDays: 14))
    }
  }

  @Test(arguments: TestDatabases.available)
  func thePulseIsAnonymousAndOnce(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let service = fixture.services.conversations
    let (ana, daniel, relationship) = try pair(fixture)
    let id = try service.schedule(daniel, relationship: relationship, tomorrow(fixture)).id
    #expect(throws: Conflict.self) {
      try service.givePulse(ana, conversation: id, feltHeard: 5, clearNextSteps: 4)
    }
    _ = try service.setStatus(daniel, conversation: id, to: .held)
    #expect(throws: AccessError.self) {
      try service.givePulse(daniel, conversation: id, feltHeard: 5, clearNextSteps: 4)
    }
    #expect(throws: ValidationError.self) {
      try service.givePulse(ana, conversation: id, feltHeard: 9, clearNextSteps: 4)
    }
    try service.givePulse(ana, conversation: id, feltHeard: 5, clearNextSteps: 4)
    #expect(throws: Conflict.self) {
      try service.givePulse(ana, conversation: id, feltHeard: 1, clearNextSteps: 1)
    }
    try fixture.database.withConnection { connection in
      let columns = try connection.queryFirst("SELECT * FROM pulse_responses")?.columnNames ?? []
      #expect(
        !columns.contains("conversation_id") && !columns.contains("person_id"), "no link to who answered")
    }
  }

  @Test(arguments: TestDatabases.available)
  func calendarFilesParseBackWithStableUIDsFoldingAndEscaping(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let service = fixture.services.conversations
    let (ana, daniel, relationship) = try pair(fixture)
    var input = tomorrow(fixture)
    input.location =
      "Sala 3; piso 2, Lisboa — or a long video link https://meet.example/abcdefghijklmnopqrstuvwxyz0123456789"
    let conversation = try service.schedule(daniel, relationship: relationship, input)
    _ = try service.addActionItem(
      ana, conversation: conversation.id, title: "Read “Staff Engineer”, ch. 1; notes", ownerID: ana.id,
      dueOn: "2030-01-31")
    try service.savePrivateNote(ana, conversation: conversation.id, body: "SECRET-PRIVATE-TEXT")
    try service.writeSummary(ana, conversation: conversation.id, body: "SECRET-SUMMARY-TEXT")

    let ics = try service.ics(ana, conversation: conversation.id, baseURL: "https://trellis.example")
    let token = try service.regenerateCalendarFeed(ana)
    let feed = try #require(try service.calendarFeed(token: token, baseURL: "https://trellis.example"))
    for text in [ics, feed] {
      #expect(text.hasSuffix("\r\n"))
      let physical = text.components(separatedBy: "\r\n").dropLast()
      #expect(physical.allSatisfy { $0.utf8.count <= 75 }, "folded at 75 octets")
      #expect(!text.contains("SECRET"), "no note or summary text in calendars")
      let events = ICSParser.events(text)
      let event = try #require(events.first { $0["UID"] == "conversation-\(conversation.id)@trellis" })
      #expect(event["LOCATION"] == input.location, "escaping round-trips")
      #expect(event["DTSTART"] == ICalendar.utc(conversation.scheduledAt))
      #expect(event["DTSTART"]?.hasSuffix("Z") == true)
      #expect(event["SEQUENCE"] == "0")
    }
    let due = try #require(ICSParser.events(feed).first { $0["UID"]?.hasPrefix("action-item-") == true })
    #expect(due["SUMMARY"] == "Due: Read “Staff Engineer”, ch. 1; notes")
    #expect(due["DTSTART;VALUE=DATE"] == "20300131")
    // Moving it bumps SEQUENCE under the same UID; a new feed address retires the old one.
    input.time = "15:00"
    _ = try service.reschedule(daniel, conversation: conversation.id, input, reason: "clash")
    let moved = try service.ics(ana, conversation: conversation.id, baseURL: "https://trellis.example")
    #expect(ICSParser.events(moved).first?["SEQUENCE"] == "1")
    _ = try service.regenerateCalendarFeed(ana)
    #expect(try service.calendarFeed(token: token, baseURL: "x") == nil)
  }
}

/// Reads iCalendar back: unfolds lines, unescapes TEXT, one dictionary per VEVENT.
enum ICSParser {
  static func events(_ text: String) -> [[String: String]] {
    var unfolded: [String] = []
    for line in text.components(separatedBy: "\r\n") {
      if line.hasPrefix(" "), !unfolded.isEmpty {
        unfolded[unfolded.count - 1] += line.dropFirst()
      } else if !line.isEmpty {
        unfolded.append(line)
      }
    }
    var events: [[String: String]] = []
    var current: [String: String]?
    for line in unfolded {
      if line == "BEGIN:VEVENT" {
        current = [:]
        continue
      }
      if line == "END:VEVENT" {
        if let current { events.append(current) }
        current = nil
        continue
      }
      guard current != nil, let colon = line.firstIndex(of: ":") else { continue }
      let value = String(line[line.index(after: colon)...])
        .replacingOccurrences(of: "\\n", with: "\n").replacingOccurrences(of: "\\,", with: ",")
        .replacingOccurrences(of: "\\;", with: ";").replacingOccurrences(of: "\\\\", with: "\\")
      current?[String(line[..<colon])] = value
    }
    return events
  }
}

@Suite("Conversation search")
struct ConversationSearchTests {
  /// Who may read a conversation, written as SQL for searches, agrees with the policy for every
  /// conversation and a spread of people: employees, managers, a skip-level manager, someone a
  /// conversation was handed over to, the people team and an admin.
  @Test(arguments: TestDatabases.available)
  func theReadableConversationsInSQLAreThePolicys(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let services = fixture.services
    // Ana moves to Sofia's team and hands her one past conversation.
    let (ana, jordan) = (
      try fixture.actor("ana.lima@northwind.example"), try fixture.actor("jordan.reyes@northwind.example")
    )
    let sofia = try fixture.actor("sofia.rossi@northwind.example")
    var draft = PersonDraft(ana.person)
    draft.managerID = sofia.id
    _ = try services.people.update(jordan, id: ana.id, draft, via: .web)
    let past = try #require(
      try services.conversations.timeline(ana, of: ana.id).items.first { $0.status == .held })
    try services.conversations.handOver(
      try fixture.actor("ana.lima@northwind.example"), conversation: past.id)
    let readers = try [
      "ana.lima@northwind.example", "daniel.kim@northwind.example", "marcus.okafor@northwind.example",
      "sofia.rossi@northwind.example", "priya.nair@northwind.example", "jordan.reyes@northwind.example",
      "grace.mensah@northwind.example",
    ].map { try fixture.actor($0) }
    try services.database.withConnection { connection in
      let all = try ConversationStore.conversations(connection, where: "TRUE")
      for reader in readers {
        let bySQL = Set(
          try connection.query(
            """
            SELECT conversations.id FROM conversations
            JOIN relationships ON relationships.id = conversations.relationship_id
            WHERE \(ConversationStore.readable(by: reader.id))
            """
          ).map { try $0.decode("id", as: Int64.self) })
        let byPolicy = Set(
          all.filter { (try? services.conversations.authorizeRead(connection, reader, $0)) == true }.map(\.id)
        )
        #expect(bySQL == byPolicy, "\(reader.person.displayName)")
        // Kept to Ana's relationships (her history), where she herself needs no more than that.
        let ofAnaBySQL = Set(
          try connection.query(
            """
            SELECT conversations.id FROM conversations
            JOIN relationships ON relationships.id = conversations.relationship_id
            WHERE relationships.employee_id = \(ana.id)
              AND \(ConversationStore.readable(by: reader.id, amongThoseOf: ana.id))
            """
          ).map { try $0.decode("id", as: Int64.self) })
        let ofAna = Set(all.filter { $0.employeeID == ana.id }.map(\.id))
        #expect(ofAnaBySQL == byPolicy.intersection(ofAna), "\(reader.person.displayName), Ana's")
      }
      #expect(bySQLContains(connection, sofia, past.id), "the handed-over conversation")
    }
  }

  func bySQLContains(_ connection: any Connection, _ reader: Actor, _ conversation: Int64) -> Bool {
    (try? connection.scalar(
      """
      SELECT count(*) FROM conversations JOIN relationships ON relationships.id = conversations.relationship_id
      WHERE conversations.id = \(conversation) AND \(ConversationStore.readable(by: reader.id))
      """, as: Int.self)) == 1
  }

  /// A person's own note is found among 10,000 matching notes of others' conversations.
  @Test(arguments: TestDatabases.available)
  func aPersonsOwnNoteIsFoundAmongTenThousandOfOthers(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let services = fixture.services
    let ana = try fixture.actor("ana.lima@northwind.example")
    let others = try services.database.withConnection { connection in
      try connection.query(
        """
        SELECT conversations.id FROM conversations JOIN relationships ON relationships.id = conversations.relationship_id
        WHERE relationships.employee_id <> \(ana.id) AND relationships.partner_id <> \(ana.id)
        """
      ).map { try $0.decode("id", as: Int64.self) }
    }
    #expect(!others.isEmpty)
    try services.database.transaction { connection in
      for index in 0..<10_000 {
        try connection.execute(
          """
          INSERT INTO search_index (conversation_id, owner_id, source, kind, body, folded)
          VALUES (\(others[index % others.count]), NULL, \("notes-\(index)"), 'shared notes',
            'the quarterly roadmap review', 'the quarterly roadmap review')
          """)
      }
    }
    let mine = try #require(try services.conversations.timeline(ana, of: ana.id).items.last)
    try services.conversations.savePrivateNote(
      ana, conversation: mine.id, body: "My quarterly roadmap worries")
    let hits = try services.conversations.search(ana, "quarterly roadmap")
    #expect(hits.contains { $0.conversation.id == mine.id && $0.kind == "private note" })
    #expect(hits.allSatisfy { $0.conversation.employeeID == ana.id || $0.conversation.partnerID == ana.id })
    if kind == .sqlite {
      // Ana's conversations lead and each of their rows' words is found by rowid: the 10,000
      // matching rows of others' conversations are never read.
      let counted = CountedServices(fixture)
      let sent = try counted.statements { _ = try $0.conversations.search(ana, "quarterly roadmap") }
      let search =
        try #require(sent.first { $0.contains("FROM relationships") && $0.contains("search_text") })
        .components(separatedBy: " [SQL.SQLValue").first ?? ""  // its text, without the values sent
      let plan = try counted.database.withConnection { connection in
        try connection.query("EXPLAIN QUERY PLAN \(raw: search)").map {
          try $0.decode("detail", as: String.self)
        }
      }
      let byConversation = plan.firstIndex {
        $0.contains("search_index USING INDEX search_index_conversation")
      }
      let words = plan.firstIndex { $0.contains("search_text") }
      #expect(byConversation != nil && words != nil && byConversation! < words!, "\(plan)")
    }
  }
}
