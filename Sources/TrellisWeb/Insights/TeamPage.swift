import Foundation
import HTML
import HTTP
import Trellis

/// A manager's dashboard: each report's rhythm, actions, plan, goals, feedback and shared
/// interest, who needs a conversation this week, and the team's last four quarters.
enum TeamPage {
  static func register(on router: Router, services: Services) {
    let insights = services.insights
    router.get("/team") { request in
      let sort = try request.enumQuery("sort", as: TeamSort.self, emptyMeansAny: true) ?? .status
      let status = try request.enumQuery("status", as: RhythmStatus.self, emptyMeansAny: true)
      let under = try request.integerQuery("under", in: 1...Int(Int32.max)).map(Int64.init)
      let dashboard = try insights.team(try request.actor(), sort: sort, status: status, under: under)
      return Layout.render(
        page(dashboard, sort: sort, status: status, under: under, today: services.clock.today()), for: request
      )
    }
    router.get("/api/v1/insights/team") { request in
      let sort = try request.enumQuery("sort", as: TeamSort.self, emptyMeansAny: false) ?? .status
      let status = try request.enumQuery("status", as: RhythmStatus.self, emptyMeansAny: false)
      let under = try request.integerQuery("under", in: 1...Int(Int32.max)).map(Int64.init)
      return try .json(try insights.team(try request.actor(), sort: sort, status: status, under: under))
    }
  }

  static func page(
    _ dashboard: TeamDashboard, sort: TeamSort, status: RhythmStatus?, under: Int64?, today: CalendarDate
  ) -> Page {
    let direct = dashboard.members.filter(\.isDirect)
    let folded = Dictionary(grouping: dashboard.members.filter { !$0.isDirect }) { $0.viaID ?? 0 }
    return Page(title: "Your team", section: .team) {
      Node.h1 { "Your team" }
      Node.p(.class("lead")) {
        "The rhythm of each relationship and what follows from it: dates, counts and progress, never what was said."
      }
      if dashboard.directReports == 0 {
        Node.p(.class("empty")) { "No one reports to you, so there is no team dashboard to show." }
      } else {
        Node.section(.class("card"), .id("needing-conversation"), .aria("labelledby", "needing-heading")) {
          Node.h2(.id("needing-heading")) { "Who needs a conversation this week" }
          if dashboard.needingConversation.isEmpty {
            Node.p(.class("empty")) { "Everyone has one scheduled or is not due this week." }
          } else {
            Node.ul(.class("people-list")) {
              for member in dashboard.needingConversation {
                Node.li {
                  if let status = member.status { ConversationViews.statusBadge(status) }
                  Node.text(" \(member.person.displayName), due \(member.dueOn.map(Dates.day) ?? "now") ")
                  if let relationship = member.relationshipID {
                    Node.a(.href(WebPage.schedule(relationship: relationship).path)) { "Schedule" }
                  }
                }
              }
            }
          }
        }
        trend(dashboard.trend)
        Node.section(.aria("labelledby", "reports-heading")) {
          Node.h2(.id("reports-heading")) { Node.text("Your reports (\(direct.count))") }
          Node.form(.method("get"), .action("/team"), .class("filters")) {
            Form.select(
              "Order", name: "sort", options: TeamSort.allCases.map { ($0.rawValue, $0.label) },
              selected: sort.rawValue)
            Form.select(
              "Rhythm", name: "status",
              options: [("", "Any")]
                + [RhythmStatus.overdue, .dueSoon, .onTrack].map { ($0.rawValue, $0.label) },
              selected: status?.rawValue ?? "")
            Node.button(.type("submit"), .class("secondary")) { "Show" }
          }
          if direct.isEmpty {
            Node.p(.class("empty")) { "No one matches." }
          } else {
            table(direct, tableClass: "data team-table", today: today)
            Node.p(.class("muted")) {
              "Follow-through covers the last four quarters and, like the trends, is brought up to date every few minutes."
            }
          }
          // Each report's own team is read when opened (a link: it works without script).
          for team in dashboard.foldedTeams {
            let open = team.managerID == under
            Node.section(.class("skip-level"), .id("reports-of-\(team.managerID)")) {
              Node.h3 {
                Node.a(
                  .href(
                    open
                      ? "/team?sort=\(sort.rawValue)#reports-heading"
                      : "/team?sort=\(sort.rawValue)&under=\(team.managerID)#reports-of-\(team.managerID)")
                ) {
                  Node.text("\(open ? "▾" : "▸") Reports of \(team.managerName) (\(team.people))")
                }
              }
              if open {
                table(folded[team.managerID] ?? [], tableClass: "data", today: today)
              }
            }
          }
        }
      }
    }
  }

  /// People in a scrollable table: direct reports with their growth, skip-level ones with the
  /// rhythm only (`row` draws each).
  static func table(_ members: [TeamMember], tableClass: String, today: CalendarDate) -> Node {
    let growth = members.first?.isDirect ?? true
    let headings =
      ["Person", "Rhythm", "Last conversation", "Next", "Action items (overdue)"]
      + (growth
        ? ["Follow-through", "Plan", "Goals", "Last feedback", "Shared interest"] : ["Last feedback"])
    return WideTable.region(growth ? "Direct reports" : "People further down") {
      Node.table(.class(tableClass)) {
        Node.thead {
          Node.tr {
            for heading in headings { Node.th(Attribute("scope", "col")) { Node.text(heading) } }
          }
        }
        Node.tbody {
          for member in members { row(member, today: today) }
        }
      }
    }
  }

