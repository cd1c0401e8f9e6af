import Foundation
import HTML
import HTTP
import Trellis

/// The guide library (everyone reads it; the people team keeps it) and the organization's rhythm.
enum GuidePages {
  struct GuideBody: Decodable {
    let title: String
    let purpose: String?
    let sections: [GuideSection]
  }

  static func register(on router: Router, services: Services) {
    let conversations = services.conversations

    router.get("/guides") { request in
      let actor = try request.actor()
      return Layout.render(
        list(try conversations.guides(actor, includeRetired: true), actor: actor, request: request),
        for: request)
    }
    router.get("/guides/new") { request in
      try Policy.require(try request.actor(), .manageGuides)
      return Layout.render(editor(nil, request: request), for: request)
    }
    router.post("/guides") { request in
      let actor = try request.actor()
      let form = try request.form()
      let sections: [GuideSection]
      switch try GuidePages.sections(form) {
      case .save(let saved): sections = saved
      case .redraw(let draft, let focus):
        try Policy.require(actor, .manageGuides)
        return Layout.render(
          GuideEditor.page(draft, guide: nil, focus: focus, request: request), for: request)
      }
      let guide = try conversations.createGuide(
        actor, title: form["title"] ?? "", purpose: form["purpose"] ?? "", sections: sections)
      return Response.redirect(to: "/guides/\(guide.id)").withNotice("The guide is added.")
    }
    router.get("/guides/:id") { request in
      let actor = try request.actor()
      return Layout.render(
        view(
          try conversations.guide(actor, id: try request.intParameter("id")), actor: actor, request: request),
        for: request)
    }
    router.get("/guides/:id/edit") { request in
      let actor = try request.actor()
      try Policy.require(actor, .manageGuides)
      let guide = try conversations.guide(actor, id: try request.intParameter("id"))
      return Layout.render(editor(guide, request: request), for: request)
    }
    router.post("/guides/:id") { request in
      let actor = try request.actor()
      let id = try request.intParameter("id")
      let form = try request.form()
      let sections: [GuideSection]
      switch try GuidePages.sections(form) {
      case .save(let saved): sections = saved
      case .redraw(let draft, let focus):
        try Policy.require(actor, .manageGuides)
        let guide = try conversations.guide(actor, id: id)
        return Layout.render(
          GuideEditor.page(draft, guide: guide, focus: focus, request: request), for: request)
      }
      try conversations.reviseGuide(
        actor, guide: id, title: form["title"] ?? "", purpose: form["purpose"] ?? "", sections: sections)
      return Response.redirect(to: "/guides/\(id)").withNotice(
        "A new version is saved; past conversations keep theirs.")
    }
    router.post("/guides/:id/retirement") { request in
      let actor = try request.actor()
      let id = try request.intParameter("id")
      let retire = try request.form()["retired"] == "yes"
      try conversations.setGuideRetired(actor, id: id, retired: retire)
      return Response.redirect(to: "/guides/\(id)").withNotice(
        retire ? "The guide is retired." : "The guide is offered again.")
    }
    router.post("/guides/:id/default") { request in
      let id = try request.intParameter("id")
      try conversations.setDefaultGuide(try request.actor(), id: id)
      return Response.redirect(to: "/guides/\(id)").withNotice("This is now the default guide.")
    }

    router.get("/settings/conversations") { request in
      try Policy.require(try request.actor(), .manageGuides)
      return Layout.render(
        settingsPage(try conversations.settings(), request: request), for: request)
    }
    router.post("/settings/conversations") { request in
      let actor = try request.actor()
      let form = try request.form()
      let settings = ConversationSettings(
        defaultCadenceDays: Int(form["defaultCadenceDays"] ?? "") ?? 0,
        firstConversationDays: Int(form["firstConversationDays"] ?? "") ?? 0, timeZone: form["timeZone"] ?? ""
      )
      try conversations.updateSettings(actor, settings)
      return Response.redirect(to: "/settings/conversations").withNotice(
        "The organization’s rhythm is saved.")
    }

    // The same through the API.
    router.post("/api/v1/guides") { request in
      let body = try request.decodeJSON(GuideBody.self)
      return try .json(
        try conversations.createGuide(
          try request.actor(), title: body.title, purpose: body.purpose ?? "", sections: body.sections),
        status: .created)
    }
    router.put("/api/v1/guides/:id") { request in
      let actor = try request.actor()
      let id = try request.intParameter("id")
      let body = try request.decodeJSON(GuideBody.self)
      try conversations.reviseGuide(
        actor, guide: id, title: body.title, purpose: body.purpose ?? "", sections: body.sections)
      return try .json(try conversations.guide(actor, id: id))
    }
    router.get("/api/v1/settings/conversations") { request in
      _ = try request.actor()
      return try .json(try conversations.settings())
    }
    router.put("/api/v1/settings/conversations") { request in
      let settings = try request.decodeJSON(ConversationSettings.self)
      try conversations.updateSettings(try request.actor(), settings)
      return try .json(try conversations.settings())
    }
  }

