import Foundation
import HTML
import HTTP
import Trellis

/// The people team's dashboard: the organization and its departments, teams or locations over
/// recent quarters, with every figure drawn from five people or more, and the same as CSV.
enum OrganizationPage {
  /// The dashboard's measures in the order and sections it shows them.
  static let sections: [(String, [Measure])] = [
    ("Rhythm", [.cadenceAdherence, .overdueRelationships, .daysToFirstConversation]),
    ("Follow-through and growth", [.followThrough, .planCoverage, .milestoneCompletion, .goalAlignment]),
    (
      "Feedback, mentoring and mobility",
      [.feedbackPerPerson, .feedbackSpread, .mentorshipReach, .internalMoves]
    ),
    ("How conversations feel", [.feltHeard, .clearNextSteps]),
  ]

  static func register(on router: Router, services: Services) {
    let insights = services.insights
    // The views change only when the figures are worked out again: rendered once per version.
    let rendered = KeptValues<String>(limit: 64)
    /// The view `format` of the figures the request asks for, rendered once per version of them.
    @Sendable func figures(
      _ request: Request, _ format: String, render: (OrganizationInsights) throws -> String
    )
      throws -> (Trellis.Dimension, String)
    {
      let actor = try request.actor()
      let dimension =
        try request.enumQuery("dimension", as: Trellis.Dimension.self, emptyMeansAny: format != "json")
        ?? .department
      let quarters = try request.integerQuery("quarters", in: 1...InsightService.quartersKept) ?? 4
      let version = try insights.version(actor, by: dimension, quarters: quarters)
      return (
        dimension,
        try rendered.value("\(format) \(version)") {
          try render(try insights.organization(actor, by: dimension, quarters: quarters))
        }
      )
    }
    router.get("/insights") { request in
      let (_, content) = try figures(request, "html") { page($0).content.render() }
      return Layout.render(Page(title: "Insights", section: .insights) { Node.raw(content) }, for: request)
    }
    router.get("/insights.csv") { request in
      let (dimension, text) = try figures(request, "csv", render: csv)
      try services.audit.recordExport(
        try request.actor(), SecurityAction.insightsExported, detail: "by \(dimension.rawValue), CSV",
        from: request.origin)
      return Response(
        status: .ok,
        headers: Headers([
          ("Content-Type", "text/csv; charset=utf-8"),
          ("Content-Disposition", "attachment; filename=\"trellis-insights-\(dimension.rawValue).csv\""),
        ]),
        body: Array(text.utf8))
    }
    router.get("/api/v1/insights/organization") { request in
      let (_, text) = try figures(request, "json") {
        String(decoding: try JSONCoding.encoder.encode($0), as: UTF8.self)
      }
      return .jsonText(text)
    }
  }

  /// What the page shows, one figure per line; hidden figures are empty with the reason.
  static func csv(_ figures: OrganizationInsights) -> String {
    var lines = ["grouping,group,quarter,measure,value,people,note"]
    for group in [figures.organization] + figures.groups {
      let grouping =
        group.name == figures.organization.name && group == figures.organization
        ? Dimension.organization : figures.dimension
      for series in group.measures {
        for cell in series.cells {
          let value = cell.value.map {
            series.measure.unit == .share ? String(format: "%.3f", $0) : String(format: "%.2f", $0)
          }
          let note =
            cell.suppressed
            ? "hidden: fewer than \(figures.minimumGroupSize) people"
            : cell.value == nil ? "nothing to measure" : ""
          lines.append(
            [
              grouping.rawValue, group.name, cell.quarter.description, series.measure.rawValue, value ?? "",
              cell.people.map(String.init) ?? "", note,
            ].map(CSV.escape).joined(separator: ","))
        }
      }
    }
    return lines.joined(separator: "\r\n") + "\r\n"
  }

