import Foundation
import HTML
import HTTP
import Trellis

/// The opportunity marketplace: browse with a match score, express interest privately, post,
/// shortlist, select and close; follow kinds of opportunity.
enum OpportunityPages {
  struct InterestBody: Decodable {
    let note: String?
    let shareWithManager: Bool
  }
  struct DecisionBody: Decodable { let status: InterestStatus }
  struct CloseBody: Decodable {
    let outcome: OpportunityOutcome
    let note: String?
  }
  struct SubscriptionBody: Codable { let kinds: [OpportunityKind] }

  static func register(on router: Router, services: Services) {
    let opportunities = services.opportunities

    router.get("/opportunities") { request in
      let actor = try request.actor()
      let filter = try Filter.read(request)
      let (limit, offset) = try request.paging()
      return Layout.render(
        listPage(
          try opportunities.list(
            actor, kind: filter.kind, competency: filter.competency, limit: limit, offset: offset),
          filter: filter,
          competencies: try CompetencyViews.all(services, actor),
          mine: try opportunities.myInterests(actor), owned: try opportunities.owned(actor),
          following: try opportunities.subscriptions(actor), canPost: try opportunities.canPost(actor),
          request: request), for: request)
    }
    router.get("/opportunities/new") { request in
      let actor = try request.actor()
      return Layout.render(
        formPage(
          competencies: try CompetencyViews.all(services, actor),
          canPost: try opportunities.canPost(actor),
          request: request), for: request)
    }
    router.post("/opportunities") { request in
      let actor = try request.actor()
      let form = try request.form()
      guard let kind = OpportunityKind(rawValue: form["kind"] ?? "") else {
        throw ValidationError(field: "kind", "choose what kind of opportunity it is")
      }
      guard let places = Int(form["places"] ?? "") else {
        throw ValidationError(field: "places", "must be a number")
      }
      let opportunity = try opportunities.create(
        actor,
        OpportunityInput(
          title: form["title"] ?? "", kind: kind, description: form["description"] ?? "",
          timeCommitment: form["timeCommitment"] ?? "", team: form["team"], startsOn: form["startsOn"],
          interestDeadline: form["interestDeadline"] ?? "", places: places, needs: form.values("needs"),
          develops: form.values("develops")))
      return Response.redirect(to: "/opportunities/\(opportunity.id)").withNotice(
        "“\(opportunity.title)” is posted. Interest comes to you, privately.")
    }
    router.get("/opportunities/:id") { request in
      let actor = try request.actor()
      let (limit, offset) = try request.paging()
      return Layout.render(
        detailPage(
          try opportunities.detail(
            actor, id: try request.intParameter("id"), via: .web, limit: limit, offset: offset),
          request: request),
        for: request)
    }
    router.post("/opportunities/:id/interest") { request in
      let form = try request.form()
      let interest = try opportunities.expressInterest(
        try request.actor(), in: try request.intParameter("id"), note: form["note"] ?? "",
        shareWithManager: try form.ticked("shareWithManager"))
      return Response.redirect(to: "/opportunities/\(interest.opportunityID)").withNotice(
        interest.shareWithManager
          ? "Your interest is with the owner, and your manager can see it."
          : "Your interest is with the owner only.")
    }
    router.post("/opportunities/:id/interest/withdraw") { request in
      let interest = try opportunities.withdrawInterest(
        try request.actor(), in: try request.intParameter("id"))
      return Response.redirect(to: "/opportunities/\(interest.opportunityID)").withNotice(
        "Your interest is withdrawn.")
    }
    router.post("/opportunity-interests/:id/status") { request in
      guard let status = InterestStatus(rawValue: try request.form()["status"] ?? "") else {
        throw ValidationError(field: "status", "must be shortlisted, selected or not selected")
      }
      let interest = try opportunities.decide(
        try request.actor(), interest: try request.intParameter("id"), status: status)
      return Response.redirect(to: "/opportunities/\(interest.opportunityID)#interest").withNotice(
        "\(interest.personName): \(interest.status.rawValue).")
    }
    router.post("/opportunities/:id/close") { request in
      let form = try request.form()
      guard let outcome = OpportunityOutcome(rawValue: form["outcome"] ?? "") else {
        throw ValidationError(field: "outcome", "must be filled internally or withdrawn")
      }
      let opportunity = try opportunities.close(
        try request.actor(), id: try request.intParameter("id"), outcome: outcome, note: form["note"] ?? "")
      return Response.redirect(to: "/opportunities/\(opportunity.id)").withNotice(
        "The opportunity is closed: \(outcome.rawValue).")
    }
    router.post("/opportunities/subscriptions") { request in
      let kinds: [OpportunityKind] = try request.form().choices("kinds")
      let following = try opportunities.subscribe(try request.actor(), to: kinds)
      return Response.redirect(to: "/opportunities").withNotice(
        following.isEmpty
          ? "You follow no kind of opportunity."
          : "New \(following.map(\.rawValue).joined(separator: ", ")) opportunities will show on your home page."
      )
    }
    router.get("/people/:id/opportunities") { request in
      let actor = try request.actor()
      let id = try request.intParameter("id")
      let person = try services.people.person(actor, id: id)
      let (limit, offset) = try request.paging()
      return Layout.render(
        personPage(
          person, try opportunities.interests(actor, of: id, via: .web, limit: limit, offset: offset)),
        for: request)
    }

    router.get("/api/v1/opportunities") { request in
      let filter = try Filter.read(request, emptyMeansAny: false)
      let (limit, offset) = try request.paging()
      return try .json(
        try opportunities.list(
          try request.actor(), kind: filter.kind, competency: filter.competency, limit: limit, offset: offset)
      )
    }
    router.post("/api/v1/opportunities") { request in
      try .json(
        try opportunities.create(try request.actor(), try request.decodeJSON(OpportunityInput.self)),
        status: .created)
    }
    router.get("/api/v1/opportunities/:id") { request in
      let (limit, offset) = try request.paging()
      return try .json(
        try opportunities.detail(
          try request.actor(), id: try request.intParameter("id"), via: .api, limit: limit, offset: offset))
    }
    router.put("/api/v1/opportunities/:id/interest") { request in
      let body = try request.decodeJSON(InterestBody.self)
      return try .json(
        try opportunities.expressInterest(
          try request.actor(), in: try request.intParameter("id"), note: body.note ?? "",
          shareWithManager: body.shareWithManager))
    }
    router.delete("/api/v1/opportunities/:id/interest") { request in
      try .json(try opportunities.withdrawInterest(try request.actor(), in: try request.intParameter("id")))
    }
    router.put("/api/v1/opportunity-interests/:id/status") { request in
      let body = try request.decodeJSON(DecisionBody.self)
      return try .json(
        try opportunities.decide(
          try request.actor(), interest: try request.intParameter("id"), status: body.status))
    }
    router.post("/api/v1/opportunities/:id/close") { request in
      let body = try request.decodeJSON(CloseBody.self)
      return try .json(
        try opportunities.close(
          try request.actor(), id: try request.intParameter("id"), outcome: body.outcome,
          note: body.note ?? ""))
    }
    router.get("/api/v1/me/opportunity-subscriptions") { request in
      try .json(SubscriptionBody(kinds: try opportunities.subscriptions(try request.actor())))
    }
    router.put("/api/v1/me/opportunity-subscriptions") { request in
      let body = try request.decodeJSON(SubscriptionBody.self)
      return try .json(
        SubscriptionBody(kinds: try opportunities.subscribe(try request.actor(), to: body.kinds)))
    }
    router.get("/api/v1/me/opportunity-matches") { request in
      try .json(try opportunities.newMatches(try request.actor()))
    }
    router.get("/api/v1/people/:id/opportunity-interests") { request in
      let (limit, offset) = try request.paging()
      return try .json(
        try opportunities.interests(
          try request.actor(), of: try request.intParameter("id"), via: .api, limit: limit, offset: offset))
    }
  }

