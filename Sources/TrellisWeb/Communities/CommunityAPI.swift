import Foundation
import HTTP
import Trellis

/// The community operations of the JSON API: their routes and their OpenAPI description.
enum CommunityAPI {
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
    router.delete("/api/v1/community-resources/:id") { request in
      try communities.removeResource(try request.actor(), resource: try request.intParameter("id"))
      return Response(status: .noContent)
    }
    router.get("/api/v1/communities") { request in
      let filter = try CommunityPages.Filter.read(request, emptyMeansAny: false)
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
