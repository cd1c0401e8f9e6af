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
