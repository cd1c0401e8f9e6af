import Foundation
import HTML
import HTTP

/// Error pages drawn in the site's layout; a page that needs sign-in sends the visitor there.
enum ErrorPage {
  static let render: ErrorMiddleware.PageRenderer = { error, request in
    if error.status == .unauthorized && request.method == "GET" && !error.title.hasPrefix("Sign-in failed") {
      let next = request.path == "/" ? "" : "?next=\(URLEncoding.encode(request.path))"
      return .redirect(to: "/sign-in\(next)")
    }
    let page = Page(title: error.title) {
      Node.section(.class("error-page")) {
        Node.p(.class("error-code")) { Node.text(String(error.status.code)) }
        Node.h1 { Node.text(error.title) }
        if let detail = error.detail { Node.p { Node.text(detail) } }
        if !error.fieldErrors.isEmpty {
          Node.ul(.class("field-errors")) {
            for fieldError in error.fieldErrors {
              Node.li {
                Node.strong { Node.text(fieldError.field) }
                Node.text(": \(fieldError.message)")
              }
            }
          }
        }
        Node.p { Node.a(.href("/")) { "Back to the home page" } }
      }
    }
    var response = Layout.render(page, for: request, status: error.status)
    if request.method == "HEAD" { response.body = [] }
    return response
  }
}