  /// The page: its content is the same for every reader of the same figures.
  static func page(_ figures: OrganizationInsights) -> Page {
    let labels = figures.quarters.map(\.label)
    let query = "dimension=\(figures.dimension.rawValue)&quarters=\(figures.quarters.count)"
    return Page(title: "Insights", section: .insights) {
      Node.h1 { "Insights" }
      Node.p(.class("lead")) {
        Node.text(
          "The rhythm of development across the organization. No names and nothing that was said appear here; a figure drawn from fewer than \(figures.minimumGroupSize) people is hidden."
        )
      }
      Node.p(.class("muted small")) {
        Node.text(
          figures.refreshedAt.map {
            "Figures as of \(Dates.dayAndTime($0)) UTC; they are brought up to date every few minutes."
          }
            ?? "The figures have not been worked out yet; they will be within a few minutes.")
      }
      Node.form(.method("get"), .action("/insights"), .class("filters")) {
        Form.select(
          "Group by", name: "dimension", options: Dimension.allCases.map { ($0.rawValue, $0.label) },
          selected: figures.dimension.rawValue)
        Form.select(
          "Over", name: "quarters", options: [4, 8].map { (String($0), "the last \($0) quarters") },
          selected: String(figures.quarters.count))
        Node.button(.type("submit"), .class("secondary")) { "Show" }
        Node.a(.class("button secondary"), .href("/insights.csv?\(query)")) { "Download CSV" }
      }
      for (heading, measures) in sections {
        Node.section(.class("insight-section"), .aria("label", heading)) {
          Node.h2 { Node.text(heading) }
          Node.div(.class("cards")) {
            for measure in measures {
              card(measure, figures: figures, labels: labels)
            }
          }
        }
      }
    }
  }

  private static func card(_ measure: Measure, figures: OrganizationInsights, labels: [String]) -> Node {
    let organization = figures.organization.series(measure)?.cells ?? []
    let groups = figures.groups.compactMap { group in group.series(measure).map { (group.name, $0.cells) } }
    let style: Chart.Style = measure.unit == .count || measure.unit == .days ? .bars : .lines
    return .article(.class("card insight"), .id("measure-\(measure.rawValue)")) {
      Node.h3 { Node.text(measure.label) }
      Node.p(.class("muted small")) { Node.text(measure.definition) }
      Chart.draw(
        id: "chart-\(measure.rawValue)", title: "\(measure.label), organization",
        description: measure.definition,
        labels: labels, series: [.init(name: "Organization", values: organization.map(\.value))],
        unit: measure.unit,
        style: style)
      if figures.dimension != .organization {
        if !measure.available(by: figures.dimension) {
          Node.p(.class("muted small")) {
            Node.text(
              "Pulse answers are kept by department only, so they cannot be split by \(figures.dimension.label.lowercased())."
            )
          }
        } else if !groups.isEmpty {
          let latest = groups.map { ($0.0, $0.1.last?.value) }
          Chart.draw(
            id: "chart-\(measure.rawValue)-groups",
            title: "\(measure.label) by \(figures.dimension.label.lowercased()), \(labels.last ?? "")",
            description:
              "The latest quarter, one bar per \(figures.dimension.label.lowercased()); hidden groups show a dash.",
            labels: latest.map { abbreviate($0.0) },
            series: [.init(name: labels.last ?? "", values: latest.map(\.1))],
            unit: measure.unit, style: .bars)
          WideTable.region("\(measure.label) by \(figures.dimension.label.lowercased()), by quarter") {
            Node.table(.class("data compact")) {
              Node.thead {
                Node.tr {
                  Node.th(Attribute("scope", "col")) { Node.text(figures.dimension.label) }
                  for label in labels { Node.th(Attribute("scope", "col")) { Node.text(label) } }
                }
              }
              Node.tbody {
                Node.tr(.class("total")) {
                  Node.th(Attribute("scope", "row")) { "Organization" }
                  for cell in organization { Node.td { value(cell, measure) } }
                }
                for (name, cells) in groups {
                  Node.tr {
                    Node.th(Attribute("scope", "row")) { Node.text(name) }
                    for cell in cells { Node.td { value(cell, measure) } }
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  private static func value(_ cell: InsightCell, _ measure: Measure) -> Node {
    if cell.suppressed {
      return .span(.class("muted"), Attribute("title", "Fewer than five people: hidden")) { "<5" }
    }
    return .text(cell.value.map { Chart.format($0, measure.unit) } ?? "—")
  }

  /// Axis labels stay short: long names are cut.
  private static func abbreviate(_ name: String) -> String {
    name.count <= 14 ? name : String(name.prefix(13)) + "…"
  }
}