  /// What a sent guide form asks: to save sections (the text editor's text, or the editor's rows),
  /// or, when a row button was pressed, to draw the editor again with the rows changed.
  static func sections(_ form: FormData) throws -> GuideEditor.Sent {
    if let text = form["sections"] { return .save(try GuideText.parse(text)) }
    var draft = GuideEditor.draft(from: form)
    if let applied = GuideEditor.apply(form["do"] ?? "save", to: &draft) {
      return .redraw(draft, focus: applied.focus)
    }
    return .save(try GuideEditor.sections(draft))
  }

  /// The editor of `guide` (nil: a new one): rows, or with `?as=text` the text that imports a
  /// whole guide. A refused save comes back as it was typed.
  static func editor(_ guide: Guide?, request: Request) -> Page {
    let typed = request[FormReplay.self]?.typed
    if request.query("as") == "text" {
      return form(
        guide, title: guide?.title ?? "", purpose: guide?.purpose ?? "",
        text: guide.map { GuideText.render($0.version.sections) } ?? "## Section\n- A prompt",
        request: request)
    }
    return GuideEditor.page(
      typed.map(GuideEditor.draft(from:)) ?? GuideEditor.draft(of: guide), guide: guide, request: request)
  }

  static func list(_ guides: [Guide], actor: Actor, request: Request) -> Page {
    Page(title: "Conversation guides", section: .conversations) {
      Node.h1 { "Conversation guides" }
      Node.p(.class("lead")) {
        "Prompts that give each kind of conversation its shape. Managers pick one when scheduling."
      }
      if Policy.allows(actor, .manageGuides) {
        Node.nav(.class("subnav")) {
          Node.a(.class("button"), .href("/guides/new")) { "Add a guide" }
          Node.a(.class("button secondary"), .href("/settings/conversations")) { "Organization rhythm" }
        }
      }
      Node.ul(.class("people-grid")) {
        for guide in guides {
          Node.li(.class("card")) {
            Node.h2 { Node.a(.href("/guides/\(guide.id)")) { Node.text(guide.title) } }
            Node.p { Node.text(guide.purpose) }
            Node.p(.class("muted small")) {
              Node.text("Version \(guide.version.number) · \(guide.version.prompts.count) prompts")
              if guide.isDefault { Node.text(" · default") }
              if guide.retired { Node.text(" · retired") }
            }
          }
        }
      }
    }
  }

