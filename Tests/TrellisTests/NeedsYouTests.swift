import Foundation
import SQL
import TestSupport
import Testing

@testable import Trellis

/// "Needs you": each kind of item appears for the person it waits for (and no one else), names
/// who it is about, leaves when it is done, and the important ones are emailed.
@Suite("Needs you")
struct NeedsYouTests {
  func kinds(_ fixture: Fixture, _ actor: Actor) throws -> [NeedsYouItem.Kind] {
    try fixture.services.needsYou.items(actor).map(\.kind)
  }

  /// Who the actor's first item of `kind` is about.
  func person(_ fixture: Fixture, _ actor: Actor, _ kind: NeedsYouItem.Kind) throws -> String? {
    try fixture.services.needsYou.items(actor).first { $0.kind == kind }?.personName
  }

  func emails(_ fixture: Fixture, to person: Int64, kind: String) throws -> [String] {
    try fixture.database.withConnection {
      try $0.query("SELECT subject FROM outbox WHERE person_id = \(person) AND kind = \(kind)").map {
        try $0.decode("subject", as: String.self)
      }
    }
  }

  @Test(arguments: TestDatabases.available)
  func conversationItemsComeAndGoWithWhatIsDone(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let service = fixture.services.conversations
    let (zoe, daniel, relationship) = try fixture.newHire()
    let ana = try fixture.actor("ana.lima@northwind.example")
    let input = ScheduleInput(
      date: fixture.clock.today().adding(days: 2).description, time: "10:00", timeZone: "UTC")
    let id = try service.schedule(daniel, relationship: relationship, input).id

    #expect(try kinds(fixture, zoe) == [.prepareReflection])
    #expect(try person(fixture, zoe, .prepareReflection) == daniel.person.displayName)
    #expect(try kinds(fixture, daniel).contains(.prepareReflection))
    try service.saveReflection(zoe, conversation: id, answers: [:], share: false)
    #expect(try kinds(fixture, zoe).isEmpty, "a reflection saved, even empty, is prepared")

    let item = try service.addActionItem(
      daniel, conversation: id, title: "Read the handbook", ownerID: zoe.id,
      dueOn: fixture.clock.today().adding(days: 3).description)
    #expect(try fixture.services.needsYou.items(zoe).map(\.title) == ["Read the handbook"])
    fixture.clock.advance(by: 3 * 86_400)
    _ = try service.setStatus(daniel, conversation: id, to: .held)
    func danielsFor(_ id: Int64) throws -> [NeedsYouItem.Kind] {
      try fixture.services.needsYou.items(daniel).filter { $0.conversationID == id }.map(\.kind)
    }
    #expect(try danielsFor(id) == [.writeSummary])
    #expect(try person(fixture, daniel, .writeSummary) == zoe.person.displayName)
    fixture.clock.advance(by: 2 * 86_400)
    let overdue = try #require(try fixture.services.needsYou.items(zoe).first { $0.kind == .actionItem })
    #expect(overdue.overdue && overdue.personName == daniel.person.displayName)
    #expect(Set(try kinds(fixture, zoe)) == [.answerPulse, .actionItem])
    #expect(try person(fixture, zoe, .answerPulse) == daniel.person.displayName)

    try service.writeSummary(daniel, conversation: id, body: "We agreed on the handbook")
    #expect(try danielsFor(id).isEmpty)
    #expect(try kinds(fixture, zoe).contains(.confirmSummary))
    #expect(try person(fixture, zoe, .confirmSummary) == daniel.person.displayName)
    let subjects = try emails(fixture, to: zoe.id, kind: "summary to confirm")
    #expect(subjects == ["Daniel Kim asks you to confirm a conversation summary"])
    try service.respondToSummary(zoe, conversation: id, confirm: true, comment: "")
    try service.givePulse(zoe, conversation: id, feltHeard: 5, clearNextSteps: 4)
    _ = try service.updateActionItem(zoe, item: item.id, status: .done)
    #expect(try kinds(fixture, zoe).isEmpty)
    #expect(
      try fixture.services.needsYou.items(ana).allSatisfy {
        $0.conversationID != id && $0.personName != "Zoe Park"
      },
      "nothing of theirs reaches others")

