import Foundation
import HTML
import HTTP
import Trellis

/// Learning communities: browse and join, start one, organise its members and meetings, share
/// resources, and point a plan item at one.
enum CommunityPages {
  static func register(on router: Router, services: Services) {
    let communities = services.communities

    router.get("/communities") { request in
      let actor = try request.actor()
      let filter = try Filter.read(request)
      let (limit, offset) = try request.paging()
      return Layout.render(
        listPage(
          try communities.list(
            actor, kind: filter.kind, competency: filter.competency, limit: limit, offset: offset),
          filter: filter,
          competencies: try CompetencyViews.all(services, actor), request: request), for: request)
    }
    router.get("/communities/new") { request in
      let actor = try request.actor()
      return Layout.render(
        formPage(nil, competencies: try CompetencyViews.all(services, actor), request: request), for: request)
    }
    router.post("/communities") { request in
      let community = try communities.create(try request.actor(), try input(try request.form()))
      return Response.redirect(to: "/communities/\(community.id)").withNotice(
        "\(community.name) is started: you are its organiser.")
    }
    router.get("/communities/:id") { request in
      let actor = try request.actor()
      return Layout.render(
        detailPage(
          try communities.detail(
            actor, id: try request.intParameter("id"),
            offsets: try Pager.offsets(request, of: CommunityList.self)),
          competencies: try CompetencyViews.all(services, actor), request: request), for: request)
    }
    router.post("/communities/:id") { request in
      let community = try communities.update(
        try request.actor(), id: try request.intParameter("id"), try input(try request.form()))
      return Response.redirect(to: "/communities/\(community.id)").withNotice("The community is saved.")
    }
    router.post("/communities/:id/join") { request in
      let community = try communities.join(try request.actor(), id: try request.intParameter("id"))
      return Response.redirect(to: "/communities/\(community.id)").withNotice("Welcome to \(community.name).")
    }
    router.post("/communities/:id/leave") { request in
      let community = try communities.leave(try request.actor(), id: try request.intParameter("id"))
      return Response.redirect(to: "/communities/\(community.id)").withNotice("You left \(community.name).")
    }
    router.post("/communities/:id/members") { request in
      let actor = try request.actor()
      let form = try request.form()
      let person = try services.people.person(actor, named: form["email"] ?? "", field: "email")
      let id = try request.intParameter("id")
      _ = try communities.addMember(actor, id: id, person: person.id, organiser: try form.ticked("organiser"))
      return Response.redirect(to: "/communities/\(id)#members").withNotice("\(person.displayName) is added.")
    }
    router.post("/communities/:id/meetings") { request in
      let form = try request.form()
      let id = try request.intParameter("id")
      let meeting = try communities.scheduleMeeting(
        try request.actor(), id: id, title: form["title"] ?? "", try ConversationViews.scheduleInput(form))
      return Response.redirect(to: "/communities/\(id)#meetings").withNotice(
        "“\(meeting.title)” is scheduled.")
    }
    router.post("/communities/:id/resources") { request in
      let form = try request.form()
      let id = try request.intParameter("id")
      _ = try communities.addResource(
        try request.actor(), id: id,
        CommunityResourceInput(title: form["title"] ?? "", url: form["url"], note: form["note"]))
      return Response.redirect(to: "/communities/\(id)#resources").withNotice("Shared with the community.")
    }
    router.post("/community-resources/:id/remove") { request in
      let community = try communities.removeResource(
        try request.actor(), resource: try request.intParameter("id"))
      return Response.redirect(to: "/communities/\(community)#resources").withNotice(
        "The resource is taken down.")
    }
    router.post("/communities/:id/plan-item") { request in
      let actor = try request.actor()
      let detail = try communities.detail(actor, id: try request.intParameter("id"))
      let community = detail.community
      let today = services.clock.today()
      _ = try services.plans.addItem(
        actor, for: actor.id,
        PlanItemInput(
          competencySlug: community.competencies.first?.slug,
          skill: community.competencies.first?.name ?? community.name, learningMode: .learningCommunity,
          description: "Take part in \(community.name)", startOn: today.description,
          targetOn: today.adding(days: 90).description, communityID: community.id))
      return Response.redirect(to: WebPage.plan(person: actor.id).path).withNotice(
        "Your plan points at \(community.name): adjust the item's dates and success criteria.")
    }

  }

  typealias Filter = CompetencyViews.Filter<CommunityKind>

  static func input(_ form: FormData) throws -> CommunityInput {
    guard let kind = CommunityKind(rawValue: form["kind"] ?? "") else {
      throw ValidationError(field: "kind", "choose what kind of community it is")
    }
    return CommunityInput(
      name: form["name"] ?? "", kind: kind, description: form["description"] ?? "",
      isOpen: try form.ticked("isOpen"), competencySlugs: form.values("competencySlugs"))
  }

