import Foundation
import HTTP
import Trellis

/// The mentoring operations of the JSON API: their routes and their OpenAPI description.
enum MentorshipAPI {
  struct RequestBody: Decodable {
    let mentorID: Int64
    let note: String
  }
  struct NoteBody: Decodable { let note: String? }
  struct GoalBody: Decodable { let title: String }
  struct EndBody: Decodable { let reflection: String }

  static func register(on router: Router, services: Services) {
    let mentorship = services.mentorship
    router.delete("/api/v1/mentorship-requests/:id") { request in
      _ = try mentorship.withdraw(try request.actor(), request: try request.intParameter("id"))
      return Response(status: .noContent)
    }
    router.get("/api/v1/mentors") { request in
      let (limit, offset) = try request.paging()
      return try .json(
        try mentorship.mentors(
          try request.actor(),
          competency: try CompetencyViews.Filter<NoKind>.read(request, emptyMeansAny: false).competency,
          limit: limit, offset: offset))
    }
    router.get("/api/v1/me/mentor-suggestions") { request in
      try .json(try mentorship.suggestions(try request.actor()))
    }
    router.put("/api/v1/me/mentor-offer") { request in
      try .json(try mentorship.offer(try request.actor(), try request.decodeJSON(MentorOfferInput.self)))
    }
    router.get("/api/v1/me/mentoring") { request in try .json(try mentorship.overview(try request.actor())) }
    router.get("/api/v1/me/mentorships") { request in
      let (limit, offset) = try request.paging()
      return try .json(try mentorship.mentorships(try request.actor(), limit: limit, offset: offset))
    }
    for list in [MentoringList.asked, .requested] {
      router.get("/api/v1/me/mentorship-requests/\(list.rawValue)") { request in
        let (limit, offset) = try request.paging()
        return try .json(try mentorship.requests(try request.actor(), list, limit: limit, offset: offset))
      }
    }
    router.post("/api/v1/mentorship-requests") { request in
      let body = try request.decodeJSON(RequestBody.self)
      return try .json(
        try mentorship.request(try request.actor(), mentor: body.mentorID, note: body.note), status: .created)
    }
    for (path, accept) in [("accept", true), ("decline", false)] {
      router.post("/api/v1/mentorship-requests/:id/\(path)") { request in
        let body = try request.decodeJSON(NoteBody.self)
        return try .json(
          try mentorship.answer(
            try request.actor(), request: try request.intParameter("id"), accept: accept,
            note: body.note ?? ""))
      }
    }
    router.get("/api/v1/mentorships/:id") { request in
      try .json(try mentorship.detail(try request.actor(), id: try request.intParameter("id")))
    }
    router.post("/api/v1/mentorships/:id/goals") { request in
      let body = try request.decodeJSON(GoalBody.self)
      return try .json(
        try mentorship.addGoal(
          try request.actor(), mentorship: try request.intParameter("id"), title: body.title),
        status: .created)
    }
    router.post("/api/v1/mentorship-goals/:id/reached") { request in
      try .json(try mentorship.reachGoal(try request.actor(), goal: try request.intParameter("id")))
    }
    router.post("/api/v1/mentorships/:id/end") { request in
      let body = try request.decodeJSON(EndBody.self)
      return try .json(
        try mentorship.end(
          try request.actor(), mentorship: try request.intParameter("id"), reflection: body.reflection))
    }
    router.get("/api/v1/mentoring/metrics") { request in
      try .json(try mentorship.metrics(try request.actor()))
    }
  }

