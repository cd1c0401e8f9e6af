import Foundation
import SQL
import TestSupport
import Testing

@testable import Trellis

@Suite("Development plans")
struct PlanTests {
  @Test(arguments: TestDatabases.available)
  func plansHoldMeasurableItemsAndArchive(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let plans = fixture.services.plans
    let ana = try fixture.actor("ana.lima@northwind.example")
    let daniel = try fixture.actor("daniel.kim@northwind.example")
    let demo = try plans.plan(ana, of: ana.id, via: .web)
    #expect(demo.items.map(\.skill) == ["Mentoring", "Communicating direction across teams"])

    let item = try plans.addItem(
      daniel, for: ana.id,
      PlanItemInput(
        competencySlug: "strategy", skill: "Strategy", learningMode: .rotation,
        description: "Two weeks with product",
        startOn: "2026-12-01", targetOn: "2027-02-01", successCriteria: "A roadmap proposal"))
    #expect(item.status == .planned)
    #expect(throws: ValidationError.self) {
      try plans.addItem(
        ana, for: ana.id,
        PlanItemInput(
          skill: "", learningMode: .selfStudy, description: "", startOn: "2027-01-01", targetOn: "2026-01-01")
      )
    }
    #expect(throws: ValidationError.self) { try plans.setStatus(ana, item: item.id, to: .paused, reason: "") }
    _ = try plans.setStatus(ana, item: item.id, to: .paused, reason: "Product team reorganising")
    let withMilestone = try plans.addMilestone(
      ana, item: item.id, title: "Shadow the PM", targetOn: "2027-01-10")
    let done = try plans.completeMilestone(
      daniel, milestone: withMilestone.milestones[0].id, evidence: "Notes shared")
    #expect(done.milestones[0].doneOn == fixture.clock.today())
    #expect(done.milestones[0].evidence == "Notes shared")

    try plans.archive(ana, of: ana.id)
    #expect(try plans.plan(ana, of: ana.id, via: .web).items.isEmpty, "a new plan starts")
    #expect(try plans.archived(ana, of: ana.id).first?.items.count == 3, "the old one stays readable")
  }

  @Test(arguments: TestDatabases.available)
  func theConversationShowsThePlanToThoseWhoMayReadIt(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let ana = try fixture.actor("ana.lima@northwind.example")
    let daniel = try fixture.actor("daniel.kim@northwind.example")
    let conversation = try #require(
      try fixture.services.conversations.timeline(ana, of: ana.id).items.first { $0.partnerID == daniel.id })
    let managerView = try fixture.services.conversations.detail(
      daniel, conversation: conversation.id, via: .web)
    #expect(managerView.plan?.map(\.skill) == ["Mentoring", "Communicating direction across teams"])
    #expect(
      try fixture.services.audit.accessHistory(ana, of: ana.id).items.first?.data
        == "development plan (in a conversation)")
    let ownView = try fixture.services.conversations.detail(ana, conversation: conversation.id, via: .web)
    #expect(ownView.plan?.count == 2)
    // Daniel's own conversation with his manager shows Daniel's plan (none), not Ana's.
    let danielsOwn = try #require(
      try fixture.services.conversations.timeline(daniel, of: daniel.id).items.first {
        $0.employeeID == daniel.id
      })
    #expect(
      try fixture.services.conversations.detail(daniel, conversation: danielsOwn.id, via: .web).plan == nil)
  }

  @Test(arguments: TestDatabases.available)
  func supportersSeeTheirItemsOthersNothing(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let plans = fixture.services.plans
    let ana = try fixture.actor("ana.lima@northwind.example")
    let yusuf = try fixture.actor("yusuf.demir@northwind.example")
    let supported = try plans.plan(yusuf, of: ana.id, via: .web)
    #expect(supported.items.map(\.skill) == ["Communicating direction across teams"])
    let item = supported.items[0].id
    _ = try plans.addUpdate(yusuf, item: item, body: "Second review done")
    #expect(throws: AccessError.self) { try plans.setStatus(yusuf, item: item, to: .done, reason: "") }
    #expect(throws: AccessError.self) {
      try plans.addItem(
        yusuf, for: ana.id,
        PlanItemInput(
          skill: "x", learningMode: .selfStudy, description: "x", startOn: "2027-01-01",
          targetOn: "2027-02-01"))
    }
    for email in [
      "grace.mensah@northwind.example", "marcus.okafor@northwind.example", "priya.nair@northwind.example",
      "jordan.reyes@northwind.example",
    ] {
      #expect(throws: AccessError.self, "\(email)") {
        try plans.plan(try fixture.actor(email), of: ana.id, via: .web)
      }
    }
    let history = try fixture.services.audit.accessHistory(ana, of: ana.id).items
    #expect(history.first?.viewerName == "Yusuf Demir")
    #expect(history.first?.data == "development plan")
  }
}
