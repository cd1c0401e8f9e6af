import HTML
import HTTP
import Trellis

/// The framework's competencies where communities, opportunities and mentors point at them:
/// choosing some in a form, and filtering a list by kind and competency.
enum CompetencyViews {
  static func all(_ services: Services, _ actor: Actor) throws -> [CompetencyRef] {
    try services.frameworks.framework(actor).areas.flatMap(\.competencies).map {
      CompetencyRef(slug: $0.slug, name: $0.name)
    }
  }

  /// One checkbox per competency, sent as repeated `name` fields.
  static func checkboxes(
    _ name: String, legend: String, _ competencies: [CompetencyRef], checked: [CompetencyRef]
  )
    -> Node
  {
    Form.choices(
      legend, name: name, options: competencies.map { ($0.slug, $0.name, checked.contains($0)) })
  }

  /// A list's filter: a kind (when the list has kinds) and a competency, each "any" when empty.
  struct Filter<Kind: RawRepresentable & CaseIterable> where Kind.RawValue == String {
    var kind: Kind?
    var competency: String?

    /// The page's form sends "" for "any"; the API takes a kind or no parameter (`emptyMeansAny` false).
    static func read(_ request: Request, emptyMeansAny: Bool = true) throws -> Self {
      let given = request.query("competency")
      let competency = emptyMeansAny ? given.flatMap { $0.isEmpty ? nil : $0 } : given
      if let competency, !Framework.isSlug(competency) {
        throw ValidationError(
          field: "competency", "must be a competency's slug: lowercase letters, digits and dashes")
      }
      return Self(
        kind: try request.enumQuery("kind", as: Kind.self, emptyMeansAny: emptyMeansAny),
        competency: competency)
    }

    /// The GET form that sets it; `withKinds` false for a list without kinds.
    func form(
      action: String, competencyLabel: String, _ competencies: [CompetencyRef], withKinds: Bool = true
    ) -> Node {
      .element("form", [.method("get"), .action(action), .class("filters")]) {
        if withKinds {
          Form.select(
            "Kind", name: "kind",
            options: [("", "Any")] + Kind.allCases.map { ($0.rawValue, Words.sentence($0.rawValue)) },
            selected: kind?.rawValue ?? "", id: "filter-kind")
        }
        Form.select(
          competencyLabel, name: "competency",
          options: [("", "Any competency")] + competencies.map { ($0.slug, $0.name) },
          selected: competency ?? "", id: "filter-competency")
        Node.button(.type("submit"), .class("secondary small")) { "Filter" }
      }
    }
  }
}

/// For a list filtered by competency only (mentors are not of kinds).
enum NoKind: String, CaseIterable { case none }
