import HTML
import Trellis

/// The OpenAPI text of the home, team and organization views.
enum InsightAPI {
  static let date: JSONValue = ["type": "string", "format": "date"]
  static let share: JSONValue = ["type": "number", "minimum": 0, "maximum": 1]
  static let count: JSONValue = ["type": "integer", "minimum": 0]
  static let quarter: JSONValue = ["type": "string", "pattern": "^[0-9]{4}-Q[1-4]$"]

  static let home: JSONValue = [
    "type": "object",
    "required": [
      "actionItems", "goals", "feedbackAsked", "feedbackRequested", "feedbackToRead", "opportunities",
      "mentoring",
      "sharedInterest", "celebrations", "team", "accountNotices",
    ],
    "properties": [
      "nextConversation": [
        "type": "object", "required": ["relationshipID", "partnerName", "dueOn", "status"],
        "properties": [
          "relationshipID": Spec.id, "partnerName": ["type": "string"], "conversationID": Spec.id,
          "scheduledAt": ["type": "string", "format": "date-time"], "timeZone": ["type": "string"],
          "dueOn": date,
          "status": Spec.oneOf(RhythmStatus.self), "reflection": Spec.oneOf(ReflectionState.self),
        ],
      ],
      "actionItems": Spec.array(of: "ActionItem"),
      "plan": [
        "type": "object", "required": ["itemsDone", "items", "nextMilestones"],
        "properties": [
          "itemsDone": count, "items": count,
          "nextMilestones": [
            "type": "array",
            "items": [
              "type": "object", "required": ["itemID", "skill", "title", "targetOn"],
              "properties": [
                "itemID": Spec.id, "skill": ["type": "string"], "title": ["type": "string"], "targetOn": date,
              ],
            ],
          ],
        ],
      ],
      "goals": ["type": "array", "items": GoalAPI.goal],
      "feedbackAsked": ["type": "array", "items": FeedbackAPI.request],
      "feedbackRequested": ["type": "array", "items": FeedbackAPI.request],
      "feedbackToRead": count,
      "opportunities": ["type": "array", "items": OpportunityAPI.opportunity],
      "mentoring": MentorshipAPI.overview,
      "sharedInterest": ["type": "array", "items": OpportunityAPI.interest],
      "celebrations": ["type": "array", "items": CelebrationAPI.celebration],
      "team": Spec.array(of: "Rhythm"),
      "accountNotices": [
        "type": "array",
        "description": "What admins did to your account in the last 30 days",
        "items": [
          "type": "object", "required": ["notice", "at", "count"],
          "properties": [
            "notice": Spec.oneOf(AccountNotice.self), "byID": Spec.optionalID,
            "byName": ["type": ["string", "null"]], "at": ["type": "string", "format": "date-time"],
            "count": ["type": "integer", "minimum": 1],
          ],
        ],
      ],
    ],
  ]

  static let member: JSONValue = [
    "type": "object", "required": ["person", "openActionItems", "overdueActionItems", "followUps"],
    "properties": [
      "person": Spec.ref("Person"), "viaID": Spec.id, "viaName": ["type": "string"],
      "relationshipID": Spec.id,
      "lastHeldOn": date, "nextScheduledOn": date, "dueOn": date, "status": Spec.oneOf(RhythmStatus.self),
      "openActionItems": count, "overdueActionItems": count, "followThrough": share, "followUps": count,
      "planItemsDone": count, "planItems": count, "nextMilestoneOn": date, "activeGoals": count,
      "goalProgress": ["type": "integer", "minimum": 0, "maximum": 100], "lastFeedbackOn": date,
      "sharedInterest": count,
    ],
  ]

  static let team: JSONValue = [
    "type": "object", "required": ["members", "foldedTeams", "needingConversation", "directReports"],
    "properties": [
      "members": ["type": "array", "items": member],
      "foldedTeams": [
        "type": "array",
        "items": [
          "type": "object", "required": ["managerID", "managerName", "people"],
          "properties": ["managerID": Spec.id, "managerName": ["type": "string"], "people": count],
        ],
      ],
      "needingConversation": ["type": "array", "items": member],
      "directReports": count,
      "trend": [
        "type": "array",
        "items": [
          "type": "object", "required": ["quarter", "conversationsHeld", "feedbackReceived"],
          "properties": [
            "quarter": quarter, "conversationsHeld": count, "onCadence": share, "followThrough": share,
            "feedbackReceived": count,
          ],
        ],
      ],
    ],
  ]

  static let group: JSONValue = [
    "type": "object", "required": ["name", "measures"],
    "properties": [
      "name": ["type": "string"],
      "measures": [
        "type": "array",
        "items": [
          "type": "object", "required": ["measure", "cells"],
          "properties": [
            "measure": Spec.oneOf(Measure.self),
            "cells": [
              "type": "array",
              "items": [
                "type": "object", "required": ["quarter", "suppressed"],
                "properties": [
                  "quarter": quarter, "value": ["type": "number"],
                  "people": ["type": "integer", "minimum": 0], "suppressed": ["type": "boolean"],
                ],
              ],
            ],
          ],
        ],
      ],
    ],
  ]

  static let organization: JSONValue = [
    "type": "object", "required": ["dimension", "quarters", "minimumGroupSize", "organization", "groups"],
    "properties": [
      "dimension": Spec.oneOf(Dimension.self), "quarters": ["type": "array", "items": quarter],
      "refreshedAt": ["type": "string", "format": "date-time"], "minimumGroupSize": count,
      "organization": group, "groups": ["type": "array", "items": group],
    ],
  ]

  static var paths: [(String, JSONValue)] {
    [
      (
        "/api/v1/me/home",
        [
          "get": Spec.operation(
            "getMyHome",
            "Your home: next conversation and reflection, action items, plan, goals, feedback, opportunities, mentoring, celebrations",
            tag: "insights", success: ("200", "Your home", home), errors: ["401"])
        ]
      ),
      (
        "/api/v1/insights/team",
        [
          "get": Spec.operation(
            "getTeamDashboard",
            "Your direct reports (the teams of those who manage, one at a time with `under`), who needs a conversation this week, and the team's last four quarters (teams of five or more)",
            tag: "insights",
            parameters: [
              Spec.query("sort", schema: Spec.oneOf(TeamSort.self)),
              Spec.query("status", schema: Spec.oneOf(RhythmStatus.self)),
              Spec.query(
                "under", schema: ["type": "integer", "minimum": 1, "maximum": 2_147_483_647],
                description: "A direct report who manages: their team's people are added"),
            ],
            success: ("200", "The dashboard", team), errors: ["400", "401", "404", "422"])
        ]
      ),
      (
        "/api/v1/insights/organization",
        [
          "get": Spec.operation(
            "getOrganizationInsights",
            "The organization by department, team or location over recent quarters (the people team; figures from fewer than five people are hidden)",
            tag: "insights",
            parameters: [
              Spec.query("dimension", schema: Spec.oneOf(Dimension.self)),
              Spec.query("quarters", schema: ["type": "integer", "minimum": 1, "maximum": 8]),
            ],
            success: ("200", "The figures", organization), errors: ["400", "401", "403", "422"])
        ]
      ),
    ]
  }
}
