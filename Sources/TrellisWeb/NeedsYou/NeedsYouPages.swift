import Foundation
import HTML
import HTTP
import Trellis

/// "Needs you": everything waiting for the signed-in person, each with where it is done.
enum NeedsYouPages {
  /// An item as the page and the API show it: what to do, and where.
  struct Shown: Encodable {
    let item: NeedsYouItem
    let text: String
    let link: String

    init(_ item: NeedsYouItem) {
      self.item = item
      text = NeedsYouPages.text(item)
      link = NeedsYouPages.link(item)
    }

    func encode(to encoder: any Encoder) throws {
      var container = encoder.container(keyedBy: Keys.self)
      try container.encode(item.kind, forKey: .kind)
      try container.encode(item.subjectID, forKey: .subjectId)
      try container.encodeIfPresent(item.conversationID, forKey: .conversationId)
      try container.encode(item.personName, forKey: .personName)
      try container.encode(item.title, forKey: .title)
      try container.encode(item.date, forKey: .date)
      try container.encode(item.overdue, forKey: .overdue)
      try container.encode(text, forKey: .text)
      try container.encode(link, forKey: .link)
    }

    enum Keys: String, CodingKey {
      case kind, subjectId, conversationId, personName, title, date, overdue, text, link
    }
  }

  static func register(on router: Router, services: Services) {
    router.get("/needs-you") { request in
      let actor = try request.actor()
      return Layout.render(page(try request.needsYou(services, actor)), for: request)
    }
    router.get("/api/v1/me/needs-you") { request in
      try .json(try services.needsYou.items(try request.actor()).map(Shown.init))
    }
  }

  static func text(_ item: NeedsYouItem) -> String {
    let person = item.personName
    return switch item.kind {
    case .confirmSummary: "Confirm the summary \(person) wrote of your conversation"
    case .writeSummary: "Write the summary of your conversation with \(person)"
    case .answerPulse: "Say how your conversation with \(person) went (anonymous)"
    case .prepareReflection: "Prepare for your conversation with \(person)"
    case .giveFeedback: "\(person) asks for your feedback on “\(item.title)”"
    case .answerMentorshipRequest: "\(person) asks you to be their mentor"
    case .reviewInterest: "\(person) is interested in “\(item.title)”"
    case .actionItem: "“\(item.title)”, agreed with \(person)"
    case .decideHandover: "Decide what \(person), your new manager, may read of your past conversations"
    }
  }

  static func link(_ item: NeedsYouItem) -> String {
    let conversation = "/conversations/\(item.conversationID ?? item.subjectID)"
    return switch item.kind {
    case .confirmSummary: "\(conversation)#summary"
    case .writeSummary: "\(conversation)#after"
    case .answerPulse: "\(conversation)#pulse"
    case .prepareReflection: "\(conversation)#before"
    case .giveFeedback: "/feedback/give?request=\(item.subjectID)"
    case .answerMentorshipRequest: WebPage.mentoring.path
    case .reviewInterest: WebPage.opportunity(item.subjectID).path
    case .actionItem: "\(conversation)#action-items"
    case .decideHandover: "/me/timeline"
    }
  }

  /// When: "due 3 Dec 2026 · overdue", "on 3 Dec 2026", "since 3 Dec 2026".
  static func when(_ item: NeedsYouItem) -> String {
    switch item.kind {
    case .actionItem: "due \(Dates.day(item.date))" + (item.overdue ? " · overdue" : "")
    case .prepareReflection: "on \(Dates.day(item.date))"
    default: "since \(Dates.day(item.date))"
    }
  }

  static func list(_ items: some Collection<NeedsYouItem>) -> Node {
    .ul(.class("needs-you")) {
      for item in items {
        Node.li(.class(item.overdue ? "overdue" : "")) {
          Node.a(.href(link(item))) { Node.text(text(item)) }
          Node.span(.class("muted small")) { Node.text(" · \(when(item))") }
        }
      }
    }
  }

