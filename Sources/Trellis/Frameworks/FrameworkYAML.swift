import Foundation
import YAML

/// The framework as YAML in the shape of public progression frameworks: tracks with levels,
/// areas, then topics (competencies), each with its levels and their criteria and examples.
///
///     topics:
///       - slug: craft
///         name: Craft
///         area: delivery
///         levels:
///           - level: engineering/senior
///             criteria: Leads the design of a service end to end.
///             examples: [Wrote the design for the billing rewrite]
///
/// Problems are named by their path in this file and the line they are on.
extension Framework {
  public func yaml() -> String {
    func optional(_ key: String, _ value: String?) -> [(String, YAMLNode)] {
      value.map { [(key, .scalar($0))] } ?? []
    }
    let tracks = tracks.map { track in
      YAMLNode.mapping(
        [("slug", .scalar(track.slug)), ("name", .scalar(track.name))]
          + optional("description", track.description)
          + [
            (
              "levels",
              .sequence(
                track.levels.map { level in
                  .mapping(
                    [("slug", .scalar(level.slug)), ("name", .scalar(level.name))]
                      + optional("summary", level.summary))
                })
            )
          ])
    }
    let areas = areas.map { YAMLNode.mapping([("slug", .scalar($0.slug)), ("name", .scalar($0.name))]) }
    let levelOrder = self.tracks.flatMap { track in track.levels.map { "\(track.slug)/\($0.slug)" } }
    let topics = self.areas.flatMap { area in
      area.competencies.map { competency in
        let keys = competency.expectations.keys.sorted {
          (levelOrder.firstIndex(of: $0) ?? .max, $0) < (levelOrder.firstIndex(of: $1) ?? .max, $1)
        }
        return YAMLNode.mapping(
          [
            ("slug", .scalar(competency.slug)), ("name", .scalar(competency.name)),
            ("area", .scalar(area.slug)),
          ]
            + optional("description", competency.description)
            + [
              (
                "levels",
                .sequence(
                  keys.map { key in
                    let expectation = competency.expectations[key]!
                    return .mapping(
                      [("level", .scalar(key)), ("criteria", .scalar(expectation.description))]
                        + (expectation.examples.map { [("examples", .sequence($0.map(YAMLNode.scalar)))] }
                          ?? []))
                  })
              )
            ])
      }
    }
    let roles = roles.map { role in
      YAMLNode.mapping(
        [
          ("slug", .scalar(role.slug)), ("title", .scalar(role.title)), ("track", .scalar(role.track)),
          ("level", .scalar(role.level)),
        ] + optional("description", role.description))
    }
    return YAMLNode.mapping([
      ("tracks", .sequence(tracks)), ("areas", .sequence(areas)), ("topics", .sequence(topics)),
      ("roles", .sequence(roles)),
    ]).yaml()
  }

  /// Reads a framework from YAML and checks it whole; every problem names its path and line.
  public init(yaml text: String) throws {
    let root: YAMLNode
    do {
      root = try YAMLNode.parse(text)
    } catch let error as YAMLError {
      throw ValidationError(field: "file", "line \(error.line), column \(error.column): \(error.message)")
    }
    var reader = YAMLFrameworkReader()
    let framework = reader.read(root)
    // The framework's own checks only once its shape is right, so one slip is not reported twice.
    try ValidationError.throwing(reader.problems)
    try ValidationError.throwing(framework.problems().map(reader.translate))
    self = framework
  }
}

/// Turns the YAML tree into a framework, collecting structural problems as it goes, and keeps
/// where each element came from so the framework's own checks can be reported in YAML terms.
private struct YAMLFrameworkReader {
  var problems: [ValidationError.Problem] = []
  /// Line of each element, by its path in the YAML file (`topics[2].levels[0]`).
  var lines: [String: Int] = [:]
  /// `areas[a].competencies[c]` → `topics[t]`.
  var topicPaths: [String: String] = [:]
  /// `topics[t]` plus a `track/level` key → `topics[t].levels[l]`.
  var levelPaths: [String: String] = [:]

  mutating func problem(_ path: String, _ line: Int, _ message: String) {
    problems.append(ValidationError.Problem(field: path, message: "line \(line): \(message)"))
  }

  mutating func list(_ node: YAMLNode?, _ path: String, line: Int, required: Bool = true) -> [YAMLNode] {
    guard let node, !node.isNull else {
      if required { problem(path, line, "is required (a list)") }
      return []
    }
    guard let items = node.items else {
      problem(path, node.line, "must be a list")
      return []
    }
    return items
  }

  mutating func text(_ node: YAMLNode, _ key: String, _ path: String, required: Bool = true) -> String? {
    guard let value = node[key], !value.isNull else {
      if required { problem("\(path).\(key)", node.line, "is required") }
      return nil
    }
    guard let text = value.string else {
      problem("\(path).\(key)", value.line, "must be a text, not a list or mapping")
      return nil
    }
    return text
  }

