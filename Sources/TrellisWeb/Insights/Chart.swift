import Foundation
import HTML
import Trellis

/// Small charts drawn on the server as SVG: bars or lines over a few periods, with axes, labels,
/// a title and a description for screen readers, coloured by the stylesheet (light, dark, print).
enum Chart {
  struct Series {
    let name: String
    /// One value per label; nil is a gap (hidden or nothing measured).
    let values: [Double?]
  }

  enum Style { case bars, lines }

  private static let width = 320.0
  private static let height = 170.0
  /// Room for the value axis's ticks.
  private static let axisLeft = 40.0
  /// A label's width per character at the charts' 9 px type (wide fonts such as DejaVu included).
  private static let characterWidth = 6.3
  private static let right = 10.0
  private static let top = 12.0

  /// A chart of `series` over `labels`. `id` must be unique on the page.
  static func draw(
    id: String, title: String, description: String, labels: [String], series: [Series], unit: Measure.Unit,
    style: Style
  ) -> Node {
    // Many labels are slanted so they do not run into each other; the margins grow to hold the
    // longest one, so the first label is not cut at the left edge nor any at the bottom.
    let slanted = labels.count > 4
    let angle = 35.0 * Double.pi / 180
    let longest = Double(labels.map(\.count).max() ?? 0) * characterWidth
    let bottom = slanted ? max(48.0, 16 + longest * sin(angle)) : 28.0
    let half = 1 / (2 * Double(max(labels.count, 1)))
    let left =
      slanted ? max(axisLeft, (longest * cos(angle) + 2 - (width - right) * half) / (1 - half)) : axisLeft
    let values = series.flatMap { $0.values.compactMap { $0 } }
    let ceiling = scaleTop(values.max() ?? 0, unit: unit)
    let plotWidth = width - left - right
    let plotHeight = height - top - bottom
    let step = plotWidth / Double(max(labels.count, 1))
    func y(_ value: Double) -> Double { top + plotHeight * (1 - value / ceiling) }
    func x(_ index: Int) -> Double { left + step * (Double(index) + 0.5) }
    let summary = series.map { series in
      "\(series.name): "
        + zip(labels, series.values).map { "\($0) \($1.map { format($0, unit) } ?? "not shown")" }
        .joined(separator: ", ")
    }.joined(separator: "; ")
    return .element(
      "svg",
      [
        .class("chart"), .role("img"), Attribute("viewBox", "0 0 \(Int(width)) \(Int(height))"),
        .aria("labelledby", "\(id)-title \(id)-desc"), .id(id),
      ]
    ) {
      Node.element("title", [.id("\(id)-title")]) { Node.text(title) }
      Node.element("desc", [.id("\(id)-desc")]) { Node.text("\(description) \(summary).") }
      // The value axis: zero, half-way and the top, with grid lines.
      for fraction in [0.0, 0.5, 1.0] {
        let value = ceiling * fraction
        Node.element(
          "line",
          [
            .class(fraction == 0 ? "axis" : "grid"), Attribute("x1", n(left)),
            Attribute("x2", n(width - right)),
            Attribute("y1", n(y(value))), Attribute("y2", n(y(value))),
          ])
        Node.element(
          "text",
          [
            .class("tick"), Attribute("x", n(left - 4)), Attribute("y", n(y(value) + 3)),
            Attribute("text-anchor", "end"),
          ]
        ) { Node.text(format(value, unit, short: true)) }
      }
      Node.element(
        "line",
        [
          .class("axis"), Attribute("x1", n(left)), Attribute("x2", n(left)), Attribute("y1", n(top)),
          Attribute("y2", n(top + plotHeight)),
        ])
      for (index, label) in labels.enumerated() {
        let labelY = top + plotHeight + 12
        Node.element(
          "text",
          [
            .class("tick"), Attribute("x", n(x(index))), Attribute("y", n(labelY)),
            Attribute("text-anchor", slanted ? "end" : "middle"),
          ] + (slanted ? [Attribute("transform", "rotate(-35 \(n(x(index))) \(n(labelY)))")] : [])
        ) { Node.text(label) }
      }
      switch style {
      case .bars:
        let groupWidth = step * 0.7
        let barWidth = groupWidth / Double(max(series.count, 1))
        for (seriesIndex, series) in series.enumerated() {
          for (index, value) in series.values.enumerated() {
            let barX = x(index) - groupWidth / 2 + barWidth * Double(seriesIndex)
            if let value {
              Node.element(
                "rect",
                [
                  .class("bar series-\(seriesIndex)"), Attribute("x", n(barX)), Attribute("y", n(y(value))),
                  Attribute("width", n(barWidth - 1)), Attribute("height", n(max(y(0) - y(value), 0.5))),
                ]
              ) {
                Node.element("title", []) {
                  Node.text("\(series.name), \(labels[index]): \(format(value, unit))")
                }
              }
            } else {
              Node.element(
                "text",
                [
                  .class("gap"), Attribute("x", n(barX + barWidth / 2)), Attribute("y", n(y(0) - 4)),
                  Attribute("text-anchor", "middle"),
                ]
              ) { "–" }
            }
          }
        }
      case .lines:
        for (seriesIndex, series) in series.enumerated() {
          // A line joins neighbouring values only; a gap breaks it.
          for index in series.values.indices.dropLast() {
            if let from = series.values[index], let to = series.values[index + 1] {
              Node.element(
                "line",
                [
                  .class("line series-\(seriesIndex)"), Attribute("x1", n(x(index))),
                  Attribute("y1", n(y(from))),
                  Attribute("x2", n(x(index + 1))), Attribute("y2", n(y(to))),
                ])
            }
          }
          for (index, value) in series.values.enumerated() {
            if let value {
              Node.element(
                "circle",
                [
                  .class("point series-\(seriesIndex)"), Attribute("cx", n(x(index))),
                  Attribute("cy", n(y(value))),
                  Attribute("r", "3"),
                ]
              ) {
                Node.element("title", []) {
                  Node.text("\(series.name), \(labels[index]): \(format(value, unit))")
                }
              }
            }
          }
        }
      }
    }
  }

