import Foundation
import SQL

/// Migration 3: the conversation guides Trellis ships with. Built from the constants below, so
/// editing them later changes the checksum and is refused: improve a guide with a new version.
enum GuidesSchema {
  struct Shipped {
    let slug: String
    let title: String
    let purpose: String
    let isDefault: Bool
    let sections: [GuideSection]
  }

  /// The guide mentorships meet with.
  static let mentoringGuide = "mentoring-session"

  static let shipped: [Shipped] = [
    Shipped(
      slug: "quarterly-check-in", title: "Quarterly career check-in",
      purpose:
        "A regular look back and ahead: what you learned, where you want to grow, and what would help.",
      isDefault: true,
      sections: [
        GuideSection(
          title: "Reflection",
          prompts: [
            "What did you learn since we last talked?", "What surprised you?",
            "What would you do differently next time?",
          ]),
        GuideSection(
          title: "Goals and progress",
          prompts: ["Which of your goals moved forward, and which stalled?", "What got in the way?"]),
        GuideSection(
          title: "Development needs",
          prompts: ["Which skill would make the biggest difference to you in the next quarter?"]),
        GuideSection(
          title: "Aspirations",
          prompts: [
            "Where would you like to be in two years?",
            "Is there a lateral move, another team or track, you are curious about?",
          ]),
        GuideSection(
          title: "Support needed",
          prompts: ["What could your manager do differently to help you grow?", "Who else could help?"]),
      ]),
    Shipped(
      slug: "first-conversation", title: "First conversation with a new hire",
      purpose:
        "Getting to know each other in the first weeks: expectations, strengths and how to work together.",
      isDefault: false,
      sections: [
        GuideSection(
          title: "Getting started",
          prompts: ["How are your first weeks going?", "What is clearer or less clear than you expected?"]),
        GuideSection(
          title: "Strengths and ambitions",
          prompts: ["What are you best at, and what do you want to get better at?", "What brought you here?"]),
        GuideSection(
          title: "Working together",
          prompts: ["How do you like to receive feedback?", "How often should we meet, and how?"]),
      ]),
    Shipped(
      slug: mentoringGuide, title: "Mentoring session",
      purpose: "A conversation between a mentor and a mentee about the mentee's goals.",
      isDefault: false,
      sections: [
        GuideSection(
          title: "Since last time", prompts: ["What happened since we last met?", "What did you try?"]),
        GuideSection(
          title: "Today's topic", prompts: ["What would make this session valuable for you?"]),
        GuideSection(title: "Next steps", prompts: ["What will you try before we meet again?"]),
      ]),
    Shipped(
      slug: "stay-conversation", title: "Stay conversation",
      purpose: "Understanding what keeps someone here and what might make them leave, before it is too late.",
      isDefault: false,
      sections: [
        GuideSection(
          title: "What keeps you",
          prompts: ["What do you look forward to at work?", "What would you miss if you left?"]),
        GuideSection(
          title: "What could change",
          prompts: [
            "What frustrates you here?", "If you could change one thing about your role, what would it be?",
          ]),
        GuideSection(
          title: "Growth",
          prompts: ["Are you learning as much as you want to?", "What would tempt you away?"]),
      ]),
  ]

  static var migration: Migration {
    var sql = ""
    for (index, guide) in shipped.enumerated() {
      let id = index + 1
      let sections = String(decoding: try! JSONEncoder.sorted.encode(guide.sections), as: UTF8.self)
      sql += """
        INSERT INTO guides (id, slug, title, purpose, retired, is_default, created_at)
        VALUES (\(id), \(literal(guide.slug)), \(literal(guide.title)), \(literal(guide.purpose)), FALSE, \(guide.isDefault ? "TRUE" : "FALSE"), '2026-11-23T00:00:00.000Z');
        INSERT INTO guide_versions (id, guide_id, version, sections, created_by, created_at)
        VALUES (\(id), \(id), 1, \(literal(sections)), NULL, '2026-11-23T00:00:00.000Z');

        """
    }
    let count = shipped.count
    return Migration(
      3, "shipped conversation guides", sqlite: sql,
      postgresql: sql + """
        SELECT setval(pg_get_serial_sequence('guides', 'id'), \(count));
        SELECT setval(pg_get_serial_sequence('guide_versions', 'id'), \(count));
        """)
  }

  /// A SQL string literal for constant text (quotes doubled). Only for these constants.
  private static func literal(_ text: String) -> String {
    "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
  }
}

extension JSONEncoder {
  /// Keys sorted, so stored JSON is stable.
  static var sorted: JSONEncoder {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return encoder
  }
}