  typealias Filter = CompetencyViews.Filter<OpportunityKind>

  /// How well it fits the person, in words; nothing when it does not fit what is known of them,
  /// or nothing is known yet (no ratings, plan or goals), rather than a discouraging "0 %".
  static func matchBadge(_ match: Match) -> Node {
    guard match.score > 0 else { return .empty }
    return .span(.class(match.isStrong ? "badge match strong" : "badge match")) {
      Node.text(match.isStrong ? "Strong fit for you" : "Some fit for you")
    }
  }

  static func card(_ opportunity: Opportunity) -> Node {
    .article(.class("card opportunity"), .id("opportunity-\(opportunity.id)")) {
      Node.h2 {
        Node.a(.href("/opportunities/\(opportunity.id)")) { Node.text(opportunity.title) }
        Node.text(" ")
        matchBadge(opportunity.match)
      }
      Node.p(.class("muted small")) {
        Node.text(
          "\(opportunity.kind.label) · \(opportunity.timeCommitment)"
            + (opportunity.team.isEmpty ? "" : " · \(opportunity.team)")
            + " · interest by \(Dates.day(opportunity.interestDeadline)) · \(opportunity.ownerName)"
            + (opportunity.myInterest.map { " · you: \($0.rawValue)" } ?? ""))
      }
      if !opportunity.match.reasons.isEmpty {
        Node.ul(.class("reasons small")) {
          for reason in opportunity.match.reasons { Node.li { Node.text(reason) } }
        }
      }
    }
  }

