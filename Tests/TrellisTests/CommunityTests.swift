import Foundation
import SQL
import TestSupport
import Testing

@testable import Trellis

@Suite("Learning communities")
struct CommunityTests {
  @Test(arguments: TestDatabases.available)
  func aCommunityIsStartedJoinedOrganisedAndPointedAtFromAPlan(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let communities = fixture.services.communities
    let grace = try fixture.actor("grace.mensah@northwind.example")
    let noah = try fixture.actor("noah.williams@northwind.example")
    let wei = try fixture.actor("wei.zhang@northwind.example")
    let priya = try fixture.actor("priya.nair@northwind.example")

    let refused = #expect(throws: ValidationError.self) {
      try communities.create(
        grace,
        CommunityInput(name: " ", kind: .guild, description: "", isOpen: true, competencySlugs: ["juggling"]))
    }
    #expect(Set(refused?.problems.map(\.field) ?? []) == ["name", "description", "competencySlugs[0]"])

    let guild = try communities.create(
      grace,
      CommunityInput(
        name: "Testing guild", kind: .guild, description: "Better tests, together.", isOpen: true,
        competencySlugs: ["quality", "quality", "technical-depth"]))
    #expect(guild.isOrganiser && guild.memberCount == 1)
    #expect(
      guild.competencies.map(\.slug) == ["technical-depth", "quality"], "in the framework's order, once")
    #expect(try communities.list(noah, competency: "quality").items.map(\.id).contains(guild.id))
    #expect(try !communities.list(noah, competency: "strategy").items.map(\.id).contains(guild.id))
    #expect(try !communities.list(noah, kind: .bookClub).items.map(\.id).contains(guild.id))

    // Anyone joins an open community; only its organisers (and the people team) organise it.
    let joined = try communities.join(noah, id: guild.id)
    #expect(joined.isMember && !joined.isOrganiser && joined.memberCount == 2)
    #expect(try communities.join(noah, id: guild.id).memberCount == 2, "joining twice changes nothing")
    let when = ScheduleInput(date: "2031-05-06", time: "16:00", timeZone: "Europe/London", location: "Room 2")
    #expect(throws: AccessError.forbidden(.organiseCommunity)) {
      try communities.scheduleMeeting(noah, id: guild.id, title: "Flaky tests", when)
    }
    let meeting = try communities.scheduleMeeting(grace, id: guild.id, title: "Flaky tests", when)
    #expect(try communities.detail(wei, id: guild.id).community.nextMeeting == meeting)
    #expect(throws: ValidationError.self) {
      try communities.scheduleMeeting(
        grace, id: guild.id, title: "",
        ScheduleInput(date: "2031-13-01", time: "25:00", timeZone: "Mars/Base"))
    }
    _ = try communities.update(
      priya, id: guild.id,
      CommunityInput(
        name: "Testing guild", kind: .guild, description: "Better tests, together.", isOpen: false,
        competencySlugs: ["quality"]))

    // Members share resources; others may not. A closed community is joined by invitation.
    #expect(throws: AccessError.forbidden(.shareInCommunity)) {
      try communities.addResource(wei, id: guild.id, CommunityResourceInput(title: "A book"))
    }
    #expect(
      throws: ValidationError(
        field: "url", "must be a web address starting with https:// or http:// (at most 2,000 characters)")
    ) {
      try communities.addResource(
        noah, id: guild.id, CommunityResourceInput(title: "A link", url: "javascript:x"))
    }
    _ = try communities.addResource(
      noah, id: guild.id, CommunityResourceInput(title: "Growing tests", url: "https://example.org/tests"))
    #expect(throws: Conflict("this community is by invitation: ask one of its organisers to add you")) {
      try communities.join(wei, id: guild.id)
    }
    let detail = try communities.addMember(grace, id: guild.id, person: wei.id, organiser: true)
    #expect(
      detail.members.items.filter(\.isOrganiser).map(\.personID).sorted() == [grace.id, wei.id].sorted())
    #expect(detail.resources.items.map(\.title) == ["Growing tests"])
    // Whoever shared it, or an organiser, takes a resource down; other members may not.
    let kept = try communities.addResource(noah, id: guild.id, CommunityResourceInput(title: "Kept"))
    let tomas = try fixture.actor("tomas.ferreira@northwind.example")
    #expect(throws: AccessError.forbidden(.removeCommunityResource)) {
      try communities.removeResource(tomas, resource: kept.id)
    }
    #expect(try communities.removeResource(noah, resource: kept.id) == guild.id)
    let another = try communities.addResource(noah, id: guild.id, CommunityResourceInput(title: "Another"))
    try communities.removeResource(grace, resource: another.id)
    #expect(throws: NotFound("resource")) { try communities.removeResource(grace, resource: another.id) }

    // The last organiser hands over before leaving.
    _ = try communities.leave(wei, id: guild.id)
    #expect(throws: Conflict("you are its only organiser: make someone else an organiser first")) {
      try communities.leave(grace, id: guild.id)
    }
    #expect(throws: NotFound("community")) { try communities.join(noah, id: 999_999) }

    // A plan item points at the community.
    let item = try fixture.services.plans.addItem(
      noah, for: noah.id,
      PlanItemInput(
        competencySlug: "quality", skill: "Testing", learningMode: .learningCommunity,
        description: "Join the guild's sessions", startOn: "2031-01-01", targetOn: "2031-04-01",
        communityID: guild.id))
    #expect(item.communityID == guild.id && item.communityName == "Testing guild")
    #expect(throws: ValidationError(field: "communityID", "no such learning community")) {
      try fixture.services.plans.addItem(
        noah, for: noah.id,
        PlanItemInput(
          skill: "Testing", learningMode: .learningCommunity, description: "x", startOn: "2031-01-01",
          targetOn: "2031-04-01", communityID: 999_999))
    }
  }
}