  static func page(_ items: [NeedsYouItem]) -> Page {
    Page(title: "Needs you", section: nil) {
      Node.h1 { "Needs you" }
      Node.p(.class("lead")) {
        "What is waiting for you, oldest first. Each item leaves the list once it is done."
      }
      if items.isEmpty {
        Node.p(.class("empty")) { "Nothing is waiting for you. Well done." }
      } else {
        list(items)
      }
    }
  }

  // MARK: OpenAPI

  static let paths: [(String, JSONValue)] = [
    (
      "/api/v1/me/needs-you",
      [
        "get": Spec.operation(
          "getNeedsYou", "Everything waiting for you, oldest first, with where each is done",
          tag: "me", success: ("200", "The items", Spec.array(of: "NeedsYouItem")), errors: ["401"])
      ]
    )
  ]

  static let schemas: [(String, JSONValue)] = [
    (
      "NeedsYouItem",
      ConversationAPI.object(
        ["kind", "subjectId", "personName", "title", "date", "overdue", "text", "link"],
        [
          ("kind", Spec.oneOf(NeedsYouItem.Kind.self)), ("subjectId", ConversationAPI.integer),
          ("conversationId", ["type": ["integer", "null"]]), ("personName", ConversationAPI.string),
          ("title", ConversationAPI.string), ("date", ConversationAPI.date), ("overdue", ["type": "boolean"]),
          ("text", ConversationAPI.string), ("link", ConversationAPI.string),
        ])
    )
  ]
}

/// What waits for the signed-in person, read fresh for the home page and the list itself.
enum NeedsYouItems: RequestStorageKey {
  typealias Value = [NeedsYouItem]
}

/// How many things wait, for the header of every page.
enum NeedsYouCount: RequestStorageKey {
  typealias Value = Int
}

/// Keeps the header's count of what the home page read itself (with its other parts, in one
/// round trip), as the middleware keeps what it reads.
struct NeedsYouCounter: Sendable {
  let counts: KeptValues<Int>
  let key: String

  func fresh(_ items: [NeedsYouItem]) -> Int {
    counts.forget(key)
    return counts.value(key) { items.count }
  }
}

enum NeedsYouCounting: RequestStorageKey {
  typealias Value = NeedsYouCounter
}

extension Request {
  func needsYou(_ services: Services, _ actor: Actor) throws -> [NeedsYouItem] {
    try self[NeedsYouItems.self] ?? services.needsYou.items(actor)
  }

  /// The request with the items a page read itself, and the header's count of them.
  func withNeedsYou(_ items: [NeedsYouItem]) -> Request {
    var request = self
    request[NeedsYouItems.self] = items
    request[NeedsYouCount.self] = self[NeedsYouCounting.self]?.fresh(items) ?? items.count
    return request
  }
}

/// Reads what needs the person for each page they open. The header's count is kept for a few
/// seconds per person so that browsing does not re-read it on every page; their own changes drop
/// it at once, and the home page and the list always read afresh (the home with its other parts). Someone else's change (a
/// summary to confirm) reaches the count within `keptSeconds`, on any number of servers.
struct NeedsYouMiddleware: Middleware {
  static let keptSeconds = 10.0
  let needsYou: NeedsYouService
  let counts = KeptValues<Int>(limit: 100_000)

  func handle(_ request: Request, next: (Request) throws -> Response) throws -> Response {
    guard let actor = request.signedIn?.actor else { return try next(request) }
    guard request.method == "GET" else {
      defer { counts.forget(Self.key(actor)) }
      return try next(request)
    }
    guard !request.path.hasPrefix("/api/") else { return try next(request) }
    let key = Self.key(actor)
    var request = request
    if request.path == "/" {
      request[NeedsYouCounting.self] = NeedsYouCounter(counts: counts, key: key)
    } else if request.path == "/needs-you" {
      let items = try needsYou.items(actor)
      counts.forget(key)
      request[NeedsYouCount.self] = counts.value(key) { items.count }
      request[NeedsYouItems.self] = items
    } else {
      request[NeedsYouCount.self] = try counts.value(key) { try needsYou.items(actor).count }
    }
    return try next(request)
  }

  /// The person and the current few seconds: an older entry is simply never read again.
  static func key(_ actor: Actor) -> String {
    "\(actor.id)@\(Int(Date().timeIntervalSince1970 / keptSeconds))"
  }
}
