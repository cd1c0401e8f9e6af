import Foundation
import SQL

/// One person on a manager's dashboard. A skip-level report (reached through one of the
/// manager's own reports) shows the rhythm and counts only: their plan, goals and shared
/// interest are for their own manager.
public struct TeamMember: Sendable, Codable, Equatable {
  public let person: Person
  /// The manager's report they report to, for a skip-level report; nil for a direct report.
  public let viaID: Int64?
  public let viaName: String?
  /// The relationship with their own manager (the dashboard's viewer for a direct report).
  public let relationshipID: Int64?
  public let lastHeldOn: CalendarDate?
  public let nextScheduledOn: CalendarDate?
  public let dueOn: CalendarDate?
  public let status: RhythmStatus?
  public let openActionItems: Int
  public let overdueActionItems: Int
  /// Share of action items done by the following conversation over the last four quarters
  /// (direct reports only), as of the figures' last refresh.
  public let followThrough: Double?
  public let followUps: Int
  /// Plan items done of those not dropped, and the next milestone's date (direct reports only).
  public let planItemsDone: Int?
  public let planItems: Int?
  public let nextMilestoneOn: CalendarDate?
  /// Average progress of the active goals their manager may see (direct reports only).
  public let activeGoals: Int?
  public let goalProgress: Int?
  /// The last day they gave or received feedback the viewer may read (the date only).
  public let lastFeedbackOn: CalendarDate?
  /// Opportunities they are waiting to hear about and chose to share with their manager.
  public let sharedInterest: Int?

  public var isDirect: Bool { viaID == nil }
}

/// A direct report's own team, folded on the dashboard until asked for.
public struct FoldedTeam: Sendable, Codable, Equatable {
  public let managerID: Int64
  public let managerName: String
  public let people: Int
}

/// How the dashboard's people are ordered.
public enum TeamSort: String, Sendable, Codable, CaseIterable {
  case name, status
  case lastConversation = "last_conversation"
  case overdueItems = "overdue_items"

  public var label: String {
    switch self {
    case .name: "Name"
    case .status: "Most urgent first"
    case .lastConversation: "Longest since a conversation"
    case .overdueItems: "Most overdue action items"
    }
  }
}

/// The team's figures for one quarter; nil where nothing could be measured.
public struct TeamQuarter: Sendable, Codable, Equatable {
  public let quarter: Quarter
  public let conversationsHeld: Int
  public let onCadence: Double?
  public let followThrough: Double?
  public let feedbackReceived: Int
}

/// A manager's dashboard: their reports (skip-level ones folded under their manager), who
/// needs a conversation this week, and the direct team's last four quarters, which are shown
/// only for a team of five or more.
public struct TeamDashboard: Sendable, Codable, Equatable {
  /// The direct reports, and the reports of the one of them asked for (`under`).
  public let members: [TeamMember]
  /// The direct reports who manage people, with how many: each such team is read when asked for.
  public let foldedTeams: [FoldedTeam]
  /// Direct reports with nothing scheduled who are overdue or due within a week.
  public let needingConversation: [TeamMember]
  public let directReports: Int
  /// Nil when the direct team has fewer than five people.
  public let trend: [TeamQuarter]?
}

