import Foundation
import HTTP
import Trellis

/// The feedback operations of the JSON API: their routes and their OpenAPI description.
enum FeedbackAPI {
  struct RequestBody: Decodable {
    let giverIds: [Int64]
    let topic: String
    let planItemID: Int64?
    let goalID: Int64?
  }
  struct NoteBody: Decodable { let note: String? }
  struct ReplyBody: Decodable { let reply: String }

  static func register(on router: Router, services: Services) {
    let feedback = services.feedback
    router.get("/api/v1/me/feedback") { request in try .json(try feedback.inbox(try request.actor())) }
    for list in [FeedbackList.received, .given] {
      router.get("/api/v1/me/feedback/\(list.rawValue)") { request in
        let (limit, offset) = try request.paging()
        return try .json(try feedback.feedback(try request.actor(), list, limit: limit, offset: offset))
      }
    }
    for list in [FeedbackList.asked, .requested] {
      router.get("/api/v1/me/feedback/\(list.rawValue)") { request in
        let (limit, offset) = try request.paging()
        return try .json(try feedback.requests(try request.actor(), list, limit: limit, offset: offset))
      }
    }
    router.post("/api/v1/feedback") { request in
      try .json(
        try feedback.give(try request.actor(), try request.decodeJSON(FeedbackInput.self)), status: .created)
    }
    router.get("/api/v1/people/:id/feedback") { request in
      let (limit, offset) = try request.paging()
      return try .json(
        try feedback.received(
          try request.actor(), by: try request.intParameter("id"), via: .api, limit: limit, offset: offset))
    }
    router.post("/api/v1/feedback-requests") { request in
      let body = try request.decodeJSON(RequestBody.self)
      return try .json(
        try feedback.request(
          try request.actor(), from: body.giverIds, topic: body.topic, planItemID: body.planItemID,
          goalID: body.goalID), status: .created)
    }
    router.post("/api/v1/feedback-requests/:id/decline") { request in
      let body = try request.decodeJSON(NoteBody.self)
      return try .json(
        try feedback.decline(
          try request.actor(), request: try request.intParameter("id"), note: body.note ?? ""))
    }
    router.post("/api/v1/feedback/:id/thanks") { request in
      try .json(try feedback.thank(try request.actor(), feedback: try request.intParameter("id")))
    }
    router.post("/api/v1/feedback/:id/reply") { request in
      let body = try request.decodeJSON(ReplyBody.self)
      return try .json(
        try feedback.reply(try request.actor(), feedback: try request.intParameter("id"), text: body.reply))
    }
    router.post("/api/v1/feedback/:id/plan-item") { request in
      try .json(
        try feedback.makePlanItem(try request.actor(), feedback: try request.intParameter("id")),
        status: .created)
    }
  }

  static let text: JSONValue = ["type": "string"]
  static let feedback: JSONValue = [
    "type": "object",
    "required": [
      "id", "giverID", "giverName", "recipientID", "recipientName", "kind", "situation", "behaviour",
      "impact",
      "nextStep", "managerMaySee", "reply", "createdAt",
    ],
    "properties": [
      "id": Spec.id, "giverID": Spec.id, "giverName": text, "recipientID": Spec.id, "recipientName": text,
      "requestID": Spec.optionalID, "topic": ["type": ["string", "null"]],
      "kind": Spec.oneOf(FeedbackKind.self),
      "situation": text, "behaviour": text, "impact": text, "nextStep": text,
      "managerMaySee": ["type": "boolean"],
      "thankedAt": ["type": ["string", "null"]], "reply": text, "planItemID": Spec.optionalID,
      "createdAt": ["type": "string", "format": "date-time"],
    ],
  ]
  static let request: JSONValue = [
    "type": "object",
    "required": [
      "id", "requesterID", "requesterName", "giverID", "giverName", "topic", "status", "createdAt",
    ],
    "properties": [
      "id": Spec.id, "requesterID": Spec.id, "requesterName": text, "giverID": Spec.id, "giverName": text,
      "topic": text, "planItemTitle": ["type": ["string", "null"]],
      "goalTitle": ["type": ["string", "null"]],
      "status": Spec.oneOf(FeedbackRequestStatus.self),
      "declineNote": text, "createdAt": ["type": "string", "format": "date-time"],
    ],
  ]
  static let changes = ["400", "401", "404", "415", "422"]

  static func myList(_ list: FeedbackList, _ id: String, _ summary: String, _ item: JSONValue)
    -> (String, JSONValue)
  {
    (
      "/api/v1/me/feedback/\(list.rawValue)",
      [
        "get": Spec.operation(
          id, summary, tag: "feedback", parameters: Spec.paging,
          success: ("200", "A page of them", Spec.page(of: item)), errors: ["400", "401"])
      ]
    )
  }

