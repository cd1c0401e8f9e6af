import Foundation
import HTTP
import Trellis

/// Career conversations as JSON: the same rules as the pages, enforced by the same services.
enum ConversationAPI {
  struct CadenceBody: Decodable { let cadenceDays: Int? }
  struct StatusBody: Decodable {
    let status: ConversationStatus
    let reason: String?
  }
  struct TextBody: Decodable { let text: String }
  struct BodyText: Decodable { let body: String }
  struct ReflectionBody: Decodable {
    let answers: [String: String]
    let share: Bool
  }
  struct NotesBody: Decodable {
    let body: String
    let baseRevision: Int
  }
  struct Revision: Encodable { let revision: Int }
  struct SummaryResponseBody: Decodable {
    let confirm: Bool
    let comment: String?
  }
  struct NewActionItem: Decodable {
    let title: String
    let ownerId: Int64
    let dueOn: String
  }
  struct ActionUpdate: Decodable {
    let status: ActionStatus
    let reason: String?
  }
  struct PulseBody: Decodable {
    let feltHeard: Int
    let clearNextSteps: Int
  }
  struct MoveBody: Decodable {
    let date: String
    let time: String
    let timeZone: String
    let durationMinutes: Int
    let location: String?
    let reason: String?
  }
  struct HandoverBody: Decodable { let conversationId: Int64? }

