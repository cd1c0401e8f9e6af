import Foundation
import SQL
import TestSupport
import Testing

@testable import Trellis

@Suite("Opportunity marketplace")
struct OpportunityTests {
  @Test(arguments: TestDatabases.available)
  func interestIsPrivateUnlessSharedAndTheOwnerSelectsAndCloses(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let opportunities = fixture.services.opportunities
    let sofia = try fixture.actor("sofia.rossi@northwind.example")
    let ana = try fixture.actor("ana.lima@northwind.example")
    let tomas = try fixture.actor("tomas.ferreira@northwind.example")
    let grace = try fixture.actor("grace.mensah@northwind.example")
    let daniel = try fixture.actor("daniel.kim@northwind.example")
    let marcus = try fixture.actor("marcus.okafor@northwind.example")
    let priya = try fixture.actor("priya.nair@northwind.example")
    let mei = try fixture.actor("mei.chen@northwind.example")

    let deadline = fixture.services.clock.today().adding(days: 14).description
    let input = OpportunityInput(
      title: "Design systems rotation", kind: .rotation,
      description: "Three months with the design systems team",
      timeCommitment: "Full time for 3 months", interestDeadline: deadline, needs: ["technical-depth"],
      develops: ["strategy", "communication"])
    #expect(throws: AccessError.forbidden(.postOpportunity)) { try opportunities.create(mei, input) }
    var bad = input
    bad.title = ""
    bad.interestDeadline = "2001-01-01"
    bad.places = 0
    bad.needs = ["juggling"]
    let refused = #expect(throws: ValidationError.self) { try opportunities.create(sofia, bad) }
    #expect(Set(refused?.problems.map(\.field) ?? []) == ["title", "interestDeadline", "places", "needs[0]"])

    try #require(try opportunities.subscribe(grace, to: [.rotation, .gig]) == [.gig, .rotation])
    let rotation = try opportunities.create(sofia, input)
    #expect(rotation.ownerName == "Sofia Rossi" && rotation.isOpen)
    let gracesFit = try #require(
      try opportunities.list(grace, kind: .rotation).items.first { $0.id == rotation.id }
    ).match
    #expect(
      try opportunities.newMatches(grace).map(\.id).contains(rotation.id) == !gracesFit.isWeak,
      "Grace follows rotations; a known weak fit is not promoted")
    #expect(try !opportunities.newMatches(mei).map(\.id).contains(rotation.id), "Mei follows only shadowing")

    // Ana rated herself as meeting technical depth and still developing strategy.
    let match = try #require(
      try opportunities.list(ana, kind: .rotation).items.first { $0.id == rotation.id }
    )
    .match
    #expect(match.reasons.contains("You meet the Technical depth it needs"))
    #expect(match.reasons.contains("It grows Strategy, where you are still developing"))
    #expect(match.score > 0 && match.score <= 100)
    #expect(match.known)
    // Zoe, new, follows rotations and nothing is known of her fit yet: it is put in front of her.
    // Ana is known to fit it only partly: it is not promoted on her home page.
    let (zoe, _, _) = try fixture.newHire()
    _ = try opportunities.subscribe(zoe, to: [.rotation])
    #expect(try opportunities.newMatches(zoe).first { $0.id == rotation.id }?.match.known == false)
    try #require(try opportunities.subscribe(ana, to: [.rotation]) == [.rotation])
    #expect(match.isWeak == !match.isStrong)
    #expect(try opportunities.newMatches(ana).map(\.id).contains(rotation.id) == match.isStrong)
    #expect(try opportunities.list(ana, competency: "quality").items.allSatisfy { $0.id != rotation.id })

    // Interest is private unless shared with the manager.
    let anas = try opportunities.expressInterest(
      ana, in: rotation.id, note: "I'd love to", shareWithManager: false)
    let tomass = try opportunities.expressInterest(tomas, in: rotation.id, note: "", shareWithManager: true)
    #expect(throws: Conflict("this is your own opportunity")) {
      try opportunities.expressInterest(sofia, in: rotation.id, note: "", shareWithManager: false)
    }
    #expect(
      try opportunities.detail(sofia, id: rotation.id, via: .web).interests.items.map(\.id).sorted() == [
        anas.id, tomass.id,
      ])
    #expect(
      try opportunities.detail(priya, id: rotation.id, via: .web).interests.items.isEmpty,
      "the people team as such sees none")
    #expect(try opportunities.detail(ana, id: rotation.id, via: .web).interests.items.isEmpty)
    #expect(try opportunities.detail(ana, id: rotation.id, via: .web).mine?.id == anas.id)
    func onRotation(_ interests: Page<Interest>) -> [Int64] {
      interests.items.filter { $0.opportunityID == rotation.id }.map(\.id)
    }
    #expect(
      try onRotation(opportunities.interests(daniel, of: ana.id, via: .web)).isEmpty, "not shared with Daniel"
    )
    #expect(try onRotation(opportunities.interests(ana, of: ana.id, via: .web)) == [anas.id])
    #expect(try onRotation(opportunities.interests(daniel, of: tomas.id, via: .web)) == [tomass.id])
    #expect(try onRotation(Page.whole(try opportunities.sharedWithMe(daniel, via: .web))) == [tomass.id])
    #expect(throws: AccessError.forbidden(.viewOpportunityInterest)) {
      try opportunities.interests(marcus, of: tomas.id, via: .web)
    }
    let history = try fixture.services.audit.accessHistory(tomas, of: tomas.id).items
    #expect(history.contains { $0.viewerName == "Daniel Kim" && $0.data == "interest in opportunities" })

    // The owner decides; places are counted; closing tells the others.
    #expect(throws: NotFound("interest")) {
      try opportunities.decide(ana, interest: anas.id, status: .selected)
    }
    #expect(try opportunities.decide(sofia, interest: anas.id, status: .shortlisted).status == .shortlisted)
    #expect(try opportunities.decide(sofia, interest: anas.id, status: .selected).status == .selected)
    #expect(throws: Conflict(field: "status", "all 1 place is taken")) {
      try opportunities.decide(sofia, interest: tomass.id, status: .selected)
    }
    #expect(throws: Conflict("you are selected: talk to the owner, Sofia Rossi")) {
      try opportunities.withdrawInterest(ana, in: rotation.id)
    }
    #expect(throws: AccessError.forbidden(.manageOpportunity)) {
      try opportunities.close(ana, id: rotation.id, outcome: .withdrawn, note: "")
    }
    let closed = try opportunities.close(
      sofia, id: rotation.id, outcome: .filledInternally, note: "Ana joins in May")
    #expect(!closed.isOpen && closed.outcome == .filledInternally)
    #expect(try opportunities.myInterests(tomas).first { $0.id == tomass.id }?.status == .notSelected)
    #expect(throws: Conflict("this opportunity no longer takes interest")) {
      try opportunities.expressInterest(grace, in: rotation.id, note: "", shareWithManager: false)
    }
    #expect(
      try !opportunities.list(grace).items.map(\.id).contains(rotation.id), "closed ones leave the list")

    // Filling needs someone selected; the people team may close someone else's.
    let gig = try opportunities.create(
      priya,
      OpportunityInput(
        title: "Write the onboarding guide", kind: .gig, description: "Two weeks, part time",
        timeCommitment: "4h a week",
        interestDeadline: deadline, ownerID: sofia.id))
    #expect(gig.ownerID == sofia.id)
    #expect(throws: ValidationError(field: "outcome", "select who fills it first")) {
      try opportunities.close(priya, id: gig.id, outcome: .filledInternally, note: "")
    }
    #expect(try opportunities.close(priya, id: gig.id, outcome: .withdrawn, note: "").outcome == .withdrawn)
  }
}