  static func listPage(
    _ page: Trellis.Page<Opportunity>, filter: Filter, competencies: [CompetencyRef], mine: [Interest],
    owned: [Opportunity],
    following: [OpportunityKind], canPost: Bool, request: Request
  ) -> Page {
    Page(title: "Opportunities", section: .opportunities) {
      Node.h1 { "Opportunities" }
      Node.p(.class("lead")) {
        "Projects, stretch assignments, rotations, gigs, open roles and shadowing across the organization. Your interest goes to the owner only; your manager hears of it only if you choose."
      }
      if canPost {
        Node.p { Node.a(.class("button secondary"), .href("/opportunities/new")) { "Post an opportunity" } }
      }
      filter.form(action: "/opportunities", competencyLabel: "Competency", competencies)
      Node.section(.id("open")) {
        if page.items.isEmpty { Node.p(.class("empty")) { "Nothing open that fits this filter." } }
        for opportunity in page.items { card(opportunity) }
        Pager.nav(page) { offset in
          "/opportunities?kind=\(filter.kind?.rawValue ?? "")&competency=\(filter.competency ?? "")&offset=\(offset)#open"
        }
      }
      Node.section(.class("card"), .id("mine")) {
        Node.h2 { "Your interest" }
        if mine.isEmpty { Node.p(.class("empty")) { "You have not expressed interest in anything yet." } }
        Node.ul {
          for interest in mine {
            Node.li {
              Node.a(.href("/opportunities/\(interest.opportunityID)")) {
                Node.text(interest.opportunityTitle)
              }
              Node.text(
                " · \(interest.status.rawValue)"
                  + (interest.shareWithManager ? " · shared with your manager" : " · private"))
            }
          }
        }
      }
      if !owned.isEmpty {
        Node.section(.class("card"), .id("owned")) {
          Node.h2 { "Opportunities you keep" }
          Node.ul {
            for opportunity in owned {
              Node.li {
                Node.a(.href("/opportunities/\(opportunity.id)")) { Node.text(opportunity.title) }
                Node.text(
                  opportunity.isOpen ? " · open" : " · closed: \(opportunity.outcome?.rawValue ?? "")")
              }
            }
          }
        }
      }
      Node.section(.class("card"), .id("follow")) {
        Node.h2 { "Follow kinds of opportunity" }
        Node.p(.class("muted small")) { "New ones that match you show on your home page." }
        Form.post("/opportunities/subscriptions", request: request) {
          Form.choices(
            "Kinds to follow", name: "kinds",
            options: OpportunityKind.allCases.map { ($0.rawValue, $0.label, following.contains($0)) },
            idPrefix: "follow")
          Node.button(.type("submit"), .class("secondary small")) { "Save what I follow" }
        }
      }
    }
  }

