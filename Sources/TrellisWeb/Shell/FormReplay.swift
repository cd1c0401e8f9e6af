import Foundation
import HTML
import HTTP
import Trellis

/// A refused form comes back as the page it was sent from, with what was typed and each problem
/// beside its field: every form posted from a page carries that page's address (`Form.post`), and
/// when its handler refuses the input, this middleware draws that page again instead of an error
/// page. Nothing was written: refusals happen before the transaction commits.
struct FormReplayMiddleware: Middleware {
  let router: Router

  func handle(_ request: Request, next: (Request) throws -> Response) throws -> Response {
    guard request.method == "POST", !request.isAPI else { return try next(request) }
    do {
      return try next(request)
    } catch {
      guard let replay = FormReplay(refusing: request, error: error),
        let page = try? request.form()[FormReplay.pageField], let pageRequest = request.asking(for: page)
      else { throw error }
      do {
        var (handler, resolved) = try router.resolve(pageRequest)
        resolved[FormReplay.self] = replay
        var response = try handler(resolved)
        guard response.status == .ok, response.headers["content-type"]?.hasPrefix("text/html") == true
        else { throw error }
        response.status = replay.status
        return response
      } catch {
        // The page itself cannot be drawn again (gone, or no longer the caller's): the error page.
        throw replay.error
      }
    }
  }
}

/// What a refused form sent and why it was refused; attached to the request of the page drawn
/// again, and read by `Form` as it draws the fields of that form.
final class FormReplay: RequestStorageKey, @unchecked Sendable {
  typealias Value = FormReplay
  /// The hidden field with the address of the page a form was sent from.
  static let pageField = "_page"
  /// The hidden field that tells apart forms with one action on one page.
  static let keyField = "_form"

  /// The path the form was posted to: it picks the form on the page that is refilled.
  let action: String
  let typed: FormData
  let problems: [FieldError]
  let error: Error
  let status: Status
  private let lock = NSLock()
  private var shown: Set<String> = []
  private var firstInvalidID: String?

  init?(refusing request: Request, error: Error) {
    let httpError: HTTPError
    switch error {
    case let error as HTTPError: httpError = error
    case let error as any HTTPErrorConvertible: httpError = error.httpError
    default: return nil
    }
    // Input that breaks a rule (422) or clashes with what exists, such as an email in use (409).
    guard [.unprocessableContent, .conflict].contains(httpError.status), !httpError.fieldErrors.isEmpty,
      let typed = try? request.form()
    else { return nil }
    action = request.path
    self.typed = typed
    problems = httpError.fieldErrors
    status = httpError.status
    self.error = error
  }

  /// True when the form posting to `action` (with `key`) is the one that was refused.
  func refills(_ action: String, key: String?) -> Bool {
    action.split(separator: "?", maxSplits: 1).first.map(String.init) == self.action
      && key == typed[Self.keyField]
  }

  /// The problem with one field, noted as shown beside it.
  func problem(_ name: String, id: String) -> String? {
    let messages = problems.filter { $0.field == name }.map(\.message)
    guard !messages.isEmpty else { return nil }
    lock.withLock {
      shown.insert(name)
      if firstInvalidID == nil { firstInvalidID = id }
    }
    return messages.joined(separator: "; ")
  }

  /// The problems no field of the form showed (a rule across fields, or a field not on the form).
  var unshown: [FieldError] {
    lock.withLock { problems.filter { !shown.contains($0.field) } }
  }

  /// The id of the first field drawn with a problem, to move to.
  var firstInvalid: String? { lock.withLock { firstInvalidID } }

  /// The refused form being drawn, while its fields are drawn.
  @TaskLocal static var drawing: FormReplay?
}
