import Foundation
import HTML
import HTTP
import Trellis

/// What one competency expects at each level of each track, edited with fields (people team):
/// a description and examples, one per line. A level left empty expects nothing named.
enum ExpectationsEditor {
  static func path(_ competency: String) -> String { "\(CompetenciesEditor.path)/\(competency)" }

  static func register(on router: Router, services: Services) {
    let frameworks = services.frameworks
    router.get("\(CompetenciesEditor.path)/:slug") { request in
      let actor = try request.actor()
      try Policy.require(actor, .manageGuides)
      let framework = try frameworks.framework(actor)
      let competency = try find(try request.parameter("slug"), in: framework)
      return Layout.render(page(competency, framework: framework, request: request), for: request)
    }
    router.post("\(CompetenciesEditor.path)/:slug") { request in
      let actor = try request.actor()
      try Policy.require(actor, .manageGuides)
      let form = try request.form()
      var framework = try frameworks.framework(actor)
      let slug = try request.parameter("slug")
      _ = try find(slug, in: framework)
      let expectations = try expectations(from: form, framework: framework)
      for a in framework.areas.indices {
        for c in framework.areas[a].competencies.indices where framework.areas[a].competencies[c].slug == slug
        {
          framework.areas[a].competencies[c].expectations = expectations
        }
      }
      try frameworks.replace(actor, with: framework)
      return Response.redirect(to: CompetenciesEditor.path).withNotice("The expectations are saved.")
    }
  }

  static func find(_ slug: String, in framework: Framework) throws -> Framework.Competency {
    guard let competency = framework.areas.flatMap(\.competencies).first(where: { $0.slug == slug }) else {
      throw NotFound("competency")
    }
    return competency
  }

  static func expectField(_ key: String) -> String { "expect:\(key)" }
  static func examplesField(_ key: String) -> String { "examples:\(key)" }

  /// The expectations a sent form holds, one per level whose description is filled in.
  static func expectations(from form: FormData, framework: Framework) throws -> [String: Framework
    .Expectation]
  {
    var problems = Validator()
    var expectations: [String: Framework.Expectation] = [:]
    for track in framework.tracks {
      for level in track.levels {
        let key = "\(track.slug)/\(level.slug)"
        let description = (form[expectField(key)] ?? "").trimmed
        let examples = (form[examplesField(key)] ?? "").split(whereSeparator: \.isNewline).map {
          String($0).trimmed
        }.filter { !$0.isEmpty }
        if description.isEmpty {
          problems.check(
            examples.isEmpty, expectField(key), "say what is expected at \(level.name) before giving examples"
          )
          continue
        }
        TextRule.expectation.check(description, expectField(key), in: &problems)
        ListRule.expectationExamples.check(examples.count, examplesField(key), in: &problems)
        for example in examples where TextRule.expectationExample.problem(with: example) != nil {
          problems.add(
            examplesField(key),
            "each example is at most \(TextRule.expectationExample.maxLength.grouped) characters")
          break
        }
        expectations[key] = Framework.Expectation(
          description: description, examples: examples.isEmpty ? nil : examples)
      }
    }
    try problems.throwIfInvalid()
    return expectations
  }

  static func page(_ competency: Framework.Competency, framework: Framework, request: Request) -> Page {
    Page(title: "What \(competency.name) expects", section: .framework) {
      Node.p { Node.a(.href(CompetenciesEditor.path)) { "← Edit the competencies" } }
      Node.h1 { Node.text("What “\(competency.name)” expects at each level") }
      Node.p(.class("lead")) {
        "Describe what someone at each level does, so people can see where they stand and what the next step asks. Examples make it concrete: one per line. Leave a level empty when the competency expects nothing there."
      }
      Form.post(path(competency.slug), request: request) {
        for track in framework.tracks {
          Node.fieldset(.class("card guide-section")) {
            Node.legend { Node.text(track.name) }
            for level in track.levels {
              let key = "\(track.slug)/\(level.slug)"
              let expectation = competency.expectations[key]
              Node.div(.class("expectation")) {
                Form.textArea(
                  "Expected at \(level.name)", name: expectField(key), value: expectation?.description ?? "",
                  rows: 3, id: expectField(key))
                Form.textArea(
                  "Examples at \(level.name) (one per line)", name: examplesField(key),
                  value: (expectation?.examples ?? []).joined(separator: "\n"), rows: 3,
                  id: examplesField(key))
              }
            }
          }
        }
        Node.button(.type("submit")) { "Save the expectations" }
      }
    }
  }
}
