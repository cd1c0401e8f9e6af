import Foundation
import HTML
import HTTP
import Trellis

/// Mentoring: offer to mentor, find a mentor (suggested from one's plan and goals), ask, answer,
/// and the mentorship page with its goals, conversations and closing reflections.
enum MentorshipPages {
  static func register(on router: Router, services: Services) {
    let mentorship = services.mentorship

    router.get("/mentoring") { request in
      let actor = try request.actor()
      return Layout.render(
        hubPage(
          try mentorship.overview(actor, offsets: try Pager.offsets(request, of: MentoringList.self)),
          suggestions: try mentorship.suggestions(actor),
          competencies: try CompetencyViews.all(services, actor), actor: actor, request: request),
        for: request)
    }
    router.get("/mentors") { request in
      let actor = try request.actor()
      let filter = try CompetencyViews.Filter<NoKind>.read(request)
      let (limit, offset) = try request.paging()
      return Layout.render(
        mentorsPage(
          try mentorship.mentors(actor, competency: filter.competency, limit: limit, offset: offset),
          filter: filter,
          competencies: try CompetencyViews.all(services, actor), request: request), for: request)
    }
    router.post("/mentoring/offer") { request in
      let form = try request.form()
      guard let capacity = Int(form["capacity"] ?? ""), let cadence = Int(form["cadenceDays"] ?? "") else {
        throw ValidationError(field: "capacity", "capacity and cadence must be numbers")
      }
      let offer = try mentorship.offer(
        try request.actor(),
        MentorOfferInput(
          topics: form["topics"] ?? "", about: form["about"], competencySlugs: form.values("competencySlugs"),
          capacity: capacity, cadenceDays: cadence, active: try form.ticked("active")))
      return Response.redirect(to: "/mentoring#offer").withNotice(
        offer.active ? "Your offer to mentor is listed." : "Your offer is paused: no new requests will come.")
    }
    router.post("/mentors/:id/requests") { request in
      let asked = try mentorship.request(
        try request.actor(), mentor: try request.intParameter("id"), note: try request.form()["note"] ?? "")
      return Response.redirect(to: "/mentoring#requested").withNotice(
        "\(asked.mentorName) has your request.")
    }
    for (path, accept) in [("accept", true), ("decline", false)] {
      router.post("/mentorship-requests/:id/\(path)") { request in
        let actor = try request.actor()
        let answered = try mentorship.answer(
          actor, request: try request.intParameter("id"), accept: accept,
          note: try request.form()["note"] ?? "")
        if accept,
          let started = try mentorship.overview(actor).mentorships.items.first(where: {
            $0.menteeID == answered.menteeID && $0.endedOn == nil
          })
        {
          return Response.redirect(to: "/mentorships/\(started.id)").withNotice(
            "You now mentor \(answered.menteeName). Plan your first conversation.")
        }
        return Response.redirect(to: WebPage.mentoring.path).withNotice("The request is declined.")
      }
    }
    router.post("/mentorship-requests/:id/withdraw") { request in
      let withdrawn = try mentorship.withdraw(try request.actor(), request: try request.intParameter("id"))
      return Response.redirect(to: "/mentoring#requested").withNotice(
        "Your request to \(withdrawn.mentorName) is withdrawn.")
    }
    router.get("/mentorships/:id") { request in
      let actor = try request.actor()
      return Layout.render(
        mentorshipPage(
          try mentorship.detail(actor, id: try request.intParameter("id")), actor: actor, request: request),
        for: request)
    }
    router.post("/mentorships/:id/goals") { request in
      let changed = try mentorship.addGoal(
        try request.actor(), mentorship: try request.intParameter("id"),
        title: try request.form()["title"] ?? "")
      return Response.redirect(to: "/mentorships/\(changed.id)#goals").withNotice("The goal is added.")
    }
    router.post("/mentorship-goals/:id/reached") { request in
      let changed = try mentorship.reachGoal(try request.actor(), goal: try request.intParameter("id"))
      return Response.redirect(to: "/mentorships/\(changed.id)#goals").withNotice("Goal reached. Well done!")
    }
    router.post("/mentorships/:id/end") { request in
      let ended = try mentorship.end(
        try request.actor(), mentorship: try request.intParameter("id"),
        reflection: try request.form()["reflection"] ?? "")
      return Response.redirect(to: "/mentorships/\(ended.id)").withNotice(
        "The mentorship has ended; your reflection is kept with it.")
    }
    router.get("/mentoring/metrics") { request in
      Layout.render(metricsPage(try mentorship.metrics(try request.actor())), for: request)
    }

  }

