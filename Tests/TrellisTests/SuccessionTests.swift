import Foundation
import SQL
import TestSupport
import Testing

@testable import Trellis

@Suite("Succession")
struct SuccessionTests {
  @Test(arguments: TestDatabases.available)
  func successionListsAreThePeopleTeamsAndPeopleSeeOnlyTheirOwnNominations(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let succession = fixture.services.succession
    let priya = try fixture.actor("priya.nair@northwind.example")
    let carlos = try fixture.actor("carlos.mendoza@northwind.example")
    let hannah = try fixture.actor("hannah.becker@northwind.example")
    let jonas = try fixture.actor("jonas.weber@northwind.example")
    let marcus = try fixture.actor("marcus.okafor@northwind.example")

    #expect(throws: AccessError.forbidden(.manageSuccession)) { try succession.keyRoles(carlos).items }
    #expect(throws: AccessError.forbidden(.manageSuccession)) {
      try succession.createKeyRole(marcus, KeyRoleInput(title: "VP Sales"))
    }
    #expect(throws: ValidationError(field: "title", "is required (at most 200 characters)")) {
      try succession.createKeyRole(priya, KeyRoleInput(title: " "))
    }
    let role = try succession.createKeyRole(
      priya,
      KeyRoleInput(title: "Sales Manager", team: "Sales", holderID: carlos.id, whyKey: "Owns the pipeline"))
    #expect(role.holderName == "Carlos Mendoza")
    #expect(throws: ValidationError(field: "personID", "holds the role already")) {
      try succession.nameSuccessor(
        priya, role: role.id, person: carlos.id, readiness: .readyNow, development: "")
    }
    _ = try succession.nameSuccessor(
      priya, role: role.id, person: hannah.id, readiness: .threePlusYears, development: "Lead a team project")
    let named = try succession.nameSuccessor(
      priya, role: role.id, person: jonas.id, readiness: .readyNow, development: "Forecasting")
    #expect(named.successors.map(\.name) == ["Jonas Weber", "Hannah Becker"], "readiest first")
    #expect(
      try succession.nameSuccessor(
        priya, role: role.id, person: hannah.id, readiness: .oneToTwoYears, development: "Coach two SDRs"
      ).successors.count == 2, "naming again re-rates")

    // Nothing for the people named unless the organization shares it; then only their own.
    try succession.setShared(priya, false)
    #expect(try succession.mine(hannah) == MySuccession(shared: false, nominations: []))
    #expect(throws: AccessError.forbidden(.manageSuccession)) { try succession.setShared(hannah, true) }
    try succession.setShared(priya, true)
    let mine = try succession.mine(hannah)
    #expect(
      mine.nominations == [
        Nomination(
          roleTitle: "Sales Manager", team: "Sales", readiness: .oneToTwoYears, development: "Coach two SDRs")
      ])
    let json = String(decoding: try JSONEncoder().encode(mine), as: UTF8.self)
    #expect(!json.contains("Jonas") && !json.contains("Carlos"), "never the other names")
    #expect(try succession.mine(carlos).nominations.allSatisfy { $0.roleTitle != "Sales Manager" })

    let jonasEntry = try #require(named.successors.first { $0.personID == jonas.id })
    #expect(throws: AccessError.forbidden(.manageSuccession)) {
      try succession.removeSuccessor(jonas, successor: jonasEntry.id)
    }
    try succession.removeSuccessor(priya, successor: jonasEntry.id)
    #expect(try succession.mine(jonas).nominations.isEmpty)
    #expect(throws: NotFound("successor")) { try succession.removeSuccessor(priya, successor: jonasEntry.id) }
  }
}