  mutating func mapping(_ node: YAMLNode, _ path: String) -> Bool {
    lines[path] = node.line
    guard node.pairs != nil else {
      problem(path, node.line, "must be a mapping of keys and values")
      return false
    }
    return true
  }

  mutating func read(_ root: YAMLNode) -> Framework {
    guard root.pairs != nil else {
      problem("file", root.line, "must be a mapping with tracks, areas, topics and roles")
      return .empty
    }
    var tracks: [Framework.Track] = []
    for (t, node) in list(root["tracks"], "tracks", line: root.line).enumerated() {
      let path = "tracks[\(t)]"
      guard mapping(node, path) else { continue }
      var levels: [Framework.Level] = []
      for (l, level) in list(node["levels"], "\(path).levels", line: node.line).enumerated() {
        let levelPath = "\(path).levels[\(l)]"
        guard mapping(level, levelPath) else { continue }
        levels.append(
          Framework.Level(
            slug: text(level, "slug", levelPath) ?? "", name: text(level, "name", levelPath) ?? "",
            summary: text(level, "summary", levelPath, required: false)))
      }
      tracks.append(
        Framework.Track(
          slug: text(node, "slug", path) ?? "", name: text(node, "name", path) ?? "",
          description: text(node, "description", path, required: false), levels: levels))
    }
    var areas: [Framework.Area] = []
    for (a, node) in list(root["areas"], "areas", line: root.line).enumerated() {
      let path = "areas[\(a)]"
      guard mapping(node, path) else { continue }
      areas.append(
        Framework.Area(
          slug: text(node, "slug", path) ?? "", name: text(node, "name", path) ?? "", competencies: []))
    }
    for (t, node) in list(root["topics"], "topics", line: root.line, required: false).enumerated() {
      let path = "topics[\(t)]"
      guard mapping(node, path) else { continue }
      var expectations: [String: Framework.Expectation] = [:]
      for (l, level) in list(node["levels"], "\(path).levels", line: node.line, required: false).enumerated()
      {
        let levelPath = "\(path).levels[\(l)]"
        guard mapping(level, levelPath) else { continue }
        guard let key = text(level, "level", levelPath) else { continue }
        if expectations[key] != nil {
          problem("\(levelPath).level", level.line, "\"\(key)\" is described twice in this topic")
        }
        var examples: [String]?
        if let list = level["examples"], !list.isNull {
          examples = self.list(list, "\(levelPath).examples", line: level.line).enumerated().compactMap {
            (e, example) in
            if example.string == nil {
              problem("\(levelPath).examples[\(e)]", example.line, "must be a text")
            }
            return example.string
          }
        }
        levelPaths["\(path)|\(key)"] = levelPath
        expectations[key] = Framework.Expectation(
          description: text(level, "criteria", levelPath) ?? "", examples: examples)
      }
      let competency = Framework.Competency(
        slug: text(node, "slug", path) ?? "", name: text(node, "name", path) ?? "",
        description: text(node, "description", path, required: false), expectations: expectations)
      guard let area = text(node, "area", path) else { continue }
      guard let index = areas.firstIndex(where: { $0.slug == area }) else {
        problem("\(path).area", node["area"]?.line ?? node.line, "names no area: \"\(area)\"")
        continue
      }
      topicPaths["areas[\(index)].competencies[\(areas[index].competencies.count)]"] = path
      areas[index].competencies.append(competency)
    }
    var roles: [Framework.Role] = []
    for (r, node) in list(root["roles"], "roles", line: root.line, required: false).enumerated() {
      let path = "roles[\(r)]"
      guard mapping(node, path) else { continue }
      roles.append(
        Framework.Role(
          slug: text(node, "slug", path) ?? "", title: text(node, "title", path) ?? "",
          track: text(node, "track", path) ?? "", level: text(node, "level", path) ?? "",
          description: text(node, "description", path, required: false)))
    }
    return Framework(tracks: tracks, areas: areas, roles: roles)
  }

  /// A problem found in the framework, named by its YAML path and line.
  func translate(_ problem: ValidationError.Problem) -> ValidationError.Problem {
    var path = problem.field
    if let competency = path.range(of: #"^areas\[\d+\]\.competencies\[\d+\]"#, options: .regularExpression),
      let topic = topicPaths[String(path[competency])]
    {
      path = topic + path[competency.upperBound...]
      if let expectation = path.range(of: #"\.expectations\["[^"]*"\]"#, options: .regularExpression) {
        let key = path[expectation].dropFirst(15).dropLast(2)
        let level = levelPaths["\(topic)|\(key)"] ?? "\(topic).levels"
        let rest = path[expectation.upperBound...]
        path = level + (rest == ".description" ? ".criteria" : rest == "" ? ".level" : String(rest))
      }
    }
    // The nearest element whose line is known.
    var prefix = path
    while lines[prefix] == nil, let cut = prefix.lastIndex(where: { $0 == "." || $0 == "[" }) {
      prefix = String(prefix[..<cut])
    }
    let message = lines[prefix].map { "line \($0): \(problem.message)" } ?? problem.message
    return ValidationError.Problem(field: path, message: message)
  }
}
