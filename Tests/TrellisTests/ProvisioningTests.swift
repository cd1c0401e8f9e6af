import Foundation
import SQL
import TestSupport
import Testing
import Trellis

@Suite("Provisioning (SCIM): filters, the import's rules, tokens")
struct ProvisioningTests {
  @Test(arguments: TestDatabases.available)
  func filtersBecomeSQLThatFindsExactlyTheirPeople(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let provisioning = fixture.services.provisioning
    func emails(_ filter: String) throws -> Set<String> {
      Set(try provisioning.users(filter: filter, startIndex: 1, count: 200).users.map(\.person.email))
    }
    #expect(try emails(#"userName eq "ANA.LIMA@northwind.example""#) == ["ana.lima@northwind.example"])
    #expect(try emails(#"emails[type eq "work"].value eq "ana.lima@northwind.example""#).count == 1)
    #expect(
      try emails(#"name.givenName sw "an" and name.familyName co "lim""#) == ["ana.lima@northwind.example"])
    let either = try emails(
      #"userName eq "ana.lima@northwind.example" or userName eq "ravi.iyer@northwind.example""#)
    #expect(either == ["ana.lima@northwind.example", "ravi.iyer@northwind.example"])
    let all = try provisioning.users(filter: nil, startIndex: 1, count: 0).total
    #expect(try provisioning.users(filter: "not (userName pr)", startIndex: 1, count: 0).total == 0)
    #expect(
      try provisioning.users(filter: "active eq true or active eq false", startIndex: 1, count: 0).total
        == all)
    // Wildcards in a value are only characters.
    #expect(try emails(#"userName co "%""#).isEmpty)
    #expect(try emails(#"userName co "_""#).isEmpty)
    for bad in [
      #"userName"#, #"userName eq"#, #"password eq "x""#, #"(userName pr"#, #"userName xx "a""#,
      #"active eq "maybe""#, #"id gt "ten""#, #"userName eq "open"#,
    ] {
      #expect(throws: SCIMError.self, "\(bad)") {
        try provisioning.users(filter: bad, startIndex: 1, count: 10)
      }
    }
  }

  @Test(arguments: TestDatabases.available)
  func provisioningFollowsTheImportRules(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let provisioning = fixture.services.provisioning
    let (secret, token) = try provisioning.createToken(fixture.admin, name: "Okta", from: .commandLine)
    let client = try #require(try provisioning.authenticate(bearerToken: secret))
    let daniel = try fixture.actor("daniel.kim@northwind.example")
    var input = ProvisionedUserInput(userName: "new.hire@northwind.example")
    input.givenName = "New"
    input.managerID = daniel.id
    let created = try provisioning.create(input, by: client, from: .commandLine)
    #expect(created.person.managerID == daniel.id && created.person.active)
    // Daniel reporting to his own report would be a loop.
    var danielInput = ProvisionedUserInput(try provisioning.user(id: daniel.id))
    danielInput.managerID = created.person.id
    #expect(throws: SCIMError.self) {
      try provisioning.replace(id: daniel.id, danielInput, by: client, from: .commandLine)
    }
    // Deleted: deactivated, gone from SCIM, kept in Trellis; created again with the same email, back.
    try provisioning.delete(id: created.person.id, by: client, from: .commandLine)
    #expect(throws: SCIMError.self) { try provisioning.user(id: created.person.id) }
    #expect(try fixture.services.people.person(fixture.admin, id: created.person.id).active == false)
    let back = try provisioning.create(input, by: client, from: .commandLine)
    #expect(back.person.id == created.person.id && back.person.active)