    // A new manager: Zoe decides what Sofia may read; keeping it to herself is a decision too.
    let sofia = try fixture.actor("sofia.rossi@northwind.example")
    var draft = PersonDraft(zoe.person)
    draft.managerID = sofia.id
    _ = try fixture.services.people.update(fixture.admin, id: zoe.id, draft, via: .web)
    let zoeNow = try fixture.actor("zoe.park@northwind.example")
    #expect(try kinds(fixture, zoeNow) == [.decideHandover])
    #expect(try person(fixture, zoeNow, .decideHandover) == sofia.person.displayName)
    try service.revokeHandovers(zoeNow, from: sofia.id)
    #expect(try kinds(fixture, zoeNow).isEmpty)
    #expect(throws: AccessError.self) { try service.detail(sofia, conversation: id, via: .web) }
  }

  @Test(arguments: TestDatabases.available)
  func requestsWaitForTheAskedAndTheirAnswersAreEmailed(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let (zoe, daniel, _) = try fixture.newHire()
    let sofia = try fixture.actor("sofia.rossi@northwind.example")
    #expect(daniel.hasReports && !zoe.hasReports, "who leads a team is known with the actor")

    // Asked at 23:30 UTC: already the next day for Sofia if she works from Auckland.
    fixture.clock.advance(by: 9 * 3_600 + 16 * 60 + 40)
    let asked = try fixture.services.feedback.request(zoe, from: [sofia.id], topic: "My first demo")
    let today = fixture.clock.today()
    let inAuckland = Actor(person: sofia.person, roles: sofia.roles, timeZone: "Pacific/Auckland")
    #expect(try fixture.services.needsYou.items(sofia).first { $0.kind == .giveFeedback }?.date == today)
    #expect(
      try fixture.services.needsYou.items(inAuckland).first { $0.kind == .giveFeedback }?.date
        == today.adding(days: 1))
    #expect(try person(fixture, sofia, .giveFeedback) == zoe.person.displayName)
    #expect(
      try fixture.services.needsYou.items(sofia).contains {
        $0.kind == .giveFeedback && $0.title == "My first demo"
      })
    _ = try fixture.services.feedback.decline(sofia, request: asked[0].id, note: "")
    #expect(try !kinds(fixture, sofia).contains(.giveFeedback))

    _ = try fixture.services.mentorship.offer(
      daniel, MentorOfferInput(topics: "Getting started", capacity: 2, cadenceDays: 30))
    let request = try fixture.services.mentorship.request(zoe, mentor: daniel.id, note: "Would you?")
    #expect(try kinds(fixture, daniel).contains(.answerMentorshipRequest))
    #expect(try person(fixture, daniel, .answerMentorshipRequest) == zoe.person.displayName)
    #expect(
      try emails(fixture, to: daniel.id, kind: "mentorship request") == [
        "Zoe Park asks you to be their mentor"
      ])
    _ = try fixture.services.mentorship.answer(daniel, request: request.id, accept: true, note: "")
    #expect(try !kinds(fixture, daniel).contains(.answerMentorshipRequest))
    #expect(try emails(fixture, to: zoe.id, kind: "mentorship answer") == ["Daniel Kim will mentor you"])

    let opportunity = try fixture.services.opportunities.create(
      sofia,
      OpportunityInput(
        title: "Shadow the on-call lead", kind: .gig, description: "A week of shadowing",
        timeCommitment: "One week", interestDeadline: fixture.clock.today().adding(days: 10).description))
    let interest = try fixture.services.opportunities.expressInterest(
      zoe, in: opportunity.id, note: "", shareWithManager: false)
    func waiting() throws -> [NeedsYouItem] {
      try fixture.services.needsYou.items(sofia).filter {
        $0.kind == .reviewInterest && $0.subjectID == opportunity.id
      }
    }
    #expect(try waiting().map(\.personName) == ["Zoe Park"])
    #expect(try emails(fixture, to: sofia.id, kind: "interest shown").count == 1)
    _ = try fixture.services.opportunities.decide(sofia, interest: interest.id, status: .shortlisted)
    #expect(try waiting().isEmpty)
    #expect(
      try emails(fixture, to: zoe.id, kind: "interest answered") == [
        "Your interest in “Shadow the on-call lead”: shortlisted"
      ])
  }
}
