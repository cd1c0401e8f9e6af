import Foundation
import HTML
import HTTP
import Trellis

/// The framework's areas and their competencies edited with fields (people team); what each
/// competency expects at every level is edited on a page of its own. A competency keeps its
/// short name (slug) when renamed, so assessments, plans, mentors and opportunities that name it
/// stay attached.
enum CompetenciesEditor: FrameworkEditor {
  static let path = "/framework/edit/competencies"
  static let saved = "The competencies are saved."

  struct Competency: Equatable {
    /// Empty for a competency added here: it gets one from its name when saved.
    var slug: String
    var name: String
    var description: String
  }

  struct Area: Equatable {
    var slug: String
    var name: String
    var competencies: [Competency]
  }

  static func rows(of framework: Framework) -> [Area] {
    framework.areas.map { area in
      Area(
        slug: area.slug, name: area.name,
        competencies: area.competencies.map {
          Competency(slug: $0.slug, name: $0.name, description: $0.description ?? "")
        })
    }
  }

  static func rows(from form: FormData) -> [Area] {
    var areas: [Area] = []
    while let name = form["a\(areas.count)-name"] {
      let a = areas.count
      var competencies: [Competency] = []
      while let competency = form["a\(a)-c\(competencies.count)-name"] {
        let c = competencies.count
        competencies.append(
          Competency(
            slug: form["a\(a)-c\(c)-slug"] ?? "", name: competency,
            description: form["a\(a)-c\(c)-description"] ?? ""))
      }
      areas.append(Area(slug: form["a\(a)-slug"] ?? "", name: name, competencies: competencies))
    }
    return areas
  }

  /// A row button's change; the field to type in next when a row was added.
  static func apply(_ press: RowButtons.Press, to rows: inout [Area]) -> String? {
    let blank = { Competency(slug: "", name: "", description: "") }
    switch press.thing {
    case "area":
      RowButtons.apply(press.verb, at: press.positions.first, to: &rows) {
        Area(slug: "", name: "", competencies: [blank()])
      }
      return press.verb == .add ? "a\(rows.count - 1)-name" : nil
    case "competency":
      guard let a = press.positions.first, rows.indices.contains(a) else { return nil }
      RowButtons.apply(
        press.verb, at: press.positions.dropFirst().first, to: &rows[a].competencies, new: blank)
      return press.verb == .add ? "a\(a)-c\(rows[a].competencies.count - 1)-name" : nil
    default:
      return nil
    }
  }

  static func save(_ rows: [Area], into framework: inout Framework) throws {
    framework.areas = try areas(rows, framework: framework)
  }

  /// The areas to save, each competency with the expectations it had (rows with nothing typed are
  /// left out). Competency slugs are unique across areas.
  static func areas(_ rows: [Area], framework: Framework) throws -> [Framework.Area] {
    var problems = Validator()
    let expectations = Dictionary(
      framework.areas.flatMap(\.competencies).map { ($0.slug, $0.expectations) },
      uniquingKeysWith: { first, _ in first })
    var areaSlugs = Set(rows.map(\.slug).filter { !$0.isEmpty })
    var competencySlugs = Set(rows.flatMap(\.competencies).map(\.slug).filter { !$0.isEmpty })
    var areas: [Framework.Area] = []
    for (a, row) in rows.enumerated() {
      // A row with nothing typed is left out; one with anything typed is saved or refused.
      let named = row.competencies.enumerated().filter {
        !($0.element.name + $0.element.description).trimmed.isEmpty || !$0.element.slug.isEmpty
      }
      if row.name.trimmed.isEmpty && row.slug.isEmpty && named.isEmpty { continue }
      TextRule.frameworkName.check(row.name, "a\(a)-name", in: &problems)
      var competencies: [Framework.Competency] = []
      for (c, competency) in named {
        TextRule.frameworkName.check(competency.name, "a\(a)-c\(c)-name", in: &problems)
        TextRule.frameworkText.check(competency.description, "a\(a)-c\(c)-description", in: &problems)
        let slug = FrameworkEditing.slug(
          competency.slug, name: competency.name, otherwise: "competency", taken: &competencySlugs)
        competencies.append(
          Framework.Competency(
            slug: slug, name: competency.name.trimmed, description: competency.description.trimmed.nilIfEmpty,
            expectations: expectations[slug] ?? [:]))
      }
      areas.append(
        Framework.Area(
          slug: FrameworkEditing.slug(row.slug, name: row.name, otherwise: "area", taken: &areaSlugs),
          name: row.name.trimmed, competencies: competencies))
    }
    try problems.throwIfInvalid()
    return areas
  }

  static func page(_ rows: [Area], framework: Framework, focus: String?, request: Request) -> Page {
    let saved = Set(framework.areas.flatMap(\.competencies).map(\.slug))
    return FrameworkEditing.page(
      "Edit the competencies",
      lead:
        "Competencies are grouped in areas. Renaming one keeps the assessments, plans, mentors and opportunities that name it; what it expects at each level is edited from its row once it is saved.",
      action: path, save: "Save the competencies", add: RowButtons.button("Add an area", "add-area"),
      request: request
    ) {
      for (a, area) in rows.enumerated() {
        Node.fieldset(.class("card guide-section")) {
          Node.legend { Node.text("Area \(a + 1)") }
          Node.input(.type("hidden"), .name("a\(a)-slug"), .value(area.slug))
          Form.field(
            "Name of area \(a + 1)", name: "a\(a)-name", value: area.name,
            extra: FrameworkEditing.focus("a\(a)-name", focus), id: "a\(a)-name")
          Node.ol(.class("edit-rows pairs")) {
            for (c, competency) in area.competencies.enumerated() {
              Node.li {
                Node.input(.type("hidden"), .name("a\(a)-c\(c)-slug"), .value(competency.slug))
                Form.field(
                  "Competency \(c + 1)", name: "a\(a)-c\(c)-name", value: competency.name,
                  extra: FrameworkEditing.focus("a\(a)-c\(c)-name", focus), id: "a\(a)-c\(c)-name")
                Form.field(
                  "What competency \(c + 1) is (optional)", name: "a\(a)-c\(c)-description",
                  value: competency.description, id: "a\(a)-c\(c)-description")
                if saved.contains(competency.slug) {
                  Node.p {
                    Node.a(.href(ExpectationsEditor.path(competency.slug))) {
                      Node.text("What “\(competency.name)” expects at each level")
                    }
                  }
                }
                RowButtons.forRow(
                  "competency", [a, c], index: c, count: area.competencies.count,
                  name: "competency \(c + 1) of area \(a + 1)")
              }
            }
          }
          Node.div(.class("row-buttons")) {
            RowButtons.button(
              "Add a competency", "add-competency:\(a)", label: "Add a competency to area \(a + 1)")
          }
          RowButtons.forRow("area", [a], index: a, count: rows.count, name: "area \(a + 1)", spelled: true)
        }
      }
    }
  }
}