    for someone in ["ana.lima@northwind.example", "priya.nair@northwind.example"] {
      #expect(throws: AccessError.self) { try provisioning.tokens(try fixture.actor(someone)) }
    }
    try provisioning.revokeToken(fixture.admin, id: token.id, from: .commandLine)
    #expect(try provisioning.authenticate(bearerToken: secret) == nil)
    let log = try fixture.services.audit.securityLog(
      fixture.admin, SecurityLogFilter(person: created.person.id)
    ).items
    #expect(log.contains { $0.action == "created person" && $0.detail == "SCIM: Okta" })
    #expect(log.contains { $0.action == "updated person" && $0.detail == "SCIM: Okta: deactivated" })
  }

  @Test(arguments: TestDatabases.available)
  func groupsAreTeamsAndMembershipMovesPeople(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let provisioning = fixture.services.provisioning
    let (secret, _) = try provisioning.createToken(fixture.admin, name: "Entra", from: .commandLine)
    let client = try #require(try provisioning.authenticate(bearerToken: secret))
    let ana = try fixture.actor("ana.lima@northwind.example").id
    let ravi = try fixture.actor("ravi.iyer@northwind.example").id
    func team(_ id: Int64) throws -> String { try fixture.services.people.person(fixture.admin, id: id).team }

    var input = ProvisionedGroupInput(displayName: "Atlas")
    input.members = [ana, ravi]
    let atlas = try provisioning.createGroup(input, by: client, from: .commandLine)
    #expect(Set(atlas.members) == [ana, ravi])
    #expect(try team(ana) == "Atlas")
    #expect(try provisioning.user(id: ana).groupID == atlas.id)
    // A person is in one team: joining Borealis takes Ana out of Atlas.
    fixture.clock.advance(by: 1)
    var borealis = ProvisionedGroupInput(displayName: "Borealis")
    borealis.members = [ana]
    let second = try provisioning.createGroup(borealis, by: client, from: .commandLine)
    #expect(try provisioning.group(id: atlas.id).members == [ravi])
    #expect(try provisioning.group(id: atlas.id).version != atlas.version, "Atlas changed when Ana left")
    // Filters, the members one included.
    #expect(
      try provisioning.groups(filter: #"members eq "\#(ana)""#, startIndex: 1, count: 10).groups.map(\.id)
        == [second.id])
    #expect(
      try provisioning.groups(filter: #"displayName sw "atl" and members pr"#, startIndex: 1, count: 10).total
        == 1)
    #expect(throws: SCIMError.self) {
      try provisioning.groups(filter: #"members gt "1""#, startIndex: 1, count: 10)
    }
    // A rename renames the team; a stale version, a taken name or someone unknown is refused and
    // changes nothing.
    var renamed = ProvisionedGroupInput(try provisioning.group(id: atlas.id))
    renamed.displayName = "Atlas Core"
    #expect(throws: SCIMError.self) {
      try provisioning.replaceGroup(
        id: atlas.id, renamed, ifMatch: atlas.version, by: client, from: .commandLine)
    }
    renamed.displayName = "borealis"
    #expect(throws: SCIMError.self) {
      try provisioning.replaceGroup(id: atlas.id, renamed, by: client, from: .commandLine)
    }
    renamed.displayName = "Atlas Core"
    renamed.members.insert(987_654)
    #expect(throws: SCIMError.self) {
      try provisioning.replaceGroup(id: atlas.id, renamed, by: client, from: .commandLine)
    }
    #expect(try team(ravi) == "Atlas")
    renamed.members.remove(987_654)
    _ = try provisioning.replaceGroup(id: atlas.id, renamed, by: client, from: .commandLine)
    #expect(try team(ravi) == "Atlas Core")
    // Deleting the group leaves its members without a team; the moves are in the security log.
    try provisioning.deleteGroup(id: atlas.id, by: client, from: .commandLine)
    #expect(try team(ravi) == "")
    #expect(throws: SCIMError.self) { try provisioning.group(id: atlas.id) }
    let log = try fixture.services.audit.securityLog(fixture.admin, SecurityLogFilter(person: ravi)).items
    #expect(log.contains { $0.action == "updated person" && $0.detail == "SCIM: Entra: team" })
  }
}
