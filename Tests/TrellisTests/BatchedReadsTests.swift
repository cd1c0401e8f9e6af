import Foundation
import SQL
import TestSupport
import Testing

@testable import Trellis

/// Services whose connections count their round trips.
final class CountedServices: @unchecked Sendable {
  let database: Database
  let services: Services
  private let opened = CountedConnections()

  init(_ fixture: Fixture) {
    let opened = opened
    database = Database(url: fixture.url, maxConnections: 1) { try opened.open($0) }
    services = Services(database: database, clock: fixture.clock, settings: AccessSettings())
  }

  deinit { database.close() }

  /// The statements `body` sends.
  func statements(_ body: (Services) throws -> Void) throws -> [String] {
    try database.withConnection { _ in }  // opened before counting
    let before = opened.sent.count
    try body(services)
    return Array(opened.sent.dropFirst(before))
  }

  /// The round trips `body` takes.
  func roundTrips(_ body: (Services) throws -> Void) throws -> Int {
    try database.withConnection { _ in }  // opened before counting
    let before = opened.roundTrips
    try body(services)
    return opened.roundTrips - before
  }
}

/// The parts of a page read many rows in a fixed number of statements, whatever their number.
@Suite("Batched reads")
struct BatchedReadsTests {
  @Test(arguments: TestDatabases.available)
  func goalsAndRhythmsCostTheSameForOneOrMany(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let services = fixture.services
    let (mei, ana) = (
      try fixture.actor("mei.chen@northwind.example"), try fixture.actor("ana.lima@northwind.example")
    )
    let objective = try services.goals.createObjective(
      try fixture.actor("priya.nair@northwind.example"), title: "Fewer incidents", description: "",
      period: "2027", team: "")
    _ = try services.goals.create(
      ana, GoalInput(title: "One goal", horizon: .shortTerm, visibility: .private))
    for index in 0..<12 {
      let goal = try services.goals.create(
        mei,
        GoalInput(
          title: "Goal \(index)", horizon: .shortTerm, objectiveID: objective.id, visibility: .private,
          milestones: ["First", "Second"]))
      _ = try services.goals.checkIn(mei, goal: goal.id, progress: 10, note: "Started")
    }
    func statements(_ read: (any Connection) throws -> Int) throws -> (statements: Int, rows: Int) {
      try fixture.database.withConnection { connection in
        let counting = CountingConnection(connection)
        let rows = try read(counting)
        return (counting.statements, rows)
      }
    }
    let few = try statements { try GoalStore.goals($0, where: "goals.person_id = \(ana.id)").count }
    let many = try statements { try GoalStore.goals($0, where: "goals.person_id = \(mei.id)").count }
    #expect(many.rows > few.rows && many.rows >= 12)
    #expect(many.statements == few.statements && many.statements <= 4, "\(few) and \(many)")

    // A plan's items come with their supporters, milestones and updates in four statements.
    for index in 0..<6 {
      let item = try services.plans.addItem(
        mei, for: mei.id,
        PlanItemInput(
          skill: "Skill \(index)", learningMode: .selfStudy, description: "Practice", startOn: "2026-01-01",
          targetOn: "2026-06-0\(index + 1)"))
      _ = try services.plans.addMilestone(mei, item: item.id, title: "Step", targetOn: "2026-03-01")
    }
    let planItems = try statements {
      try PlanStore.items($0, where: "plans.person_id = \(mei.id)").filter { $0.milestones.count == 1 }.count
    }
    #expect(planItems.rows >= 6 && planItems.statements == 4, "\(planItems)")

    func rhythms(of person: Actor) throws -> (statements: Int, rows: Int) {
      try statements {
        try services.conversations.rhythms(
          $0, where: "relationships.partner_id = \(person.id) AND relationships.ended_on IS NULL"
        ).count
      }
    }
    let one = try rhythms(of: try fixture.actor("marcus.okafor@northwind.example"))
    let team = try rhythms(of: try fixture.actor("daniel.kim@northwind.example"))
    #expect(one.rows >= 1 && team.rows > one.rows, "\(one) and \(team)")
    #expect(team.statements == one.statements && team.statements <= 4, "\(one) and \(team)")
  }

