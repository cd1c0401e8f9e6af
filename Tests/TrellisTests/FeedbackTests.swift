import Foundation
import SQL
import TestSupport
import Testing

@testable import Trellis

@Suite("Feedback")
struct FeedbackTests {
  @Test(arguments: TestDatabases.available)
  func askedForFeedbackIsAnsweredThankedAndBecomesAPlanItem(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let feedback = fixture.services.feedback
    let mei = try fixture.actor("mei.chen@northwind.example")
    let ana = try fixture.actor("ana.lima@northwind.example")
    let kenji = try fixture.actor("kenji.watanabe@northwind.example")
    let goal = try fixture.services.goals.create(
      mei, GoalInput(title: "Facilitate well", horizon: .shortTerm, visibility: .private))

    let problems = #expect(throws: ValidationError.self) {
      try feedback.request(mei, from: [mei.id], topic: " ", goalID: 999_999)
    }
    #expect(Set(problems?.problems.map(\.field) ?? []) == ["topic", "giverIds[0]", "goalID"])
    let requests = try feedback.request(
      mei, from: [ana.id, kenji.id, ana.id], topic: "The critique I ran", goalID: goal.id)
    #expect(requests.map(\.giverName).sorted() == ["Ana Lima", "Kenji Watanabe"], "each asked once")
    #expect(requests.allSatisfy { $0.goalTitle == "Facilitate well" && $0.status == .open })
    let toAna = try #require(requests.first { $0.giverID == ana.id })
    let toKenji = try #require(requests.first { $0.giverID == kenji.id })
    #expect(try feedback.inbox(ana).asked.map(\.id).contains(toAna.id))

    // Only the person asked answers, and only to whoever asked.
    #expect(throws: ValidationError(field: "requestID", "no request of yours from this person")) {
      try feedback.give(kenji, input(to: mei.id, request: toAna.id))
    }
    let answer = try feedback.give(
      ana, input(to: mei.id, request: toAna.id, nextStep: "Ask the quiet ones first"))
    #expect(answer.topic == "The critique I ran")
    #expect(try !feedback.inbox(ana).asked.map(\.id).contains(toAna.id))
    #expect(throws: ValidationError(field: "requestID", "this request is closed")) {
      try feedback.give(ana, input(to: mei.id, request: toAna.id))
    }
    #expect(throws: NotFound("feedback request")) { try feedback.decline(ana, request: toKenji.id, note: "") }
    #expect(try feedback.decline(kenji, request: toKenji.id, note: "Was not there").status == .declined)
    #expect(throws: Conflict(field: "request", "this request is closed")) {
      try feedback.decline(kenji, request: toKenji.id, note: "")
    }
    #expect(
      try feedback.inbox(mei).requested.map(\.status).sorted { $0.rawValue < $1.rawValue } == [
        .answered, .declined,
      ])

    // The recipient acts on it; the giver may read it, not act on it.
    #expect(throws: AccessError.forbidden(.respondToFeedback)) {
      try feedback.thank(ana, feedback: answer.id)
    }
    #expect(try feedback.thank(mei, feedback: answer.id).thankedAt != nil)
    #expect(try feedback.reply(mei, feedback: answer.id, text: "Will do").reply == "Will do")
    let item = try feedback.makePlanItem(mei, feedback: answer.id)
    #expect(item.personID == mei.id)
    #expect(item.skill == "The critique I ran")
    #expect(item.description == "Ask the quiet ones first")
    #expect(try feedback.makePlanItem(mei, feedback: answer.id).id == item.id, "made once")
    #expect(try feedback.inbox(mei).received.first?.planItemID == item.id)
    let plain = try feedback.give(kenji, input(to: mei.id))
    #expect(throws: ValidationError(field: "nextStep", "this feedback suggests no next step")) {
      try feedback.makePlanItem(mei, feedback: plain.id)
    }
  }

  @Test(arguments: TestDatabases.available)
  func theGiverDecidesWhetherTheManagerReadsIt(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let feedback = fixture.services.feedback
    let mei = try fixture.actor("mei.chen@northwind.example")
    let ana = try fixture.actor("ana.lima@northwind.example")
    let readers = try [
      "sofia.rossi@northwind.example", "daniel.kim@northwind.example", "marcus.okafor@northwind.example",
      "priya.nair@northwind.example", "kenji.watanabe@northwind.example",
    ].map { try fixture.actor($0) }
    _ = try feedback.give(ana, input(to: mei.id, situation: "SHARED", managerMaySee: true))
    _ = try feedback.give(ana, input(to: mei.id, situation: "UNSHARED", managerMaySee: false))
    // Only Ana's two pieces: the demo has feedback of its own for Mei.
    func read(_ actor: Actor) throws -> [String] {
      try feedback.received(actor, by: mei.id, via: .api).filter { $0.giverID == ana.id }.map(\.situation)
    }
    #expect(Set(try read(mei)) == ["SHARED", "UNSHARED"])
    #expect(Set(try read(ana)) == ["SHARED", "UNSHARED"])
    // Her current manager reads what was shared with him; the former and skip-level managers,
    // the people team and colleagues read nothing.
    let seen = try readers.map(read)
    #expect(seen == [["SHARED"], [], [], [], []])
    #expect(throws: ValidationError.self) { try feedback.give(mei, input(to: mei.id)) }
    #expect(throws: ValidationError.self) { try feedback.give(mei, input(to: ana.id, situation: " ")) }
  }

  func input(
    to recipient: Int64, request: Int64? = nil, situation: String = "In Tuesday's critique",
    nextStep: String? = nil, managerMaySee: Bool = true
  ) -> FeedbackInput {
    FeedbackInput(
      recipientID: recipient, kind: .coaching, situation: situation, behaviour: "You summarised every view",
      impact: "We decided in ten minutes", nextStep: nextStep, managerMaySee: managerMaySee,
      requestID: request)
  }
}
