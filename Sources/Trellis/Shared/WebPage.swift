/// The pages of Trellis that others link to, each address written once: emails, calendar entries
/// and the pages themselves build their links from here, so a page that moves moves everywhere.
public enum WebPage: Sendable, Equatable {
  case home
  case conversations
  /// A conversation, optionally at one part of its page (`summary`, `action-item`).
  case conversation(Int64, part: String? = nil)
  case schedule(relationship: Int64)
  case plan(person: Int64)
  case opportunity(Int64)
  case mentoring
  case celebration(Int64)
  case feedbackRequest(Int64)
  case accessHistory
  case securityLog
  case signIn
  /// An invitation or password-reset link; the token is the secret.
  case accountLink(token: String)
  case unsubscribe(token: String)

  /// The path (and fragment) on this site.
  public var path: String {
    switch self {
    case .home: "/"
    case .conversations: "/conversations"
    case .conversation(let id, let part): "/conversations/\(id)" + (part.map { "#\($0)" } ?? "")
    case .schedule(let relationship): "/relationships/\(relationship)/schedule"
    case .plan(let person): "/people/\(person)/plan"
    case .opportunity(let id): "/opportunities/\(id)"
    case .mentoring: "/mentoring"
    case .celebration(let id): "/celebrations#celebration-\(id)"
    case .feedbackRequest(let id): "/feedback/give?request=\(id)"
    case .accessHistory: "/me/access-history"
    case .securityLog: "/admin/audit"
    case .signIn: "/sign-in"
    case .accountLink(let token): "/links/\(token)"
    case .unsubscribe(let token): "/unsubscribe/\(token)"
    }
  }
}

extension MailSettings {
  /// The full address of a page, for emails and calendars read outside Trellis.
  public func url(_ page: WebPage) -> String { baseURL + page.path }
}
