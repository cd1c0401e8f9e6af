import HTML
import HTTP
import Trellis

/// Erasing someone who left, on their request: a preview of what goes, what is made anonymous and
/// what stays (and why), then the erasure in one step.
enum ErasurePages {
  static func register(on router: Router, services: Services) {
    router.get("/people/:id/erase") { request in
      let preview = try services.erasure.preview(try request.actor(), person: try request.intParameter("id"))
      return Layout.render(page(preview, error: nil, request: request), for: request)
    }
    router.post("/people/:id/erase") { request in
      let actor = try request.actor()
      let id = try request.intParameter("id")
      let form = try request.form()
      guard form["confirm"] == "yes" else {
        throw ValidationError(field: "confirm", "tick the box to confirm: erasure cannot be undone")
      }
      do {
        let done = try services.erasure.erase(actor, person: id)
        return Response.redirect(to: "/retention#leavers").withNotice(
          "\(done.name)’s data is erased; where others keep a record they are now “\(done.label)”.")
      } catch let conflict as Conflict {
        // Not a mistake in the form: the person may not be erased now (still active, say).
        let preview = try services.erasure.preview(actor, person: id)
        return Layout.render(
          page(preview, error: conflict.message, request: request), for: request, status: .conflict)
      }
    }
  }

  static func page(_ preview: ErasurePreview, error: String?, request: Request) -> Page {
    Page(title: "Erase \(preview.name)", section: .people) {
      Node.p { Node.a(.href("/retention#leavers")) { "← People who left" } }
      Node.h1 { Node.text("Erase \(preview.name)’s data") }
      Node.p(.class("lead")) {
        "For someone who has left and asked to be forgotten. Everything below happens at once and cannot be undone; the audit log records that it happened and how much, never what."
      }
      if let error { Node.p(.class("notice error"), .role("alert")) { Node.text(error) } }
      Node.div(.class("columns")) {
        Node.section(.class("card"), .aria("labelledby", "deleted-heading")) {
          Node.h2(.id("deleted-heading")) { "Deleted" }
          parts(preview.deleted)
        }
        Node.section(.class("card"), .aria("labelledby", "anonymised-heading")) {
          Node.h2(.id("anonymised-heading")) { Node.text("Made anonymous (“\(preview.label)”)") }
          parts(preview.anonymised)
        }
      }
      Node.section(.class("card"), .aria("labelledby", "kept-heading")) {
        Node.h2(.id("kept-heading")) { "What stays, and why" }
        Node.dl(.class("facts")) {
          for kept in preview.kept {
            Node.dt { Node.text(kept.what) }
            Node.dd { Node.text(kept.why) }
          }
        }
      }
      Form.post("/people/\(preview.personID)/erase", request: request) {
        Form.checkbox(
          "I understand that \(preview.name)’s data cannot be brought back.", name: "confirm", value: "yes")
        Node.button(.type("submit"), .class("danger")) { Node.text("Erase \(preview.name)’s data") }
      }
    }
  }

  static func parts(_ parts: [ErasurePreview.Part]) -> Node {
    if parts.isEmpty { return Node.p(.class("empty")) { "Nothing." } }
    return Node.ul {
      for part in parts { Node.li { Node.text("\(part.what): \(part.count.grouped)") } }
    }
  }
}