enum TeamInsights {
  static func dashboard(
    _ connection: any Connection, manager: Actor, now: Date, sort: TeamSort, status: RhythmStatus?,
    under: Int64?, trends: KeptValues<[TeamQuarter]>
  ) throws -> TeamDashboard {
    let today = CalendarDate(now)
    // Who reports to the manager, the cadence and the version of the figures: one round trip.
    let (direct, settings, version) = try connection.read(
      PeopleStore.directReports(of: manager.id), ConversationStore.settings(), InsightStore.lastRefresh())
    let directIDs = direct.map(\.id)
    // The page costs its direct reports: a report's own team is read only when asked for.
    if let under, !directIDs.contains(under) { throw NotFound("report") }
    let skip =
      try under.map {
        try connection.fetch(
          Person.self,
          """
          SELECT \(raw: Person.columns) FROM people WHERE manager_id = \($0) AND active = TRUE
          ORDER BY family_name, given_name, id
          """)
      } ?? []
    let everyone = direct + skip
    let ids = everyone.map(\.id)
    // Made once: the sorts below compare names many times.
    let names = Dictionary(uniqueKeysWithValues: everyone.map { ($0.id, $0.displayName) })
    let managerOf = Dictionary(uniqueKeysWithValues: everyone.map { ($0.id, $0.managerID) })

    // What depends only on who is shown: one round trip. Open items and follow-through are read
    // for the shown people's running manager relationships, which the rhythm below narrows to the
    // relationship with their own manager.
    let window = Quarter.last(4, endingOn: today)
    let labels = window.map(\.description)
    let running: SQLQuery = "relationships.kind = 'manager' AND relationships.ended_on IS NULL"
    let runningOfShown: SQLQuery = "\(running) AND relationships.employee_id IN (\(list: ids))"
    let (teamSizes, facts, plans, goals, lastFeedback, interest, items, followThrough) = try connection.read(
      Read(
        """
        SELECT manager_id, count(*) AS people FROM people
        WHERE manager_id IN (\(list: directIDs)) AND active = TRUE GROUP BY manager_id
        """
      ) { rows in
        try rows.map { (try $0.decode("manager_id", as: Int64.self), try $0.decode("people", as: Int.self)) }
      },
      // Each person's current relationship with their own manager.
      ConversationStore.rhythmFacts(
        where: runningOfShown, now: now),
      Read(
        """
        SELECT plans.person_id, count(DISTINCT plan_items.id) AS total,
          count(DISTINCT CASE WHEN plan_items.status = 'done' THEN plan_items.id END) AS done,
          min(CASE WHEN plan_milestones.done_on IS NULL THEN plan_milestones.target_on END) AS next_milestone
        FROM plans JOIN plan_items ON plan_items.plan_id = plans.id AND plan_items.status <> 'dropped'
        LEFT JOIN plan_milestones ON plan_milestones.item_id = plan_items.id
        WHERE plans.status = 'active' AND plans.person_id IN (\(list: directIDs))
        GROUP BY plans.person_id
        """
      ) { rows in
        var plans: [Int64: (done: Int, total: Int, next: CalendarDate?)] = [:]
        for row in rows {
          plans[try row.decode("person_id")] = (
            try row.decode("done"), try row.decode("total"), try row.decode("next_milestone")
          )
        }
        return plans
      },
      // Active goals by visibility: the policy says which of them a manager counts.
      Read(
        """
        SELECT person_id, visibility, count(*) AS goals, sum(progress) AS progress FROM goals
        WHERE status = 'active' AND person_id IN (\(list: directIDs))
        GROUP BY person_id, visibility
        """
      ) { rows in
        var goals: [Int64: [(visibility: GoalVisibility, count: Int, progress: Int)]] = [:]
        for row in rows {
          goals[try row.decode("person_id"), default: []].append(
            (
              GoalVisibility(rawValue: try row.decode("visibility")) ?? .private, try row.decode("goals"),
              try row.decode("progress")
            ))
        }
        return goals
      },
      // The last feedback each person gave or received that the viewer may read: feedback whose
      // giver kept it from the manager does not move the date. Each side is read from its index
      // alone (an OR of the two would visit the table's rows).
      Read(
        """
        SELECT giver_id, recipient_id, manager_may_see, max(created_at) AS last FROM (
          SELECT giver_id, recipient_id, manager_may_see, created_at FROM feedback
          WHERE recipient_id IN (\(list: ids))
          UNION ALL
          SELECT giver_id, recipient_id, manager_may_see, created_at FROM feedback
          WHERE giver_id IN (\(list: ids))
        ) AS given
        GROUP BY giver_id, recipient_id, manager_may_see
        """
      ) { rows in
        var last: [Int64: Date] = [:]
        for row in rows {
          let giver = try row.decode("giver_id", as: Int64.self)
          let recipient = try row.decode("recipient_id", as: Int64.self)
          var facts = Relationship(isCurrentManager: managerOf[recipient] == manager.id)
          facts.isGiver = giver == manager.id
          facts.isRecipient = recipient == manager.id
          facts.sharedWithManager = try row.decode("manager_may_see")
          guard Policy.allows(manager, .viewFeedback, facts) else { continue }
          let at = try row.decode("last", as: Date.self)
          for person in [giver, recipient] where managerOf.keys.contains(person) {
            last[person] = max(last[person] ?? at, at)
          }
        }
        return last
      },
      Read(
        """
        SELECT opportunity_interests.person_id, count(*) AS shared FROM opportunity_interests
        JOIN opportunities ON opportunities.id = opportunity_interests.opportunity_id
        WHERE opportunity_interests.share_with_manager = TRUE AND opportunities.status = 'open'
          AND opportunity_interests.status IN ('interested', 'shortlisted')
          AND opportunity_interests.person_id IN (\(list: directIDs))
        GROUP BY opportunity_interests.person_id
        """
      ) { rows in
        Dictionary(
          try rows.map { (try $0.decode("person_id", as: Int64.self), try $0.decode("shared", as: Int.self)) }
        ) { $1 }
      },
      Read(
        """
        SELECT relationship_id, count(*) AS open,
          sum(CASE WHEN due_on < \(today) THEN 1 ELSE 0 END) AS overdue
        FROM action_items WHERE status = 'open' AND relationship_id IN (
          SELECT relationships.id FROM relationships WHERE \(runningOfShown))
        GROUP BY relationship_id
        """
      ) { rows in
        var items: [Int64: (open: Int, overdue: Int)] = [:]
        for row in rows {
          items[try row.decode("relationship_id")] = (try row.decode("open"), try row.decode("overdue"))
        }
        return items
      },
      // Follow-through of the manager's own relationships (a skip-level report's is for their own
      // manager), by relationship and quarter as stored with the figures: each direct report's
      // row and the trend below add it up.
      Read(
        """
        SELECT follow_through.relationship_id, follow_through.quarter, follow_through.follow_ups,
          follow_through.done
        FROM relationships JOIN follow_through ON follow_through.relationship_id = relationships.id
        WHERE relationships.kind = 'manager' AND relationships.partner_id = \(manager.id)
          AND follow_through.quarter IN (\(list: labels))
        """
      ) { rows in
        try rows.map {
          (
            relationship: try $0.decode("relationship_id", as: Int64.self),
            quarter: try $0.decode("quarter", as: String.self), figure: try InsightRefresh.FollowThrough($0)
          )
        }
      })
    var folded: [FoldedTeam] = []
    for (id, people) in teamSizes {
      guard let manager = direct.first(where: { $0.id == id }) else { continue }
      folded.append(FoldedTeam(managerID: id, managerName: manager.displayName, people: people))
    }
    folded.sort { ($0.managerName, $0.managerID) < ($1.managerName, $1.managerID) }
    var rhythm: [Int64: (relationship: CareerRelationship, lastHeld: CalendarDate?, next: CalendarDate?)] =
      [:]
    for fact in facts where managerOf[fact.relationship.employeeID] == fact.relationship.partnerID {
      rhythm[fact.relationship.employeeID] = (fact.relationship, fact.lastHeld, fact.nextScheduledOn)
    }

    var members = everyone.compactMap { person -> TeamMember? in
      let isDirect = person.managerID == manager.id
      var standing = Relationship()
      standing.isCurrentManager = isDirect
      standing.isSkipLevelManager = !isDirect
      guard Policy.allows(manager, .viewTeamRhythm, standing) else { return nil }
      let growth = Policy.allows(manager, .viewGrowthProgress, standing)
      let facts = rhythm[person.id]
      let due = facts.map { settings.dueOn($0.relationship, lastHeld: $0.lastHeld) }
      let mine = InsightRefresh.FollowThrough(
        adding: followThrough.filter { $0.relationship == facts?.relationship.id }.map(\.figure))
      let counts = facts.flatMap { items[$0.relationship.id] } ?? (0, 0)
      let plan = growth ? plans[person.id] ?? (0, 0, nil) : nil
      let visibleGoals = (goals[person.id] ?? []).filter {
        Policy.allows(manager, .viewGoal, standing.with(\.goalVisibility, $0.visibility))
      }
      let goalCount = visibleGoals.map(\.count).reduce(0, +)
      let seesSharedInterest = Policy.allows(
        manager, .viewOpportunityInterest, standing.with(\.sharedWithManager, true))
      return TeamMember(
        person: person, viaID: isDirect ? nil : person.managerID,
        viaName: isDirect ? nil : person.managerID.flatMap { names[$0] },
        relationshipID: facts?.relationship.id, lastHeldOn: facts?.lastHeld, nextScheduledOn: facts?.next,
        dueOn: due, status: due.map { .of(due: $0, nextScheduledOn: facts?.next, today: today) },
        openActionItems: counts.open, overdueActionItems: counts.overdue,
        followThrough: growth ? mine.share : nil,
        followUps: mine.followUps, planItemsDone: plan?.done, planItems: plan?.total,
        nextMilestoneOn: plan?.next, activeGoals: growth ? goalCount : nil,
        goalProgress: growth ? visibleGoals.map(\.progress).reduce(0, +) / max(goalCount, 1) : nil,
        lastFeedbackOn: lastFeedback[person.id].map { CalendarDate($0) },
        sharedInterest: seesSharedInterest ? interest[person.id] ?? 0 : nil)
    }
    let needing = members.filter {
      $0.isDirect && $0.nextScheduledOn == nil && ($0.dueOn.map { $0 <= today.adding(days: 7) } ?? false)
    }.sorted { ($0.dueOn!, names[$0.person.id]!) < ($1.dueOn!, names[$1.person.id]!) }
    if let status { members = members.filter { $0.status == status } }
    members.sort(by: order(sort, names: names))

    // The direct team's last four quarters, from the relationships of those quarters.
    var trend: [TeamQuarter]? = nil
    // Worked out again when the organization's figures are (every few minutes), like them.
    if Policy.mayShowFigure(drawnFrom: direct.count) {
      trend = try trends.value("\(manager.id) \(today) \(version ?? "never")") {
        let teamRelationships: SQLQuery = "relationships.partner_id = \(manager.id)"
        let held = try connection.query(
          """
          SELECT conversations.held_on FROM conversations
          JOIN relationships ON relationships.id = conversations.relationship_id
          WHERE relationships.kind = 'manager' AND \(teamRelationships) AND conversations.status = 'held'
            AND conversations.held_on >= \(window[0].firstDay)
          """
        ).map { Quarter(try $0.decode("held_on", as: CalendarDate.self)) }
        return try window.map { quarter in
          let end = quarter.cutOff(today: today)
          let running = try InsightFacts.relationships(connection, where: teamRelationships, on: end)
          let onCadence = running.filter { settings.dueOn($0.relationship, lastHeld: $0.lastHeld) >= end }
            .count
          let received = try InsightFacts.feedbackReceived(
            connection, where: "recipient_id IN (\(list: directIDs))", from: quarter.firstDay, to: end)
          return TeamQuarter(
            quarter: quarter, conversationsHeld: held.filter { $0 == quarter }.count,
            onCadence: running.isEmpty ? nil : Double(onCadence) / Double(running.count),
            followThrough: InsightRefresh.FollowThrough(
              adding: followThrough.filter { $0.quarter == quarter.description }.map(\.figure)
            ).share,
            feedbackReceived: received.values.reduce(0, +))
        }
      }
    }
    return TeamDashboard(
      members: members, foldedTeams: folded, needingConversation: needing, directReports: direct.count,
      trend: trend)
  }

  /// `names` holds each member's display name.
  private static func order(_ sort: TeamSort, names: [Int64: String]) -> (TeamMember, TeamMember) -> Bool {
    func urgency(_ status: RhythmStatus?) -> Int {
      switch status {
      case .overdue: 0
      case .dueSoon: 1
      case .onTrack: 2
      case nil: 3
      }
    }
    let distantPast = CalendarDate("\(CalendarDate.years.lowerBound)-01-01")!
    return { a, b in
      let (aName, bName) = (names[a.person.id]!, names[b.person.id]!)
      switch sort {
      case .name:
        return (a.person.familyName, a.person.givenName) < (b.person.familyName, b.person.givenName)
      case .status:
        return (urgency(a.status), a.dueOn ?? distantPast, aName)
          < (urgency(b.status), b.dueOn ?? distantPast, bName)
      case .lastConversation:
        return (a.lastHeldOn ?? distantPast, aName) < (
          b.lastHeldOn ?? distantPast, bName
        )
      case .overdueItems:
        return (-a.overdueActionItems, -a.openActionItems, aName)
          < (-b.overdueActionItems, -b.openActionItems, bName)
      }
    }
  }
}
