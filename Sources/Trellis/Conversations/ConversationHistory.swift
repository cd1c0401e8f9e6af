import Foundation
import SQL

/// One past conversation as its history shows it: when, with whom, which guide, what was
/// agreed (the summary and whether it was confirmed) and what became of its action items.
public struct HistoryEntry: Sendable, Codable, Equatable {
  public let conversation: Conversation
  /// The manager or mentor of that conversation (after a manager change, not today's).
  public let partnerName: String
  public let guideTitle: String
  public let summary: Summary?
  public let actionItems: [ActionItem]
}

/// A relationship's past conversations, newest first, a page at a time.
public struct RelationshipHistory: Sendable, Codable, Equatable {
  public let relationship: CareerRelationship
  public let employee: Person
  public let partner: Person
  public let conversations: Page<HistoryEntry>
}

extension ConversationService {
  /// The past conversations of a relationship that the actor may read. A manager relationship's
  /// history also holds the employee's conversations with earlier managers: the employee sees them
  /// all, a new manager only what the employee handed over (each such read is recorded).
  public func history(
    _ actor: Actor, relationship id: Int64, limit: Int = 20, offset: Int = 0, via: Channel
  ) throws -> RelationshipHistory {
    try database.reading { connection, recorded in
      guard let relationship = try ConversationStore.find(connection, relationship: id),
        relationship.employeeID == actor.id || (relationship.partnerID == actor.id && relationship.isActive)
      else { throw NotFound("relationship") }
      let condition = historyCondition(actor, relationship)
      // The people, the page and each entry's parts: one round trip.
      let (people, page) = try connection.read(
        PeopleStore.find(ids: [relationship.employeeID, relationship.partnerID]),
        Page<HistoryEntry>.read(
          limit: limit, offset: offset,
          counting:
            "conversations JOIN relationships ON relationships.id = conversations.relationship_id WHERE \(condition)",
          items: { Self.historyItems(where: condition, limit: $0, offset: $1) }))
      Self.recordHandedOver(page.items, of: relationship, to: actor, via: via, at: clock.now(), &recorded)
      return RelationshipHistory(
        relationship: relationship, employee: try people[relationship.employeeID].found("person"),
        partner: try people[relationship.partnerID].found("person"),
        conversations: page)
    }
  }

  /// The conversations a relationship's history holds for the actor (one of its participants).
  func historyCondition(_ actor: Actor, _ relationship: CareerRelationship) -> SQLQuery {
    let ofThisKind: SQLQuery =
      relationship.kind == .manager
      ? "relationships.employee_id = \(relationship.employeeID) AND relationships.kind = 'manager'"
      : "relationships.id = \(relationship.id)"
    return """
      \(ofThisKind) AND \(ConversationStore.readable(by: actor.id, amongThoseOf: relationship.employeeID))
        AND (conversations.status <> 'scheduled' OR conversations.scheduled_at <= \(clock.now()))
      """
  }

  /// A page of history entries: the conversations and each one's parts, in one round trip.
  static func historyItems(where condition: SQLQuery, limit: Int, offset: Int) -> Read<[HistoryEntry]> {
    Read.together(
      ConversationStore.conversations(where: condition, limit: limit, offset: offset),
      entries(
        of: ConversationStore.selecting("conversations.id", where: condition, limit: limit, offset: offset))
    ).map { conversations, entries in entries(conversations) }
  }

  /// Entries from the employee's earlier relationships reach a new manager only by handover:
  /// their read is recorded in the employee's access history.
  static func recordHandedOver(
    _ entries: [HistoryEntry], of relationship: CareerRelationship, to actor: Actor, via: Channel,
    at now: Date,
    _ recorded: inout RecordedReads
  ) {
    guard actor.id != relationship.employeeID,
      let earliest = entries.last(where: { $0.conversation.relationshipID != relationship.id })?.conversation
    else { return }
    recorded.record(
      viewer: actor.id, subject: relationship.employeeID,
      data: "conversation history handed over (from \(day(earliest)))", via: via, at: now)
  }

  /// Guide, partner, summary and action items for many conversations, sent together.
  static func entries(_ connection: any Connection, _ conversations: [Conversation]) throws -> [HistoryEntry]
  {
    try connection.read(entries(of: "\(list: conversations.map(\.id))"))(conversations)
  }

  /// What the entries of the conversations `ids` selects (a list or a subquery) need beside the
  /// conversations themselves, as a read; its value makes the entries of those conversations.
  static func entries(of ids: SQLQuery) -> Read<([Conversation]) -> [HistoryEntry]> {
    Read.together(
      PeopleStore.find(
        where: """
          id IN (SELECT relationships.partner_id FROM conversations
            JOIN relationships ON relationships.id = conversations.relationship_id
            WHERE conversations.id IN (\(ids)))
          """),
      Read(
        """
        SELECT guide_versions.id, guides.title FROM guide_versions JOIN guides ON guides.id = guide_versions.guide_id
        WHERE guide_versions.id IN (SELECT guide_version_id FROM conversations WHERE id IN (\(ids)))
        """
      ) { rows in
        var guides: [Int64: String] = [:]
        for row in rows { guides[try row.decode("id")] = try row.decode("title") }
        return guides
      },
      ConversationStore.summaries(of: ids),
      ConversationStore.actionItems(where: "action_items.conversation_id IN (\(ids))")
    ).map { partners, guides, summaries, items in
      let items = Dictionary(grouping: items, by: \.conversationID)
      return { conversations in
        conversations.map { conversation in
          HistoryEntry(
            conversation: conversation, partnerName: partners[conversation.partnerID]?.displayName ?? "",
            guideTitle: guides[conversation.guideVersionID] ?? "", summary: summaries[conversation.id],
            actionItems: items[conversation.id] ?? [])
        }
      }
    }
  }
}
