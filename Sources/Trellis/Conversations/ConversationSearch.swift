import Foundation
import SQL

/// One place a search matched.
public struct SearchHit: Sendable, Codable, Equatable {
  public let conversation: Conversation
  /// "shared notes", "private note", "summary", "reflection", "agenda", "action item".
  public let kind: String
  /// The matching passage; matched words are between \u{2} and \u{3}.
  public let excerpt: String
}

/// Keeps the full-text index in step with what conversations hold.
public enum SearchIndex {
  /// Replaces the entry for one piece of writing (`source` names it: "notes", "private:12", ...).
  static func replace(
    _ connection: any Connection, conversation: Int64, source: String, kind: String, owner: Int64?,
    body: String
  ) throws {
    try remove(connection, conversation: conversation, source: source)
    guard !body.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { return }
    try connection.execute(
      """
      INSERT INTO search_index (conversation_id, owner_id, source, kind, body, folded)
      VALUES (\(conversation), \(owner), \(source), \(kind), \(body), \(fold(body)))
      """)
  }

  /// Lowercase, without accents: how text is indexed and searched on both databases.
  public static func fold(_ text: String) -> String {
    text.folding(options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en"))
  }

  /// Indexes everything again from what conversations hold (after loading data by SQL).
  static func rebuild(_ connection: any Connection) throws {
    try connection.execute("DELETE FROM search_index")
    for row in try connection.query("SELECT conversation_id, body FROM shared_notes") {
      try replace(
        connection, conversation: try row.decode("conversation_id"), source: "notes", kind: "shared notes",
        owner: nil, body: try row.decode("body"))
    }
    for row in try connection.query("SELECT conversation_id, author_id, body FROM private_notes") {
      let author = try row.decode("author_id", as: Int64.self)
      try replace(
        connection, conversation: try row.decode("conversation_id"), source: "private:\(author)",
        kind: "private note", owner: author, body: try row.decode("body"))
    }
    for row in try connection.query("SELECT conversation_id, body FROM summaries") {
      try replace(
        connection, conversation: try row.decode("conversation_id"), source: "summary", kind: "summary",
        owner: nil, body: try row.decode("body"))
    }
    for reflection in try connection.query("SELECT conversation_id FROM reflections GROUP BY conversation_id")
    {
      let conversation = try reflection.decode("conversation_id", as: Int64.self)
      for entry in try connection.read(ConversationStore.reflections(conversation: conversation)) {
        try replace(
          connection, conversation: conversation, source: "reflection:\(entry.authorID)", kind: "reflection",
          owner: entry.sharedAt == nil ? entry.authorID : nil,
          body: entry.answers.values.sorted().joined(separator: "\n"))
      }
    }
    for row in try connection.query("SELECT id, conversation_id, text FROM agenda_items") {
      try replace(
        connection, conversation: try row.decode("conversation_id"),
        source: "agenda:\(try row.decode("id", as: Int64.self))", kind: "agenda", owner: nil,
        body: try row.decode("text"))
    }
    for row in try connection.query("SELECT id, conversation_id, title FROM action_items") {
      try replace(
        connection, conversation: try row.decode("conversation_id"),
        source: "action:\(try row.decode("id", as: Int64.self))", kind: "action item", owner: nil,
        body: try row.decode("title"))
    }
  }

  /// Rewrites SQLite's full-text indexes (conversations and the directory) so that deleted or
  /// changed text leaves no trace in their segments (PostgreSQL keeps none once rows are gone).
  static func compact(_ connection: any Connection) throws {
    if connection.dialect == .sqlite {
      try connection.execute("INSERT INTO search_text (search_text) VALUES ('optimize')")
      try connection.execute("INSERT INTO people_search (people_search) VALUES ('optimize')")
    }
  }

  /// Where a search finds the words of a `search_index` row: on SQLite in `search_text`, its FTS5
  /// table, reached by the row's id so that it follows the rows the rest of the query chose (the
  /// join is a `CROSS JOIN`, which SQLite never reorders); on PostgreSQL in the row's `document`.
  static func words(_ dialect: SQLDialect) -> (join: SQLQuery, table: String) {
    switch dialect {
    case .sqlite: ("CROSS JOIN search_text ON search_text.rowid = search_index.id", "search_text")
    case .postgresql: ("", "search_index")
    }
  }

  static func remove(_ connection: any Connection, conversation: Int64, source: String) throws {
    try connection.execute(
      "DELETE FROM search_index WHERE conversation_id = \(conversation) AND source = \(source)")
  }
}

extension ConversationService {
  /// Searches everything the actor may read: shared writing of conversations they may see, and
  /// their own private writing, newest conversations first. Who may read what is part of the query
  /// (`ConversationStore.readable`), so no readable hit is crowded out by others' writing.
  public func search(_ actor: Actor, _ text: String, limit: Int = 50) throws -> [SearchHit] {
    let text = text.trimmingCharacters(in: .whitespacesAndNewlines)
    guard !text.isEmpty else { return [] }
    try TextRule.conversationSearch.validate(text, "q")
    let folded = SearchIndex.fold(text)
    return try database.withConnection { connection in
      let dialect = connection.dialect
      let words = SearchIndex.words(dialect)
      // The reader's relationships lead, then their conversations and those conversations' rows:
      // a common word matches hundreds of thousands of rows, a reader's conversations a few.
      let rows = try connection.query(
        """
        SELECT search_index.conversation_id, search_index.kind,
          \(TextSearch.excerpt(table: words.table, body: "search_index.body", text, dialect: dialect)) AS excerpt
        FROM relationships
        CROSS JOIN conversations
        CROSS JOIN search_index
        \(words.join)
        WHERE conversations.relationship_id = relationships.id AND search_index.conversation_id = conversations.id
          AND \(TextSearch.matches(table: words.table, vector: "search_index.document", folded, dialect: dialect))
          AND (search_index.owner_id IS NULL OR search_index.owner_id = \(actor.id))
          AND \(ConversationStore.readable(by: actor.id))
        ORDER BY conversations.scheduled_at DESC, conversations.id DESC
        LIMIT \(limit)
        """)
      if rows.isEmpty { return [] }
      let conversations = try ConversationStore.conversations(
        connection,
        where:
          "conversations.id IN (\(list: Array(Set(try rows.map { try $0.decode("conversation_id", as: Int64.self) }))))"
      )
      let byID = Dictionary(uniqueKeysWithValues: conversations.map { ($0.id, $0) })
      return try rows.compactMap { row in
        guard let conversation = byID[try row.decode("conversation_id", as: Int64.self)] else { return nil }
        return SearchHit(
          conversation: conversation, kind: try row.decode("kind"), excerpt: try row.decode("excerpt"))
      }
    }
  }
}

extension ConversationService {
  /// Everything the actor took part in, as they see it (shared writing, their own private notes,
  /// action items), oldest first: for their own records.
  public func export(_ actor: Actor) throws -> [ConversationDetail] {
    let mine = try database.withConnection {
      try visible(
        $0, actor,
        where: "(relationships.employee_id = \(actor.id) OR relationships.partner_id = \(actor.id))")
    }
    return try mine.filter { $0.isParticipant(actor.id) }.reversed().map {
      try detail(actor, conversation: $0.id, via: .web)
    }
  }
}