  /// Every request reads who is asking: their person, roles, time zone and whether anyone reports
  /// to them, in one statement.
  @Test(arguments: TestDatabases.available)
  func whoIsAskingIsOneStatement(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let priya = try fixture.actor("priya.nair@northwind.example")
    let daniel = try fixture.actor("daniel.kim@northwind.example")
    try fixture.services.people.setTimeZone(daniel, "Asia/Tokyo")
    try fixture.database.withConnection { connection in
      let counting = CountingConnection(connection)
      let read = try #require(try AccountService.actor(counting, personID: daniel.person.id))
      #expect(counting.statements == 1)
      #expect(read.hasReports && read.timeZone == "Asia/Tokyo" && read.roles.isEmpty)
      let team = try #require(try AccountService.actor(connection, personID: priya.person.id))
      #expect(team.roles == [.peopleTeam])
      #expect(team.timeZone == priya.timeZone)
    }
  }

  /// The home page's plan at a glance agrees with the whole plan, in two statements.
  @Test(arguments: TestDatabases.available)
  func theHomePlanAgreesWithThePlanInTwoStatements(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let ana = try fixture.actor("ana.lima@northwind.example")
    let plans = fixture.services.plans
    var plan = try plans.plan(ana, of: ana.person.id, via: .api)
    // One item done, one milestone reached and one dropped item, so every rule counts.
    let first = try #require(plan.items.first)
    _ = try plans.addMilestone(ana, item: first.id, title: "Third step", targetOn: "2031-01-10")
    _ = try plans.completeMilestone(
      ana, milestone: try #require(first.milestones.first?.id), evidence: "Done")
    try plans.setStatus(ana, item: try #require(plan.items.last?.id), to: .done, reason: "")
    let dropped = try plans.addItem(
      ana, for: ana.person.id,
      PlanItemInput(
        skill: "Dropped skill", learningMode: .formalTraining, description: "A course", startOn: "2030-12-01",
        targetOn: "2031-02-01"))
    try plans.setStatus(ana, item: dropped.id, to: .dropped, reason: "Not now")
    plan = try plans.plan(ana, of: ana.person.id, via: .api)
    let kept = plan.items.filter { $0.status != .dropped }
    let expected = kept.flatMap { item in
      item.milestones.filter { $0.doneOn == nil }.map { (item.id, $0.title, $0.targetOn) }
    }.sorted { ($0.2, $0.1) < ($1.2, $1.1) }.prefix(3)
    try fixture.database.withConnection { connection in
      let counting = CountingConnection(connection)
      let (statuses, upcoming) = try counting.read(
        HomeStore.planStatuses(person: ana.person.id), HomeStore.nextMilestones(person: ana.person.id))
      let progress = try #require(HomeStore.planProgress(statuses: statuses, nextMilestones: upcoming))
      #expect(counting.statements == 2)
      #expect(progress.items == kept.count)
      #expect(progress.itemsDone == kept.filter { $0.status == .done }.count && progress.itemsDone == 1)
      #expect(progress.nextMilestones.map(\.title) == expected.map(\.1))
      #expect(progress.nextMilestones.map(\.itemID) == expected.map(\.0))
    }
  }

  /// The employee home reads all its parts in one round trip, and reads what it did before.
  @Test(arguments: TestDatabases.available)
  func theHomeIsOneRoundTrip(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let counted = CountedServices(fixture)
    for email in ["marcus.okafor@northwind.example", "mei.chen@northwind.example"] {
      let actor = try fixture.actor(email)
      _ = try fixture.services.goals.create(
        actor,
        GoalInput(
          title: "Lead a design review", horizon: .shortTerm, visibility: .manager, milestones: ["Ask"]))
      var home: HomeSummary? = nil
      let trips = try counted.roundTrips { home = try $0.insights.home(actor, via: .web) }
      #expect(trips == 1, "\(email): \(trips) round trips")
      #expect(home == (try fixture.services.insights.home(actor, via: .web)))
      #expect(home?.nextConversation != nil && home?.goals.isEmpty == false, "\(email) has a full home")
    }
  }

  /// A relationship's history is found, then read whole in one more round trip, whatever its
  /// length; a person's goals are read with the person.
  @Test(arguments: TestDatabases.available)
  func historyAndGoalsTakeAFixedNumberOfRoundTrips(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let counted = CountedServices(fixture)
    let marcus = try fixture.actor("marcus.okafor@northwind.example")
    let rhythm = try #require(
      try fixture.services.conversations.rhythms(marcus).first {
        $0.relationship.kind == .manager && $0.relationship.employeeID == marcus.id
      })
    for limit in [1, 20] {
      var history: RelationshipHistory? = nil
      let trips = try counted.roundTrips {
        history = try $0.conversations.history(
          marcus, relationship: rhythm.relationship.id, limit: limit, via: .web)
      }
      #expect(trips == 2, "limit \(limit): \(trips) round trips")
      let expected = try fixture.services.conversations.history(
        marcus, relationship: rhythm.relationship.id, limit: limit, via: .web)
      #expect(
        history == expected && expected.conversations.items.count == min(limit, expected.conversations.total))
      #expect(expected.conversations.items.contains { !$0.actionItems.isEmpty && $0.summary != nil })
    }
    // The conversation with its relationship, then everything the page shows, its plan at a
    // glance included; its partner's access check (whether it still runs) reads no more.
    let held = try #require(
      try fixture.services.conversations.history(marcus, relationship: rhythm.relationship.id, via: .web)
        .conversations.items.first?.conversation)
    _ = try fixture.services.plans.addItem(
      marcus, for: marcus.id,
      PlanItemInput(
        skill: "Facilitation", learningMode: .selfStudy, description: "Run the retro", startOn: "2026-01-01",
        targetOn: "2026-06-01"))
    var detail: ConversationDetail? = nil
    let trips = try counted.roundTrips {
      detail = try $0.conversations.detail(marcus, conversation: held.id, via: .web)
    }
    #expect(trips == 2, "\(trips) round trips")
    let expected = try fixture.services.conversations.detail(marcus, conversation: held.id, via: .web)
    #expect(detail?.plan == expected.plan && detail?.actionItems == expected.actionItems)
    #expect(detail?.plan?.isEmpty == false)
    let manager = rhythm.partner.id
    let daniel = try fixture.actor(
      try #require(try fixture.services.people.person(marcus, id: manager)).email)
    #expect(held.partnerID == daniel.id)
    let partnerReads = try counted.statements {
      detail = try $0.conversations.detail(daniel, conversation: held.id, via: .web)
    }
    #expect(detail?.canEdit == true)
    #expect(
      partnerReads.filter { $0.contains("cadence_days FROM relationships") }.count == 1, "\(partnerReads)")
    _ = try fixture.services.goals.create(
      marcus, GoalInput(title: "Lead a design review", horizon: .shortTerm, visibility: .manager))
    for reader in [marcus, daniel] {
      var goals: [Goal] = []
      let trips = try counted.roundTrips { goals = try $0.goals.goals(reader, of: marcus.id, via: .api) }
      let expected = try fixture.services.goals.goals(reader, of: marcus.id, via: .api)
      #expect(!goals.isEmpty && goals == expected)
      // The manager's read is recorded in Marcus's access history: a short transaction more.
      #expect(reader.id == marcus.id ? trips == 1 : trips > 1, "\(trips) round trips")
    }
    // The conversation's page: its history and the goals at a glance come in the same round
    // trips as the rest, and are what the history and the goals answer on their own.
    for reader in [marcus, daniel] {
      var page: ConversationDetail? = nil
      let trips = try counted.roundTrips {
        page = try $0.conversations.detail(reader, conversation: held.id, via: .web, history: 4, goals: true)
      }
      #expect(reader.id == marcus.id ? trips == 2 : trips > 2, "\(trips) round trips")
      let history = try fixture.services.conversations.history(
        reader, relationship: held.relationshipID, limit: 4, via: .web)
      #expect(page?.history == history.conversations.items && page?.history?.isEmpty == false)
      #expect(page?.goals == (try fixture.services.goals.goals(reader, of: marcus.id, via: .web)))
      #expect(page?.goals?.isEmpty == false)
    }
  }

  /// A manager's team page: who reports to them with the cadence and the figures' version, then
  /// everything that depends on those people, their action items and follow-through included: two
  /// round trips (the quarters' trend is kept between views).
  @Test(arguments: TestDatabases.available)
  func theTeamPageIsTwoRoundTrips(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let counted = CountedServices(fixture)
    let daniel = try fixture.actor("daniel.kim@northwind.example")
    _ = try counted.roundTrips { _ = try $0.insights.team(daniel) }
    var team: TeamDashboard? = nil
    let trips = try counted.roundTrips { team = try $0.insights.team(daniel) }
    #expect(trips == 2, "\(trips) round trips")
    #expect(team == (try fixture.services.insights.team(daniel)) && team?.members.isEmpty == false)
  }

  /// The home reads the open requests asked of the person and by them in one statement, and
  /// splits them as the inbox lists them (closed ones on neither side).
  @Test(arguments: TestDatabases.available)
  func theHomesOpenFeedbackRequestsAreOneStatement(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let feedback = fixture.services.feedback
    let daniel = try fixture.actor("daniel.kim@northwind.example")
    let ana = try fixture.actor("ana.lima@northwind.example")
    let kenji = try fixture.actor("kenji.watanabe@northwind.example")
    let mei = try fixture.actor("mei.chen@northwind.example")
    let mine = try feedback.request(daniel, from: [ana.id, kenji.id], topic: "My first all-hands")
    let ofMe = try feedback.request(mei, from: [daniel.id], topic: "The critique I ran")
    _ = try feedback.request(ana, from: [daniel.id], topic: "Closed before it was answered")
      .map { try feedback.decline(daniel, request: $0.id, note: "") }
    _ = try feedback.decline(kenji, request: try #require(mine.first { $0.giverID == kenji.id }).id, note: "")

    let counted = CountedServices(fixture)
    var home: HomeSummary?
    let sent = try counted.statements { home = try $0.insights.home(daniel, via: .web) }
    #expect(sent.filter { $0.contains("FROM feedback_requests") }.count == 1)
    let inbox = try feedback.inbox(daniel)
    #expect(home?.feedbackAsked.map(\.id) == ofMe.map(\.id))
    #expect(home?.feedbackAsked == inbox.asked.items)
    #expect(home?.feedbackRequested.map(\.id) == mine.filter { $0.giverID == ana.id }.map(\.id))
    #expect(home?.feedbackRequested == inbox.requested.items.filter { $0.status == .open })
  }

  /// A part shared by others (the reader's match profile) runs once, and a list that matches no
  /// one (one's own mentor offer) reads no profile at all.
  @Test(arguments: TestDatabases.available)
  func theHomeSendsNoStatementTwiceAndNoProfileForNoOne(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let counted = CountedServices(fixture)
    let daniel = try fixture.actor("daniel.kim@northwind.example")
    let sent = try counted.statements { _ = try $0.insights.home(daniel, via: .web) }
    #expect(sent.count > 20 && Set(sent).count == sent.count, "\(sent.count) statements")
    let profiles = sent.filter { $0.contains("'ratings' AS kind") }
    #expect(profiles.count == 1, "\(profiles)")
    #expect(MentorshipStore.offers(for: nil, where: "TRUE").queries.count == 2)
    #expect(MentorshipStore.offers(for: daniel, where: "TRUE").queries.count == 3)
  }
}
