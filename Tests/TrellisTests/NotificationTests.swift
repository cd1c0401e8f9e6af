import Foundation
import SQL
import TestSupport
import Testing

@testable import Trellis

@Suite("Notifications: the outbox")
struct NotificationTests {
  /// The outbox rows of one kind of message to one person, oldest first.
  func queued(_ fixture: Fixture, to person: Int64, kind: String) throws -> [Row] {
    try fixture.database.withConnection {
      try $0.query("SELECT * FROM outbox WHERE person_id = \(person) AND kind = \(kind) ORDER BY id")
    }
  }

  /// Daniel schedules his next conversation with Ravi, his report, for tomorrow at 23:30 UTC.
  func scheduleTomorrow(_ fixture: Fixture) throws -> (Conversation, ravi: Actor, daniel: Actor) {
    let conversations = fixture.services.conversations
    let ravi = try fixture.actor("ravi.iyer@northwind.example")
    let daniel = try fixture.actor("daniel.kim@northwind.example")
    let relationship = try #require(
      try conversations.rhythms(ravi).first { $0.partner.id == daniel.id }?.relationship.id)
    let tomorrow = CalendarDate(fixture.services.clock.now().addingTimeInterval(86_400))
    let conversation = try conversations.schedule(
      daniel, relationship: relationship,
      ScheduleInput(date: tomorrow.description, time: "23:30", timeZone: "UTC", location: "Room 2"))
    return (conversation, ravi, daniel)
  }

  @Test(arguments: TestDatabases.available)
  func changesQueueEmailsOnceWithTheirCalendarEntryAndNothingConfidential(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let conversations = fixture.services.conversations
    let notifications = fixture.services.notifications
    let jordan = try fixture.actor("jordan.reyes@northwind.example")
    let (conversation, ravi, daniel) = try scheduleTomorrow(fixture)
    let soon = CalendarDate(conversation.scheduledAt)
    try conversations.savePrivateNote(ravi, conversation: conversation.id, body: "PRIVATE-NOTE-TEXT")
    for person in [ravi.id, daniel.id] {
      let invitation = try #require(try queued(fixture, to: person, kind: "conversation invitation").first)
      let calendar: String = try invitation.decode("calendar")
      #expect(calendar.contains("METHOD:REQUEST") && calendar.contains("SEQUENCE:0"))
      #expect(calendar.contains("UID:\(ConversationService.calendarUID(conversation))"))
    }
    let moved = try conversations.reschedule(
      ravi, conversation: conversation.id,
      ScheduleInput(date: soon.description, time: "23:45", timeZone: "UTC"), reason: "Clash")
    #expect(moved.sequence == 1)
    let update = try #require(try queued(fixture, to: daniel.id, kind: "conversation updated").first)
    #expect(try update.decode("calendar", as: String.self).contains("SEQUENCE:1"))

    // Reminders fall due once; a person who turned a topic off gets none.
    _ = try notifications.setPreferences(daniel, [.conversations: false])
    try notifications.enqueueReminders()
    try notifications.enqueueReminders()
    let reminders = try queued(fixture, to: ravi.id, kind: "conversation reminder")
    #expect(reminders.count == 1)
    #expect(try reminders.first?.decode("calendar", as: String?.self)?.contains("SEQUENCE:1") == true)
    #expect(try queued(fixture, to: daniel.id, kind: "conversation reminder").isEmpty)
    _ = try conversations.setStatus(daniel, conversation: conversation.id, to: .cancelled, reason: "Ill")
    let cancelled = try #require(try queued(fixture, to: ravi.id, kind: "conversation cancelled").first)
    #expect(try cancelled.decode("calendar", as: String.self).contains("METHOD:CANCEL"))
    #expect(try queued(fixture, to: daniel.id, kind: "conversation cancelled").isEmpty)

    // Feedback asked of someone reaches them; the email is a title and a link.
    let request = try fixture.services.feedback.request(ravi, from: [daniel.id], topic: "My incident review")[
      0]
    let asked = try #require(try queued(fixture, to: daniel.id, kind: "feedback requested").first)
    #expect(try asked.decode("body", as: String.self).contains("/feedback/give?request=\(request.id)"))

    let bodies = try fixture.database.withConnection {
      try $0.query("SELECT subject, body, calendar FROM outbox")
    }
    for row in bodies {
      let text = try [row.decode("subject", as: String.self), row.decode("body", as: String.self)].joined()
      #expect(!text.contains("PRIVATE-NOTE-TEXT") && !text.contains("Ill"), "no confidential text: \(text)")
    }

    // One click unsubscribes from the email's topic; only admins see and retry the outbox.
    let token = try #require(try asked.decode("unsubscribe_token", as: String?.self))
    #expect(try notifications.unsubscribe(token: token) == .feedbackRequests)
    #expect(try notifications.preferences(daniel)[.feedbackRequests] == false)
    #expect(throws: NotFound("unsubscribe link")) { try notifications.unsubscribe(token: "nope") }
    #expect(throws: AccessError.forbidden(.manageDelivery)) { try notifications.outbox(daniel) }
    #expect(
      try notifications.outbox(jordan, status: .pending).items.contains { $0.kind == "feedback requested" })
    #expect(throws: Conflict("only a failed message is retried")) {
      try notifications.retry(jordan, message: try asked.decode("id"))
    }
  }

  @Test(arguments: TestDatabases.available)
  func webHooksAreAdminsAndHearOnlyOfTheirEvents(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let notifications = fixture.services.notifications
    let jordan = try fixture.actor("jordan.reyes@northwind.example")
    let sofia = try fixture.actor("sofia.rossi@northwind.example")
    #expect(throws: AccessError.forbidden(.manageDelivery)) {
      try notifications.addWebhook(
        sofia, WebhookInput(url: "https://hooks.example/a", events: [.celebration]))
    }
    let refused = #expect(throws: ValidationError.self) {
      try notifications.addWebhook(jordan, WebhookInput(url: "ftp://x", events: []))
    }
    #expect(Set(refused?.problems.map(\.field) ?? []) == ["url", "events"])
    let hook = try notifications.addWebhook(
      jordan, WebhookInput(url: "https://hooks.example/a", events: [.opportunityPosted]))
    #expect(!hook.secret.isEmpty && hook.webhook.events == [.opportunityPosted])

    let deadline = fixture.services.clock.today().adding(days: 7).description
    let posted = try fixture.services.opportunities.create(
      sofia,
      OpportunityInput(
        title: "Accessibility audit", kind: .project, description: "Two weeks", timeCommitment: "Half time",
        interestDeadline: deadline))
    let sent = try fixture.database.withConnection {
      try $0.query(
        "SELECT recipient, body FROM outbox WHERE channel = 'webhook' AND webhook_id = \(hook.webhook.id)")
    }
    #expect(sent.count == 1)
    #expect(try sent.first?.decode("body", as: String.self).contains("/opportunities/\(posted.id)") == true)
    try notifications.removeWebhook(jordan, id: hook.webhook.id)
    #expect(try notifications.webhooks(jordan).isEmpty)
    #expect(throws: NotFound("web hook")) { try notifications.removeWebhook(jordan, id: hook.webhook.id) }
  }

  /// The scan every 30 seconds leaves out in SQL the conversations whose due reminder is queued for
  /// both participants: run again, it gathers nothing; once a nearer reminder falls due, it
  /// gathers that one.
  @Test(arguments: TestDatabases.available)
  func theFrequentScanReadsOnlyRemindersNotYetQueued(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let notifications = fixture.services.notifications
    let (conversation, ravi, daniel) = try scheduleTomorrow(fixture)

    #expect(try notifications.enqueueReminders(daily: false) >= 2)
    #expect(try notifications.enqueueReminders(daily: false) == 0, "all queued: nothing is read again")
    #expect(try queued(fixture, to: ravi.id, kind: "conversation reminder").count == 1)

    // An hour before it, the 2-hour reminder is due: gathered once, for both.
    let ahead = conversation.scheduledAt.timeIntervalSince(fixture.services.clock.now())
    fixture.services.clock.advance(by: ahead - 3_600)
    #expect(try notifications.enqueueReminders(daily: false) >= 2)
    #expect(try notifications.enqueueReminders(daily: false) == 0)
    for person in [ravi.id, daniel.id] {
      #expect(try queued(fixture, to: person, kind: "conversation reminder").count == 2)
    }
  }

  @Test(arguments: TestDatabases.available)
  func remindersFallDueOnceAndWaitForThePersonsHours(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let notifications = fixture.services.notifications
    let today = fixture.services.clock.today()
    let mei = try fixture.actor("mei.chen@northwind.example")
    let ana = try fixture.actor("ana.lima@northwind.example")
    let daniel = try fixture.actor("daniel.kim@northwind.example")
    let item = try fixture.services.plans.addItem(
      mei, for: mei.id,
      PlanItemInput(
        skill: "Research", learningMode: .selfStudy, description: "Interview five users",
        startOn: today.description,
        targetOn: today.adding(days: 30).description))
    _ = try fixture.services.plans.addMilestone(
      mei, item: item.id, title: "Third interview", targetOn: today.adding(days: 3).description)
    let soon = try fixture.services.opportunities.create(
      daniel,
      OpportunityInput(
        title: "Incident tooling", kind: .project, description: "Two weeks", timeCommitment: "Half time",
        interestDeadline: today.adding(days: 1).description))

    try notifications.enqueueReminders()
    try notifications.enqueueReminders()
    #expect(try queued(fixture, to: mei.id, kind: "plan milestone due").count == 1)
    let deadline = try queued(fixture, to: ana.id, kind: "opportunity deadline")
    #expect(deadline.count == 1, "Ana follows projects")
    #expect(try deadline.first?.decode("body", as: String.self).contains("/opportunities/\(soon.id)") == true)
    #expect(try queued(fixture, to: daniel.id, kind: "weekly digest").count == 1)
    let due = try fixture.database.withConnection {
      try $0.scalar(
        "SELECT count(*) FROM outbox WHERE kind IN ('conversation due', 'conversation overdue')", as: Int.self
      )
    }
    #expect((due ?? 0) > 0, "the demo has relationships falling due with nothing scheduled")

    // Outside the person's hours, email waits for the next start of them.
    let now = fixture.services.clock.now()
    let hour = Calendar(identifier: .gregorian).dateComponents(in: TimeZone(identifier: "UTC")!, from: now)
      .hour!
    let closed = EmailHours(earliestHour: (hour + 2) % 24, latestHour: (hour + 2) % 24 + 1, timeZone: "UTC")
    #expect(try notifications.setHours(mei, closed) == closed)
    #expect(throws: ValidationError.self) {
      try notifications.setHours(mei, EmailHours(earliestHour: 9, latestHour: 9, timeZone: "Nowhere"))
    }
    _ = try fixture.services.feedback.request(daniel, from: [mei.id], topic: "My review")
    let waiting = try #require(try queued(fixture, to: mei.id, kind: "feedback requested").first)
    #expect(try waiting.decode("next_attempt_at", as: Date.self) > now)
  }

  /// A scan queues hundreds of emails a few statements per 200, with each rule of a single email:
  /// once per key, not to someone who turned the topic off or left, in the person's hours.
  @Test(arguments: TestDatabases.available)
  func emailsAreQueuedInBatchesWithEveryRuleOfOne(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let ravi = try fixture.actor("ravi.iyer@northwind.example")
    let daniel = try fixture.actor("daniel.kim@northwind.example")
    let mei = try fixture.actor("mei.chen@northwind.example")
    _ = try fixture.services.notifications.setPreferences(daniel, [.actionItems: false])
    _ = try fixture.services.notifications.setHours(
      mei, EmailHours(earliestHour: 3, latestHour: 4, timeZone: "Pacific/Auckland"))
    let now = fixture.services.clock.now()
    try fixture.database.withConnection { connection in
      try Outbox.email(
        connection, to: ravi.id, topic: .actionItems, kind: "test", key: "test:ravi:0", subject: "s",
        body: "b", now: now)
    }
    let emails = (0..<150).flatMap { index in
      [ravi, daniel, mei].map {
        Outbox.Email(
          personID: $0.id, topic: .actionItems, kind: "test",
          key: "test:\($0.id == ravi.id ? "ravi" : "\($0.id)"):\(index)",
          subject: "Item \(index)", body: "b")
      }
    }
    let statements = try fixture.database.transaction { connection in
      let counting = CountingConnection(connection)
      try Outbox.emails(counting, emails + emails.prefix(10), now: now)
      return counting.statements
    }
    // 460 emails: three batches of at most seven statements.
    #expect(statements <= 21, "\(statements) statements")
    #expect(try queued(fixture, to: ravi.id, kind: "test").count == 150)
    #expect(try queued(fixture, to: daniel.id, kind: "test").isEmpty)
    let waiting = try queued(fixture, to: mei.id, kind: "test")
    #expect(waiting.count == 150)
    #expect(try waiting.allSatisfy { try $0.decode("next_attempt_at", as: Date.self) > now })
    let tokens = Set(try waiting.map { try $0.decode("unsubscribe_token", as: String.self) })
    #expect(tokens.count == 1)
    #expect(try fixture.services.notifications.unsubscribe(token: tokens.first!) == .actionItems)
  }
}
