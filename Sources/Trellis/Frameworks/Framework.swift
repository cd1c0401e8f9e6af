import Foundation

/// The career framework in its open exchange format (JSON): what the people team imports and
/// exports, and what pages are drawn from. Order in arrays is the order shown.
public struct Framework: Sendable, Codable, Equatable {
  public struct Level: Sendable, Codable, Equatable {
    public var slug: String
    public var name: String
    public var summary: String?

    public init(slug: String, name: String, summary: String?) {
      self.slug = slug
      self.name = name
      self.summary = summary
    }
  }

  public struct Track: Sendable, Codable, Equatable {
    public var slug: String
    public var name: String
    public var description: String?
    public var levels: [Level]

    public init(slug: String, name: String, description: String?, levels: [Level]) {
      self.slug = slug
      self.name = name
      self.description = description
      self.levels = levels
    }
  }

  public struct Expectation: Sendable, Codable, Equatable {
    public var description: String
    public var examples: [String]?

    public init(description: String, examples: [String]?) {
      self.description = description
      self.examples = examples
    }
  }

  public struct Competency: Sendable, Codable, Equatable {
    public var slug: String
    public var name: String
    public var description: String?
    /// Keyed by `track/level`, e.g. `engineering/senior`.
    public var expectations: [String: Expectation]

    public init(slug: String, name: String, description: String?, expectations: [String: Expectation]) {
      self.slug = slug
      self.name = name
      self.description = description
      self.expectations = expectations
    }
  }

  public struct Area: Sendable, Codable, Equatable {
    public var slug: String
    public var name: String
    public var competencies: [Competency]

    public init(slug: String, name: String, competencies: [Competency]) {
      self.slug = slug
      self.name = name
      self.competencies = competencies
    }
  }

  public struct Role: Sendable, Codable, Equatable {
    public var slug: String
    public var title: String
    public var track: String
    public var level: String
    public var description: String?

    public init(slug: String, title: String, track: String, level: String, description: String?) {
      self.slug = slug
      self.title = title
      self.track = track
      self.level = level
      self.description = description
    }
  }

  public var tracks: [Track]
  public var areas: [Area]
  public var roles: [Role]

  public init(tracks: [Track], areas: [Area], roles: [Role]) {
    self.tracks = tracks
    self.areas = areas
    self.roles = roles
  }

  public static let empty = Framework(tracks: [], areas: [], roles: [])
  /// What a slug is made of (`isSlug`; stated by the API).
  public static let slugPattern = "^[a-z0-9-]+$"

  public static func isSlug(_ value: String) -> Bool {
    !value.isEmpty && value.length <= TextRule.slug.maxLength
      && value.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" }
  }

  /// Every problem, each named by the path of the element: `areas[1].competencies[0].expectations["x/y"]`.
  public func problems() -> [ValidationError.Problem] {
    var validator = Validator()
    func slug(_ value: String, _ path: String) {
      validator.check(
        Self.isSlug(value), path, "must be a slug: lowercase letters, digits and dashes (\"\(value)\")")
    }
    func name(_ value: String, _ path: String) { TextRule.frameworkName.check(value, path, in: &validator) }
    func text(_ value: String?, _ path: String) { TextRule.frameworkText.check(value, path, in: &validator) }
    ListRule.frameworkTracks.check(tracks.count, "tracks", in: &validator)
    ListRule.frameworkAreas.check(areas.count, "areas", in: &validator)
    ListRule.frameworkRoles.check(roles.count, "roles", in: &validator)
    var levelKeys: Set<String> = []
    var trackSlugs: Set<String> = []
    for (t, track) in tracks.enumerated() {
      slug(track.slug, "tracks[\(t)].slug")
      name(track.name, "tracks[\(t)].name")
      text(track.description, "tracks[\(t)].description")
      validator.check(
        trackSlugs.insert(track.slug).inserted, "tracks[\(t)].slug",
        "\"\(track.slug)\" is used by another track")
      ListRule.frameworkLevels.check(track.levels.count, "tracks[\(t)].levels", in: &validator)
      var levelSlugs: Set<String> = []
      for (l, level) in track.levels.enumerated() {
        slug(level.slug, "tracks[\(t)].levels[\(l)].slug")
        name(level.name, "tracks[\(t)].levels[\(l)].name")
        text(level.summary, "tracks[\(t)].levels[\(l)].summary")
        validator.check(
          levelSlugs.insert(level.slug).inserted, "tracks[\(t)].levels[\(l)].slug",
          "\"\(level.slug)\" is used by another level of this track")
        levelKeys.insert("\(track.slug)/\(level.slug)")
      }
    }
    var areaSlugs: Set<String> = []
    var competencySlugs: Set<String> = []
    for (a, area) in areas.enumerated() {
      slug(area.slug, "areas[\(a)].slug")
      name(area.name, "areas[\(a)].name")
      ListRule.frameworkCompetencies.check(
        area.competencies.count, "areas[\(a)].competencies", in: &validator)
      validator.check(
        areaSlugs.insert(area.slug).inserted, "areas[\(a)].slug", "\"\(area.slug)\" is used by another area")
      for (c, competency) in area.competencies.enumerated() {
        let path = "areas[\(a)].competencies[\(c)]"
        slug(competency.slug, "\(path).slug")
        name(competency.name, "\(path).name")
        text(competency.description, "\(path).description")
        validator.check(
          competencySlugs.insert(competency.slug).inserted, "\(path).slug",
          "\"\(competency.slug)\" is used by another competency")
        for key in competency.expectations.keys.sorted() {
          let expectation = competency.expectations[key]!
          validator.check(
            levelKeys.contains(key), "\(path).expectations[\"\(key)\"]",
            "names no level: use track/level, e.g. \(levelKeys.sorted().first ?? "track/level")")
          let expectationPath = "\(path).expectations[\"\(key)\"]"
          TextRule.expectation.check(
            expectation.description, "\(expectationPath).description", in: &validator)
          ListRule.expectationExamples.check(
            expectation.examples?.count ?? 0, "\(expectationPath).examples", in: &validator)
          for (e, example) in (expectation.examples ?? []).enumerated() {
            TextRule.expectationExample.check(example, "\(expectationPath).examples[\(e)]", in: &validator)
          }
        }
      }
    }
    var roleSlugs: Set<String> = []
    for (r, role) in roles.enumerated() {
      slug(role.slug, "roles[\(r)].slug")
      name(role.title, "roles[\(r)].title")
      text(role.description, "roles[\(r)].description")
      validator.check(
        roleSlugs.insert(role.slug).inserted, "roles[\(r)].slug", "\"\(role.slug)\" is used by another role")
      validator.check(
        levelKeys.contains("\(role.track)/\(role.level)"), "roles[\(r)]",
        "track \"\(role.track)\" has no level \"\(role.level)\"")
    }
    return validator.problems
  }

  public func role(_ slug: String) -> Role? { roles.first { $0.slug == slug } }

  public func track(_ slug: String) -> Track? { tracks.first { $0.slug == slug } }
}