  static let paths: [(String, JSONValue)] = [
    (
      "/api/v1/me/feedback",
      [
        "get": Spec.operation(
          "getMyFeedback",
          "The first page of each: feedback you received and gave, requests asked of you (open) and made by you",
          tag: "feedback",
          success: (
            "200", "Your feedback",
            [
              "type": "object", "required": ["received", "given", "asked", "requested"],
              "properties": [
                "received": Spec.page(of: feedback), "given": Spec.page(of: feedback),
                "asked": Spec.page(of: request), "requested": Spec.page(of: request),
              ],
            ]
          ), errors: ["401"])
      ]
    ),
    myList(.received, "listFeedbackReceived", "Feedback you received, newest first", feedback),
    myList(.given, "listFeedbackGiven", "Feedback you gave, newest first", feedback),
    myList(.asked, "listFeedbackAsked", "Open requests for your feedback, newest first", request),
    myList(
      .requested, "listFeedbackRequested", "Requests you made, with their status, newest first", request),
    (
      "/api/v1/feedback",
      [
        "post": Spec.operation(
          "giveFeedback",
          "Give feedback to someone (or answer their request); you decide if their manager may read it",
          tag: "feedback",
          body: Spec.json([
            "type": "object",
            "required": ["recipientID", "kind", "situation", "behaviour", "impact", "managerMaySee"],
            "properties": [
              "recipientID": Spec.id,
              "kind": Spec.oneOf(FeedbackKind.self),
              "situation": Spec.text(.feedbackText), "behaviour": Spec.text(.feedbackText),
              "impact": Spec.text(.feedbackText), "nextStep": Spec.text(.feedbackNextStep, orNull: true),
              "managerMaySee": ["type": "boolean"], "requestID": Spec.optionalID,
            ],
          ]), success: ("201", "The feedback", feedback), errors: changes)
      ]
    ),
    (
      "/api/v1/people/{id}/feedback",
      [
        "get": Spec.operation(
          "listPersonFeedback",
          "Feedback the person received that you may read (theirs; their manager where givers allowed; your own as giver)",
          tag: "feedback", parameters: [Spec.idParameter()] + Spec.paging,
          success: ("200", "A page of feedback", Spec.page(of: feedback)), errors: ["400", "401", "404"])
      ]
    ),
    (
      "/api/v1/feedback-requests",
      [
        "post": Spec.operation(
          "requestFeedback",
          "Ask one to ten people for feedback on a topic, optionally about your plan item or goal",
          tag: "feedback",
          body: Spec.json([
            "type": "object", "required": ["giverIds", "topic"],
            "properties": [
              "giverIds": Spec.list(.feedbackGivers, of: Spec.id), "topic": Spec.text(.feedbackTopic),
              "planItemID": Spec.optionalID, "goalID": Spec.optionalID,
            ],
          ]), success: ("201", "One request per person asked", ["type": "array", "items": request]),
          errors: changes)
      ]
    ),
    (
      "/api/v1/feedback-requests/{id}/decline",
      [
        "post": Spec.operation(
          "declineFeedbackRequest", "Decline a request made of you, with an optional note", tag: "feedback",
          parameters: [Spec.idParameter()],
          body: Spec.json(["type": "object", "properties": ["note": Spec.text(.note, orNull: true)]]),
          success: ("200", "The request", request), errors: ["400", "401", "404", "409", "415"])
      ]
    ),
    (
      "/api/v1/feedback/{id}/thanks",
      [
        "post": Spec.operation(
          "thankForFeedback", "Thank the giver (the recipient)", tag: "feedback",
          parameters: [Spec.idParameter()],
          success: ("200", "The feedback", feedback), errors: ["401", "403", "404"])
      ]
    ),
    (
      "/api/v1/feedback/{id}/reply",
      [
        "post": Spec.operation(
          "replyToFeedback", "Reply to the giver (the recipient)", tag: "feedback",
          parameters: [Spec.idParameter()],
          body: Spec.json([
            "type": "object", "required": ["reply"],
            "properties": ["reply": Spec.text(.feedbackText)],
          ]), success: ("200", "The feedback", feedback), errors: ["400", "401", "403", "404", "415", "422"])
      ]
    ),
    (
      "/api/v1/feedback/{id}/plan-item",
      [
        "post": Spec.operation(
          "planItemFromFeedback", "Turn the suggested next step into an item of your plan (the recipient)",
          tag: "feedback", parameters: [Spec.idParameter()],
          success: ("201", "The plan item", ["type": "object", "required": ["id", "skill", "description"]]),
          errors: ["401", "403", "404", "422"])
      ]
    ),
  ]
}