  static func formPage(competencies: [CompetencyRef], canPost: Bool, request: Request) -> Page {
    Page(title: "Post an opportunity", section: .opportunities) {
      Node.p { Node.a(.href("/opportunities")) { "← Opportunities" } }
      Node.h1 { "Post an opportunity" }
      Node.p(.class("lead")) {
        "Managers and the people team post opportunities; you keep the ones you post."
      }
      if !canPost {
        Node.p(.class("notice")) {
          "Only managers and the people team post opportunities. Tell your manager about the one you have in mind."
        }
      }
      Form.post("/opportunities", request: request, attributes: [.class("grid-form")]) {
        Form.field("Title", name: "title", required: true)
        Node.div(.class("field")) {
          Node.label(.for("field-kind")) { "Kind" }
          Node.select(.name("kind"), .id("field-kind")) {
            for kind in OpportunityKind.allCases { Node.option(.value(kind.rawValue), text: kind.label) }
          }
        }
        Form.textArea(
          "Description", name: "description", required: true, hint: "What the work is and who it suits")
        Form.field(
          "Time commitment", name: "timeCommitment", required: true, hint: "e.g. One day a week for 3 months")
        Form.field("Team", name: "team")
        Form.field("Starts", name: "startsOn", type: "date")
        Form.field("Interest by", name: "interestDeadline", type: "date", required: true)
        Form.field("Places", name: "places", value: "1", type: "number", required: true)
        CompetencyViews.checkboxes("needs", legend: "Competencies it needs", competencies, checked: [])
        CompetencyViews.checkboxes("develops", legend: "Competencies it develops", competencies, checked: [])
        Node.button(.type("submit")) { "Post" }
      }
    }
  }