  static func register(on router: Router, services: Services) {
    let conversations = services.conversations
    let noContent = Response(status: .noContent)

    router.get("/api/v1/me/rhythms") { request in try .json(try conversations.rhythms(try request.actor())) }
    router.get("/api/v1/me/action-items") { request in
      try .json(
        try conversations.myActionItems(
          try request.actor(), includeClosed: try request.booleanQuery("includeClosed")))
    }
    router.get("/api/v1/me/timeline") { request in
      let actor = try request.actor()
      let (limit, offset) = try request.paging()
      return try .json(try conversations.timeline(actor, of: actor.id, limit: limit, offset: offset))
    }
    router.post("/api/v1/me/handovers") { request in
      try conversations.handOver(
        try request.actor(), conversation: try request.decodeJSON(HandoverBody.self).conversationId)
      return noContent
    }
    router.delete("/api/v1/me/handovers/:id") { request in
      try conversations.revokeHandovers(try request.actor(), from: try request.intParameter("id"))
      return noContent
    }
    router.get("/api/v1/guides") { request in try .json(try conversations.guides(try request.actor())) }

    router.put("/api/v1/relationships/:id/cadence") { request in
      try conversations.setCadence(
        try request.actor(), relationship: try request.intParameter("id"),
        days: try request.decodeJSON(CadenceBody.self).cadenceDays)
      return noContent
    }
    router.post("/api/v1/relationships/:id/conversations") { request in
      let conversation = try conversations.schedule(
        try request.actor(), relationship: try request.intParameter("id"),
        try request.decodeJSON(ScheduleInput.self))
      var response = try Response.json(conversation, status: .created)
      response.headers.set("Location", "/api/v1/conversations/\(conversation.id)")
      return response
    }

    router.get("/api/v1/conversations/:id") { request in
      try .json(
        try conversations.detail(try request.actor(), conversation: try request.intParameter("id"), via: .api)
      )
    }
    router.patch("/api/v1/conversations/:id") { request in
      let body = try request.decodeJSON(MoveBody.self)
      let input = ScheduleInput(
        date: body.date, time: body.time, timeZone: body.timeZone, durationMinutes: body.durationMinutes,
        location: body.location ?? "")
      return try .json(
        try conversations.reschedule(
          try request.actor(), conversation: try request.intParameter("id"), input, reason: body.reason ?? "")
      )
    }
    router.post("/api/v1/conversations/:id/status") { request in
      let body = try request.decodeJSON(StatusBody.self)
      return try .json(
        try conversations.setStatus(
          try request.actor(), conversation: try request.intParameter("id"), to: body.status,
          reason: body.reason ?? ""))
    }
    router.post("/api/v1/conversations/:id/agenda") { request in
      try .json(
        try conversations.addAgendaItem(
          try request.actor(), conversation: try request.intParameter("id"),
          text: try request.decodeJSON(TextBody.self).text),
        status: .created)
    }
    router.delete("/api/v1/conversations/:id/agenda/:item") { request in
      try conversations.removeAgendaItem(
        try request.actor(), conversation: try request.intParameter("id"),
        item: try request.intParameter("item"))
      return noContent
    }
    router.put("/api/v1/conversations/:id/reflection") { request in
      let body = try request.decodeJSON(ReflectionBody.self)
      try conversations.saveReflection(
        try request.actor(), conversation: try request.intParameter("id"), answers: body.answers,
        share: body.share)
      return noContent
    }
    router.put("/api/v1/conversations/:id/notes") { request in
      let body = try request.decodeJSON(NotesBody.self)
      return try .json(
        Revision(
          revision: try conversations.saveSharedNotes(
            try request.actor(), conversation: try request.intParameter("id"), body: body.body,
            baseRevision: body.baseRevision)))
    }
    router.get("/api/v1/conversations/:id/notes/revisions") { request in
      try .json(
        try conversations.noteRevisions(try request.actor(), conversation: try request.intParameter("id")))
    }
    router.put("/api/v1/conversations/:id/private-note") { request in
      try conversations.savePrivateNote(
        try request.actor(), conversation: try request.intParameter("id"),
        body: try request.decodeJSON(BodyText.self).body)
      return noContent
    }
    router.put("/api/v1/conversations/:id/summary-draft") { request in
      try conversations.saveSummaryDraft(
        try request.actor(), conversation: try request.intParameter("id"),
        body: try request.decodeJSON(BodyText.self).body)
      return noContent
    }
    router.put("/api/v1/conversations/:id/summary") { request in
      try conversations.writeSummary(
        try request.actor(), conversation: try request.intParameter("id"),
        body: try request.decodeJSON(BodyText.self).body)
      return noContent
    }
    router.post("/api/v1/conversations/:id/summary/response") { request in
      let body = try request.decodeJSON(SummaryResponseBody.self)
      try conversations.respondToSummary(
        try request.actor(), conversation: try request.intParameter("id"), confirm: body.confirm,
        comment: body.comment ?? "")
      return noContent
    }
    router.post("/api/v1/conversations/:id/action-items") { request in
      let body = try request.decodeJSON(NewActionItem.self)
      return try .json(
        try conversations.addActionItem(
          try request.actor(), conversation: try request.intParameter("id"), title: body.title,
          ownerID: body.ownerId,
          dueOn: body.dueOn),
        status: .created)
    }
    router.patch("/api/v1/action-items/:id") { request in
      let body = try request.decodeJSON(ActionUpdate.self)
      return try .json(
        try conversations.updateActionItem(
          try request.actor(), item: try request.intParameter("id"), status: body.status,
          reason: body.reason ?? ""))
    }
    router.post("/api/v1/conversations/:id/pulse") { request in
      let body = try request.decodeJSON(PulseBody.self)
      try conversations.givePulse(
        try request.actor(), conversation: try request.intParameter("id"), feltHeard: body.feltHeard,
        clearNextSteps: body.clearNextSteps)
      return noContent
    }
  }

  // MARK: OpenAPI

  static let string: JSONValue = ["type": "string"]
  static let integer: JSONValue = ["type": "integer"]
  static let date: JSONValue = ["type": "string", "format": "date"]
  static let dateTime: JSONValue = ["type": "string", "format": "date-time"]
  static let any: JSONValue = ["type": "object"]
  /// Optional text: absent or null both mean "none".
  static let optionalText: JSONValue = ["type": ["string", "null"]]

  static func object(_ required: [String], _ properties: [(String, JSONValue)]) -> JSONValue {
    ["type": "object", "required": .array(required.map { .string($0) }), "properties": .object(properties)]
  }

