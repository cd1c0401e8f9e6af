import Foundation
import SQL

extension ConversationService {
  /// One guide with its current version; anyone may read guides.
  public func guide(_ actor: Actor, id: Int64) throws -> Guide {
    guard let guide = try guides(actor, includeRetired: true).first(where: { $0.id == id }) ?? nil else {
      throw NotFound("guide")
    }
    return guide
  }

  /// A new guide (people team).
  public func createGuide(_ actor: Actor, title: String, purpose: String, sections: [GuideSection]) throws
    -> Guide
  {
    try Policy.require(actor, .manageGuides)
    try Self.checkGuide(title: title, purpose: purpose, sections: sections)
    let id = try database.transaction { connection -> Int64 in
      var slug = Self.slug(title)
      var suffix = 2
      while try connection.scalar("SELECT count(*) FROM guides WHERE slug = \(slug)", as: Int.self) ?? 0 > 0 {
        slug = "\(Self.slug(title))-\(suffix)"
        suffix += 1
      }
      let now = clock.now()
      let id = try connection.query(
        """
        INSERT INTO guides (slug, title, purpose, retired, is_default, created_at)
        VALUES (\(slug), \(title.trimmed), \(purpose.trimmed), FALSE, FALSE, \(now)) RETURNING id
        """)[0].decode("id", as: Int64.self)
      try connection.execute(
        """
        INSERT INTO guide_versions (guide_id, version, sections, created_by, created_at)
        VALUES (\(id), 1, \(String(decoding: try JSONEncoder.sorted.encode(sections), as: UTF8.self)), \(actor.id), \(now))
        """)
      return id
    }
    return try guide(actor, id: id)
  }

  /// A guide's saved versions, newest first, each with who saved it and how many conversations
  /// were held with it (people team).
  public func guideVersions(_ actor: Actor, guide id: Int64, limit: Int = 20, offset: Int = 0) throws
    -> Page<GuideVersionEntry>
  {
    try Policy.require(actor, .manageGuides)
    return try database.withConnection { connection in
      try Page.read(
        connection, limit: limit, offset: offset, counting: "guide_versions WHERE guide_id = \(id)"
      ) { limit, offset in
        try connection.query(
          """
          SELECT guide_versions.id, guide_versions.guide_id, guide_versions.version, guide_versions.sections,
                 guide_versions.created_at, guide_versions.created_by, guides.title, people.given_name,
                 people.family_name, people.preferred_name, people.email,
                 (SELECT count(*) FROM conversations
                  WHERE conversations.guide_version_id = guide_versions.id AND conversations.status = 'held')
                   AS held
          FROM guide_versions JOIN guides ON guides.id = guide_versions.guide_id
            LEFT JOIN people ON people.id = guide_versions.created_by
          WHERE guide_versions.guide_id = \(id)
          ORDER BY guide_versions.version DESC \(.window(limit, offset))
          """
        ).map { row in
          GuideVersionEntry(
            version: try ConversationStore.guideVersion(row), savedAt: try row.decode("created_at"),
            savedBy: try row.decode("created_by", as: Int64?.self) == nil ? nil : try PersonName.display(row),
            conversations: try row.decode("held"))
        }
      }
    }
  }

  /// Saves version `number` of a guide again as its newest (people team): the title and purpose
  /// stay as they are now, and conversations keep the versions they were held with.
  public func restoreGuideVersion(_ actor: Actor, guide id: Int64, number: Int) throws {
    try Policy.require(actor, .manageGuides)
    let current = try guide(actor, id: id)
    guard
      let row = try database.withConnection({
        try $0.queryFirst(
          "SELECT sections FROM guide_versions WHERE guide_id = \(id) AND version = \(number)")
      })
    else { throw NotFound("guide version") }
    let sections = try JSONDecoder().decode(
      [GuideSection].self, from: Data(try row.decode("sections", as: String.self).utf8))
    try reviseGuide(actor, guide: id, title: current.title, purpose: current.purpose, sections: sections)
  }

  /// Retires a guide (no longer offered when scheduling) or brings it back. The default stays offered.
  public func setGuideRetired(_ actor: Actor, id: Int64, retired: Bool) throws {
    try Policy.require(actor, .manageGuides)
    try database.transaction { connection in
      let current = try guide(actor, id: id)
      if retired && current.isDefault {
        throw Conflict(
          field: "retired", "the default guide cannot be retired: make another guide the default first")
      }
      try connection.execute("UPDATE guides SET retired = \(retired) WHERE id = \(id)")
    }
  }