  static func detailPage(_ detail: OpportunityDetail, request: Request) -> Page {
    let opportunity = detail.opportunity
    return Page(title: opportunity.title, section: .opportunities) {
      Node.p { Node.a(.href("/opportunities")) { "← Opportunities" } }
      Node.h1 { Node.text(opportunity.title) }
      Node.p(.class("muted")) {
        Node.text(
          "\(opportunity.kind.label) · kept by \(opportunity.ownerName) · \(Words.count(opportunity.places, "place"))"
            + (opportunity.isOpen ? " · open" : " · closed: \(opportunity.outcome?.rawValue ?? "")"))
      }
      Node.p(.class("lead")) { Node.text(opportunity.description) }
      Node.dl(.class("facts")) {
        Node.dt { "Time commitment" }
        Node.dd { Node.text(opportunity.timeCommitment) }
        if !opportunity.team.isEmpty {
          Node.dt { "Team" }
          Node.dd { Node.text(opportunity.team) }
        }
        Node.dt { "Starts" }
        Node.dd { Node.text(opportunity.startsOn.map(Dates.day) ?? "to agree") }
        Node.dt { "Interest by" }
        Node.dd { Node.text(Dates.day(opportunity.interestDeadline)) }
        Node.dt { "Needs" }
        Node.dd { Node.text(opportunity.needs.map(\.name).joined(separator: ", ").ifEmpty("—")) }
        Node.dt { "Develops" }
        Node.dd { Node.text(opportunity.develops.map(\.name).joined(separator: ", ").ifEmpty("—")) }
      }
      if !opportunity.outcomeNote.isEmpty { Node.p { Node.text(opportunity.outcomeNote) } }
      if !detail.isOwner {
        Node.section(.class("card"), .id("match")) {
          Node.h2 {
            Node.text("How it fits you ")
            matchBadge(opportunity.match)
          }
          if opportunity.match.reasons.isEmpty {
            Node.p(.class("empty")) {
              "Nothing in your plan, goals or ratings points here yet; it may still be for you."
            }
          } else {
            Node.p(.class("muted small")) {
              Node.text(
                "\(opportunity.match.score) % of what it needs and grows fits your ratings, plan and goals:")
            }
          }
          Node.ul {
            for reason in opportunity.match.reasons { Node.li { Node.text(reason) } }
          }
        }
        Node.section(.class("card"), .id("your-interest")) {
          Node.h2 { "Your interest" }
          if let mine = detail.mine, mine.status != .withdrawn {
            Node.p {
              Node.text(
                "You are \(mine.status == .interested ? "interested" : mine.status.rawValue)"
                  + (mine.shareWithManager ? "; your manager can see it." : "; only the owner knows."))
            }
            if !mine.note.isEmpty { Node.p(.class("small")) { Node.text("Your note: \(mine.note)") } }
            if opportunity.isOpen && mine.status != .selected {
              Form.post(
                "/opportunities/\(opportunity.id)/interest/withdraw", request: request,
                attributes: [.class("inline-form")]
              ) {
                Node.button(.type("submit"), .class("secondary small")) { "Withdraw" }
              }
            }
          } else if opportunity.isOpen {
            Form.post(
              "/opportunities/\(opportunity.id)/interest", request: request, attributes: [.class("grid-form")]
            ) {
              Form.textArea(
                "A note to the owner", name: "note", hint: "Why it interests you, what you would bring")
              Form.checkbox("Let my manager see my interest", name: "shareWithManager")
              Node.button(.type("submit")) { "I'm interested" }
            }
          } else {
            Node.p(.class("empty")) { "This opportunity is closed." }
          }
        }
      }
      if detail.isOwner {
        Node.section(.class("card"), .id("interest")) {
          Node.h2 { Node.text("Interest (\(detail.interests.total.grouped))") }
          if detail.interests.items.isEmpty { Node.p(.class("empty")) { "No one yet." } }
          for interest in detail.interests.items {
            Node.div(.class("interest")) {
              Node.p {
                Node.a(.href("/people/\(interest.personID)")) { Node.text(interest.personName) }
                Node.text(" · \(interest.status.rawValue)")
              }
              if !interest.note.isEmpty { Node.p(.class("small")) { Node.text(interest.note) } }
              if opportunity.isOpen && interest.status != .withdrawn {
                Form.post(
                  "/opportunity-interests/\(interest.id)/status", request: request,
                  attributes: [.class("inline-form")]
                ) {
                  Node.label(.for("decision-\(interest.id)"), .class("visually-hidden")) {
                    Node.text("Decision about \(interest.personName)")
                  }
                  Node.select(.name("status"), .id("decision-\(interest.id)")) {
                    for status in [InterestStatus.shortlisted, .selected, .notSelected] {
                      Node.option(
                        .value(status.rawValue), .flag("selected", interest.status == status),
                        text: status.rawValue)
                    }
                  }
                  Node.button(.type("submit"), .class("secondary small")) { Node.text("Decide") }
                }
              }
            }
          }
          Pager.nav(detail.interests) { "/opportunities/\(opportunity.id)?offset=\($0)#interest" }
        }
      }
      if detail.canManage && opportunity.isOpen {
        Node.section(.class("card"), .id("close")) {
          Node.h2 { "Close it" }
          Form.post(
            "/opportunities/\(opportunity.id)/close", request: request, attributes: [.class("grid-form")]
          ) {
            Node.div(.class("field")) {
              Node.label(.for("field-outcome")) { "Outcome" }
              Node.select(.name("outcome"), .id("field-outcome")) {
                for outcome in OpportunityOutcome.allCases {
                  Node.option(.value(outcome.rawValue), text: outcome.rawValue)
                }
              }
            }
            Form.field("Note", name: "note", hint: "Optional: what happens next")
            Node.button(.type("submit"), .class("secondary")) { "Close the opportunity" }
          }
        }
      }
    }
  }

  static func personPage(_ person: Person, _ interests: Trellis.Page<Interest>) -> Page {
    Page(title: "Opportunities of \(person.displayName)", section: .people) {
      Node.p { Node.a(.href("/people/\(person.id)")) { Node.text("← \(person.displayName)") } }
      Node.h1 { Node.text("Interest in opportunities: \(person.displayName)") }
      Node.p(.class("lead")) { "What they chose to share with you." }
      if interests.items.isEmpty { Node.p(.class("empty")) { "Nothing shared with you." } }
      Node.ul {
        for interest in interests.items {
          Node.li {
            Node.a(.href("/opportunities/\(interest.opportunityID)")) { Node.text(interest.opportunityTitle) }
            Node.text(" · \(interest.status.rawValue) · since \(Dates.day(interest.createdAt))")
          }
        }
      }
      Pager.nav(interests) { "/people/\(person.id)/opportunities?offset=\($0)" }
    }
  }
}

