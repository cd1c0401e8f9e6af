import Foundation
import SQL
import TestSupport
import Testing

@testable import Trellis

@Suite("Career framework")
struct FrameworkTests {
  @Test(arguments: TestDatabases.available)
  func exportThenImportGivesTheSameFramework(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let priya = try fixture.actor("priya.nair@northwind.example")
    let service = fixture.services.frameworks
    let exported = try service.framework(priya)
    #expect(exported == DemoFramework.framework)
    #expect(exported.tracks.map(\.slug) == ["individual-contributor", "management"])
    let json = try JSONEncoder.sorted.encode(exported)
    try service.replace(priya, with: try JSONDecoder().decode(Framework.self, from: json))
    #expect(try service.framework(priya) == exported)
    #expect(try JSONEncoder.sorted.encode(try service.framework(priya)) == json, "byte for byte")
  }

  @Test(arguments: TestDatabases.available)
  func yamlExportThenImportGivesTheSameFramework(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let priya = try fixture.actor("priya.nair@northwind.example")
    let service = fixture.services.frameworks
    let yaml = try service.framework(priya).yaml()
    #expect(yaml.contains("topics:"))
    #expect(yaml.contains("criteria:"))
    try service.replace(priya, with: try Framework(yaml: yaml))
    #expect(try service.framework(priya) == DemoFramework.framework)
    #expect(try service.framework(priya).yaml() == yaml, "byte for byte")
  }

  @Test func malformedYAMLIsRefusedWithPathsAndLines() throws {
    let text = """
      tracks:
        - slug: engineering
          name: Engineering
          levels:
            - slug: junior
              name: Engineer I
            - slug: Senior Engineer
              name: Engineer II
      areas:
        - slug: delivery
          name: Delivery
      topics:
        - slug: craft
          name: Craft
          area: delivery
          levels:
            - level: engineering/junior
              criteria: Ships small changes safely.
            - level: engineering/staff
              criteria: Sets technical direction.
        - slug: care
          name: Care
          area: people
        - slug: review
          name: Review
          area: delivery
          levels:
            - level: engineering/junior
              examples: [Reviews a change a day]
      roles:
        - slug: engineer
          title: Engineer
          track: engineering
          level: principal
      """
    let shape = #expect(throws: ValidationError.self) { try Framework(yaml: text) }
    #expect(
      shape?.problems == [
        .init(field: "topics[1].area", message: "line 23: names no area: \"people\""),
        .init(field: "topics[2].levels[0].criteria", message: "line 28: is required"),
      ])
    let fixed = text.replacingOccurrences(of: "area: people", with: "area: delivery")
      .replacingOccurrences(
        of: "examples: [Reviews a change a day]", with: "criteria: Reviews a change a day")
    let rules = #expect(throws: ValidationError.self) { try Framework(yaml: fixed) }
    let problems = Dictionary(uniqueKeysWithValues: (rules?.problems ?? []).map { ($0.field, $0.message) })
    #expect(problems["tracks[0].levels[1].slug"]?.hasPrefix("line 7: must be a slug") == true)
    #expect(problems["topics[0].levels[1].level"]?.hasPrefix("line 19: names no level") == true)
    #expect(problems["roles[0]"] == "line 31: track \"engineering\" has no level \"principal\"")

    let syntax = #expect(throws: ValidationError.self) { try Framework(yaml: "tracks:\n  - slug: [a\n") }
    #expect(syntax?.problems.first?.field == "file")
    #expect(syntax?.problems.first?.message.hasPrefix("line 3") == true)
    let notMapping = #expect(throws: ValidationError.self) { try Framework(yaml: "- just\n- a list\n") }
    #expect(notMapping?.problems.map(\.field) == ["file"])
  }

  @Test(arguments: TestDatabases.available)
  func malformedFrameworksAreRefusedWholeWithPaths(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let priya = try fixture.actor("priya.nair@northwind.example")
    let service = fixture.services.frameworks
    var broken = DemoFramework.framework
    broken.tracks[0].levels[1].slug = "Mid Level"
    broken.areas[1].competencies[0].expectations["management/chief"] = .init(description: "x", examples: nil)
    broken.areas[0].competencies[1].slug = broken.areas[0].competencies[0].slug
    broken.roles[2].level = "principal"
    let error = #expect(throws: ValidationError.self) { try service.replace(priya, with: broken) }
    let fields = Set(error?.problems.map(\.field) ?? [])
    #expect(fields.contains("tracks[0].levels[1].slug"))
    #expect(fields.contains("areas[1].competencies[0].expectations[\"management/chief\"]"))
    #expect(fields.contains("areas[0].competencies[1].slug"))
    #expect(fields.contains("roles[2]"))
    #expect(try service.framework(priya) == DemoFramework.framework, "nothing was replaced")
    let daniel = try fixture.actor("daniel.kim@northwind.example")
    #expect(throws: AccessError.forbidden(.manageGuides)) {
      try service.replace(daniel, with: DemoFramework.framework)
    }
  }

  @Test(arguments: TestDatabases.available)
  func rolesCompareSideBySide(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let ana = try fixture.actor("ana.lima@northwind.example")
    let comparison = try fixture.services.frameworks.compare(
      ana, from: "senior-software-engineer", to: "staff-engineer")
    #expect(comparison.rows.count == 6)
    #expect(comparison.rows.allSatisfy { $0.changes })
    #expect(
      comparison.rows[0].to?.description
        == "Sets technical direction across teams; simplifies what others find hard.")
    // A lateral move to management.
    let lateral = try fixture.services.frameworks.compare(
      ana, from: "senior-software-engineer", to: "engineering-manager")
    #expect(
      lateral.rows.first { $0.competency == "Mentoring" }?.to?.description.contains("development plan")
        == true)
    #expect(throws: NotFound.self) {
      try fixture.services.frameworks.compare(ana, from: "astronaut", to: "staff-engineer")
    }
  }
}

