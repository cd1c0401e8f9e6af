import Foundation
import HTML
import HTTP
import Trellis

/// Learning communities: browse and join, start one, organise its members and meetings, share
/// resources, and point a plan item at one.
enum CommunityPages {
  struct MemberBody: Decodable {
    let personID: Int64
    let organiser: Bool?
  }
  struct MeetingBody: Decodable {
    let title: String
    let date: String
    let time: String
    let timeZone: String
    let durationMinutes: Int
    let location: String?
  }

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
    router.delete("/api/v1/community-resources/:id") { request in
      try communities.removeResource(try request.actor(), resource: try request.intParameter("id"))
      return Response(status: .noContent)
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
      return Response.redirect(to: "/people/\(actor.id)/plan").withNotice(
        "Your plan points at \(community.name): adjust the item's dates and success criteria.")
    }

    router.get("/api/v1/communities") { request in
      let filter = try Filter.read(request, emptyMeansAny: false)
      let (limit, offset) = try request.paging()
      return try .json(
        try communities.list(
          try request.actor(), kind: filter.kind, competency: filter.competency, limit: limit, offset: offset)
      )
    }
    router.post("/api/v1/communities") { request in
      try .json(
        try communities.create(try request.actor(), try request.decodeJSON(CommunityInput.self)),
        status: .created)
    }
    router.get("/api/v1/communities/:id") { request in
      try .json(try communities.detail(try request.actor(), id: try request.intParameter("id")))
    }
    router.get("/api/v1/communities/:id/members") { request in
      let (limit, offset) = try request.paging()
      return try .json(
        try communities.members(
          try request.actor(), of: try request.intParameter("id"), limit: limit, offset: offset))
    }
    router.get("/api/v1/communities/:id/resources") { request in
      let (limit, offset) = try request.paging()
      return try .json(
        try communities.resources(
          try request.actor(), of: try request.intParameter("id"), limit: limit, offset: offset))
    }
    router.put("/api/v1/communities/:id") { request in
      try .json(
        try communities.update(
          try request.actor(), id: try request.intParameter("id"), try request.decodeJSON(CommunityInput.self)
        ))
    }
    router.put("/api/v1/communities/:id/membership") { request in
      try .json(try communities.join(try request.actor(), id: try request.intParameter("id")))
    }
    router.delete("/api/v1/communities/:id/membership") { request in
      try .json(try communities.leave(try request.actor(), id: try request.intParameter("id")))
    }
    router.post("/api/v1/communities/:id/members") { request in
      let body = try request.decodeJSON(MemberBody.self)
      return try .json(
        try communities.addMember(
          try request.actor(), id: try request.intParameter("id"), person: body.personID,
          organiser: body.organiser ?? false))
    }
    router.post("/api/v1/communities/:id/meetings") { request in
      let body = try request.decodeJSON(MeetingBody.self)
      return try .json(
        try communities.scheduleMeeting(
          try request.actor(), id: try request.intParameter("id"), title: body.title,
          ScheduleInput(
            date: body.date, time: body.time, timeZone: body.timeZone, durationMinutes: body.durationMinutes,
            location: body.location ?? "")), status: .created)
    }
    router.post("/api/v1/communities/:id/resources") { request in
      try .json(
        try communities.addResource(
          try request.actor(), id: try request.intParameter("id"),
          try request.decodeJSON(CommunityResourceInput.self)), status: .created)
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
      Node.div(.class("field")) {
        Node.label(.for("field-kind")) { "Kind" }
        Node.select(.name("kind"), .id("field-kind")) {
          for kind in CommunityKind.allCases {
            Node.option(
              .value(kind.rawValue), .flag("selected", community?.kind == kind), text: kind.rawValue)
          }
        }
      }
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

/// The OpenAPI description of the community operations.
enum CommunityAPI {
  static let text: JSONValue = ["type": "string"]
  static let competency: JSONValue = [
    "type": "object", "required": ["slug", "name"], "properties": ["slug": text, "name": text],
  ]
  static let member: JSONValue = [
    "type": "object", "required": ["personID", "name", "isOrganiser"],
    "properties": ["personID": Spec.id, "name": text, "isOrganiser": ["type": "boolean"]],
  ]
  static let meeting: JSONValue = [
    "type": "object",
    "required": ["id", "communityID", "title", "startsAt", "timeZone", "durationMinutes", "location"],
    "properties": [
      "id": Spec.id, "communityID": Spec.id, "title": text,
      "startsAt": ["type": "string", "format": "date-time"],
      "timeZone": text, "durationMinutes": ["type": "integer"], "location": text,
    ],
  ]
  static let resource: JSONValue = [
    "type": "object",
    "required": ["id", "title", "url", "note", "addedByID", "addedByName", "createdAt", "canRemove"],
    "properties": [
      "id": Spec.id, "title": text, "url": text, "note": text, "addedByID": Spec.id, "addedByName": text,
      "createdAt": ["type": "string", "format": "date-time"], "canRemove": ["type": "boolean"],
    ],
  ]
  static let community: JSONValue = [
    "type": "object",
    "required": [
      "id", "name", "kind", "description", "isOpen", "competencies", "organisers", "memberCount", "isMember",
      "isOrganiser", "canOrganise", "canShare",
    ],
    "properties": [
      "id": Spec.id, "name": text, "kind": Spec.oneOf(CommunityKind.self), "description": text,
      "isOpen": ["type": "boolean"], "competencies": ["type": "array", "items": competency],
      "organisers": ["type": "array", "items": member], "memberCount": ["type": "integer"],
      "nextMeeting": Spec.orNull(meeting), "isMember": ["type": "boolean"],
      "isOrganiser": ["type": "boolean"], "canOrganise": ["type": "boolean"], "canShare": ["type": "boolean"],
    ],
  ]
  static let detail: JSONValue = [
    "type": "object", "required": ["community", "members", "meetings", "resources"],
    "properties": [
      "community": community, "members": Spec.page(of: member),
      "meetings": ["type": "array", "items": meeting], "resources": Spec.page(of: resource),
    ],
  ]
  static let input: JSONValue = Spec.json([
    "type": "object", "required": ["name", "kind", "description", "isOpen", "competencySlugs"],
    "properties": [
      "name": Spec.text(.communityName), "kind": Spec.oneOf(CommunityKind.self),
      "description": Spec.text(.communityDescription), "isOpen": ["type": "boolean"],
      "competencySlugs": Spec.list(.competencyLinks, of: Spec.slug()),
    ],
  ])
  static let changes = ["400", "401", "403", "404", "415", "422"]

  static let paths: [(String, JSONValue)] = [
    (
      "/api/v1/communities",
      [
        "get": Spec.operation(
          "listCommunities", "Every learning community, optionally of one kind or growing one competency",
          tag: "communities",
          parameters: [
            Spec.query("kind", schema: Spec.oneOf(CommunityKind.self)),
            Spec.query("competency", schema: Spec.slug()),
          ] + Spec.paging,
          success: ("200", "A page of communities", Spec.page(of: community)), errors: ["400", "401", "422"]),
        "post": Spec.operation(
          "createCommunity", "Start a community; you are its first organiser", tag: "communities",
          body: input,
          success: ("201", "The community", community), errors: ["400", "401", "415", "422"]),
      ]
    ),
    (
      "/api/v1/communities/{id}",
      [
        "get": Spec.operation(
          "getCommunity", "A community with the first page of its members and resources, and its meetings",
          tag: "communities",
          parameters: [Spec.idParameter()], success: ("200", "The community", detail), errors: ["401", "404"]),
        "put": Spec.operation(
          "updateCommunity", "Change a community (its organisers, the people team)", tag: "communities",
          parameters: [Spec.idParameter()], body: input, success: ("200", "The community", community),
          errors: changes),
      ]
    ),
    (
      "/api/v1/communities/{id}/membership",
      [
        "put": Spec.operation(
          "joinCommunity", "Join an open community", tag: "communities", parameters: [Spec.idParameter()],
          success: ("200", "The community", community), errors: ["401", "404", "409"]),
        "delete": Spec.operation(
          "leaveCommunity", "Leave a community (its last organiser hands over first)", tag: "communities",
          parameters: [Spec.idParameter()], success: ("200", "The community", community),
          errors: ["401", "404", "409"]),
      ]
    ),
    (
      "/api/v1/communities/{id}/members",
      [
        "get": Spec.operation(
          "listCommunityMembers", "The community's members, organisers first, then by name",
          tag: "communities",
          parameters: [Spec.idParameter()] + Spec.paging,
          success: ("200", "A page of members", Spec.page(of: member)), errors: ["400", "401", "404"]),
        "post": Spec.operation(
          "addCommunityMember", "Add someone, or make them an organiser (organisers)", tag: "communities",
          parameters: [Spec.idParameter()],
          body: Spec.json([
            "type": "object", "required": ["personID"],
            "properties": ["personID": Spec.id, "organiser": ["type": ["boolean", "null"]]],
          ]), success: ("200", "The community", detail), errors: changes),
      ]
    ),
    (
      "/api/v1/communities/{id}/meetings",
      [
        "post": Spec.operation(
          "scheduleCommunityMeeting", "Put a meeting on the community's schedule (organisers)",
          tag: "communities", parameters: [Spec.idParameter()],
          body: Spec.json([
            "type": "object", "required": ["title", "date", "time", "timeZone", "durationMinutes"],
            "properties": [
              "title": Spec.text(.communityItemTitle), "date": Spec.date(), "time": Spec.time,
              "timeZone": Spec.timeZone(), "durationMinutes": Spec.integer(.durationMinutes),
              "location": Spec.text(.location, orNull: true),
            ],
          ]), success: ("201", "The meeting", meeting), errors: changes)
      ]
    ),
    (
      "/api/v1/community-resources/{id}",
      [
        "delete": Spec.operation(
          "removeCommunityResource", "Take a resource down (whoever shared it, the organisers)",
          tag: "communities", parameters: [Spec.idParameter()], success: ("204", "Removed", nil),
          errors: ["401", "403", "404"])
      ]
    ),
    (
      "/api/v1/communities/{id}/resources",
      [
        "get": Spec.operation(
          "listCommunityResources", "What the community's members shared, newest first", tag: "communities",
          parameters: [Spec.idParameter()] + Spec.paging,
          success: ("200", "A page of resources", Spec.page(of: resource)), errors: ["400", "401", "404"]),
        "post": Spec.operation(
          "shareCommunityResource", "Share a book, course or link with the community (members)",
          tag: "communities", parameters: [Spec.idParameter()],
          body: Spec.json([
            "type": "object", "required": ["title"],
            "properties": [
              "title": Spec.text(.communityItemTitle), "url": Spec.webAddress(optional: true, orNull: true),
              "note": Spec.text(.resourceNote, orNull: true),
            ],
          ]), success: ("201", "The resource", resource), errors: changes),
      ]
    ),
  ]
}