  /// A mentor's card: its name is a heading one level below where it stands (a list under the
  /// page's title, or a section of the hub).
  static func offerCard(_ offer: MentorOffer, inSection: Bool = false, request: Request) -> Node {
    .article(.class("card mentor"), .id("mentor-\(offer.personID)")) {
      let name = Node.a(.href("/people/\(offer.personID)")) { Node.text(offer.name) }
      if inSection { Node.h3 { name } } else { Node.h2 { name } }
      Node.p(.class("muted small")) {
        Node.text(
          "\(offer.jobTitle) · \(Cadence.label(offer.cadenceDays).lowercased()) · "
            + (offer.hasRoom
              ? "\(Words.count(offer.capacity - offer.activeMentees, "place")) free" : "no room just now"))
      }
      Node.p { Node.text(offer.topics) }
      if !offer.about.isEmpty { Node.p(.class("small")) { Node.text(offer.about) } }
      if !offer.competencies.isEmpty {
        Node.ul(.class("tags")) {
          for competency in offer.competencies { Node.li(.class("badge")) { Node.text(competency.name) } }
        }
      }
      if !offer.reasons.isEmpty {
        Node.ul(.class("reasons small")) {
          for reason in offer.reasons { Node.li { Node.text(reason) } }
        }
      }
      if offer.hasRoom {
        Form.post("/mentors/\(offer.personID)/requests", request: request, attributes: [.class("grid-form")])
        {
          Form.textArea(
            "What you hope to work on with \(offer.name)", name: "note", required: true,
            id: "request-note-\(offer.personID)")
          Node.button(.type("submit"), .class("secondary")) { Node.text("Ask \(offer.name)") }
        }
      }
    }
  }

  /// The pager of one list on the mentoring page.
  static func pager<Item>(_ page: Trellis.Page<Item>, _ list: MentoringList, _ overview: MentoringOverview)
    -> Node
  {
    Pager.nav(
      page, list: list.rawValue, on: WebPage.mentoring.path,
      offsets: [
        ("asked", overview.asked.offset), ("mentorships", overview.mentorships.offset),
        ("requested", overview.requested.offset),
      ])
  }

