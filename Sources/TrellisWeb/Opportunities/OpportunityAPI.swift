import Foundation
import HTTP
import Trellis

/// The opportunity operations of the JSON API: their routes and their OpenAPI description.
enum OpportunityAPI {
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
    router.get("/api/v1/opportunities") { request in
      let filter = try OpportunityPages.Filter.read(request, emptyMeansAny: false)
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