  static func summary(_ community: Community) -> Node {
    .article(.class("card community"), .id("community-\(community.id)")) {
      Node.h2 { Node.a(.href("/communities/\(community.id)")) { Node.text(community.name) } }
      Node.p(.class("muted small")) {
        Node.text(
          "\(Words.sentence(community.kind.rawValue)) · \(Words.count(community.memberCount, "member"))"
            + (community.isOpen ? " · open to all" : " · by invitation")
            + (community.isMember ? " · you are a member" : ""))
      }
      Node.p { Node.text(community.description) }
      if !community.competencies.isEmpty {
        Node.ul(.class("tags")) {
          for competency in community.competencies { Node.li(.class("badge")) { Node.text(competency.name) } }
        }
      }
      if let next = community.nextMeeting {
        Node.p(.class("small")) { Node.text("Next: \(next.title), \(meetingTime(next))") }
      }
    }
  }

  static func meetingTime(_ meeting: CommunityMeeting) -> String {
    Dates.meeting(meeting.startsAt, heldIn: meeting.timeZone)
  }

  static func listPage(
    _ page: Trellis.Page<Community>, filter: Filter, competencies: [CompetencyRef], request: Request
  )
    -> Page
  {
    Page(title: "Learning communities", section: .communities) {
      Node.h1 { "Learning communities" }
      Node.p(.class("lead")) {
        "Book clubs, cohorts, guilds and cross-training circles: people learning together, across teams."
      }
      Node.p { Node.a(.class("button"), .href("/communities/new")) { "Start a community" } }
      filter.form(action: "/communities", competencyLabel: "Grows", competencies)
      if page.items.isEmpty { Node.p(.class("empty")) { "No community yet. Start the first one." } }
      Node.div(.class("cards")) {
        for community in page.items { summary(community) }
      }
      Pager.nav(page) { offset in
        "/communities?kind=\(filter.kind?.rawValue ?? "")&competency=\(filter.competency ?? "")&offset=\(offset)"
      }
    }
  }

  static func fields(_ community: Community?, competencies: [CompetencyRef]) -> Node {
    Node.group {
      Form.field("Name", name: "name", value: community?.name ?? "", required: true)
      Form.select(
        "Kind", name: "kind",
        options: CommunityKind.allCases.map { ($0.rawValue, Words.sentence($0.rawValue)) },
        selected: community?.kind.rawValue)
      Form.textArea(
        "Description", name: "description", value: community?.description ?? "", required: true,
        hint: "What you do together, how often, and who it is for")
      CompetencyViews.checkboxes(
        "competencySlugs", legend: "Competencies it grows", competencies,
        checked: community?.competencies ?? [])
      Form.checkbox("Open: anyone may join", name: "isOpen", checked: community?.isOpen ?? true)
    }
  }

  static func formPage(_ community: Community?, competencies: [CompetencyRef], request: Request) -> Page {
    Page(title: "Start a community", section: .communities) {
      Node.p { Node.a(.href("/communities")) { "← Learning communities" } }
      Node.h1 { "Start a community" }
      Form.post("/communities", request: request, attributes: [.class("grid-form")]) {
        fields(nil, competencies: competencies)
        Node.button(.type("submit")) { "Start it" }
      }
    }
  }

  /// The pager of one list on a community's page.
  static func pager<Item>(_ page: Trellis.Page<Item>, _ list: CommunityList, _ detail: CommunityDetail)
    -> Node
  {
    Pager.nav(
      page, list: list.rawValue, on: "/communities/\(detail.community.id)",
      offsets: [("resources", detail.resources.offset), ("members", detail.members.offset)])
  }

