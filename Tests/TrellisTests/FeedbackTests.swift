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
    #expect(try feedback.inbox(ana).asked.items.map(\.id).contains(toAna.id))

    // Only the person asked answers, and only to whoever asked.
    #expect(throws: ValidationError(field: "requestID", "no request of yours from this person")) {
      try feedback.give(kenji, .example(to: mei.id, request: toAna.id))
    }
    let answer = try feedback.give(
      ana, .example(to: mei.id, request: toAna.id, nextStep: "Ask the quiet ones first"))
    #expect(answer.topic == "The critique I ran")
    #expect(try !feedback.inbox(ana).asked.items.map(\.id).contains(toAna.id))
    #expect(throws: ValidationError(field: "requestID", "this request is closed")) {
      try feedback.give(ana, .example(to: mei.id, request: toAna.id))
    }
    #expect(throws: NotFound("feedback request")) { try feedback.decline(ana, request: toKenji.id, note: "") }
    #expect(try feedback.decline(kenji, request: toKenji.id, note: "Was not there").status == .declined)
    #expect(throws: Conflict(field: "request", "this request is closed")) {
      try feedback.decline(kenji, request: toKenji.id, note: "")
    }
    #expect(
      try feedback.inbox(mei).requested.items.map(\.status).sorted { $0.rawValue < $1.rawValue } == [
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
    #expect(try feedback.inbox(mei).received.items.first?.planItemID == item.id)
    let plain = try feedback.give(kenji, .example(to: mei.id))
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
    _ = try feedback.give(ana, .example(to: mei.id, situation: "SHARED", managerMaySee: true))
    _ = try feedback.give(ana, .example(to: mei.id, situation: "UNSHARED", managerMaySee: false))
    // Only Ana's two pieces: the demo has feedback of its own for Mei.
    func read(_ actor: Actor) throws -> [String] {
      try feedback.received(actor, by: mei.id, via: .api).items.filter { $0.giverID == ana.id }.map(
        \.situation)
    }
    #expect(Set(try read(mei)) == ["SHARED", "UNSHARED"])
    #expect(Set(try read(ana)) == ["SHARED", "UNSHARED"])
    // Her current manager reads what was shared with him; the former and skip-level managers,
    // the people team and colleagues read nothing.
    let seen = try readers.map(read)
    #expect(seen == [["SHARED"], [], [], [], []])
    #expect(throws: ValidationError.self) { try feedback.give(mei, .example(to: mei.id)) }
    #expect(throws: ValidationError.self) { try feedback.give(mei, .example(to: ana.id, situation: " ")) }
  }

  /// Who may read feedback, written as SQL for paged lists, agrees with the policy for every
  /// piece of feedback and every pair of people in the demo organization.
  @Test(arguments: TestDatabases.available)
  func theReadableFeedbackInSQLIsThePolicys(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let mei = try fixture.actor("mei.chen@northwind.example")
    let ana = try fixture.actor("ana.lima@northwind.example")
    _ = try fixture.services.feedback.give(ana, .example(to: mei.id, managerMaySee: true))
    _ = try fixture.services.feedback.give(ana, .example(to: mei.id, managerMaySee: false))
    try fixture.services.database.withConnection { connection in
      let all = try FeedbackStore.feedback(connection, where: "TRUE")
      let people = try connection.query("SELECT id FROM people").map { try $0.decode("id", as: Int64.self) }
      let recipients = Set(all.map(\.recipientID))
      var compared = 0
      for reader in try people.compactMap({ try fixture.services.accounts.actor(personID: $0) }) {
        for recipient in recipients {
          let relationship = try PeopleStore.relationship(connection, actor: reader.id, subject: recipient)
          let bySQL = Set(
            try FeedbackStore.feedback(
              connection,
              where:
                "feedback.recipient_id = \(recipient) AND \(FeedbackStore.readable(by: reader, relationship))"
            ).map(\.id))
          let byPolicy = Set(
            all.filter {
              $0.recipientID == recipient
                && Policy.allows(reader, .viewFeedback, FeedbackStore.facts($0, reader, relationship))
            }.map(\.id))
          #expect(bySQL == byPolicy, "\(reader.person.displayName) reading \(recipient)")
          compared += byPolicy.count
        }
      }
      #expect(compared > all.count, "givers and managers read some besides the recipients")
    }
  }
}
