import Foundation
import HTTP
import Trellis

/// The conversation operations as the OpenAPI document describes them.
extension ConversationAPI {
  static var paths: [(String, JSONValue)] {
    [
      (
        "/api/v1/guides/{id}",
        [
          "put": Spec.operation(
            "reviseGuide", "A new version of a guide (people team); past conversations keep theirs",
            tag: "conversations",
            parameters: conversationID,
            body: body(guideBody), success: ("200", "The guide", Spec.ref("Guide")),
            errors: changes)
        ]
      ),
      (
        "/api/v1/settings/conversations",
        [
          "get": Spec.operation(
            "getConversationSettings", "The organization's default cadence and first-conversation window",
            tag: "conversations",
            success: (
              "200", "Settings",
              settings
            ), errors: ["401"]),
          "put": Spec.operation(
            "updateConversationSettings", "Change them (people team)", tag: "conversations",
            body: body(
              settings),
            success: (
              "200", "Settings",
              settings
            ), errors: changes),
        ]
      ),
      (
        "/api/v1/me/conversations/export",
        [
          "get": Spec.operation(
            "exportConversations",
            "All conversations you took part in, as you see them (your private notes included), oldest first",
            tag: "conversations",
            success: (
              "200", "The export",
              object(
                ["person", "exportedAt", "conversations"],
                [
                  ("person", Spec.ref("Person")), ("exportedAt", dateTime),
                  ("conversations", Spec.array(of: "ConversationDetail")),
                ])
            ), errors: ["401"])
        ]
      ),
      (
        "/api/v1/conversations/search",
        [
          "get": Spec.operation(
            "searchConversations",
            "Search what you may read in conversations (notes, summaries, agendas, action items, your private notes)",
            tag: "conversations",
            parameters: [
              Spec.query(
                "q", schema: Spec.text(.conversationSearch), description: "Words to find; all must match")
            ],
            success: (
              "200", "Matches, newest conversation first",
              object(
                ["query", "hits"],
                [
                  ("query", string),
                  (
                    "hits",
                    [
                      "type": "array",
                      "items": object(
                        ["conversation", "kind", "excerpt"],
                        [("conversation", Spec.ref("Conversation")), ("kind", string), ("excerpt", string)]),
                    ]
                  ),
                ])
            ), errors: ["401", "422"])
        ]
      ),
      (
        "/api/v1/me/rhythms",
        [
          "get": Spec.operation(
            "listRhythms", "Your relationships and where each stands", tag: "conversations",
            success: ("200", "Rhythms", Spec.array(of: "Rhythm")), errors: ["401"])
        ]
      ),
      (
        "/api/v1/me/action-items",
        [
          "get": Spec.operation(
            "listMyActionItems", "Action items you own, by due date", tag: "conversations",
            parameters: [Spec.query("includeClosed", "boolean", "Also done and dropped ones")],
            success: ("200", "Items", Spec.array(of: "ActionItem")), errors: ["400", "401"])
        ]
      ),
      (
        "/api/v1/me/timeline",
        [
          "get": Spec.operation(
            "getTimeline", "Your conversations, newest first", tag: "conversations", parameters: Spec.paging,
            success: ("200", "A page of conversations", Spec.page(of: Spec.ref("Conversation"))),
            errors: ["400", "401"])
        ]
      ),
      (
        "/api/v1/me/handovers",
        [
          "post": Spec.operation(
            "handOver", "Let your current manager read one past conversation (or all: conversationId null)",
            tag: "conversations", body: body(object([], [("conversationId", Spec.optionalID)])),
            success: ("204", "Handed over", nil), errors: changes)
        ]
      ),
      (
        "/api/v1/me/handovers/{id}",
        [
          "delete": Spec.operation(
            "revokeHandovers", "Stop sharing the past with this person", tag: "conversations",
            parameters: conversationID, success: ("204", "Revoked", nil), errors: ["401", "404"])
        ]
      ),
      (
        "/api/v1/guides",
        [
          "get": Spec.operation(
            "listGuides", "Conversation guides in use", tag: "conversations",
            success: ("200", "Guides", Spec.array(of: "Guide")), errors: ["401"]),
          "post": Spec.operation(
            "createGuide", "Add a guide (people team)", tag: "conversations",
            body: body(guideBody),
            success: ("201", "The guide", Spec.ref("Guide")), errors: changes),
        ]
      ),
      (
        "/api/v1/relationships/{id}/cadence",
        [
          "put": Spec.operation(
            "setCadence", "A relationship's own cadence in days (null: the organization's default)",
            tag: "conversations", parameters: conversationID,
            body: body(
              object(
                ["cadenceDays"],
                [("cadenceDays", Spec.integer(.cadenceDays, orNull: true))])),
            success: ("204", "Saved", nil), errors: changes)
        ]
      ),
      (
        "/api/v1/relationships/{id}/conversations",
        [
          "post": Spec.operation(
            "scheduleConversation", "Schedule a conversation (the default guide unless one is named)",
            tag: "conversations", parameters: conversationID, body: body(Spec.ref("ScheduleInput")),
            success: ("201", "Scheduled", Spec.ref("Conversation")), errors: changes)
        ]
      ),
      (
        "/api/v1/conversations/{id}",
        [
          "get": Spec.operation(
            "getConversation", "A conversation as you may see it (private writing only its author's)",
            tag: "conversations", parameters: conversationID,
            success: ("200", "The conversation", Spec.ref("ConversationDetail")),
            errors: ["401", "403", "404"]),
          "patch": Spec.operation(
            "moveConversation", "Move a scheduled conversation", tag: "conversations",
            parameters: conversationID,
            body: body(
              object(
                ["date", "time", "timeZone", "durationMinutes"],
                [
                  ("date", Spec.date()), ("time", Spec.time), ("timeZone", Spec.timeZone()),
                  ("durationMinutes", Spec.integer(.durationMinutes)),
                  ("location", Spec.text(.location, orNull: true)),
                  ("reason", Spec.text(.reason, orNull: true)),
                ])), success: ("200", "Moved", Spec.ref("Conversation")), errors: changes),
        ]
      ),
      (
        "/api/v1/conversations/{id}/status",
        [
          "post": Spec.operation(
            "setConversationStatus", "Held, or missed/cancelled with a reason", tag: "conversations",
            parameters: conversationID,
            body: body(
              object(
                ["status"],
                [
                  ("status", ["type": "string", "enum": ["scheduled", "held", "missed", "cancelled"]]),
                  ("reason", Spec.text(.reason, orNull: true)),
                ])), success: ("200", "Updated", Spec.ref("Conversation")), errors: changes)
        ]
      ),
      (
        "/api/v1/conversations/{id}/agenda",
        [
          "post": Spec.operation(
            "addAgendaItem", "Add to the agenda", tag: "conversations", parameters: conversationID,
            body: body(object(["text"], [("text", Spec.text(.agendaItem))])),
            success: ("201", "Added", Spec.ref("AgendaItem")), errors: changes)
        ]
      ),
      (
        "/api/v1/conversations/{id}/agenda/{item}",
        [
          "delete": Spec.operation(
            "removeAgendaItem", "Remove one of your agenda items", tag: "conversations",
            parameters: conversationID + [Spec.idParameter("item")], success: ("204", "Removed", nil),
            errors: ["401", "403", "404"])
        ]
      ),
      (
        "/api/v1/conversations/{id}/reflection",
        [
          "put": Spec.operation(
            "saveReflection",
            "Your answers to the guide's prompts; share makes them visible to the other side",
            tag: "conversations", parameters: conversationID,
            body: body(
              object(
                ["answers", "share"],
                [
                  ("answers", ["type": "object", "additionalProperties": Spec.text(.reflectionAnswer)]),
                  ("share", ["type": "boolean"]),
                ])), success: ("204", "Saved", nil), errors: changes)
        ]
      ),
      (
        "/api/v1/conversations/{id}/notes",
        [
          "put": Spec.operation(
            "saveSharedNotes", "Shared notes (CommonMark); 409 if they changed since baseRevision",
            tag: "conversations", parameters: conversationID,
            body: body(
              object(
                ["body", "baseRevision"],
                [
                  ("body", Spec.text(.notes)),
                  ("baseRevision", ["type": "integer", "minimum": 0, "maximum": 2_147_483_647]),
                ])), success: ("200", "The new revision", object(["revision"], [("revision", integer)])),
            errors: changes)
        ]
      ),
      (
        "/api/v1/conversations/{id}/notes/revisions",
        [
          "get": Spec.operation(
            "listNoteRevisions", "Every version of the shared notes", tag: "conversations",
            parameters: conversationID, success: ("200", "Revisions", Spec.array(of: "NoteRevision")),
            errors: ["401", "403", "404"])
        ]
      ),
      (
        "/api/v1/conversations/{id}/private-note",
        [
          "put": Spec.operation(
            "savePrivateNote", "Your private note (only you can read it)", tag: "conversations",
            parameters: conversationID,
            body: body(object(["body"], [("body", Spec.text(.notes))])),
            success: ("204", "Saved", nil), errors: changes)
        ]
      ),
      (
        "/api/v1/conversations/{id}/summary-draft",
        [
          "put": Spec.operation(
            "saveSummaryDraft", "The summary as you write it, for you alone until you write the summary",
            tag: "conversations", parameters: conversationID,
            body: body(object(["body"], [("body", Spec.text(.summaryDraft))])),
            success: ("204", "Saved (an empty body drops the draft)", nil), errors: changes)
        ]
      ),
      (
        "/api/v1/conversations/{id}/summary",
        [
          "put": Spec.operation(
            "writeSummary", "Share the summary: the other side is asked to confirm it", tag: "conversations",
            parameters: conversationID,
            body: body(object(["body"], [("body", Spec.text(.summary))])),
            success: ("204", "Saved", nil), errors: changes)
        ]
      ),
      (
        "/api/v1/conversations/{id}/summary/response",
        [
          "post": Spec.operation(
            "respondToSummary", "Confirm the other side's summary, or comment", tag: "conversations",
            parameters: conversationID,
            body: body(
              object(
                ["confirm"],
                [("confirm", ["type": "boolean"]), ("comment", Spec.text(.summaryComment, orNull: true))])),
            success: ("204", "Saved", nil), errors: changes)
        ]
      ),
      (
        "/api/v1/conversations/{id}/action-items",
        [
          "post": Spec.operation(
            "addActionItem", "An owned, dated next step", tag: "conversations", parameters: conversationID,
            body: body(
              object(
                ["title", "ownerId", "dueOn"],
                [
                  ("title", Spec.text(.actionItemTitle)), ("ownerId", Spec.id), ("dueOn", Spec.date()),
                ])),
            success: ("201", "Added", Spec.ref("ActionItem")), errors: changes)
        ]
      ),
      (
        "/api/v1/action-items/{id}",
        [
          "patch": Spec.operation(
            "updateActionItem", "Done, dropped with a reason, or open again", tag: "conversations",
            parameters: conversationID,
            body: body(
              object(
                ["status"],
                [
                  ("status", ["type": "string", "enum": ["open", "done", "dropped"]]),
                  ("reason", Spec.text(.reason, orNull: true)),
                ])), success: ("200", "Updated", Spec.ref("ActionItem")), errors: changes)
        ]
      ),
      (
        "/api/v1/conversations/{id}/pulse",
        [
          "post": Spec.operation(
            "givePulse", "The employee's anonymous answer after a held conversation", tag: "conversations",
            parameters: conversationID,
            body: body(
              object(
                ["feltHeard", "clearNextSteps"],
                [
                  ("feltHeard", Spec.integer(.pulseScore)), ("clearNextSteps", Spec.integer(.pulseScore)),
                ])), success: ("204", "Counted", nil), errors: changes)
        ]
      ),
    ]
  }
}