  static let schemas: [(String, JSONValue)] = [
    (
      "Conversation",
      object(
        [
          "id", "relationshipID", "employeeID", "partnerID", "guideVersionID", "scheduledAt", "timeZone",
          "durationMinutes", "location", "status", "statusReason", "sequence",
        ],
        [
          ("id", integer), ("relationshipID", integer), ("employeeID", integer), ("partnerID", integer),
          ("guideVersionID", integer), ("scheduledAt", dateTime), ("timeZone", string),
          ("durationMinutes", integer),
          ("location", string),
          ("status", ["type": "string", "enum": ["scheduled", "held", "missed", "cancelled"]]),
          ("statusReason", string), ("heldOn", date), ("sequence", integer),
        ])
    ),
    (
      "ActionItem",
      object(
        [
          "id", "conversationID", "relationshipID", "title", "ownerID", "ownerName", "dueOn", "status",
          "dropReason",
        ],
        [
          ("id", integer), ("conversationID", integer), ("relationshipID", integer), ("title", string),
          ("ownerID", integer), ("ownerName", string), ("dueOn", date),
          ("status", ["type": "string", "enum": ["open", "done", "dropped"]]), ("dropReason", string),
          ("doneOn", date),
        ])
    ),
    (
      "AgendaItem",
      object(
        ["id", "authorID", "authorName", "text"],
        [("id", integer), ("authorID", integer), ("authorName", string), ("text", string)])
    ),
    (
      "Rhythm",
      object(
        ["relationship", "employee", "partner", "cadenceDays", "dueOn", "status"],
        [
          ("relationship", any), ("employee", Spec.ref("Person")), ("partner", Spec.ref("Person")),
          ("cadenceDays", integer), ("lastHeldOn", date), ("nextScheduled", Spec.ref("Conversation")),
          ("dueOn", date),
          ("status", ["type": "string", "enum": ["on_track", "due_soon", "overdue"]]),
        ])
    ),
    (
      "ConversationDetail",
      object(
        [
          "conversation", "employee", "partner", "guide", "agenda", "carriedOver", "actionItems",
          "sharedReflections", "canEdit", "pulseGiven",
        ],
        [
          ("conversation", Spec.ref("Conversation")), ("employee", Spec.ref("Person")),
          ("partner", Spec.ref("Person")),
          ("guide", any), ("agenda", Spec.array(of: "AgendaItem")),
          ("carriedOver", Spec.array(of: "ActionItem")),
          ("actionItems", Spec.array(of: "ActionItem")), ("myReflection", any),
          ("sharedReflections", ["type": "array", "items": any]), ("sharedNotes", any),
          ("myPrivateNote", any),
          ("summary", any), ("mySummaryDraft", any), ("canEdit", ["type": "boolean"]),
          ("pulseGiven", ["type": "boolean"]),
        ])
    ),
    (
      "NoteRevision",
      object(
        ["revision", "body", "authorName", "createdAt"],
        [("revision", integer), ("body", string), ("authorName", string), ("createdAt", dateTime)])
    ),
    (
      "Guide",
      object(
        ["id", "slug", "title", "purpose", "retired", "isDefault", "version"],
        [
          ("id", integer), ("slug", string), ("title", string), ("purpose", string),
          ("retired", ["type": "boolean"]), ("isDefault", ["type": "boolean"]), ("version", any),
        ])
    ),
    (
      "ScheduleInput",
      object(
        ["date", "time", "timeZone", "durationMinutes"],
        [
          ("date", Spec.date()), ("time", Spec.time), ("timeZone", Spec.timeZone()),
          ("durationMinutes", Spec.integer(.durationMinutes)),
          ("location", Spec.text(.location, orNull: true)), ("guideID", Spec.optionalID),
        ])
    ),
  ]

  static func body(_ schema: JSONValue) -> JSONValue { Spec.json(schema) }

  /// A guide as the people team writes it (create and revise).
  static let guideBody = object(
    ["title", "sections"],
    [
      ("title", Spec.text(.guideTitle)), ("purpose", Spec.text(.guidePurpose, orNull: true)),
      (
        "sections",
        Spec.list(
          .guideSections,
          of: object(
            ["title", "prompts"],
            [
              ("title", Spec.text(.guideTitle)),
              ("prompts", Spec.list(.guidePrompts, of: Spec.text(.guidePrompt))),
            ]
          ))
      ),
    ])

  /// The organization's rhythm (read and written).
  static let settings = object(
    ["defaultCadenceDays", "firstConversationDays"],
    [
      ("defaultCadenceDays", Spec.integer(.cadenceDays)),
      ("firstConversationDays", Spec.integer(.firstConversationDays)),
      (
        "timeZone",
        Spec.described(
          Spec.timeZone(), "The organization's time zone (IANA); left out, it stays as it is")
      ),
    ])
  static let conversationID = [Spec.idParameter()]
  static let changes = ["400", "401", "403", "404", "409", "415", "422"]
}