  /// The guide preselected when scheduling.
  public func setDefaultGuide(_ actor: Actor, id: Int64) throws {
    try Policy.require(actor, .manageGuides)
    try database.transaction { connection in
      let chosen = try guide(actor, id: id)
      guard !chosen.retired else { throw Conflict("a retired guide cannot be the default") }
      try connection.execute("UPDATE guides SET is_default = FALSE WHERE is_default = TRUE")
      try connection.execute("UPDATE guides SET is_default = TRUE WHERE id = \(id)")
    }
  }

  static func checkGuide(title: String, purpose: String, sections: [GuideSection]) throws {
    var validator = Validator()
    TextRule.guideTitle.check(title, "title", in: &validator)
    TextRule.guidePurpose.check(purpose, "purpose", in: &validator)
    ListRule.guideSections.check(sections.count, "sections", in: &validator)
    for (index, section) in sections.enumerated() {
      TextRule.guideTitle.check(section.title, "sections[\(index)].title", in: &validator)
      ListRule.guidePrompts.check(section.prompts.count, "sections[\(index)].prompts", in: &validator)
      if let audiences = section.audiences, audiences.count != section.prompts.count {
        validator.check(
          false, "sections[\(index)].audiences", "must name who each prompt is for, one per prompt")
      }
      for (number, prompt) in section.prompts.enumerated() {
        TextRule.guidePrompt.check(prompt, "sections[\(index)].prompts[\(number)]", in: &validator)
      }
    }
    try validator.throwIfInvalid()
  }

  static func slug(_ title: String) -> String { Slug.make(title, otherwise: "guide") }
}

/// Guides written as text: `## Section` lines start a section, `- prompt` lines add prompts. A
/// prompt may start with who it is for: `[employee]`, `[manager]` or `[mentor]`, or `[both]` (the
/// default).
public enum GuideText {
  static let tags: [(String, PromptAudience)] = [
    ("[employee]", .employee), ("[manager]", .partner), ("[mentor]", .partner), ("[both]", .both),
  ]

  public static func parse(_ text: String) throws -> [GuideSection] {
    var sections: [(title: String, prompts: [String], audiences: [PromptAudience])] = []
    // Browsers send textarea lines with CRLF, a single Character in Swift: split on any newline.
    for (number, raw) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
      .enumerated()
    {
      let line = raw.trimmingCharacters(in: .whitespaces)
      if line.isEmpty { continue }
      if line.hasPrefix("## ") {
        sections.append((String(line.dropFirst(3)).trimmed, [], []))
      } else if line.hasPrefix("- ") || line.hasPrefix("* ") {
        guard !sections.isEmpty else {
          throw ValidationError(
            field: "sections", "line \(number + 1): a prompt comes after a “## Section” line")
        }
        var prompt = String(line.dropFirst(2)).trimmed
        var audience = PromptAudience.both
        if let (tag, named) = tags.first(where: { prompt.lowercased().hasPrefix($0.0) }) {
          prompt = String(prompt.dropFirst(tag.count)).trimmed
          audience = named
        } else if prompt.hasPrefix("[") {
          throw ValidationError(
            field: "sections",
            "line \(number + 1): a prompt is for [employee], [manager], [mentor] or [both]")
        }
        sections[sections.count - 1].prompts.append(prompt)
        sections[sections.count - 1].audiences.append(audience)
      } else {
        throw ValidationError(
          field: "sections", "line \(number + 1): start it with “## ” for a section or “- ” for a prompt")
      }
    }
    return sections.map {
      GuideSection(
        title: $0.title, prompts: $0.prompts,
        audiences: $0.audiences.allSatisfy { $0 == .both } ? nil : $0.audiences)
    }
  }

  /// The text `parse` reads back; `partner` names the other side ("manager" or "mentor").
  public static func render(_ sections: [GuideSection], partner: String = "manager") -> String {
    sections.map { section in
      let prompts = section.prompts.enumerated().map { index, prompt in
        switch section.audience(of: index) {
        case .both: "- \(prompt)"
        case .employee: "- [employee] \(prompt)"
        case .partner: "- [\(partner)] \(prompt)"
        }
      }
      return (["## \(section.title)"] + prompts).joined(separator: "\n")
    }.joined(separator: "\n\n")
  }
}
