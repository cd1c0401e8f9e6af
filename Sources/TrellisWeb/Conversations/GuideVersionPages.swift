import Foundation
import HTML
import HTTP
import Trellis

/// A guide's history (people team): every version with its prompts, who saved it and how many
/// conversations were held with it; an earlier version can be saved again as the newest.
enum GuideVersionPages {
  static func path(_ guide: Int64) -> String { "/guides/\(guide)/versions" }

  static func register(on router: Router, services: Services) {
    let conversations = services.conversations
    router.get("/guides/:id/versions") { request in
      let actor = try request.actor()
      let id = try request.intParameter("id")
      let (limit, offset) = try request.paging(defaultLimit: 20)
      let guide = try conversations.guide(actor, id: id)
      let versions = try conversations.guideVersions(actor, guide: id, limit: limit, offset: offset)
      return Layout.render(list(guide, versions, request: request), for: request)
    }
    router.post("/guides/:id/versions/:number/restore") { request in
      let actor = try request.actor()
      let id = try request.intParameter("id")
      let number = try request.intParameter("number")
      try conversations.restoreGuideVersion(actor, guide: id, number: Int(number))
      return Response.redirect(to: path(id)).withNotice(
        "Version \(number)’s prompts are the guide’s again, as a new version.")
    }
    router.get("/api/v1/guides/:id/versions") { request in
      let (limit, offset) = try request.paging()
      return try .json(
        try conversations.guideVersions(
          try request.actor(), guide: try request.intParameter("id"), limit: limit, offset: offset))
    }
    router.post("/api/v1/guides/:id/versions/:number/restore") { request in
      let actor = try request.actor()
      let id = try request.intParameter("id")
      try conversations.restoreGuideVersion(actor, guide: id, number: Int(try request.intParameter("number")))
      return try .json(try conversations.guide(actor, id: id))
    }
  }

  static func list(_ guide: Guide, _ versions: Trellis.Page<GuideVersionEntry>, request: Request) -> Page {
    Page(title: "Versions of \(guide.title)", section: .conversations) {
      Node.p { Node.a(.href("/guides/\(guide.id)")) { Node.text("← \(guide.title)") } }
      Node.h1 { Node.text("Versions of “\(guide.title)”") }
      Node.p(.class("lead")) {
        "Each save makes a new version; a conversation keeps the version it was held with. Bringing an earlier version back saves its prompts as the newest."
      }
      Node.ol(.class("versions")) {
        for entry in versions.items {
          Node.li(.class("card")) {
            Node.h2 {
              Node.text("Version \(entry.version.number)")
              if entry.version.number == guide.version.number {
                Node.text(" ")
                Node.span(.class("badge")) { "Current" }
              }
            }
            Node.p(.class("muted")) {
              Node.text(
                entry.savedBy.map { "Saved \(Dates.dayAndTime(entry.savedAt)) by \($0)" }
                  ?? "As Trellis ships it")
              Node.text(
                " · \(entry.conversations == 1 ? "one conversation" : "\(entry.conversations) conversations") held with it"
              )
            }
            Node.details {
              Node.summary {
                Node.text(
                  "Its \(entry.version.sections.count) sections and \(entry.version.prompts.count) prompts")
              }
              for section in entry.version.sections {
                Node.h3 { Node.text(section.title) }
                Node.ul {
                  for (index, prompt) in section.prompts.enumerated() {
                    Node.li {
                      Node.text(prompt)
                      Node.span(.class("muted small")) {
                        Node.text(" · \(GuidePages.audience(section.audience(of: index)))")
                      }
                    }
                  }
                }
              }
            }
            if entry.version.number != guide.version.number {
              Form.post("/guides/\(guide.id)/versions/\(entry.version.number)/restore", request: request) {
                Node.button(.type("submit"), .class("secondary")) { "Bring this version back" }
              }
            }
          }
        }
      }
      Pager.nav(versions, label: "Pages of versions") { "\(path(guide.id))?offset=\($0)" }
    }
  }

  static let paths: [(String, JSONValue)] = [
    (
      "/api/v1/guides/{id}/versions",
      [
        "get": Spec.operation(
          "listGuideVersions", "A guide's versions, newest first, with who saved each (people team)",
          tag: "conversations", parameters: [Spec.idParameter()] + Spec.paging,
          success: (
            "200", "A page of versions",
            Spec.page(of: [
              "type": "object", "required": ["version", "savedAt", "conversations"],
              "properties": [
                "version": ["type": "object"], "savedAt": ["type": "string", "format": "date-time"],
                "savedBy": ["type": ["string", "null"]], "conversations": ["type": "integer"],
              ],
            ])
          ), errors: ["400", "401", "403", "404"])
      ]
    ),
    (
      "/api/v1/guides/{id}/versions/{number}/restore",
      [
        "post": Spec.operation(
          "restoreGuideVersion", "Save an earlier version's prompts again as the newest (people team)",
          tag: "conversations", parameters: [Spec.idParameter(), Spec.idParameter("number")],
          success: ("200", "The guide", Spec.ref("Guide")), errors: ["400", "401", "403", "404", "422"])
      ]
    ),
  ]
}