  static let text: JSONValue = ["type": "string"]
  static let offer: JSONValue = [
    "type": "object",
    "required": [
      "personID", "name", "jobTitle", "topics", "about", "competencies", "capacity", "cadenceDays", "active",
      "activeMentees", "reasons",
    ],
    "properties": [
      "personID": Spec.id, "name": text, "jobTitle": text, "topics": text, "about": text,
      "competencies": ["type": "array", "items": CommunityAPI.competency], "capacity": ["type": "integer"],
      "cadenceDays": ["type": "integer"], "active": ["type": "boolean"], "activeMentees": ["type": "integer"],
      "reasons": ["type": "array", "items": text],
    ],
  ]
  static let overview: JSONValue = [
    "type": "object", "required": ["mentorships", "asked", "requested"],
    "properties": [
      "mentorships": Spec.page(of: mentorship), "asked": Spec.page(of: request),
      "requested": Spec.page(of: request), "offer": Spec.orNull(offer),
    ],
  ]
  static let request: JSONValue = [
    "type": "object",
    "required": [
      "id", "menteeID", "menteeName", "mentorID", "mentorName", "note", "status", "responseNote", "createdAt",
    ],
    "properties": [
      "id": Spec.id, "menteeID": Spec.id, "menteeName": text, "mentorID": Spec.id, "mentorName": text,
      "note": text,
      "status": Spec.oneOf(MentorshipRequestStatus.self), "responseNote": text,
      "createdAt": ["type": "string", "format": "date-time"],
    ],
  ]
  static let mentorship: JSONValue = [
    "type": "object",
    "required": [
      "id", "menteeID", "menteeName", "mentorID", "mentorName", "startedOn", "goals", "menteeReflection",
      "mentorReflection",
    ],
    "properties": [
      "id": Spec.id, "menteeID": Spec.id, "menteeName": text, "mentorID": Spec.id, "mentorName": text,
      "startedOn": ["type": "string", "format": "date"], "endedOn": ["type": ["string", "null"]],
      "cadenceDays": ["type": ["integer", "null"]],
      "goals": [
        "type": "array",
        "items": [
          "type": "object", "required": ["id", "title"],
          "properties": ["id": Spec.id, "title": text, "reachedOn": ["type": ["string", "null"]]],
        ],
      ],
      "menteeReflection": text, "mentorReflection": text,
    ],
  ]
  static let changes = ["400", "401", "404", "409", "415", "422"]

