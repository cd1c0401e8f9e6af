import Foundation
import SQL
import TestSupport
import Testing

@testable import Trellis

/// The holes a tester found in the confidentiality promise, each closed: what a new manager,
/// an admin or a dashboard may learn, and what the person is told.
@Suite("Confidentiality: handovers, dashboards, access history, admins")
struct ConfidentialityTests {
  func schedule(_ fixture: Fixture, inDays days: Int) -> ScheduleInput {
    ScheduleInput(
      date: fixture.clock.today().adding(days: days).description, time: "10:00", timeZone: "Europe/Lisbon")
  }

  func move(_ fixture: Fixture, _ person: Actor, to manager: Int64) throws {
    var draft = PersonDraft(person.person)
    draft.managerID = manager
    _ = try fixture.services.people.update(fixture.admin, id: person.id, draft, via: .web)
  }

  @Test(arguments: TestDatabases.available)
  func aNewManagerSeesOpenItemsOnlyOfConversationsHandedOver(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let service = fixture.services.conversations
    let (zoe, daniel, relationship) = try fixture.newHire()
    var conversations: [Int64] = []
    for (day, title) in [(1, "HANDED-ITEM"), (2, "KEPT-ITEM")] {
      let id = try service.schedule(daniel, relationship: relationship, schedule(fixture, inDays: day)).id
      _ = try service.addActionItem(
        daniel, conversation: id, title: title, ownerID: zoe.id,
        dueOn: fixture.clock.today().adding(days: 40).description)
      _ = try service.setStatus(daniel, conversation: id, to: .held)
      conversations.append(id)
    }
    let sofia = try fixture.actor("sofia.rossi@northwind.example")
    try move(fixture, zoe, to: sofia.id)
    try service.handOver(zoe, conversation: conversations[0])

    let handed = try service.detail(sofia, conversation: conversations[0], via: .api)
    #expect(handed.actionItems.map(\.title) == ["HANDED-ITEM"])
    #expect(handed.carriedOver.isEmpty, "an item of a conversation not handed over stays with Zoe")
    // Zoe herself still sees everything still open.
    #expect(
      try service.detail(zoe, conversation: conversations[0], via: .web).carriedOver.map(\.title) == [
        "KEPT-ITEM"
      ])
    // Handing over the whole history shows it all.
    try service.handOver(zoe, conversation: nil)
    #expect(
      try service.detail(sofia, conversation: conversations[0], via: .web).carriedOver.map(\.title) == [
        "KEPT-ITEM"
      ])
  }

  /// The history of a relationship, actor by actor: the employee reads everything, the new manager
  /// what was handed over (and that read is recorded), the former manager and others nothing.
  @Test(arguments: TestDatabases.available)
  func aRelationshipHistoryShowsEachReaderWhatTheyMayRead(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let service = fixture.services.conversations
    let (zoe, daniel, danielRelationship) = try fixture.newHire()
    var held: [Int64] = []
    for (day, title) in [(1, "FIRST-ITEM"), (2, "SECOND-ITEM")] {
      let id = try service.schedule(daniel, relationship: danielRelationship, schedule(fixture, inDays: day))
        .id
      _ = try service.addActionItem(
        daniel, conversation: id, title: title, ownerID: zoe.id,
        dueOn: fixture.clock.today().adding(days: 40).description)
      try service.writeSummary(daniel, conversation: id, body: "Summary \(title)")
      _ = try service.setStatus(daniel, conversation: id, to: .held)
      held.append(id)
    }
    try service.respondToSummary(zoe, conversation: held[0], confirm: true, comment: "")
    let future = try service.schedule(daniel, relationship: danielRelationship, schedule(fixture, inDays: 30))
      .id
    fixture.clock.advance(by: 3 * 86_400)

    let own = try service.history(daniel, relationship: danielRelationship, via: .web)
    #expect(own.conversations.items.map(\.conversation.id) == held.reversed(), "past ones only, newest first")
    #expect(!own.conversations.items.contains { $0.conversation.id == future })
    #expect(own.conversations.items.last?.summary?.response == .confirmed)
    #expect(own.conversations.items.last?.actionItems.map(\.title) == ["FIRST-ITEM"])
    #expect(own.conversations.items.first?.guideTitle.isEmpty == false)

    let sofia = try fixture.actor("sofia.rossi@northwind.example")
    try move(fixture, zoe, to: sofia.id)
    let sofiaRelationship = try #require(
      try service.rhythms(sofia).first { $0.employee.id == zoe.id }
    ).relationship.id
    // Zoe sees her whole history from her new relationship as well as from the old one.
    let zoeHistory = try service.history(zoe, relationship: sofiaRelationship, via: .web)
    #expect(zoeHistory.conversations.items.map(\.conversation.id) == held.reversed())
    #expect(zoeHistory.conversations.items.allSatisfy { $0.partnerName == daniel.person.displayName })
    #expect(try service.history(zoe, relationship: danielRelationship, via: .web).conversations.total == 2)
    // Sofia sees nothing of the past until Zoe hands it over, then only what was handed over.
    #expect(try service.history(sofia, relationship: sofiaRelationship, via: .web).conversations.total == 0)
    try service.handOver(zoe, conversation: held[0])
    let handed = try service.history(sofia, relationship: sofiaRelationship, via: .api)
    #expect(handed.conversations.items.map(\.conversation.id) == [held[0]])
    #expect(handed.conversations.items[0].summary?.body == "Summary FIRST-ITEM")
    let reads = try fixture.services.audit.accessHistory(zoe, of: zoe.id).items
    #expect(
      reads.contains { $0.viewerID == sofia.id && $0.data.hasPrefix("conversation history handed over") })
    // The former manager and anyone else: not found.
    #expect(throws: NotFound.self) {
      try service.history(daniel, relationship: danielRelationship, via: .web)
    }
    #expect(throws: NotFound.self) { try service.history(daniel, relationship: sofiaRelationship, via: .web) }
    let ana = try fixture.actor("ana.lima@northwind.example")
    #expect(throws: NotFound.self) { try service.history(ana, relationship: sofiaRelationship, via: .web) }
    #expect(throws: NotFound.self) {
      try service.history(fixture.admin, relationship: sofiaRelationship, via: .web)
    }
  }

  @Test(arguments: TestDatabases.available)
  func theTeamDashboardDatesOnlyFeedbackItsViewerMayRead(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let (zoe, daniel, _) = try fixture.newHire()
    let ana = try fixture.actor("ana.lima@northwind.example")
    func lastFeedback() throws -> CalendarDate? {
      try #require(try fixture.services.insights.team(daniel).members.first { $0.person.id == zoe.id })
        .lastFeedbackOn
    }
    #expect(try lastFeedback() == nil)
    _ = try fixture.services.feedback.give(ana, .example(to: zoe.id, managerMaySee: false))
    #expect(try lastFeedback() == nil, "feedback kept from the manager does not show")
    fixture.clock.advance(by: 86_400)
    _ = try fixture.services.feedback.give(ana, .example(to: zoe.id, managerMaySee: true))
    #expect(try lastFeedback() == fixture.clock.today())
    // Feedback Zoe gives counts too: to her manager, who reads it as its recipient.
    fixture.clock.advance(by: 86_400)
    _ = try fixture.services.feedback.give(zoe, .example(to: daniel.id, managerMaySee: false))
    #expect(try lastFeedback() == fixture.clock.today(), "feedback given moves the date")
  }

  @Test(arguments: TestDatabases.available)
  func accessHistoryGroupsRepeatedReadsAndPagesWithoutDroppingAny(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let (zoe, daniel, _) = try fixture.newHire()
    let priya = try fixture.actor("priya.nair@northwind.example")
    _ = try fixture.services.people.employmentRecord(priya, id: zoe.id, via: .web)
    // Nine loads of the plan in one day are one line; then one a day for sixty days.
    for _ in 0..<9 { _ = try fixture.services.plans.plan(daniel, of: zoe.id, via: .web) }
    var history = try fixture.services.audit.accessHistory(zoe, of: zoe.id)
    let plan = try #require(history.items.first { $0.data == "development plan" })
    #expect(plan.count == 9 && plan.viewerName == "Daniel Kim")
    #expect(history.total == 2)
    for _ in 0..<60 {
      fixture.clock.advance(by: 86_400)
      _ = try fixture.services.plans.plan(daniel, of: zoe.id, via: .api)
    }
    history = try fixture.services.audit.accessHistory(zoe, of: zoe.id, limit: 50)
    #expect(history.total == 62 && history.items.count == 50)
    #expect(history.items.first?.via == .api && history.items.first?.count == 1)
    let last = try fixture.services.audit.accessHistory(zoe, of: zoe.id, limit: 50, offset: 50)
    #expect(last.items.count == 12)
    #expect(last.items.last?.viewerName == "Priya Nair", "the oldest read is still there, at the end")
    #expect(last.items.last?.data == "employment record")
  }

  @Test(arguments: TestDatabases.available)
  func readsOfInterestAndPlansInConversationsAreRecordedWithTheirChannel(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let (zoe, daniel, relationship) = try fixture.newHire()
    let sofia = try fixture.actor("sofia.rossi@northwind.example")
    let opportunities = fixture.services.opportunities
    let opportunity = try opportunities.create(
      sofia,
      OpportunityInput(
        title: "Data guild", kind: .project, description: "Ten weeks", timeCommitment: "A day a week",
        interestDeadline: fixture.clock.today().adding(days: 30).description))
    _ = try opportunities.expressInterest(
      zoe, in: opportunity.id, note: "PRIVATE-NOTE", shareWithManager: false)
    let shared = try opportunities.create(
      sofia,
      OpportunityInput(
        title: "Platform rotation", kind: .rotation, description: "Three months", timeCommitment: "Full time",
        interestDeadline: fixture.clock.today().adding(days: 30).description))
    _ = try opportunities.expressInterest(zoe, in: shared.id, note: "", shareWithManager: true)

    #expect(
      try opportunities.detail(sofia, id: opportunity.id, via: .api).interests.items.map(\.note) == [
        "PRIVATE-NOTE"
      ]
    )
    #expect(
      try fixture.services.insights.home(daniel, via: .web).sharedInterest.map(\.personID).contains(zoe.id))
    let conversation = try fixture.services.conversations.schedule(
      daniel, relationship: relationship, schedule(fixture, inDays: 1))
    _ = try fixture.services.plans.addItem(
      zoe, for: zoe.id,
      PlanItemInput(
        skill: "SQL", learningMode: .selfStudy, description: "A course",
        startOn: fixture.clock.today().description,
        targetOn: fixture.clock.today().adding(days: 60).description))
    _ = try fixture.services.conversations.detail(daniel, conversation: conversation.id, via: .api)

    let history = try fixture.services.audit.accessHistory(zoe, of: zoe.id).items
    #expect(
      history.contains { $0.viewerName == "Sofia Rossi" && $0.data.contains("Data guild") && $0.via == .api })
    #expect(
      history.contains { $0.viewerName == "Daniel Kim" && $0.data.contains("interest") && $0.via == .web },
      "the manager's home showed interest Zoe shared")
    #expect(
      history.contains { $0.data == "development plan (in a conversation)" && $0.via == .api },
      "a plan read through the API is an API read")
  }

  @Test(arguments: TestDatabases.available)
  func anAdminCannotMoveTheirOwnReportingLineAndEveryManagerChangeIsTold(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let (zoe, _, _) = try fixture.newHire()
    let people = fixture.services.people
    var mine = PersonDraft(zoe.person)
    mine.managerID = fixture.admin.id
    #expect(throws: PeopleService.notOwnReports) {
      try people.update(fixture.admin, id: zoe.id, mine, via: .web)
    }
    #expect(throws: PeopleService.notOwnReports) {
      try people.create(
        fixture.admin,
        PersonDraft(email: "new.report@northwind.example", givenName: "New", managerID: fixture.admin.id))
    }
    var own = PersonDraft(fixture.admin.person)
    own.managerID = zoe.id
    #expect(throws: ValidationError.self) {
      try people.update(fixture.admin, id: fixture.admin.id, own, via: .web)
    }

    let sofia = try fixture.actor("sofia.rossi@northwind.example")
    try move(fixture, zoe, to: sofia.id)
    let notices = try fixture.services.insights.home(zoe, via: .web).accountNotices
    #expect(notices.map(\.notice) == [.managerChanged] && notices.first?.byName == "Jordan Reyes")
    let history = try fixture.services.audit.accessHistory(zoe, of: zoe.id).items
    #expect(history.contains { $0.viewerName == "Jordan Reyes" && $0.data.contains("changed your manager") })
    let email = try fixture.database.withConnection {
      try $0.queryFirst(
        "SELECT subject, body, unsubscribe_token FROM outbox WHERE person_id = \(zoe.id) AND kind = 'account notice'"
      )
    }
    let row = try #require(email)
    #expect(try row.decode("body", as: String.self).contains("Sofia Rossi"))
    #expect(
      try row.decode("unsubscribe_token", as: String?.self) == nil,
      "a notice about one's account cannot be turned off")
    let log = try fixture.services.audit.securityLog(fixture.admin).items
    #expect(log.contains { $0.action == "changed manager" && $0.subjectID == zoe.id })
  }

  @Test(arguments: TestDatabases.available)
  func powerfulRolesAndResetLinksAreToldToThePersonAndTheOtherAdmins(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let ana = try fixture.actor("ana.lima@northwind.example")
    let grace = try fixture.actor("grace.mensah@northwind.example")
    #expect(throws: AccessError.forbidden(.manageRoles)) {
      try fixture.services.roles.grant(fixture.admin, role: .peopleTeam, to: fixture.admin.id, via: .api)
    }
    try fixture.services.roles.grant(fixture.admin, role: .admin, to: ana.id, via: .web)
    try fixture.services.roles.grant(fixture.admin, role: .peopleTeam, to: grace.id, via: .api)
    func emails(_ person: Int64) throws -> [String] {
      try fixture.database.withConnection {
        try $0.query("SELECT kind FROM outbox WHERE person_id = \(person) ORDER BY id").map {
          try $0.decode("kind")
        }
      }
    }
    #expect(try emails(ana.id).filter { $0 == "account notice" }.count == 1)
    #expect(try emails(ana.id).contains("role granted"), "the other admin hears of Grace's new role")
    #expect(try emails(grace.id).contains("account notice"))
    #expect(
      try fixture.services.insights.home(grace, via: .web).accountNotices.map(\.notice) == [
        .peopleTeamGranted
      ])

    // A reset link for an account in use goes to its owner alone; using it ends their sessions.
    let session = try fixture.services.accounts.signIn(
      email: "grace.mensah@northwind.example", password: DemoOrganization.password, address: "a")
    let sent = try fixture.services.accounts.issueLink(
      fixture.admin, personID: grace.id, purpose: .passwordReset, via: .web)
    #expect(sent.shownToken == nil && sent.emailedTo == "grace.mensah@northwind.example")
    let token = try fixture.emailedLinkToken(to: grace.id)
    fixture.clock.advance(by: 60)
    _ = try fixture.services.accounts.redeemLink(token: token, password: "a brand new password", address: "b")
    #expect(try fixture.services.accounts.authenticate(sessionToken: session.token) == nil)
    let notices = try fixture.services.insights.home(grace, via: .web).accountNotices.map(\.notice)
    #expect(notices.starts(with: [.linkUsed, .resetLinkIssued]))
    let history = try fixture.services.audit.accessHistory(grace, of: grace.id).items
    #expect(history.filter { $0.viewerName == "Jordan Reyes" && $0.data.hasPrefix("account:") }.count == 3)
  }
}