  private static func row(_ member: TeamMember, today: CalendarDate) -> Node {
    .tr(.id("member-\(member.person.id)")) {
      Node.th(Attribute("scope", "row")) {
        Node.a(.href("/people/\(member.person.id)")) { Node.text(member.person.displayName) }
      }
      Node.td(.class("one-line"), Attribute("data-label", "Rhythm")) {
        if let status = member.status { ConversationViews.statusBadge(status) } else { Node.text("—") }
      }
      Node.td(.class("one-line"), Attribute("data-label", "Last conversation")) {
        Node.text(member.lastHeldOn.map(Dates.day) ?? "None yet")
      }
      Node.td(.class("one-line"), Attribute("data-label", "Next")) {
        Node.text(member.nextScheduledOn.map(Dates.day) ?? "Not scheduled")
      }
      Node.td(Attribute("data-label", "Action items (overdue)")) {
        Node.text("\(member.openActionItems)")
        if member.overdueActionItems > 0 {
          Node.span(.class("overdue")) { Node.text(" (\(member.overdueActionItems) overdue)") }
        }
      }
      if member.isDirect {
        Node.td(.class("one-line"), Attribute("data-label", "Follow-through")) {
          Node.text(member.followThrough.map { "\(Chart.format($0, .share)) of \(member.followUps)" } ?? "—")
        }
        Node.td(.class("growth"), Attribute("data-label", "Plan")) {
          if let items = member.planItems, items > 0 {
            Node.text("\(member.planItemsDone ?? 0) of \(items) done")
            if let next = member.nextMilestoneOn {
              Node.span(.class("muted small")) { Node.text(" · next milestone \(Dates.day(next))") }
            }
          } else {
            Node.text("No plan yet")
          }
        }
        Node.td(.class("growth"), Attribute("data-label", "Goals")) {
          if let goals = member.activeGoals, goals > 0 {
            Node.text("\(goals) active, \(member.goalProgress ?? 0)% on average")
          } else {
            Node.text("—")
          }
        }
      }
      Node.td(.class("one-line"), Attribute("data-label", "Last feedback")) {
        Node.text(member.lastFeedbackOn.map { ago($0, today: today) } ?? "None yet")
      }
      if member.isDirect {
        Node.td(.class("one-line"), Attribute("data-label", "Shared interest")) {
          if let shared = member.sharedInterest, shared > 0 {
            Node.a(.href("/people/\(member.person.id)/opportunities")) {
              Node.text(Words.count(shared, "opportunity", "opportunities"))
            }
          } else {
            Node.text("—")
          }
        }
      }
    }
  }

  private static func ago(_ day: CalendarDate, today: CalendarDate) -> String {
    let days = Int((today.start.timeIntervalSince(day.start) / 86_400).rounded())
    return days == 0 ? "Today" : days == 1 ? "Yesterday" : "\(days) days ago"
  }

  /// Each team's trend section as drawn, by its figures: they change only when the figures are
  /// worked out again (every few minutes), and drawing the charts was a tenth of the page's CPU.
  private static let drawnTrends = KeptValues<String>(limit: 10_000)

  private static func trend(_ quarters: [TeamQuarter]?) -> Node {
    let figures = (quarters ?? []).map {
      "\($0.quarter) \($0.conversationsHeld) \($0.onCadence ?? -1) \($0.followThrough ?? -1) \($0.feedbackReceived)"
    }
    return .raw(
      drawnTrends.value("\(quarters == nil) \(figures.joined(separator: ";"))") {
        drawTrend(quarters).render()
      })
  }

  private static func drawTrend(_ quarters: [TeamQuarter]?) -> Node {
    .section(.class("card"), .aria("labelledby", "trend-heading")) {
      Node.h2(.id("trend-heading")) { "Your team over the last four quarters" }
      if let quarters {
        let labels = quarters.map(\.quarter.label)
        Node.div(.class("charts")) {
          Node.element("figure", []) {
            Chart.draw(
              id: "team-held", title: "Conversations held",
              description: "Career conversations held with your reports.",
              labels: labels,
              series: [.init(name: "Held", values: quarters.map { Double($0.conversationsHeld) })],
              unit: .count, style: .bars)
            Node.element("figcaption", []) { "Conversations held" }
          }
          Node.element("figure", []) {
            Chart.draw(
              id: "team-cadence", title: "On cadence at the quarter’s end",
              description: "Share of your relationships with a conversation held within their cadence.",
              labels: labels, series: [.init(name: "On cadence", values: quarters.map(\.onCadence))],
              unit: .share,
              style: .lines)
            Node.element("figcaption", []) { "On cadence at the quarter’s end" }
          }
          Node.element("figure", []) {
            Chart.draw(
              id: "team-follow-through", title: "Follow-through",
              description: "Share of action items done by the following conversation.", labels: labels,
              series: [.init(name: "Follow-through", values: quarters.map(\.followThrough))], unit: .share,
              style: .lines)
            Node.element("figcaption", []) { "Follow-through on action items" }
          }
          Node.element("figure", []) {
            Chart.draw(
              id: "team-feedback", title: "Feedback received",
              description: "Pieces of feedback your reports received.",
              labels: labels,
              series: [.init(name: "Received", values: quarters.map { Double($0.feedbackReceived) })],
              unit: .count, style: .bars)
            Node.element("figcaption", []) { "Feedback your reports received" }
          }
        }
      } else {
        Node.p(.class("empty")) {
          "Trends are shown for teams of five or more, so that no figure points at one person."
        }
      }
    }
  }
}
