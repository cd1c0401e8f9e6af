import Foundation
import HTML
import HTTP
import Trellis

/// The opportunity marketplace: browse with a match score, express interest privately, post,
/// shortlist, select and close; follow kinds of opportunity.
enum OpportunityPages {
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
      return Response.redirect(to: WebPage.opportunity(opportunity.id).path).withNotice(
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
      return Response.redirect(to: WebPage.opportunity(interest.opportunityID).path).withNotice(
        interest.shareWithManager
          ? "Your interest is with the owner, and your manager can see it."
          : "Your interest is with the owner only.")
    }
    router.post("/opportunities/:id/interest/withdraw") { request in
      let interest = try opportunities.withdrawInterest(
        try request.actor(), in: try request.intParameter("id"))
      return Response.redirect(to: WebPage.opportunity(interest.opportunityID).path).withNotice(
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
      return Response.redirect(to: WebPage.opportunity(opportunity.id).path).withNotice(
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
        Node.a(.href(WebPage.opportunity(opportunity.id).path)) { Node.text(opportunity.title) }
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
              Node.a(.href(WebPage.opportunity(interest.opportunityID).path)) {
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
                Node.a(.href(WebPage.opportunity(opportunity.id).path)) { Node.text(opportunity.title) }
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
        Form.select(
          "Kind", name: "kind", options: OpportunityKind.allCases.map { ($0.rawValue, $0.label) },
          selected: nil)
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
                  Form.select(
                    "Decision about \(interest.personName)", name: "status",
                    options: [InterestStatus.shortlisted, .selected, .notSelected].map {
                      ($0.rawValue, Words.sentence($0.rawValue))
                    }, selected: interest.status.rawValue, id: "decision-\(interest.id)", hiddenLabel: true)
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
            Form.select(
              "Outcome", name: "outcome",
              options: OpportunityOutcome.allCases.map { ($0.rawValue, Words.sentence($0.rawValue)) },
              selected: nil)
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
            Node.a(.href(WebPage.opportunity(interest.opportunityID).path)) {
              Node.text(interest.opportunityTitle)
            }
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

extension OpportunityKind {
  /// "Stretch assignment": how a kind reads on a page, in sentence case everywhere.
  var label: String { Words.sentence(rawValue) }
}
