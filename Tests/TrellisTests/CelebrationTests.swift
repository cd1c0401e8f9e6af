import Foundation
import SQL
import TestSupport
import Testing

@testable import Trellis

@Suite("Celebrations and goal milestones")
struct CelebrationTests {
  @Test(arguments: TestDatabases.available)
  func goalProgressCountsMilestonesDone(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let goals = fixture.services.goals
    let mei = try fixture.actor("mei.chen@northwind.example")
    let sofia = try fixture.actor("sofia.rossi@northwind.example")
    let kenji = try fixture.actor("kenji.watanabe@northwind.example")
    #expect(throws: ValidationError(field: "milestones[1]", "is required (at most 200 characters)")) {
      try goals.create(
        mei,
        GoalInput(title: "Lead research", horizon: .shortTerm, visibility: .manager, milestones: ["a", " "]))
    }
    var goal = try goals.create(
      mei,
      GoalInput(
        title: "Lead a research round", horizon: .shortTerm, visibility: .manager,
        milestones: ["Write the plan", "Run five interviews", "Share findings"]))
    #expect(goal.progressMode == .milestones)
    #expect(goal.progress == 0)
    goal = try goals.completeMilestone(mei, milestone: goal.milestones[0].id)
    #expect(goal.progress == 33)
    #expect(goal.checkIns.first?.note == "Milestone done: Write the plan")
    // A check-in on a goal counted in milestones keeps the milestones' progress.
    goal = try goals.checkIn(mei, goal: goal.id, progress: 90, note: "Interviews booked")
    #expect(goal.progress == 33)
    // Her manager may mark one done on a goal he sees; a colleague may not even see it.
    goal = try goals.completeMilestone(sofia, milestone: goal.milestones[1].id)
    #expect(goal.progress == 66)
    #expect(throws: NotFound("goal")) { try goals.completeMilestone(kenji, milestone: goal.milestones[2].id) }
    #expect(throws: AccessError.forbidden(.changeGoal)) {
      try goals.addMilestone(sofia, goal: goal.id, title: "Present to leadership")
    }
    goal = try goals.addMilestone(mei, goal: goal.id, title: "Present to leadership")
    #expect(goal.progress == 50)
    goal = try goals.completeMilestone(mei, milestone: goal.milestones[2].id)
    goal = try goals.completeMilestone(mei, milestone: goal.milestones[3].id)
    #expect(goal.progress == 100)
    #expect(goal.status == .achieved)
    #expect(try goals.completeMilestone(mei, milestone: goal.milestones[3].id) == goal, "done once")

    // A percent goal turns into a milestone goal with its first milestone.
    let percent = try goals.create(
      mei, GoalInput(title: "Read more", horizon: .longTerm, visibility: .private))
    #expect(percent.progressMode == .percent)
    #expect(throws: ValidationError(field: "progress", "must be from 0 to 100")) {
      try goals.checkIn(mei, goal: percent.id, progress: nil, note: "")
    }
    #expect(try goals.addMilestone(mei, goal: percent.id, title: "One book").progressMode == .milestones)
    // Added one by one, milestones stop where a new goal's list stops.
    let most = ListRule.goalMilestones.count.upperBound
    for index in 1..<most { _ = try goals.addMilestone(mei, goal: percent.id, title: "Book \(index)") }
    #expect(
      throws: ValidationError(
        field: "title", "cannot be added: the goal has \(most) milestones, the most it takes")
    ) {
      try goals.addMilestone(mei, goal: percent.id, title: "One more book")
    }
  }

  @Test(arguments: TestDatabases.available)
  func celebrationsAreSeenByTheAudienceTheirPersonChose(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let celebrations = fixture.services.celebrations
    let mei = try fixture.actor("mei.chen@northwind.example")
    let others = try [
      "sofia.rossi@northwind.example", "kenji.watanabe@northwind.example", "ana.lima@northwind.example",
      "daniel.kim@northwind.example", "marcus.okafor@northwind.example", "priya.nair@northwind.example",
    ].map { try fixture.actor($0) }
    let (sofia, kenji, ana) = (others[0], others[1], others[2])

    func achievedGoal(_ title: String) throws -> Int64 {
      let goal = try fixture.services.goals.create(
        mei, GoalInput(title: title, horizon: .shortTerm, visibility: .private))
      return try fixture.services.goals.update(mei, goal: goal.id, status: .achieved, visibility: nil).id
    }
    let forManager = try celebrations.celebrate(
      mei, kind: .goal, subject: try achievedGoal("M-CELEBRATION"), audience: .manager, message: "")
    let forTeam = try celebrations.celebrate(
      mei, kind: .goal, subject: try achievedGoal("T-CELEBRATION"), audience: .team, message: "Thanks all")
    let forEveryone = try celebrations.celebrate(
      mei, kind: .goal, subject: try achievedGoal("E-CELEBRATION"), audience: .everyone, message: "")
    #expect(forTeam.title == "T-CELEBRATION")

    let expected: [String: Set<String>] = [
      "Sofia": ["M-CELEBRATION", "T-CELEBRATION", "E-CELEBRATION"],
      "Kenji": ["T-CELEBRATION", "E-CELEBRATION"],
      "Ana": ["E-CELEBRATION"], "Daniel": ["E-CELEBRATION"], "Marcus": ["E-CELEBRATION"],
      "Priya": ["E-CELEBRATION"],
    ]
    let mine: Set<Int64> = [forManager.id, forTeam.id, forEveryone.id]
    for actor in others {
      let seen = try celebrations.feed(actor).filter { mine.contains($0.id) }
      #expect(Set(seen.map(\.title)) == expected[actor.person.givenName], "feed of \(actor.person.givenName)")
      // Kudos are open exactly where the feed shows the celebration: one rule, two paths.
      for celebration in [forManager, forTeam, forEveryone] {
        let visible = seen.contains { $0.id == celebration.id }
        do {
          let after = try celebrations.giveKudos(actor, celebration: celebration.id)
          #expect(visible, "\(actor.person.givenName) gave kudos to an unseen celebration")
          #expect(after.kudosGiven)
        } catch is NotFound {
          #expect(!visible, "\(actor.person.givenName) refused kudos on a celebration they see")
        }
      }
    }
    #expect(try celebrations.feed(mei).filter { mine.contains($0.id) }.count == 3)
    #expect(throws: ValidationError.self) { try celebrations.giveKudos(mei, celebration: forTeam.id) }
    let team = try #require(try celebrations.feed(mei).first { $0.id == forTeam.id })
    #expect(team.kudos == ["Sofia Rossi", "Kenji Watanabe"])
    #expect(try celebrations.withdrawKudos(kenji, celebration: forTeam.id).kudos == ["Sofia Rossi"])
    #expect(try celebrations.giveKudos(sofia, celebration: forTeam.id).kudos == ["Sofia Rossi"], "once each")

    #expect(throws: AccessError.forbidden(.celebrate)) {
      try celebrations.withdraw(sofia, celebration: forTeam.id)
    }
    #expect(throws: NotFound("celebration")) { try celebrations.withdraw(ana, celebration: forTeam.id) }
    try celebrations.withdraw(mei, celebration: forTeam.id)
    #expect(try celebrations.feed(sofia).contains { $0.id == forTeam.id } == false)
  }

  @Test(arguments: TestDatabases.available)
  func onlyOnesOwnFinishedProgressIsCelebratedOnce(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let celebrations = fixture.services.celebrations
    let plans = fixture.services.plans
    let mei = try fixture.actor("mei.chen@northwind.example")
    let sofia = try fixture.actor("sofia.rossi@northwind.example")
    let item = try plans.addItem(
      mei, for: mei.id,
      PlanItemInput(
        skill: "Facilitation", learningMode: .stretchAssignment, description: "Run the design critique",
        startOn: "2026-01-01", targetOn: "2026-06-01"))
    let milestone = try #require(
      try plans.addMilestone(mei, item: item.id, title: "First critique", targetOn: "2026-02-01").milestones
        .first)
    #expect(throws: ValidationError(field: "subject", "only a finished milestone can be celebrated")) {
      try celebrations.celebrate(mei, kind: .milestone, subject: milestone.id, audience: .team, message: "")
    }
    _ = try plans.completeMilestone(mei, milestone: milestone.id, evidence: "Notes shared")
    // Her manager cannot celebrate it for her, nor learn whether a subject exists.
    #expect(throws: NotFound("milestone")) {
      try celebrations.celebrate(sofia, kind: .milestone, subject: milestone.id, audience: .team, message: "")
    }
    let celebration = try celebrations.celebrate(
      mei, kind: .milestone, subject: milestone.id, audience: .team, message: "My first one")
    #expect(celebration.title == "First critique")
    #expect(celebration.personName == "Mei Chen")
    #expect(throws: Conflict(field: "subject", "this is celebrated already")) {
      try celebrations.celebrate(
        mei, kind: .milestone, subject: milestone.id, audience: .everyone, message: "")
    }
    #expect(throws: ValidationError(field: "subject", "only a finished plan item can be celebrated")) {
      try celebrations.celebrate(mei, kind: .planItem, subject: item.id, audience: .team, message: "")
    }
    _ = try plans.setStatus(mei, item: item.id, to: .done, reason: "")
    let done = try celebrations.celebrate(
      mei, kind: .planItem, subject: item.id, audience: .manager, message: "")
    #expect(done.title == "Facilitation")
    #expect(try celebrations.mine(mei).map(\.id) == [done.id, celebration.id])
    #expect(throws: NotFound("goal")) {
      try celebrations.celebrate(mei, kind: .goal, subject: 999_999, audience: .team, message: "")
    }
  }
}