  /// A figure as people read it: 82%, 3, 12 days, 4.1 of 5, 1.5 per person.
  static func format(_ value: Double, _ unit: Measure.Unit, short: Bool = false) -> String {
    switch unit {
    case .share: "\(Int((value * 100).rounded()))%"
    case .count: value == value.rounded() ? String(Int(value)) : oneDecimal(value)
    case .days: short ? String(Int(value.rounded())) : "\(Int(value.rounded())) days"
    case .score: oneDecimal(value)
    case .perPerson: oneDecimal(value)
    }
  }

  /// A round top for the value axis: 100% for shares, 5 for scores, otherwise a little above the most.
  private static func scaleTop(_ most: Double, unit: Measure.Unit) -> Double {
    switch unit {
    case .share: return 1
    case .score: return 5
    default:
      guard most > 0 else { return 1 }
      let magnitude = pow(10, floor(log10(most)))
      for multiple in [1.0, 2, 2.5, 5, 10] where most <= multiple * magnitude { return multiple * magnitude }
      return 10 * magnitude
    }
  }

  private static func n(_ value: Double) -> String { oneDecimal(value) }

  /// `value` to one decimal as `%.1f` writes it (but no "-0.0"), with whole tenths: a chart
  /// writes hundreds of numbers, and the C formatter cost the team page an eighth of its time.
  static func oneDecimal(_ value: Double) -> String {
    guard abs(value) < 1e15 else { return String(format: "%.1f", value) }
    let tenths = Int((value * 10).rounded(.toNearestOrEven))
    return "\(tenths < 0 ? "-" : "")\(abs(tenths) / 10).\(abs(tenths) % 10)"
  }
}