  static func view(_ guide: Guide, actor: Actor, request: Request) -> Page {
    Page(title: guide.title, section: .conversations) {
      Node.p { Node.a(.href("/guides")) { "← Guides" } }
      Node.h1 { Node.text(guide.title) }
      Node.p(.class("lead")) { Node.text(guide.purpose) }
      Node.p(.class("muted")) {
        Node.text("Version \(guide.version.number)")
        if guide.isDefault { Node.text(" · the default for new conversations") }
        if guide.retired { Node.text(" · retired") }
      }
      for section in guide.version.sections {
        Node.section(.class("card")) {
          Node.h2 { Node.text(section.title) }
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
      if Policy.allows(actor, .manageGuides) {
        Node.div(.class("actions")) {
          Node.a(.class("button"), .href("/guides/\(guide.id)/edit")) { "Edit (makes a new version)" }
          Node.a(.class("button secondary"), .href(GuideVersionPages.path(guide.id))) { "Versions" }
          if !guide.isDefault && !guide.retired {
            Form.post("/guides/\(guide.id)/default", request: request) {
              Node.button(.type("submit"), .class("secondary")) { "Make it the default" }
            }
          }
          if !guide.isDefault {
            Form.post("/guides/\(guide.id)/retirement", request: request) {
              Node.input(.type("hidden"), .name("retired"), .value(guide.retired ? "no" : "yes"))
              Node.button(.type("submit"), .class("secondary")) {
                Node.text(guide.retired ? "Offer it again" : "Retire")
              }
            }
          }
        }
      }
    }
  }

  static func audience(_ audience: PromptAudience) -> String {
    switch audience {
    case .employee: "for the employee"
    case .partner: "for the manager or mentor"
    case .both: "for both"
    }
  }

  static func form(
    _ guide: Guide?, title: String, purpose: String, text: String, request: Request
  ) -> Page {
    Page(title: guide == nil ? "Add a guide" : "Edit \(guide!.title)", section: .conversations) {
      Node.p { Node.a(.href(guide.map { "/guides/\($0.id)" } ?? "/guides")) { "← Back" } }
      Node.h1 { Node.text(guide == nil ? "Add a guide" : "Edit \(guide!.title)") }
      Node.p(.class("lead")) {
        "The whole guide as text, to paste one in or copy it out. "
        Node.a(.href(guide.map { "/guides/\($0.id)/edit" } ?? "/guides/new")) { "Edit with the form instead" }
      }
      Form.post(guide.map { "/guides/\($0.id)" } ?? "/guides", request: request) {
        Form.field("Title", name: "title", value: title, required: true)
        Form.field("Purpose", name: "purpose", value: purpose)
        Form.textArea(
          "Sections and prompts", name: "sections", value: text, rows: 14,
          hint:
            "A line “## Title” starts a section; each “- ” line under it is a prompt. Start a prompt with [employee] or [manager] (or [mentor]) when only that side answers it; without one, both do."
        )
        Node.button(.type("submit")) { Node.text(guide == nil ? "Add guide" : "Save as a new version") }
      }
    }
  }

  static func settingsPage(_ settings: ConversationSettings, request: Request) -> Page {
    Page(title: "Organization rhythm", section: .conversations) {
      Node.p { Node.a(.href("/guides")) { "← Guides" } }
      Node.h1 { "The organization’s rhythm" }
      Form.post("/settings/conversations", request: request) {
        // The same choices as a relationship's own cadence, and a cadence set some other way.
        let cadences = Cadence.presets.map { (String($0.days), $0.label) }
        let current = String(settings.defaultCadenceDays)
        Form.select(
          "Default cadence", name: "defaultCadenceDays",
          options: cadences.contains { $0.0 == current }
            ? cadences : cadences + [(current, Cadence.label(settings.defaultCadenceDays))],
          selected: current, required: true, hint: "For relationships without their own cadence.")
        Form.field(
          "First conversation within (days)", name: "firstConversationDays",
          value: String(settings.firstConversationDays),
          type: "number", required: true, hint: "After someone starts, or gets a new manager.")
        Form.select(
          "The organization’s time zone", name: "timeZone",
          options: ConversationViews.timeZones.map { ($0, $0) }, selected: settings.timeZone,
          hint: "Times are shown in it to everyone who has not chosen their own.")
        Node.button(.type("submit")) { "Save" }
      }
    }
  }
}