extension String {
  /// The text, or `fallback` when it is empty.
  func ifEmpty(_ fallback: String) -> String { isEmpty ? fallback : self }
}

/// The OpenAPI description of the opportunity operations.
enum OpportunityAPI {
  static let text: JSONValue = ["type": "string"]
  static let date: JSONValue = ["type": "string", "format": "date"]
  static let match: JSONValue = [
    "type": "object", "required": ["score", "reasons", "known"],
    "properties": [
      "score": ["type": "integer", "minimum": 0, "maximum": 100],
      "reasons": ["type": "array", "items": text],
      "known": ["type": "boolean"],
    ],
  ]
  static let opportunity: JSONValue = [
    "type": "object",
    "required": [
      "id", "title", "kind", "description", "timeCommitment", "team", "interestDeadline", "places", "ownerID",
      "ownerName", "needs", "develops", "isOpen", "outcomeNote", "createdAt", "match",
    ],
    "properties": [
      "id": Spec.id, "title": text, "kind": Spec.oneOf(OpportunityKind.self), "description": text,
      "timeCommitment": text, "team": text, "startsOn": ["type": ["string", "null"]],
      "interestDeadline": date,
      "places": ["type": "integer"], "ownerID": Spec.id, "ownerName": text,
      "needs": ["type": "array", "items": CommunityAPI.competency],
      "develops": ["type": "array", "items": CommunityAPI.competency], "isOpen": ["type": "boolean"],
      "outcome": Spec.orNull(Spec.oneOf(OpportunityOutcome.self)), "outcomeNote": text,
      "createdAt": ["type": "string", "format": "date-time"], "match": match,
      "myInterest": Spec.orNull(Spec.oneOf(InterestStatus.self)),
    ],
  ]
  static let interest: JSONValue = [
    "type": "object",
    "required": [
      "id", "opportunityID", "opportunityTitle", "personID", "personName", "note", "shareWithManager",
      "status",
      "createdAt",
    ],
    "properties": [
      "id": Spec.id, "opportunityID": Spec.id, "opportunityTitle": text, "personID": Spec.id,
      "personName": text,
      "note": text, "shareWithManager": ["type": "boolean"], "status": Spec.oneOf(InterestStatus.self),
      "createdAt": ["type": "string", "format": "date-time"],
    ],
  ]
  static let subscriptions: JSONValue = [
    "type": "object", "required": ["kinds"],
    "properties": ["kinds": Spec.list(.opportunityKinds, of: Spec.oneOf(OpportunityKind.self))],
  ]
  static let changes = ["400", "401", "403", "404", "409", "415", "422"]