@Suite("Growth: roles, assessments, gaps")
struct GrowthTests {
  @Test(arguments: TestDatabases.available)
  func gapsCompareBothViewsWithTheTargetLevel(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let ana = try fixture.actor("ana.lima@northwind.example")
    let daniel = try fixture.actor("daniel.kim@northwind.example")
    let growth = try fixture.services.growth.growth(ana, of: ana.id, via: .web)
    #expect(growth.role?.slug == "senior-software-engineer")
    #expect(growth.targetRole?.slug == "staff-engineer")
    let communication = try #require(growth.gaps.first { $0.competencySlug == "communication" })
    #expect(
      communication.expected == "Communicates direction across the organization.", "against the target level")
    #expect(communication.selfRating == .developing && communication.managerRating == .meets)
    #expect(communication.isGap)
    #expect(growth.gaps.first { $0.competencySlug == "ownership" }?.isGap == false)

    try fixture.services.growth.assess(
      daniel, person: ana.id, ratings: ["communication": .developing], note: "Agreed")
    let after = try fixture.services.growth.growth(ana, of: ana.id, via: .web)
    #expect(after.managerAssessment?.ratings == ["communication": .developing])
    #expect(
      after.selfAssessment?.ratings["communication"] == .developing, "the manager's view does not touch Ana's"
    )
    #expect(
      try fixture.services.audit.accessHistory(ana, of: ana.id).items.contains { $0.data.hasPrefix("growth") }
        == false,
      "writing is not reading")
    _ = try fixture.services.growth.growth(daniel, of: ana.id, via: .api)
    #expect(
      try fixture.services.audit.accessHistory(ana, of: ana.id).items.first?.data
        == "growth: role and assessments")
  }

  @Test(arguments: TestDatabases.available)
  func onlyThePersonAndTheirManagerSeeGrowth(kind: TestDatabases.Kind) throws {
    let fixture = try Fixture(kind)
    try fixture.demo()
    let service = fixture.services.growth
    let ana = try fixture.actor("ana.lima@northwind.example")
    for email in [
      "grace.mensah@northwind.example", "marcus.okafor@northwind.example", "priya.nair@northwind.example",
      "jordan.reyes@northwind.example",
    ] {
      let other = try fixture.actor(email)
      #expect(throws: AccessError.forbidden(.viewGrowth), "\(email)") {
        try service.growth(other, of: ana.id, via: .web)
      }
      #expect(throws: AccessError.self, "\(email)") {
        try service.assess(other, person: ana.id, ratings: [:], note: "")
      }
    }
    // The people team places people without reading their ratings; the person sets only a target.
    let priya = try fixture.actor("priya.nair@northwind.example")
    try service.place(priya, person: ana.id, role: .some("staff-engineer"), target: nil)
    #expect(throws: AccessError.forbidden(.placeOnRole)) {
      try service.place(ana, person: ana.id, role: .some("staff-engineer"), target: nil)
    }
    try service.place(ana, person: ana.id, role: nil, target: .some("engineering-manager"))
    let growth = try service.growth(ana, of: ana.id, via: .web)
    #expect(growth.role?.slug == "staff-engineer")
    #expect(growth.targetRole?.slug == "engineering-manager")
    #expect(throws: ValidationError.self) {
      try service.place(ana, person: ana.id, role: nil, target: .some("astronaut"))
    }
    #expect(throws: ValidationError.self) {
      try service.assess(ana, person: ana.id, ratings: ["juggling": .meets], note: "")
    }
  }
}
