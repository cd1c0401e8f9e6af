import Foundation
import SQL

/// Migration 28: the shipped guides address each side. Their prompts become the employee's, and a
/// section for the manager (or mentor) is added, as a new version of each shipped guide the people
/// team has not revised; conversations keep the version they were scheduled with.
enum GuideSidesSchema {
  /// The other side's prompts, by shipped guide.
  static let partnerSections: [String: GuideSection] = [
    "quarterly-check-in": GuideSection(
      title: "From my side (manager)",
      prompts: [
        "What I noticed about your work this quarter", "Which opportunity I can open for you",
        "What I will do to support you before we meet again",
      ]),
    "first-conversation": GuideSection(
      title: "From my side (manager)",
      prompts: [
        "What I expect in your first months", "How I like to work and to be reached",
        "Who you should meet first",
      ]),
    GuidesSchema.mentoringGuide: GuideSection(
      title: "From my side (mentor)",
      prompts: ["What I noticed since we last met", "What I can share, or whom I can introduce you to"]),
    "stay-conversation": GuideSection(
      title: "From my side (manager)",
      prompts: ["What I value most in your work", "What I can change for you, and by when"]),
  ]

  static var migration: Migration {
    var sql = ""
    for guide in GuidesSchema.shipped {
      guard let partner = partnerSections[guide.slug] else { continue }
      let sections =
        guide.sections.map {
          GuideSection(
            title: $0.title, prompts: $0.prompts,
            audiences: Array(repeating: .employee, count: $0.prompts.count))
        } + [
          GuideSection(
            title: partner.title, prompts: partner.prompts,
            audiences: Array(repeating: .partner, count: partner.prompts.count))
        ]
      let json = String(decoding: try! JSONEncoder.sorted.encode(sections), as: UTF8.self)
      sql += """
        INSERT INTO guide_versions (guide_id, version, sections, created_by, created_at)
        SELECT guides.id, 2, '\(json.replacingOccurrences(of: "'", with: "''"))', NULL, '2026-12-01T00:00:00.000Z'
        FROM guides WHERE guides.slug = '\(guide.slug)'
          AND NOT EXISTS (SELECT 1 FROM guide_versions WHERE guide_versions.guide_id = guides.id AND guide_versions.version > 1);

        """
    }
    return Migration(28, "guides address each side", sql: sql)
  }
}