  static func detailPage(_ detail: CommunityDetail, competencies: [CompetencyRef], request: Request) -> Page {
    let community = detail.community
    let now = Date()
    return Page(title: community.name, section: .communities) {
      Node.p { Node.a(.href("/communities")) { "← Learning communities" } }
      Node.h1 { Node.text(community.name) }
      Node.p(.class("muted")) {
        Node.text(
          "\(Words.sentence(community.kind.rawValue)) · organised by \(community.organisers.map(\.name).joined(separator: ", "))"
            + (community.isOpen ? " · open to all" : " · by invitation"))
      }
      Node.p(.class("lead")) { Node.text(community.description) }
      if !community.competencies.isEmpty {
        Node.p {
          Node.text("Grows: ")
          Node.text(community.competencies.map(\.name).joined(separator: ", "))
        }
      }
      Node.div(.class("actions")) {
        if community.isMember {
          Form.post(
            "/communities/\(community.id)/leave", request: request, attributes: [.class("inline-form")]
          ) {
            Node.button(.type("submit"), .class("secondary")) { "Leave" }
          }
        } else if community.isOpen {
          Form.post(
            "/communities/\(community.id)/join", request: request, attributes: [.class("inline-form")]
          ) {
            Node.button(.type("submit")) { "Join" }
          }
        } else {
          Node.p(.class("muted")) { "By invitation: ask an organiser to add you." }
        }
        Form.post(
          "/communities/\(community.id)/plan-item", request: request, attributes: [.class("inline-form")]
        ) {
          Node.button(.type("submit"), .class("secondary")) { "Add to my development plan" }
        }
      }
      Node.section(.class("card"), .id("meetings")) {
        Node.h2 { "Meetings" }
        let upcoming = detail.meetings.filter { $0.startsAt >= now }
        let past = detail.meetings.filter { $0.startsAt < now }
        if upcoming.isEmpty { Node.p(.class("empty")) { "Nothing scheduled." } }
        Node.ul {
          for meeting in upcoming {
            Node.li {
              Node.strong { Node.text(meeting.title) }
              Node.text(" · \(meetingTime(meeting)) · \(meeting.durationMinutes) min")
              if !meeting.location.isEmpty { Node.text(" · \(meeting.location)") }
            }
          }
        }
        if !past.isEmpty {
          Node.p(.class("muted small")) {
            Node.text(
              "Recently: " + past.map { "\($0.title) (\(Dates.day($0.startsAt)))" }.joined(separator: ", "))
          }
        }
        if community.canOrganise {
          Form.post(
            "/communities/\(community.id)/meetings", request: request, attributes: [.class("grid-form")]
          ) {
            Form.field(
              "Meeting", name: "title", required: true, hint: "e.g. Chapter 3: deciding under uncertainty")
            ConversationViews.scheduleFields(values: [:], guides: nil)
            Node.button(.type("submit"), .class("secondary")) { "Schedule the meeting" }
          }
        }
      }
      Node.section(.class("card"), .id("resources")) {
        Node.h2 { "Shared resources" }
        if detail.resources.items.isEmpty { Node.p(.class("empty")) { "Nothing shared yet." } }
        Node.ul {
          for resource in detail.resources.items {
            Node.li {
              if resource.url.isEmpty {
                Node.strong { Node.text(resource.title) }
              } else {
                Node.a(.href(resource.url), .rel("noopener noreferrer")) { Node.text(resource.title) }
              }
              if !resource.note.isEmpty { Node.text(": \(resource.note)") }
              Node.span(.class("muted small")) { Node.text(" · shared by \(resource.addedByName)") }
              if resource.canRemove {
                Form.post(
                  "/community-resources/\(resource.id)/remove", request: request,
                  attributes: [.class("inline-form")]
                ) {
                  Node.button(.type("submit"), .class("link-button small")) { "Take down" }
                }
              }
            }
          }
        }
        pager(detail.resources, .resources, detail)
        if community.canShare {
          Form.post(
            "/communities/\(community.id)/resources", request: request, attributes: [.class("grid-form")]
          ) {
            Form.field("Title", name: "title", required: true, id: "resource-title")
            Form.field("Link", name: "url", type: "url", hint: "Optional", id: "resource-url")
            Form.field("Why it is worth it", name: "note", id: "resource-note")
            Node.button(.type("submit"), .class("secondary")) { "Share" }
          }
        }
      }
      Node.section(.class("card"), .id("members")) {
        Node.h2 { Node.text("Members (\(detail.members.total.grouped))") }
        Node.ul(.class("people-list compact")) {
          for member in detail.members.items {
            Node.li {
              Node.a(.href("/people/\(member.personID)")) { Node.text(member.name) }
              if member.isOrganiser { Node.span(.class("badge")) { "organiser" } }
            }
          }
        }
        pager(detail.members, .members, detail)
        if community.canOrganise {
          Form.post(
            "/communities/\(community.id)/members", request: request, attributes: [.class("inline-form")]
          ) {
            Form.person("Add someone", name: "email", required: true, id: "member-email")
            Form.checkbox("as an organiser", name: "organiser", id: "member-organiser")
            Node.button(.type("submit"), .class("secondary small")) { "Add" }
          }
        }
      }
      if community.canOrganise {
        Node.section(.class("card"), .id("edit")) {
          Node.h2 { "Edit the community" }
          Form.post("/communities/\(community.id)", request: request, attributes: [.class("grid-form")]) {
            fields(community, competencies: competencies)
            Node.button(.type("submit")) { "Save" }
          }
        }
      }
    }
  }
}
