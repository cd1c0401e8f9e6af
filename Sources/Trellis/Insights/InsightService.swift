import Foundation
import SQL

/// The three views of the rhythm of development: the employee's home, a manager's team and the
/// people team's organization. None of them shows what was said.
public struct InsightService: Sendable {
  let database: Database
  let clock: Clock
  let conversations: ConversationService
  let feedback: FeedbackService
  let opportunities: OpportunityService
  let mentorship: MentorshipService
  let celebrations: CelebrationService
  /// Each manager's four-quarter trend, until the figures are next worked out.
  let trends = KeptValues<[TeamQuarter]>(limit: 10_000)

  /// Two years of quarters: what the organization dashboard can show.
  public static let quartersKept = 8

  /// Brings the stored figures up to date: the current and the previous quarter every time
  /// (late follow-ups and closing plans still change them), older quarters once, or all of
  /// them when `everything` (after an import that rewrote history). Returns the quarters done.
  @discardableResult
  public func refresh(everything: Bool = false) throws -> [Quarter] {
    let now = clock.now()
    let today = CalendarDate(now)
    let quarters = Quarter.last(Self.quartersKept, endingOn: today)
    // Each quarter is read without holding the write lock, then written in one short transaction.
    let (settings, done) = try database.withConnection { connection in
      (
        try ConversationStore.settings(connection),
        Set(
          try connection.query("SELECT quarter FROM insight_refreshes").compactMap {
            Quarter(try $0.decode("quarter", as: String.self))
          })
      )
    }
    let due = quarters.filter { everything || $0 >= quarters[quarters.count - 2] || !done.contains($0) }
    for quarter in due {
      let (figures, followThrough) = try database.withConnection { connection in
        let figures = try InsightRefresh.compute(
          connection, quarter: quarter, today: today, settings: settings)
        return (
          figures, try InsightRefresh.changes(connection, quarter: quarter, from: figures.followThrough)
        )
      }
      let digest = InsightRefresh.digest(figures.cells)
      try database.transaction {
        try InsightRefresh.store(
          $0, quarter: quarter, figures.cells, digest: digest, followThrough: followThrough, now: now)
      }
    }
    // Follow-through older than the quarters kept is not shown anywhere.
    try database.transaction {
      _ = try $0.execute("DELETE FROM follow_through WHERE quarter < \(quarters[0].description)")
    }
    return due
  }

  /// The organization's figures by `dimension` over the last `quarters` quarters (people team).
  public func organization(_ actor: Actor, by dimension: Dimension, quarters count: Int) throws
    -> OrganizationInsights
  {
    let quarters = try shown(actor, quarters: count)
    return try database.withConnection {
      try InsightStore.read($0, dimension: dimension, quarters: quarters)
    }
  }

  /// Which figures `organization` would return now: the same version reads the same for everyone,
  /// so a caller may keep what it made of them. Checks the policy like `organization`.
  public func version(_ actor: Actor, by dimension: Dimension, quarters count: Int) throws -> String {
    let quarters = try shown(actor, quarters: count)
    let refreshed = try database.withConnection { try InsightStore.lastRefresh($0) }
    return "\(dimension.rawValue) \(quarters[0])-\(quarters[count - 1]) \(refreshed ?? "never")"
  }

  /// The quarters the people team asks to see, once the policy allows it.
  private func shown(_ actor: Actor, quarters count: Int) throws -> [Quarter] {
    try Policy.require(actor, .viewOrganizationMetrics)
    guard (1...Self.quartersKept).contains(count) else {
      throw ValidationError(field: "quarters", "must be from 1 to \(Self.quartersKept)")
    }
    return Quarter.last(count, endingOn: clock.today())
  }

  /// The actor's reports, sorted and filtered by rhythm status, with the teams of those who
  /// manage folded (`under` one of them: that team's people too). Empty for someone with no reports.
  public func team(
    _ actor: Actor, sort: TeamSort = .status, status: RhythmStatus? = nil, under: Int64? = nil
  ) throws -> TeamDashboard {
    try database.withConnection { connection in
      try TeamInsights.dashboard(
        connection, manager: actor, now: clock.now(), sort: sort, status: status, under: under, trends: trends
      )
    }
  }

  /// The employee home: the actor's own rhythm, actions, plan, goals, feedback, opportunities,
  /// mentoring and the celebrations around them.
  public func home(_ actor: Actor, via: Channel) throws -> HomeSummary {
    try home(actor, via: via, alongside: Read.together()).summary
  }

  /// The home and another read its page shows (the org chart): every part is read in one round
  /// trip, and the reads of shared interest are recorded after.
  public func home<Extra>(_ actor: Actor, via: Channel, alongside extra: Read<Extra>) throws
    -> (summary: HomeSummary, extra: Extra)
  {
    let now = clock.now()
    let parts = Read.together(
      conversations.rhythms(of: actor), HomeStore.reflections(upcomingFor: actor.id, now: now),
      HomeStore.planStatuses(person: actor.id), HomeStore.nextMilestones(person: actor.id),
      HomeStore.feedbackToRead(person: actor.id, now: now),
      // Open requests asked of the actor and by the actor: one statement, split below.
      FeedbackStore.requests(
        where: """
          (\(FeedbackList.asked.condition(actor)))
          OR (\(FeedbackList.requested.condition(actor)) AND feedback_requests.status = 'open')
          """),
      AccountNotices.recent(person: actor.id, now: now),
      GoalStore.goals(where: "goals.person_id = \(actor.id) AND goals.status = 'active'"),
      ConversationStore.actionItems(
        where: "action_items.owner_id = \(actor.id) AND action_items.status = 'open'"),
      opportunities.newMatches(of: actor), mentorship.overview(of: actor),
      opportunities.sharedWithMe(of: actor),
      try celebrations.feed(of: actor, limit: 5), extra)
    return try database.reading { connection, recorded in
      let (
        rhythms, reflections, statuses, milestones, toRead, openRequests, notices, goals, items, matches,
        mentoring, shared, feed, extra
      ) = try connection.read(parts)
      let asked = openRequests.filter { $0.giverID == actor.id }
      let requested = openRequests.filter { $0.requesterID == actor.id }
      opportunities.recordShared(shared, with: actor, via: via, in: &recorded)
      let managed = rhythms.filter { $0.relationship.kind == .manager }
      let mine = managed.first { $0.relationship.employeeID == actor.id }
      let summary = HomeSummary(
        nextConversation: mine.map { rhythm in
          NextConversation(
            rhythm, reflection: rhythm.nextScheduled.map { reflections[$0.id] ?? .notStarted })
        },
        actionItems: items.sorted { ($0.dueOn, $0.id) < ($1.dueOn, $1.id) },
        plan: HomeStore.planProgress(statuses: statuses, nextMilestones: milestones), goals: goals,
        feedbackAsked: asked, feedbackRequested: requested, feedbackToRead: toRead, opportunities: matches,
        mentoring: mentoring, sharedInterest: shared, celebrations: feed,
        team: managed.filter { $0.relationship.partnerID == actor.id }, accountNotices: notices)
      return (summary, extra)
    }
  }
}
