import Foundation
import SQL
import TestSupport
import Testing

@testable import Trellis

@Suite("Insights")
struct InsightTests {
  @Test(arguments: TestDatabases.available)
  func theOrganizationIsShownInGroupsOfFiveOrMoreWithoutNames(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let insights = fixture.services.insights
    let priya = try fixture.actor("priya.nair@northwind.example")
    let ines = try fixture.actor("ines.carvalho@northwind.example")
    for actor in [ines, try fixture.actor("daniel.kim@northwind.example"), fixture.admin!] {
      #expect(throws: AccessError.self) { try insights.organization(actor, by: .department, quarters: 4) }
    }
    #expect(throws: ValidationError(field: "quarters", "must be from 1 to 8")) {
      try insights.organization(priya, by: .department, quarters: 9)
    }

    // The demo's history fills every quarter of the year for the whole organization.
    let year = try insights.organization(priya, by: .department, quarters: 4)
    #expect(year.quarters == Quarter.last(4, endingOn: fixture.clock.today()))
    for measure in [Measure.cadenceAdherence, .followThrough, .planCoverage, .feltHeard] {
      let cells = try #require(year.organization.series(measure)).cells
      #expect(cells.allSatisfy { $0.value != nil && !$0.suppressed && $0.people! >= 5 }, "\(measure)")
    }
    let engineering = try #require(year.groups.first { $0.name == "Engineering" })
    #expect(try #require(engineering.series(.cadenceAdherence)).cells.last?.value != nil)
    let operations = try #require(year.groups.first { $0.name == "Operations" })
    #expect(operations.hidden, "two people: nothing shown")
    // The pulse is by department only.
    let byTeam = try insights.organization(priya, by: .team, quarters: 4)
    #expect(byTeam.groups.allSatisfy { $0.series(.feltHeard) == nil })
    #expect(byTeam.organization.series(.feltHeard) != nil)
    #expect(try #require(byTeam.groups.first { $0.name == "Product engineering" }).hidden, "a team of four")