  static func hubPage(
    _ overview: MentoringOverview, suggestions: [MentorOffer], competencies: [CompetencyRef], actor: Actor,
    request: Request
  ) -> Page {
    Page(title: "Mentoring", section: .mentoring) {
      Node.h1 { "Mentoring" }
      Node.p(.class("lead")) {
        "A mentor widens the view beyond your team. Mentorships meet in career conversations like those with your manager, with the mentoring guide."
      }
      Node.p {
        Node.a(.class("button"), .href("/mentors")) { "Browse mentors" }
        if Policy.allows(actor, .viewOrganizationMetrics) {
          Node.text(" ")
          Node.a(.class("button secondary"), .href("/mentoring/metrics")) {
            "Mentoring across the organization"
          }
        }
      }
      if !overview.asked.items.isEmpty {
        Node.section(.class("card"), .id("asked")) {
          Node.h2 { "Asked of you" }
          for asked in overview.asked.items {
            Node.div(.class("request")) {
              Node.p {
                Node.strong { Node.text(asked.menteeName) }
                Node.text(": \(asked.note)")
              }
              Node.div(.class("actions")) {
                Form.post(
                  "/mentorship-requests/\(asked.id)/accept", request: request,
                  attributes: [.class("inline-form")]
                ) {
                  Node.button(.type("submit")) { Node.text("Accept \(asked.menteeName)") }
                }
                Form.post(
                  "/mentorship-requests/\(asked.id)/decline", request: request,
                  attributes: [.class("inline-form")]
                ) {
                  Form.field("Why not (optional)", name: "note", id: "decline-\(asked.id)")
                  Node.button(.type("submit"), .class("secondary small")) { "Decline" }
                }
              }
            }
          }
          pager(overview.asked, .asked, overview)
        }
      }
      Node.section(.id("mentorships")) {
        Node.h2 { "Your mentorships" }
        if overview.mentorships.items.isEmpty { Node.p(.class("empty")) { "None yet." } }
        Node.ul {
          for mentorship in overview.mentorships.items {
            Node.li {
              Node.a(.href("/mentorships/\(mentorship.id)")) {
                Node.text(
                  mentorship.menteeID == actor.id
                    ? "\(mentorship.mentorName) mentors you" : "You mentor \(mentorship.menteeName)")
              }
              Node.text(
                " · since \(Dates.day(mentorship.startedOn))"
                  + (mentorship.endedOn.map { " · ended \(Dates.day($0))" } ?? ""))
            }
          }
        }
        pager(overview.mentorships, .mentorships, overview)
      }
      Node.section(.class("card"), .id("suggested")) {
        Node.h2 { "Suggested for you" }
        if suggestions.isEmpty {
          Node.p(.class("empty")) {
            "Suggestions come from the competencies in your plan and your goals. Browse all mentors meanwhile."
          }
        }
        for offer in suggestions.prefix(3) { offerCard(offer, inSection: true, request: request) }
      }
      Node.section(.id("requested")) {
        Node.h2 { "Your requests" }
        if overview.requested.items.isEmpty { Node.p(.class("empty")) { "You have not asked anyone yet." } }
        Node.ul {
          for asked in overview.requested.items {
            Node.li {
              Node.text("\(asked.mentorName) · \(asked.status.rawValue)")
              if !asked.responseNote.isEmpty { Node.text(": \(asked.responseNote)") }
              if asked.status == .pending {
                Form.post(
                  "/mentorship-requests/\(asked.id)/withdraw", request: request,
                  attributes: [.class("inline-form")]
                ) {
                  Node.button(.type("submit"), .class("link-button small")) { "Withdraw" }
                }
              }
            }
          }
        }
        pager(overview.requested, .requested, overview)
      }
      Node.section(.class("card"), .id("offer")) {
        Node.h2 { "Offer to mentor" }
        let offer = overview.offer
        Form.post("/mentoring/offer", request: request, attributes: [.class("grid-form")]) {
          Form.field(
            "Topics", name: "topics", value: offer?.topics ?? "", required: true,
            hint: "e.g. Moving into management, design reviews, public speaking")
          Form.textArea("About you as a mentor", name: "about", value: offer?.about ?? "")
          CompetencyViews.checkboxes(
            "competencySlugs", legend: "Competencies you can help with", competencies,
            checked: offer?.competencies ?? [])
          Form.field(
            "How many mentees at once", name: "capacity", value: String(offer?.capacity ?? 2), type: "number",
            required: true)
          Form.select(
            "How often you meet", name: "cadenceDays",
            options: ([("Every 2 weeks", 14)] + Cadence.presets.map { ($0.label, $0.days) }).map {
              (String($0.1), $0.0)
            },
            selected: String(offer?.cadenceDays ?? 30))
          Form.checkbox("Open to new mentees", name: "active", checked: offer?.active ?? true)
          Node.button(.type("submit")) { Node.text(offer == nil ? "Offer to mentor" : "Save my offer") }
        }
      }
    }
  }

  static func mentorsPage(
    _ page: Trellis.Page<MentorOffer>, filter: CompetencyViews.Filter<NoKind>, competencies: [CompetencyRef],
    request: Request
  ) -> Page {
    let offers = page.items
    return Page(title: "Mentors", section: .mentoring) {
      Node.p { Node.a(.href(WebPage.mentoring.path)) { "← Mentoring" } }
      Node.h1 { "Mentors" }
      filter.form(
        action: "/mentors", competencyLabel: "Helps with", competencies, withKinds: false)
      if offers.isEmpty { Node.p(.class("empty")) { "No one offers to mentor on this yet." } }
      Node.div(.class("cards")) {
        for offer in offers { offerCard(offer, request: request) }
      }
      Pager.nav(page) { "/mentors?competency=\(filter.competency ?? "")&offset=\($0)" }
    }
  }