  static let paths: [(String, JSONValue)] = [
    (
      "/api/v1/mentors",
      [
        "get": Spec.operation(
          "listMentors", "People who offer to mentor, with why each suits you", tag: "mentoring",
          parameters: [Spec.query("competency", schema: Spec.slug())] + Spec.paging,
          success: ("200", "A page of mentors", Spec.page(of: offer)), errors: ["400", "401"])
      ]
    ),
    (
      "/api/v1/me/mentor-suggestions",
      [
        "get": Spec.operation(
          "getMentorSuggestions", "Mentors with room whose competencies meet your plan and goals, best first",
          tag: "mentoring", success: ("200", "Mentors", ["type": "array", "items": offer]), errors: ["401"])
      ]
    ),
    (
      "/api/v1/me/mentor-offer",
      [
        "put": Spec.operation(
          "offerToMentor", "Offer to mentor, or change or pause your offer", tag: "mentoring",
          body: Spec.json([
            "type": "object", "required": ["topics", "capacity", "cadenceDays", "active"],
            "properties": [
              "topics": Spec.text(.mentorTopics), "about": Spec.text(.mentorAbout, orNull: true),
              "competencySlugs": Spec.list(.competencyLinks, of: Spec.slug(), orNull: true),
              "capacity": Spec.integer(.menteeCapacity), "cadenceDays": Spec.integer(.cadenceDays),
              "active": ["type": "boolean"],
            ],
          ]), success: ("200", "Your offer", offer), errors: ["400", "401", "415", "422"])
      ]
    ),
    (
      "/api/v1/me/mentoring",
      [
        "get": Spec.operation(
          "getMyMentoring",
          "The first page of your mentorships, of requests asked of you and made by you, and your offer",
          tag: "mentoring",
          success: ("200", "Your mentoring", overview), errors: ["401"])
      ]
    ),
    (
      "/api/v1/me/mentorships",
      [
        "get": Spec.operation(
          "listMyMentorships", "Your mentorships as mentee or mentor, current ones first", tag: "mentoring",
          parameters: Spec.paging, success: ("200", "A page of mentorships", Spec.page(of: mentorship)),
          errors: ["400", "401"])
      ]
    ),
    (
      "/api/v1/me/mentorship-requests/asked",
      [
        "get": Spec.operation(
          "listMentorshipRequestsAsked", "Pending requests for you to mentor someone, newest first",
          tag: "mentoring", parameters: Spec.paging,
          success: ("200", "A page of requests", Spec.page(of: request)), errors: ["400", "401"])
      ]
    ),
    (
      "/api/v1/me/mentorship-requests/requested",
      [
        "get": Spec.operation(
          "listMentorshipRequestsMade", "Requests you made for a mentor, with their status, newest first",
          tag: "mentoring", parameters: Spec.paging,
          success: ("200", "A page of requests", Spec.page(of: request)), errors: ["400", "401"])
      ]
    ),
    (
      "/api/v1/mentorship-requests",
      [
        "post": Spec.operation(
          "requestMentor", "Ask someone who offers to mentor, saying what you hope to work on",
          tag: "mentoring",
          body: Spec.json([
            "type": "object", "required": ["mentorID", "note"],
            "properties": [
              "mentorID": Spec.id, "note": Spec.text(.mentorshipAsk),
            ],
          ]), success: ("201", "The request", request), errors: changes)
      ]
    ),
    (
      "/api/v1/mentorship-requests/{id}",
      [
        "delete": Spec.operation(
          "withdrawMentorshipRequest", "Take back your pending request", tag: "mentoring",
          parameters: [Spec.idParameter()], success: ("204", "Withdrawn", nil), errors: ["401", "404", "409"])
      ]
    ),
    (
      "/api/v1/mentorship-requests/{id}/accept",
      [
        "post": Spec.operation(
          "acceptMentorshipRequest", "Accept (the mentor asked): the mentorship starts", tag: "mentoring",
          parameters: [Spec.idParameter()],
          body: Spec.json(["type": "object", "properties": ["note": Spec.text(.note, orNull: true)]]),
          success: ("200", "The request", request), errors: changes)
      ]
    ),
    (
      "/api/v1/mentorship-requests/{id}/decline",
      [
        "post": Spec.operation(
          "declineMentorshipRequest", "Decline (the mentor asked), with an optional note", tag: "mentoring",
          parameters: [Spec.idParameter()],
          body: Spec.json(["type": "object", "properties": ["note": Spec.text(.note, orNull: true)]]),
          success: ("200", "The request", request), errors: changes)
      ]
    ),
    (
      "/api/v1/mentorships/{id}",
      [
        "get": Spec.operation(
          "getMentorship", "A mentorship with its rhythm and conversations (its mentee and mentor)",
          tag: "mentoring", parameters: [Spec.idParameter()],
          success: (
            "200", "The mentorship",
            [
              "type": "object", "required": ["mentorship", "conversations"],
              "properties": [
                "mentorship": mentorship, "rhythm": Spec.orNull(Spec.ref("Rhythm")),
                "conversations": ["type": "array", "items": Spec.ref("Conversation")],
              ],
            ]
          ), errors: ["401", "404"])
      ]
    ),
    (
      "/api/v1/mentorships/{id}/goals",
      [
        "post": Spec.operation(
          "addMentorshipGoal", "Add a goal to the mentorship", tag: "mentoring",
          parameters: [Spec.idParameter()],
          body: Spec.json([
            "type": "object", "required": ["title"],
            "properties": ["title": Spec.text(.mentorshipGoal)],
          ]), success: ("201", "The mentorship", mentorship), errors: changes)
      ]
    ),
    (
      "/api/v1/mentorship-goals/{id}/reached",
      [
        "post": Spec.operation(
          "reachMentorshipGoal", "Mark a goal of the mentorship reached", tag: "mentoring",
          parameters: [Spec.idParameter()], success: ("200", "The mentorship", mentorship),
          errors: ["401", "404"])
      ]
    ),
    (
      "/api/v1/mentorships/{id}/end",
      [
        "post": Spec.operation(
          "endMentorship", "End the mentorship with a short reflection (or add yours after it ended)",
          tag: "mentoring", parameters: [Spec.idParameter()],
          body: Spec.json([
            "type": "object", "required": ["reflection"],
            "properties": ["reflection": Spec.text(.mentorshipReflection)],
          ]), success: ("200", "The mentorship", mentorship), errors: changes)
      ]
    ),
    (
      "/api/v1/mentoring/metrics",
      [
        "get": Spec.operation(
          "getMentoringMetrics",
          "Mentoring across the organization (the people team; none below five people)",
          tag: "mentoring",
          success: (
            "200", "Aggregates",
            [
              "type": "object", "required": ["suppressed"],
              "properties": [
                "suppressed": ["type": "boolean"], "activePairs": ["type": ["integer", "null"]],
                "peopleInvolved": ["type": ["integer", "null"]],
                "onCadencePercent": ["type": ["integer", "null"]],
                "goalsSet": ["type": ["integer", "null"]], "goalsReached": ["type": ["integer", "null"]],
              ],
            ]
          ), errors: ["401", "403"])
      ]
    ),
  ]
}