    // A new department of four stays hidden in every grouping; a fifth person brings it out.
    func hire(_ given: String) throws {
      _ = try fixture.services.people.create(
        fixture.admin,
        PersonDraft(
          email: "\(given.lowercased()).legal@northwind.example", givenName: given, familyName: "Legal",
          department: "Legal", team: "Contracts", location: "Porto",
          hireDate: fixture.clock.today().adding(days: -200), managerID: ines.id))
    }
    for given in ["Rui", "Sara", "Tiago", "Vera"] { try hire(given) }
    try insights.refresh()
    for dimension in [Dimension.department, .team, .location] {
      let figures = try insights.organization(priya, by: dimension, quarters: 4)
      let legal = try #require(figures.groups.first { ["Legal", "Contracts", "Porto"].contains($0.name) })
      #expect(legal.hidden, "\(dimension): four people")
      #expect(legal.measures.allSatisfy { $0.cells.allSatisfy { $0.people == nil || $0.people == 0 } })
    }
    try hire("Xavier")
    try insights.refresh()
    let legal = try #require(
      try insights.organization(priya, by: .department, quarters: 1).groups.first { $0.name == "Legal" })
    #expect(legal.series(.planCoverage)?.cells.first?.people == 5)
    #expect(legal.series(.planCoverage)?.cells.first?.value == 0)

    // No names and no content anywhere in what the people team gets.
    let json = String(decoding: try JSONEncoder().encode(year), as: UTF8.self)
    for leak in ["@", "Ana", "Lima", "Daniel", "Priya", "reorganisation"] {
      #expect(!json.contains(leak), "\(leak)")
    }
  }

  @Test(arguments: TestDatabases.available)
  func aRefreshThatWorksOutTheSameFiguresWritesNoneOfThem(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let insights = fixture.services.insights
    // Where each stored figure lies in the table: a row written again lies somewhere new.
    let place: SQLQuery = kind == .sqlite ? "CAST(rowid AS TEXT)" : "ctid::text"
    func places() throws -> [String: String] {
      try fixture.database.withConnection { connection in
        var places: [String: String] = [:]
        for row in try connection.query(
          "SELECT quarter, dimension, group_name, measure, \(place) AS place FROM insight_cells")
        {
          let cell = [
            try row.decode("quarter", as: String.self), try row.decode("dimension"),
            try row.decode("group_name"),
            try row.decode("measure"),
          ].joined(separator: "/")
          places[cell] = try row.decode("place", as: String.self)
        }
        for row in try connection.query(
          "SELECT quarter, relationship_id, \(place) AS place FROM follow_through")
        {
          let figure =
            "follow-through/\(try row.decode("quarter", as: String.self))/\(try row.decode("relationship_id", as: Int64.self))"
          places[figure] = try row.decode("place", as: String.self)
        }
        return places
      }
    }
    let before = try places()
    #expect(before.count > 100)
    #expect(before.keys.filter { $0.hasPrefix("follow-through/") }.count > 20)
    #expect(try insights.refresh().count == 2, "this quarter and the last are worked out again")
    #expect(try places() == before, "the same figures: none written again")

    // Five new people in a new department change this quarter's figures: they are written.
    for given in ["Rui", "Sara", "Tiago", "Vera", "Xavier"] {
      _ = try fixture.services.people.create(
        fixture.admin,
        PersonDraft(
          email: "\(given.lowercased()).legal@northwind.example", givenName: given, familyName: "Legal",
          department: "Legal", team: "Contracts", location: "Porto",
          hireDate: fixture.clock.today().adding(days: -200), managerID: nil))
    }
    try insights.refresh()
    let after = try places()
    let thisQuarter = Quarter.last(1, endingOn: fixture.clock.today())[0].description
    #expect(after.keys.contains("\(thisQuarter)/department/Legal/plan_coverage"))
    #expect(after.filter { $0.key.hasPrefix(thisQuarter) } != before.filter { $0.key.hasPrefix(thisQuarter) })
    let priya = try fixture.actor("priya.nair@northwind.example")
    let legal = try #require(
      try insights.organization(priya, by: .department, quarters: 1).groups.first { $0.name == "Legal" })
    #expect(legal.series(.planCoverage)?.cells.first?.people == 5)
  }

  /// A manager's team page reads follow-through as stored by the refresh: it must be what the
  /// conversations and action items themselves give, for every manager, report and quarter.
  @Test(arguments: TestDatabases.available)
  func storedFollowThroughIsWhatTheConversationsGive(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let today = fixture.clock.today()
    let window = Quarter.last(4, endingOn: today)
    let managers = try fixture.database.withConnection { connection in
      try connection.query(
        "SELECT DISTINCT manager_id FROM people WHERE manager_id IS NOT NULL AND active = TRUE"
      )
      .map { try $0.decode("manager_id", as: Int64.self) }
    }
    var compared = 0
    for id in managers {
      let manager = try #require(try fixture.services.accounts.actor(personID: id))
      let team = try fixture.services.insights.team(manager)
      for member in team.members where member.isDirect {
        let live = try fixture.database.withConnection {
          try InsightFacts.followUps(
            $0,
            where: """
              relationships.kind = 'manager' AND relationships.ended_on IS NULL
                AND relationships.partner_id = \(id) AND relationships.employee_id = \(member.person.id)
              """, from: window[0].firstDay, to: today)
        }
        #expect(member.followUps == live.count, "\(member.person.displayName)")
        if member.followThrough != nil {
          #expect(member.followThrough == Double(live.filter(\.done).count) / Double(live.count))
        }
        compared += live.count
      }
      for quarter in team.trend ?? [] {
        let live = try fixture.database.withConnection {
          try InsightFacts.followUps(
            $0, where: "relationships.kind = 'manager' AND relationships.partner_id = \(id)",
            from: quarter.quarter.firstDay, to: quarter.quarter.cutOff(today: today))
        }
        #expect(
          quarter.followThrough
            == (live.isEmpty ? nil : Double(live.filter(\.done).count) / Double(live.count)))
      }
    }
    #expect(compared > 20, "the demo's managers have follow-ups to compare")
  }

  @Test(arguments: TestDatabases.available)
  func aManagerSeesTheirReportsAndTheTeamsTrendFollowThroughIncluded(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let insights = fixture.services.insights
    let conversations = fixture.services.conversations
    let daniel = try fixture.actor("daniel.kim@northwind.example")
    _ = try fixture.services.people.create(
      fixture.admin,
      PersonDraft(
        email: "zoe.park@northwind.example", givenName: "Zoe", familyName: "Park", department: "Engineering",
        hireDate: fixture.clock.today(), managerID: daniel.id))
    let zoe = try fixture.actor("zoe.park@northwind.example")
    let relationship = try #require(try conversations.rhythms(zoe).first).relationship.id
    func hold() throws -> Int64 {
      let conversation = try conversations.schedule(
        daniel, relationship: relationship,
        ScheduleInput(
          date: fixture.clock.today().adding(days: 1).description, time: "10:00", timeZone: "Europe/London"))
      fixture.clock.advance(by: 2 * 86_400)
      _ = try conversations.setStatus(zoe, conversation: conversation.id, to: .held)
      return conversation.id
    }
    let first = try hold()
    let due = fixture.clock.today().adding(days: 7).description
    let done = try conversations.addActionItem(
      zoe, conversation: first, title: "Pair on a review", ownerID: zoe.id, dueOn: due)
    _ = try conversations.addActionItem(
      daniel, conversation: first, title: "Find a course", ownerID: daniel.id, dueOn: due)
    _ = try conversations.updateActionItem(zoe, item: done.id, status: .done)
    fixture.clock.advance(by: 10 * 86_400)
    _ = try hold()

    // Follow-through is worked out with the figures: until their next refresh it is not counted.
    #expect(try insights.team(daniel).members.first { $0.person.id == zoe.id }?.followUps == 0)
    try insights.refresh()
    let team = try insights.team(daniel, sort: .name)
    let row = try #require(team.members.first { $0.person.id == zoe.id })
    #expect(row.isDirect && row.followUps == 2 && row.followThrough == 0.5)
    #expect(row.openActionItems == 1 && row.overdueActionItems == 1, "Daniel's course is past due")
    #expect(row.status == .onTrack && row.lastHeldOn! > fixture.clock.today().adding(days: -3))
    #expect(row.planItems == 0 && row.sharedInterest == 0)
    #expect(team.members.map(\.person.familyName) == team.members.map(\.person.familyName).sorted())
    #expect(team.members.allSatisfy { $0.isDirect }, "Daniel's reports manage no one")
    let trend = try #require(team.trend, "nine reports")
    #expect(trend.count == 4 && trend.map(\.conversationsHeld).reduce(0, +) >= 2)
    #expect(trend.allSatisfy { $0.onCadence != nil })
    let overdue = try insights.team(daniel, status: .overdue)
    #expect(overdue.members.allSatisfy { $0.status == .overdue })
    #expect(team.needingConversation.allSatisfy { $0.nextScheduledOn == nil && $0.isDirect })

    // Marcus manages two managers: their reports are folded in with the rhythm only, no trend.
    let marcus = try fixture.actor("marcus.okafor@northwind.example")
    let above = try insights.team(marcus)
    #expect(above.directReports == 2 && above.trend == nil)
    // Their teams are folded: counted, and read one at a time when asked for.
    #expect(above.members.allSatisfy { $0.isDirect })
    let danielsTeam = try #require(above.foldedTeams.first { $0.managerID == daniel.id })
    #expect(danielsTeam.managerName == "Daniel Kim" && danielsTeam.people >= 2)
    let opened = try insights.team(marcus, under: daniel.id)
    #expect(opened.members.filter { !$0.isDirect }.count == danielsTeam.people)
    #expect(throws: NotFound.self) { try insights.team(marcus, under: zoe.id) }
    let skip = try #require(opened.members.first { $0.person.id == zoe.id })
    #expect(skip.viaName == "Daniel Kim" && skip.lastHeldOn != nil)
    // Her open items are counted; her follow-through is her own manager's to see.
    #expect(skip.openActionItems == 1 && skip.overdueActionItems == 1)
    #expect(skip.followUps == 0 && skip.followThrough == nil)
    #expect(skip.planItems == nil && skip.activeGoals == nil && skip.sharedInterest == nil)
    // Someone with no reports has an empty dashboard.
    #expect(try insights.team(zoe).members.isEmpty)

    // Zoe's home: her next conversation and whether her reflection is ready.
    #expect(try insights.home(zoe, via: .web).nextConversation?.conversationID == nil)
    let next = try conversations.schedule(
      daniel, relationship: relationship,
      ScheduleInput(
        date: fixture.clock.today().adding(days: 3).description, time: "09:00", timeZone: "Europe/London"))
    var home = try insights.home(zoe, via: .web)
    #expect(
      home.nextConversation?.conversationID == next.id && home.nextConversation?.reflection == .notStarted)
    let prompt = try #require(
      try conversations.detail(zoe, conversation: next.id, via: .web).guide.prompts.first)
    try conversations.saveReflection(zoe, conversation: next.id, answers: [prompt: "Reviews"], share: true)
    home = try insights.home(zoe, via: .web)
    #expect(home.nextConversation?.reflection == .shared)
    #expect(home.actionItems.map(\.title) == [])
    #expect(try insights.home(daniel, via: .web).actionItems.contains { $0.title == "Find a course" })
  }
}
