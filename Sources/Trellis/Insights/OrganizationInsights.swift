import Foundation
import SQL

/// One figure for one quarter; hidden when fewer than `Policy.smallestGroup` people are behind it.
public struct InsightCell: Sendable, Codable, Equatable {
  public let quarter: Quarter
  /// Nil when hidden or when there was nothing to measure.
  public let value: Double?
  /// How many people are behind the figure; nil when hidden.
  public let people: Int?
  public let suppressed: Bool
}

public struct MeasureSeries: Sendable, Codable, Equatable {
  public let measure: Measure
  public let cells: [InsightCell]
}

/// The figures of one group (a department, team or location, or the whole organization).
public struct GroupInsights: Sendable, Codable, Equatable {
  public let name: String
  public let measures: [MeasureSeries]

  public func series(_ measure: Measure) -> MeasureSeries? { measures.first { $0.measure == measure } }
  /// Every figure of the group is hidden: too few people behind any of them.
  public var hidden: Bool { measures.allSatisfy { $0.cells.allSatisfy { $0.suppressed || $0.value == nil } } }
}

/// The people team's dashboard: the organization and its groups over recent quarters, with no
/// names and no content, each figure drawn from at least five people.
public struct OrganizationInsights: Sendable, Codable, Equatable {
  public let dimension: Dimension
  public let quarters: [Quarter]
  /// When the figures were last worked out (nil before the first refresh).
  public let refreshedAt: Date?
  public let minimumGroupSize: Int
  public let organization: GroupInsights
  public let groups: [GroupInsights]
}

enum InsightStore {
  /// When the figures were last worked out: their version.
  static func lastRefresh(_ connection: any Connection) throws -> String? {
    try connection.read(lastRefresh())
  }

  static func lastRefresh() -> Read<String?> {
    Read("SELECT max(refreshed_at) AS refreshed_at FROM insight_refreshes") {
      try $0.first?.decode("refreshed_at", as: String?.self) ?? nil
    }
  }

  static func read(
    _ connection: any Connection, dimension: Dimension, quarters: [Quarter]
  ) throws -> OrganizationInsights {
    let labels = quarters.map(\.description)
    let dimensions = dimension == .organization ? ["organization"] : ["organization", dimension.rawValue]
    var values: [String: [String: [String: (Double?, Int)]]] = [:]  // group -> measure -> quarter
    for row in try connection.query(
      """
      SELECT dimension, group_name, measure, quarter, value, people FROM insight_cells
      WHERE dimension IN (\(list: dimensions)) AND quarter IN (\(list: labels))
      """)
    {
      let group =
        try row.decode("dimension", as: String.self) == "organization"
        ? "" : "/" + (try row.decode("group_name", as: String.self))
      values[group, default: [:]][try row.decode("measure", as: String.self), default: [:]][
        try row.decode("quarter", as: String.self)] = (
          try row.decode("value", as: Double?.self), try row.decode("people", as: Int.self)
        )
    }
    func group(_ key: String, name: String) -> GroupInsights {
      GroupInsights(
        name: name,
        measures: Measure.allCases.filter { $0.available(by: key.isEmpty ? .organization : dimension) }.map {
          measure in
          MeasureSeries(
            measure: measure,
            cells: quarters.map { quarter in
              guard let (value, people) = values[key]?[measure.rawValue]?[quarter.description] else {
                return InsightCell(quarter: quarter, value: nil, people: 0, suppressed: false)
              }
              let hidden = !Policy.mayShowFigure(drawnFrom: people)
              return InsightCell(
                quarter: quarter, value: hidden ? nil : value, people: hidden ? nil : people,
                suppressed: hidden)
            })
        })
    }
    let refreshed = try connection.scalar(
      "SELECT max(refreshed_at) FROM insight_refreshes WHERE quarter IN (\(list: labels))", as: Date?.self)
    return OrganizationInsights(
      dimension: dimension, quarters: quarters, refreshedAt: refreshed ?? nil,
      minimumGroupSize: Policy.smallestGroup,
      organization: group("", name: "Organization"),
      groups: values.keys.filter { !$0.isEmpty }.sorted().map { group($0, name: String($0.dropFirst())) })
  }
}
