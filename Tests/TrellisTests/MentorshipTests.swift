import Foundation
import SQL
import TestSupport
import Testing

@testable import Trellis

@Suite("Mentorship")
struct MentorshipTests {
  @Test(arguments: TestDatabases.available)
  func aMentorIsSuggestedAskedAcceptedMetWithAndTheMentorshipEnds(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let mentoring = fixture.services.mentorship
    let conversations = fixture.services.conversations
    let ana = try fixture.actor("ana.lima@northwind.example")
    let grace = try fixture.actor("grace.mensah@northwind.example")
    let elif = try fixture.actor("elif.yilmaz@northwind.example")
    let daniel = try fixture.actor("daniel.kim@northwind.example")
    let priya = try fixture.actor("priya.nair@northwind.example")
    let marcus = try fixture.actor("marcus.okafor@northwind.example")

    let refused = #expect(throws: ValidationError.self) {
      try mentoring.offer(
        elif, MentorOfferInput(topics: "", competencySlugs: ["juggling"], capacity: 0, cadenceDays: 3))
    }
    #expect(
      Set(refused?.problems.map(\.field) ?? []) == [
        "topics", "capacity", "cadenceDays", "competencySlugs[0]",
      ])
    let offer = try mentoring.offer(
      elif,
      MentorOfferInput(
        topics: "Research with users, presenting findings", competencySlugs: ["communication"], capacity: 1,
        cadenceDays: 30))
    #expect(offer.hasRoom && offer.competencies.map(\.slug) == ["communication"])

    // Ana's plan grows communication: Elif is suggested, with the reason.
    let suggested = try #require(try mentoring.suggestions(ana).first { $0.personID == elif.id })
    #expect(suggested.reasons.contains("Mentors Communication, which is in your plan"))
    #expect(try mentoring.mentors(ana, competency: "strategy").items.allSatisfy { $0.personID != elif.id })
    #expect(try mentoring.mentors(elif).items.allSatisfy { $0.personID != elif.id }, "not one's own offer")

    #expect(throws: ValidationError(field: "mentorID", "choose someone else")) {
      try mentoring.request(elif, mentor: elif.id, note: "Me")
    }
    #expect(throws: ValidationError(field: "mentorID", "this person does not offer to mentor at the moment"))
    {
      try mentoring.request(ana, mentor: daniel.id, note: "Please")
    }
    let asked = try mentoring.request(ana, mentor: elif.id, note: "Presenting to leadership")
    #expect(throws: Conflict("you already asked Elif Yılmaz, or they mentor you")) {
      try mentoring.request(ana, mentor: elif.id, note: "Again")
    }
    let graceAsked = try mentoring.request(grace, mentor: elif.id, note: "Research basics")
    let changedMind = try mentoring.request(daniel, mentor: elif.id, note: "Maybe")
    #expect(throws: NotFound("mentorship request")) { try mentoring.withdraw(ana, request: changedMind.id) }
    #expect(try mentoring.withdraw(daniel, request: changedMind.id).id == changedMind.id)
    #expect(try mentoring.overview(daniel).requested.items.allSatisfy { $0.id != changedMind.id })
    #expect(
      try mentoring.overview(elif).asked.items.map(\.id).sorted() == [asked.id, graceAsked.id].sorted())

    // Only the mentor answers; accepting starts a mentor relationship; capacity is kept.
    #expect(throws: NotFound("mentorship request")) {
      try mentoring.answer(grace, request: asked.id, accept: true, note: "")
    }
    #expect(try mentoring.answer(elif, request: asked.id, accept: true, note: "Gladly").status == .accepted)
    #expect(throws: Conflict("you have no room for another mentee: raise your capacity first")) {
      try mentoring.answer(elif, request: graceAsked.id, accept: true, note: "")
    }
    #expect(
      try mentoring.answer(elif, request: graceAsked.id, accept: false, note: "Full").status == .declined)
    #expect(throws: Conflict("Elif Yılmaz has no room for another mentee just now")) {
      try mentoring.request(grace, mentor: elif.id, note: "Later?")
    }
    let mentorship = try #require(
      try mentoring.overview(ana).mentorships.items.first { $0.mentorID == elif.id })
    #expect(mentorship.cadenceDays == 30 && mentorship.endedOn == nil)

    // It uses career conversations, with the mentoring guide by default; outsiders see nothing.
    let rhythm = try #require(try conversations.rhythms(elif).first { $0.relationship.id == mentorship.id })
    #expect(rhythm.relationship.kind == .mentor)
    let first = try conversations.schedule(
      ana, relationship: mentorship.id,
      ScheduleInput(date: "2031-02-03", time: "10:00", timeZone: "Europe/Lisbon"))
    let mentoringGuide = try #require(
      try conversations.guides(ana).first { $0.slug == GuidesSchema.mentoringGuide })
    #expect(first.guideVersionID == mentoringGuide.version.id)
    #expect(try conversations.detail(elif, conversation: first.id, via: .web).canEdit)
    #expect(throws: AccessError.forbidden(.viewConversation)) {
      try conversations.detail(daniel, conversation: first.id, via: .web)
    }
    #expect(try mentoring.detail(elif, id: mentorship.id).conversations.map(\.id) == [first.id])
    #expect(throws: NotFound("mentorship")) { try mentoring.detail(daniel, id: mentorship.id) }
    #expect(throws: NotFound("mentorship")) {
      try mentoring.addGoal(priya, mentorship: mentorship.id, title: "x")
    }

    let withGoal = try mentoring.addGoal(ana, mentorship: mentorship.id, title: "Present the Q3 research")
    let goal = try #require(withGoal.goals.first)
    #expect(try mentoring.reachGoal(elif, goal: goal.id).goals.first?.reachedOn != nil)

    // The people team sees figures only; the demo has enough people for them.
    #expect(throws: AccessError.forbidden(.viewOrganizationMetrics)) { try mentoring.metrics(marcus) }
    let metrics = try mentoring.metrics(priya)
    #expect(!metrics.suppressed && metrics.activePairs == 4 && metrics.peopleInvolved == 8)
    #expect((metrics.goalsReached ?? 0) >= 3)

    // Either side ends it with a reflection; the other may add theirs.
    #expect(throws: ValidationError.self) {
      try mentoring.end(ana, mentorship: mentorship.id, reflection: " ")
    }
    let ended = try mentoring.end(ana, mentorship: mentorship.id, reflection: "I present with more calm now.")
    #expect(ended.endedOn != nil && ended.menteeReflection == "I present with more calm now.")
    #expect(throws: Conflict("this mentorship has ended")) {
      try mentoring.addGoal(elif, mentorship: mentorship.id, title: "More")
    }
    #expect(
      try mentoring.end(elif, mentorship: mentorship.id, reflection: "A joy.").mentorReflection == "A joy.")
    #expect(try conversations.rhythms(elif).allSatisfy { $0.relationship.id != mentorship.id })

    // Fewer than five people in mentorships: no figures at all.
    for active in try fixture.database.withConnection({
      try $0.query(
        "SELECT relationship_id FROM mentorships JOIN relationships ON relationships.id = relationship_id WHERE ended_on IS NULL"
      )
    }).map({ try $0.decode("relationship_id", as: Int64.self) }).prefix(2) {
      try fixture.database.withConnection {
        _ = try $0.execute("UPDATE relationships SET ended_on = '2026-01-01' WHERE id = \(active)")
      }
    }
    let small = try mentoring.metrics(priya)
    #expect(small.suppressed && small.activePairs == nil && small.goalsReached == nil)
  }
}