  static func mentorshipPage(_ detail: MentorshipDetail, actor: Actor, request: Request) -> Page {
    let mentorship = detail.mentorship
    let isMentee = mentorship.menteeID == actor.id
    let active = mentorship.endedOn == nil
    return Page(title: "Mentorship", section: .mentoring) {
      Node.p { Node.a(.href(WebPage.mentoring.path)) { "← Mentoring" } }
      Node.h1 {
        Node.text(isMentee ? "\(mentorship.mentorName) mentors you" : "You mentor \(mentorship.menteeName)")
      }
      Node.p(.class("muted")) {
        Node.text(
          "Since \(Dates.day(mentorship.startedOn))"
            + (mentorship.cadenceDays.map { " · \(Cadence.label($0).lowercased())" } ?? "")
            + (mentorship.endedOn.map { " · ended \(Dates.day($0))" } ?? ""))
      }
      if let rhythm = detail.rhythm {
        Node.section(.class("card"), .id("rhythm")) {
          Node.h2 { "Conversations" }
          Node.p {
            ConversationViews.statusBadge(rhythm.status)
            Node.text(" Next due \(Dates.day(rhythm.dueOn)).")
          }
          Node.p {
            Node.a(.class("button"), .href(WebPage.schedule(relationship: mentorship.id).path)) {
              "Schedule a mentoring conversation"
            }
          }
        }
      }
      if !detail.conversations.isEmpty {
        Node.ul(.class("timeline")) {
          for conversation in detail.conversations {
            Node.li {
              Node.a(.href(WebPage.conversation(conversation.id).path)) {
                Node.text(ConversationViews.when(conversation))
              }
              Node.text(" · \(conversation.status.rawValue)")
            }
          }
        }
      }
      Node.section(.class("card"), .id("goals")) {
        Node.h2 { "Goals of the mentorship" }
        if mentorship.goals.isEmpty {
          Node.p(.class("empty")) { "Agree one or two goals in your first conversation." }
        }
        Node.ul {
          for goal in mentorship.goals {
            Node.li {
              Node.text(goal.title)
              if let reached = goal.reachedOn {
                Node.text(" · reached \(Dates.day(reached)) ✓")
              } else if active {
                Form.post(
                  "/mentorship-goals/\(goal.id)/reached", request: request,
                  attributes: [.class("inline-form")]
                ) {
                  Node.button(.type("submit"), .class("secondary small")) { "Reached" }
                }
              }
            }
          }
        }
        if active {
          Form.post(
            "/mentorships/\(mentorship.id)/goals", request: request, attributes: [.class("inline-form")]
          ) {
            Form.field("New goal", name: "title", required: true)
            Node.button(.type("submit"), .class("secondary small")) { "Add goal" }
          }
        }
      }
      Node.section(.class("card"), .id("reflections")) {
        Node.h2 { active ? "End the mentorship" : "Reflections" }
        for (who, text) in [
          (mentorship.menteeName, mentorship.menteeReflection),
          (mentorship.mentorName, mentorship.mentorReflection),
        ] where !text.isEmpty {
          Node.p {
            Node.strong { Node.text("\(who): ") }
            Node.text(text)
          }
        }
        let mine = isMentee ? mentorship.menteeReflection : mentorship.mentorReflection
        if active || mine.isEmpty {
          Form.post("/mentorships/\(mentorship.id)/end", request: request, attributes: [.class("grid-form")])
          {
            Form.textArea(
              "Your reflection", name: "reflection", required: true,
              hint: "What you take away, in a few sentences. The other side reads it.")
            Node.button(.type("submit"), .class(active ? "secondary" : "")) {
              Node.text(active ? "End the mentorship" : "Add my reflection")
            }
          }
        }
      }
    }
  }

  static func metricsPage(_ metrics: MentoringMetrics) -> Page {
    Page(title: "Mentoring across the organization", section: .mentoring) {
      Node.p { Node.a(.href(WebPage.mentoring.path)) { "← Mentoring" } }
      Node.h1 { "Mentoring across the organization" }
      if metrics.suppressed {
        Node.p(.class("notice")) {
          Node.text(
            "Fewer than \(Policy.smallestGroup) people are in mentorships, so no figures are shown: they would point at individuals."
          )
        }
      } else {
        Node.dl(.class("facts")) {
          Node.dt { "Active mentorships" }
          Node.dd { Node.text(String(metrics.activePairs ?? 0)) }
          Node.dt { "People taking part" }
          Node.dd { Node.text(String(metrics.peopleInvolved ?? 0)) }
          Node.dt { "Meeting on cadence" }
          Node.dd { Node.text(metrics.onCadencePercent.map { "\($0)%" } ?? "—") }
          Node.dt { "Goals reached" }
          Node.dd { Node.text("\(metrics.goalsReached ?? 0) of \(metrics.goalsSet ?? 0)") }
        }
      }
      Node.p(.class("muted small")) {
        "Counts only; no names and nothing said in a mentorship is shown here."
      }
    }
  }
}
