import Foundation
import SQL

/// Everything Trellis holds about one person, as they may see it (GDPR articles 15 and 20): what
/// they wrote, what was written with them, and what is recorded about them. Another person's
/// private writing is never in it: each part is read through the service that shows it to them.
public struct PersonalData: Sendable, Encodable {
  public let exportedAt: Date
  /// The directory entry, employee number, hire date and managers over time.
  public let profile: EmploymentRecord
  public let roles: [String]
  /// Every conversation they took part in, as they see it: agenda, shared notes, their own
  /// reflection and private note, the other side's shared reflection, summary, action items.
  public let conversations: [ConversationDetail]
  /// Action items they own, open and closed.
  public let actionItems: [ActionItem]
  public let plan: Plan
  public let archivedPlans: [Plan]
  public let goals: [Goal]
  /// Their role, target role and both assessments of them.
  public let growth: Growth
  /// Feedback received and given, and requests made and asked of them.
  public let feedback: FeedbackInbox
  public let opportunityInterests: [Interest]
  public let opportunitiesOwned: [Opportunity]
  public let mentoring: MentoringOverview
  public let communities: [Community]
  public let celebrations: [Celebration]
  public let kudosGiven: [Celebration]
  /// Key roles they are named a possible successor for, when the organization shares that.
  public let succession: MySuccession
  public let email: EmailSettings
  /// Every recorded read of their data, this download included.
  public let accessHistory: [AccessEntry]

  /// Each part of the document by its key, with what it holds: the page, the printable copy and
  /// the API's description list them from here.
  public static let parts: [(key: String, title: String, about: String)] = [
    ("exportedAt", "Exported", "When this copy was made."),
    (
      "profile", "Profile and employment",
      "Your directory entry, employee number, hire date and managers over time."
    ),
    ("roles", "Roles in Trellis", "The roles that give you more than your own data (people team, admin)."),
    (
      "conversations", "Conversations",
      "Every conversation you took part in, as you see it: agenda, shared notes, your reflection and private note, the other side's shared reflection, the summary and action items."
    ),
    ("actionItems", "Action items", "Action items you own, open and closed."),
    (
      "plan", "Development plan",
      "Your active plan with its items, milestones, supporters and progress notes."
    ),
    ("archivedPlans", "Earlier plans", "Plans you archived."),
    ("goals", "Goals", "Your goals, milestones and check-ins."),
    (
      "growth", "Growth",
      "Your role, target role, and the assessments of your competencies by you and your manager."
    ),
    ("feedback", "Feedback", "Feedback you received and gave, and requests you made and were asked."),
    (
      "opportunityInterests", "Interest in opportunities",
      "Opportunities you showed interest in, with your notes."
    ),
    ("opportunitiesOwned", "Opportunities you keep", "Opportunities you posted or keep."),
    ("mentoring", "Mentoring", "Your mentorships, requests and offer to mentor."),
    ("communities", "Communities", "Learning communities you belong to."),
    ("celebrations", "Celebrations", "What you celebrated, and who gave kudos."),
    ("kudosGiven", "Kudos you gave", "Celebrations of others you gave kudos to."),
    (
      "succession", "Roles you are named for",
      "Key roles you are named a possible successor for, when your organization shares that."
    ),
    ("email", "Email preferences", "Which emails you want, and at what hours."),
    (
      "accessHistory", "Who has seen your information",
      "Every recorded read of your information, this copy included."
    ),
  ]
}

/// Which emails a person wants (by topic) and when.
public struct EmailSettings: Sendable, Encodable {
  public let topics: [String: Bool]
  public let hours: EmailHours?
}

/// Downloads of everything about oneself: each written to the person's access history and to the
/// audit log, never with content.
public struct PersonalDataService: Sendable {
  let services: Services

  /// The actor's own data, read through each capability's service as the actor.
  public func export(_ actor: Actor, via: Channel) throws -> PersonalData {
    try Policy.require(actor, .exportOwnData, Relationship(isSelf: true))
    let now = services.clock.now()
    try services.database.transaction { connection in
      try AuditService.recordRead(
        connection, viewer: actor.id, subject: actor.id, data: "everything about you (download)", via: via,
        at: now)
      try AuditService.recordAdmin(
        connection, actor: actor.id, action: "personal_data_export", subject: actor.id, detail: via.rawValue,
        at: now)
    }
    let conversations = try services.conversations.export(actor).map { conversation in
      var detail = conversation
      detail.plan = nil  // the plan has its own part
      return detail
    }
    return PersonalData(
      exportedAt: now,
      profile: try services.people.employmentRecord(actor, id: actor.id, via: via),
      roles: actor.roles.map(\.rawValue).sorted(),
      conversations: conversations,
      actionItems: try services.conversations.myActionItems(actor, includeClosed: true),
      plan: try services.plans.plan(actor, of: actor.id, via: via),
      archivedPlans: try services.plans.archived(actor, of: actor.id),
      goals: try services.goals.goals(actor, of: actor.id, via: via),
      growth: try services.growth.growth(actor, of: actor.id, via: via),
      feedback: try services.feedback.everything(actor),
      opportunityInterests: try services.opportunities.myInterests(actor),
      opportunitiesOwned: try services.opportunities.owned(actor),
      mentoring: try services.mentorship.everything(actor),
      communities: try services.communities.memberships(actor),
      celebrations: try services.celebrations.mine(actor),
      kudosGiven: try services.celebrations.kudosGiven(actor),
      succession: try services.succession.mine(actor),
      email: EmailSettings(
        topics: Dictionary(
          uniqueKeysWithValues: try services.notifications.preferences(actor).map {
            ($0.key.rawValue, $0.value)
          }),
        hours: try services.notifications.hours(actor)),
      accessHistory: try allAccessHistory(actor))
  }

  private func allAccessHistory(_ actor: Actor) throws -> [AccessEntry] {
    var entries: [AccessEntry] = []
    while true {
      let page = try services.audit.accessHistory(actor, of: actor.id, limit: 500, offset: entries.count)
      entries += page.items
      if page.items.isEmpty || entries.count >= page.total { return entries }
    }
  }
}
