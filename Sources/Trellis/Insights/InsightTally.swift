extension InsightRefresh {
  /// The sums behind a quarter's figures, for the whole organization and each department, team
  /// and location. Groups are numbered as people are read, and each group's sums sit in flat
  /// arrays by number and measure, so a refresh over 100,000 people in 12,000 teams keeps a few
  /// numbers per group and per person rather than a dictionary entry (and a name) for each.
  struct Tally {
    /// The dimensions of a person's groups, in the order of their slots.
    static let dimensions: [Dimension] = [.organization, .department, .team, .location]
    static let measures = Measure.allCases

    private var groups: [(dimension: Dimension, name: String)] = [(.organization, "")]
    private var numbered: [Dimension: [String: Int32]] = [:]
    /// A person's number, and their groups in `slots` (four per person, −1 where they have none).
    private var member: [Int64: Int32] = [:]
    private var slots: [Int32] = []
    /// The measures each person counts in, a bit per measure.
    private var counted: [UInt32] = []
    private var numerator: [Double] = []
    private var denominator: [Double] = []
    /// Whether anyone was added to a group's measure: only those become figures.
    private var touched: [Bool] = []

    /// Everyone counted, in the order they were read.
    private(set) var people: [Int64] = []

    mutating func addMember(_ id: Int64, department: String, team: String, location: String) {
      member[id] = Int32(people.count)
      people.append(id)
      slots.append(0)
      for (dimension, name) in [(Dimension.department, department), (.team, team), (.location, location)] {
        slots.append(name.isEmpty ? -1 : number(dimension, name))
      }
      counted.append(0)
    }

    private mutating func number(_ dimension: Dimension, _ name: String) -> Int32 {
      if let known = numbered[dimension]?[name] { return known }
      let next = Int32(groups.count)
      groups.append((dimension, name))
      numbered[dimension, default: [:]][name] = next
      return next
    }

    /// Once every member is in: makes room for the sums.
    mutating func startCounting() {
      let size = groups.count * Self.measures.count
      numerator = Array(repeating: 0, count: size)
      denominator = Array(repeating: 0, count: size)
      touched = Array(repeating: false, count: size)
      numbered = [:]
    }

    /// Adds one person's part of a measure to each of their groups it is shown by.
    mutating func add(_ person: Int64, _ measure: Measure, _ numerator: Double, _ denominator: Double = 1) {
      guard let index = member[person].map(Int.init) else { return }
      let ordinal = Self.measures.firstIndex(of: measure)!
      for slot in 0..<4 where measure.available(by: Self.dimensions[slot]) {
        let group = slots[index * 4 + slot]
        guard group >= 0 else { continue }
        let cell = Int(group) * Self.measures.count + ordinal
        self.numerator[cell] += numerator
        self.denominator[cell] += denominator
        touched[cell] = true
      }
      counted[index] |= 1 << UInt32(ordinal)
    }

    /// The figures: a value and the number of people behind it, for each group and measure
    /// anyone was added to.
    func cells() -> [Cell] {
      let measureCount = Self.measures.count
      // People behind each figure, from the measures each person counts in.
      var behind = [Int32](repeating: 0, count: groups.count * measureCount)
      for index in counted.indices where counted[index] != 0 {
        for ordinal in 0..<measureCount where counted[index] & (1 << UInt32(ordinal)) != 0 {
          for slot in 0..<4 {
            let group = slots[index * 4 + slot]
            if group >= 0 { behind[Int(group) * measureCount + ordinal] += 1 }
          }
        }
      }
      var cells: [Cell] = []
      cells.reserveCapacity(touched.lazy.filter { $0 }.count)
      for (cell, isTouched) in touched.enumerated() where isTouched {
        let group = groups[cell / measureCount]
        let measure = Self.measures[cell % measureCount]
        cells.append(
          Cell(
            key: Key(dimension: group.dimension, group: group.name, measure: measure),
            value: measure.unit == .count
              ? numerator[cell] : denominator[cell] > 0 ? numerator[cell] / denominator[cell] : nil,
            people: Int(behind[cell])))
      }
      return cells
    }
  }
}
