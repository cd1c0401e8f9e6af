import Foundation
import SQL
import TestSupport
import Testing

@testable import Trellis

@Suite("People: directory, reporting line, history")
struct PeopleServiceTests {
  @Test(arguments: TestDatabases.available)
  func directorySearchesNamesTitlesAndTeams(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let ana = try fixture.actor("ana.lima@northwind.example")
    let all = try fixture.services.people.directory(ana)
    #expect(all.total == 40)
    #expect(
      try fixture.services.people.directory(ana, search: "LIMA").items.map(\.displayName) == ["Ana Lima"])
    #expect(try fixture.services.people.directory(ana, search: "designer").total == 4)
    let design = try fixture.services.people.directory(ana, department: "Design")
    #expect(design.total == 6)
    #expect(try fixture.services.people.departments(ana).count == 7)
    let paged = try fixture.services.people.directory(ana, limit: 15, offset: 30)
    #expect(paged.items.count == 10)
    // A search's total holds on every page, past the end too.
    let designers = try fixture.services.people.directory(ana, search: "designer", limit: 3)
    #expect(designers.items.count == 3 && designers.total == 4)
    let second = try fixture.services.people.directory(ana, search: "designer", limit: 3, offset: 3)
    #expect(second.items.count == 1 && second.total == 4)
    #expect(Set((designers.items + second.items).map(\.id)).count == 4)
    // In the directory's order of names, page after page.
    let found = (designers.items + second.items).map(\.id)
    #expect(found == all.items.map(\.id).filter(found.contains))
    #expect(designers.items.first?.jobTitle.isEmpty == false, "whole rows")
    let beyond = try fixture.services.people.directory(ana, search: "designer", limit: 3, offset: 9)
    #expect(beyond.items.isEmpty && beyond.total == 4)
    #expect(try fixture.services.people.directory(ana, search: "nobody-is-called-this").total == 0)
  }

  /// Forms name a person by email, or by a name or title only one person matches; otherwise the
  /// field's error says who matched, so the right one can be chosen.
  @Test(arguments: TestDatabases.available)
  func aPersonIsChosenByEmailOrAnUnambiguousName(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let people = fixture.services.people
    let ana = try fixture.actor("ana.lima@northwind.example")
    #expect(
      try people.person(ana, named: "daniel.kim@northwind.example", field: "to").displayName == "Daniel Kim")
    #expect(
      try people.person(ana, named: " daniel kim ", field: "to").email == "daniel.kim@northwind.example")
    let several = #expect(throws: ValidationError.self) {
      try people.person(ana, named: "designer", field: "to")
    }
    #expect(several?.problems.map(\.field) == ["to"])
    #expect(several?.problems.first?.message.contains("matches 4 people") == true)
    #expect(several?.problems.first?.message.contains("@northwind.example)") == true)
    let none = #expect(throws: ValidationError.self) {
      try people.person(ana, named: "Nobody Here", field: "to")
    }
    #expect(none?.problems.first?.message == "no one in Trellis matches “Nobody Here”")
    #expect(throws: ValidationError.self) { try people.person(ana, named: "  ", field: "to") }
  }

  /// The search reads an index kept in step with every change: any part of a name, the
  /// preferred name, email or title, in any case; short searches too; wildcards are plain text;
  /// a search never spans two fields.
  @Test(arguments: TestDatabases.available)
  func directorySearchFindsAnyPartOfANameEmailOrTitleThroughItsIndex(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let ana = try fixture.actor("ana.lima@northwind.example")
    func found(_ search: String) throws -> [String] {
      try fixture.services.people.directory(ana, search: search).items.map(\.email).sorted()
    }
    var draft = PersonDraft(email: "zoe.quint@northwind.example")
    draft.givenName = "Zoë"
    draft.familyName = "Quintero-Ávila"
    draft.preferredName = "Zo"
    draft.jobTitle = "Staff 100%_engineer"
    let zoe = try fixture.services.people.create(fixture.admin, draft)
    #expect(try found("quintero") == [zoe.email])
    #expect(try found("ZOË QUINT") == [zoe.email], "given and family name together")
    #expect(try found("tero-áv") == [zoe.email])
    #expect(try found("e.quint@north") == [zoe.email], "the email")
    #expect(try found("100%_eng") == [zoe.email], "wildcards are plain text")
    #expect(try found("0%_") == [zoe.email])
    #expect(try found("%") == [zoe.email])
    #expect(try found("zo").contains(zoe.email), "two letters")
    #expect(try found("Ávila Zo").isEmpty, "never across two fields")
    draft.familyName = "Marlowe"
    _ = try fixture.services.people.update(fixture.admin, id: zoe.id, draft, via: .api)
    #expect(try found("quintero").isEmpty, "the index follows a change")
    #expect(try found("marlowe") == [zoe.email])
    if kind == .sqlite {
      let plan = try fixture.database.withConnection { connection in
        try connection.query(
          "EXPLAIN QUERY PLAN SELECT id FROM people WHERE \(DirectorySearchSchema.matches("marlowe", .sqlite))"
        ).map { try $0.decode("detail", as: String.self) }.joined(separator: "; ")
      }
      #expect(plan.contains("people_search"), "\(plan)")
    }
  }

  @Test(arguments: TestDatabases.available)
  func relationshipsFollowTheReportingLineAndItsHistory(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let mei = try fixture.person("mei.chen@northwind.example")
    func relationship(_ email: String) throws -> Relationship {
      try fixture.services.people.relationship(try fixture.actor(email), to: mei.id)
    }
    #expect(try relationship("mei.chen@northwind.example").isSelf)
    #expect(try relationship("sofia.rossi@northwind.example").isCurrentManager)
    #expect(try relationship("daniel.kim@northwind.example").isFormerManager)
    #expect(try !relationship("daniel.kim@northwind.example").isCurrentManager)
    #expect(try relationship("marcus.okafor@northwind.example").isSkipLevelManager)
    #expect(try relationship("ana.lima@northwind.example") == Relationship())
    let chart = try fixture.services.people.orgChart(
      try fixture.actor("ana.lima@northwind.example"), id: mei.id)
    #expect(chart.managementChain.map(\.givenName) == ["Sofia", "Marcus", "Helena"])
  }

  @Test(arguments: TestDatabases.available)
  func aManagerChangeKeepsHistoryAndLoopsAreRefused(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let people = fixture.services.people
    let ana = try fixture.person("ana.lima@northwind.example")
    let yusuf = try fixture.person("yusuf.demir@northwind.example")
    var draft = PersonDraft(ana)
    draft.managerID = yusuf.id
    fixture.clock.advance(by: 86_400)
    _ = try people.update(fixture.admin, id: ana.id, draft, via: .web)
    let record = try people.employmentRecord(fixture.admin.promoted(.peopleTeam), id: ana.id, via: .web)
    #expect(record.managerHistory.map(\.managerName) == ["Yusuf Demir", "Daniel Kim"])
    #expect(record.managerHistory[1].to != nil)
    #expect(record.managerHistory[0].to == nil)

    // Yusuf under Ana would make a loop: Ana → Yusuf → Ana.
    var loop = PersonDraft(yusuf)
    loop.managerID = ana.id
    let error = #expect(throws: ValidationError.self) {
      try people.update(fixture.admin, id: yusuf.id, loop, via: .web)
    }
    #expect(error?.problems.first?.field == "manager")
    #expect(error?.problems.first?.message.contains("loop") == true)
    // Helena (the top) under Ana: a longer loop, refused too.
    let helena = try fixture.person("helena.sorensen@northwind.example")
    var top = PersonDraft(helena)
    top.managerID = ana.id
    #expect(throws: ValidationError.self) { try people.update(fixture.admin, id: helena.id, top, via: .web) }
    var own = PersonDraft(ana)
    own.managerID = ana.id
    #expect(throws: ValidationError.self) { try people.update(fixture.admin, id: ana.id, own, via: .web) }
    // Nothing was half written.
    #expect(try fixture.person("yusuf.demir@northwind.example").managerID == yusuf.managerID)
  }

  @Test(arguments: TestDatabases.available)
  func emailsAreUniqueWhateverTheirCaseAndInputIsValidated(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let people = fixture.services.people
    let duplicate = #expect(throws: Conflict.self) {
      try people.create(fixture.admin, PersonDraft(email: "Ana.Lima@Northwind.Example", givenName: "Ana"))
    }
    #expect(duplicate?.field == "email")
    let invalid = #expect(throws: ValidationError.self) {
      try people.create(fixture.admin, PersonDraft(email: "not an email"))
    }
    #expect(Set(invalid?.problems.map(\.field) ?? []) == ["email", "givenName"])
    let created = try people.create(
      fixture.admin,
      PersonDraft(email: "  Zoe.Park@Northwind.Example ", givenName: " Zoe ", familyName: "Park"))
    #expect(created.email == "Zoe.Park@Northwind.Example")
    #expect(created.givenName == "Zoe")
    #expect(try people.person(fixture.admin, email: "zoe.park@northwind.example")?.id == created.id)
  }

  @Test(arguments: TestDatabases.available)
  func onlyAdminsChangePeopleAndOnlyTheAllowedReadRecords(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let people = fixture.services.people
    let ana = try fixture.actor("ana.lima@northwind.example")
    #expect(throws: AccessError.forbidden(.managePeople)) {
      try people.create(ana, PersonDraft(email: "x@northwind.example", givenName: "X"))
    }
    let priya = try fixture.actor("priya.nair@northwind.example")
    #expect(throws: AccessError.forbidden(.managePeople)) {
      try people.update(priya, id: ana.id, PersonDraft(ana.person), via: .web)
    }
    let grace = try fixture.actor("grace.mensah@northwind.example")
    #expect(throws: AccessError.forbidden(.viewEmploymentRecord)) {
      try people.employmentRecord(grace, id: ana.id, via: .web)
    }
    #expect(throws: AccessError.forbidden(.viewEmploymentRecord)) {
      try people.employmentRecord(fixture.admin, id: ana.id, via: .api)
    }
    _ = try people.employmentRecord(try fixture.actor("daniel.kim@northwind.example"), id: ana.id, via: .api)
    let history = try fixture.services.audit.accessHistory(ana, of: ana.id).items
    #expect(history.map(\.viewerName) == ["Daniel Kim"])
    #expect(history.first?.via == .api)
    #expect(throws: AccessError.forbidden(.viewAccessHistory)) {
      try fixture.services.audit.accessHistory(grace, of: ana.id).items
    }
  }
}

extension Actor {
  /// The same person with one more role (for tests of role-based reads).
  func promoted(_ role: Role) -> Actor { Actor(person: person, roles: roles.union([role])) }
}