  static let paths: [(String, JSONValue)] = [
    (
      "/api/v1/opportunities",
      [
        "get": Spec.operation(
          "listOpportunities", "Open opportunities, each with your match score and its reasons",
          tag: "opportunities",
          parameters: [
            Spec.query("kind", schema: Spec.oneOf(OpportunityKind.self)),
            Spec.query("competency", schema: Spec.slug()),
          ] + Spec.paging,
          success: ("200", "A page of opportunities", Spec.page(of: opportunity)),
          errors: ["400", "401", "422"]),
        "post": Spec.operation(
          "postOpportunity", "Post an opportunity (managers and the people team); you keep it",
          tag: "opportunities",
          body: Spec.json([
            "type": "object",
            "required": ["title", "kind", "description", "timeCommitment", "interestDeadline", "places"],
            "properties": [
              "title": Spec.text(.opportunityTitle), "kind": Spec.oneOf(OpportunityKind.self),
              "description": Spec.text(.opportunityDescription), "timeCommitment": Spec.text(.timeCommitment),
              "team": Spec.text(.department, orNull: true),
              "startsOn": Spec.date(optional: true, orNull: true),
              "interestDeadline": Spec.date(), "places": Spec.integer(.places), "ownerID": Spec.optionalID,
              "needs": Spec.list(.competencyLinks, of: Spec.slug(), orNull: true),
              "develops": Spec.list(.competencyLinks, of: Spec.slug(), orNull: true),
            ],
          ]), success: ("201", "The opportunity", opportunity), errors: ["400", "401", "403", "415", "422"]),
      ]
    ),
    (
      "/api/v1/opportunities/{id}",
      [
        "get": Spec.operation(
          "getOpportunity",
          "An opportunity; its owner also gets everyone's interest, a page at a time (`limit`, `offset`)",
          tag: "opportunities", parameters: [Spec.idParameter()] + Spec.paging,
          success: (
            "200", "The opportunity",
            [
              "type": "object", "required": ["opportunity", "interests", "isOwner", "canManage"],
              "properties": [
                "opportunity": opportunity, "interests": Spec.page(of: interest),
                "mine": Spec.orNull(interest), "isOwner": ["type": "boolean"],
                "canManage": ["type": "boolean"],
              ],
            ]
          ), errors: ["400", "401", "404"])
      ]
    ),
    (
      "/api/v1/opportunities/{id}/interest",
      [
        "put": Spec.operation(
          "expressInterest", "Express interest privately; your manager sees it only if you share it",
          tag: "opportunities", parameters: [Spec.idParameter()],
          body: Spec.json([
            "type": "object", "required": ["shareWithManager"],
            "properties": [
              "note": Spec.text(.note, orNull: true),
              "shareWithManager": ["type": "boolean"],
            ],
          ]), success: ("200", "Your interest", interest), errors: changes),
        "delete": Spec.operation(
          "withdrawInterest", "Withdraw your interest", tag: "opportunities",
          parameters: [Spec.idParameter()],
          success: ("200", "Your interest", interest), errors: ["401", "404", "409"]),
      ]
    ),
    (
      "/api/v1/opportunity-interests/{id}/status",
      [
        "put": Spec.operation(
          "decideInterest", "Shortlist, select or turn down someone (the owner)", tag: "opportunities",
          parameters: [Spec.idParameter()],
          body: Spec.json([
            "type": "object", "required": ["status"],
            "properties": [
              "status": ["type": "string", "enum": ["shortlisted", "selected", "not selected"]]
            ],
          ]), success: ("200", "The interest", interest), errors: changes)
      ]
    ),
    (
      "/api/v1/opportunities/{id}/close",
      [
        "post": Spec.operation(
          "closeOpportunity", "Close with an outcome (its owner, the people team)", tag: "opportunities",
          parameters: [Spec.idParameter()],
          body: Spec.json([
            "type": "object", "required": ["outcome"],
            "properties": [
              "outcome": Spec.oneOf(OpportunityOutcome.self),
              "note": Spec.text(.note, orNull: true),
            ],
          ]), success: ("200", "The opportunity", opportunity), errors: changes)
      ]
    ),
    (
      "/api/v1/me/opportunity-subscriptions",
      [
        "get": Spec.operation(
          "getOpportunitySubscriptions", "The kinds of opportunity you follow", tag: "opportunities",
          success: ("200", "What you follow", subscriptions), errors: ["401"]),
        "put": Spec.operation(
          "setOpportunitySubscriptions", "Follow these kinds of opportunity (and no others)",
          tag: "opportunities",
          body: Spec.json(subscriptions), success: ("200", "What you follow", subscriptions),
          errors: ["400", "401", "415", "422"]),
      ]
    ),
    (
      "/api/v1/me/opportunity-matches",
      [
        "get": Spec.operation(
          "getOpportunityMatches", "New open opportunities of the kinds you follow, best match first",
          tag: "opportunities", success: ("200", "Matches", ["type": "array", "items": opportunity]),
          errors: ["401"])
      ]
    ),
    (
      "/api/v1/people/{id}/opportunity-interests",
      [
        "get": Spec.operation(
          "listPersonInterests",
          "A person's interest: all of it for them, what they shared for their manager",
          tag: "opportunities", parameters: [Spec.idParameter()] + Spec.paging,
          success: ("200", "A page of interest", Spec.page(of: interest)),
          errors: ["400", "401", "403", "404"])
      ]
    ),
  ]
}

extension OpportunityKind {
  /// "Stretch assignment": how a kind reads on a page, in sentence case everywhere.
  var label: String { Words.sentence(rawValue) }
}
