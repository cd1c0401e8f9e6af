import HTML
import HTTP
import SQL
import Trellis

/// The front page: what Trellis is for when signed out; where one stands when signed in.
enum HomePage {
  static func register(on router: Router, services: Services) {
    router.get("/") { request in
      guard let actor = request.signedIn?.actor else { return Layout.render(landing(), for: request) }
      let (summary, (chart, needsYou)) = try services.insights.home(
        actor, via: .web,
        alongside: Read.together(services.people.ownOrgChart(actor), services.needsYou.items(of: actor)))
      return Layout.render(
        home(actor, summary, needsYou: needsYou, chart: chart, today: services.clock.today()),
        for: request.withNeedsYou(needsYou))
    }
    router.get("/api/v1/me/home") { request in
      try .json(try services.insights.home(try request.actor(), via: .api))
    }
  }

  static func home(
    _ actor: Actor, _ summary: HomeSummary, needsYou: [NeedsYouItem], chart: OrgChart, today: CalendarDate
  )
    -> Page
  {
    let mentoring = summary.mentoring
    let team = summary.team
    let mentorships = mentoring.mentorships.items.filter { $0.endedOn == nil }
    let needing = team.filter { $0.status != .onTrack }
    return Page(title: "Home", section: .home) {
      Node.h1 {
        Node.text(
          "Hello, \(actor.person.givenName.isEmpty ? actor.person.displayName : actor.person.givenName)")
      }
      if !summary.accountNotices.isEmpty {
        Node.section(.class("notice account-notices"), .aria("label", "Changes to your account")) {
          Node.h2 { "Changes to your account" }
          Node.ul {
            for notice in summary.accountNotices {
              Node.li {
                Node.text(
                  notice.notice.explanation.prefix(1).uppercased() + notice.notice.explanation.dropFirst())
                if let name = notice.byName { Node.text(" (\(name))") }
                Node.text(notice.count > 1 ? ", \(notice.count) times, last" : ",")
                Node.text(" \(Dates.dayAndTime(notice.at)).")
              }
            }
          }
          Node.p(.class("small")) {
            Node.text("Not expected? Tell your people team. ")
            Node.a(.href(WebPage.accessHistory.path)) { "See who has seen your information" }
          }
        }
      }
      Node.section(.class("card"), .id("home-needs-you"), .aria("labelledby", "needs-you-heading")) {
        Node.h2(.id("needs-you-heading")) { "Needs you" }
        if needsYou.isEmpty {
          Node.p(.class("empty")) { "Nothing is waiting for you." }
        } else {
          NeedsYouPages.list(needsYou.prefix(5))
          if needsYou.count > 5 {
            Node.p { Node.a(.href("/needs-you")) { Node.text("All \(needsYou.count) things waiting") } }
          }
        }
      }
      // Two cards without a team: two columns, so no third stands empty.
      Node.section(.class(team.isEmpty ? "home-grid two" : "home-grid"), .aria("label", "Your conversations"))
      {
        Node.article(.class("card"), .id("next-conversation")) {
          Node.h2 { "Your next conversation" }
          if let next = summary.nextConversation {
            if let id = next.conversationID, let at = next.scheduledAt {
              Node.p {
                Node.a(.href(WebPage.conversation(id).path)) {
                  Node.text(Dates.meeting(at, heldIn: next.timeZone ?? Dates.viewerZone))
                }
              }
              Node.p(.class("muted small")) { Node.text("With \(next.partnerName).") }
              if let reflection = next.reflection {
                Node.p(.class(reflection == .shared ? "reflection ready" : "reflection")) {
                  Node.text(reflection.label)
                  if reflection != .shared {
                    Node.text(" · ")
                    Node.a(.href("/conversations/\(id)#reflection")) { "Prepare it" }
                  }
                }
              }
            } else {
              Node.p {
                ConversationViews.statusBadge(next.status)
                Node.text(" Due by \(Dates.day(next.dueOn)) with \(next.partnerName).")
              }
              Node.p {
                Node.a(.href(WebPage.schedule(relationship: next.relationshipID).path)) { "Schedule it" }
              }
            }
          } else {
            Node.p(.class("empty")) { "You have no manager in Trellis to meet with." }
          }
        }
        Node.article(.class("card"), .id("home-actions")) {
          Node.h2 { "Your open action items" }
          if summary.actionItems.isEmpty {
            Node.p(.class("empty")) { "Nothing open." }
          } else {
            Node.ul(.class("action-list")) {
              for item in summary.actionItems.prefix(5) {
                Node.li(.class(item.isOverdue(on: today) ? "action overdue" : "action")) {
                  Node.a(.href("/conversations/\(item.conversationID)#action-items")) {
                    Node.text(item.title)
                  }
                  Node.span(.class("muted small")) {
                    Node.text(
                      "due \(Dates.day(item.dueOn))" + (item.isOverdue(on: today) ? " · overdue" : ""))
                  }
                }
              }
            }
            if summary.actionItems.count > 5 {
              Node.p {
                Node.a(.href(WebPage.conversations.path)) { Node.text("All \(summary.actionItems.count)") }
              }
            }
          }
        }
        if !team.isEmpty {
          Node.article(.class("card")) {
            Node.h2 { "Your team’s rhythm" }
            if needing.isEmpty {
              Node.p { Node.text("All \(team.count) relationships are on track.") }
            } else {
              Node.ul(.class("people-list")) {
                for rhythm in needing.prefix(6) {
                  Node.li {
                    ConversationViews.statusBadge(rhythm.status)
                    Node.text(" \(rhythm.employee.displayName), due \(Dates.day(rhythm.dueOn))")
                  }
                }
              }
            }
            Node.p { Node.a(.href("/team")) { "Your team dashboard" } }
          }
        }
      }
      Node.section(.class("home-grid"), .aria("label", "Your growth")) {
        Node.article(.class("card"), .id("home-plan")) {
          Node.h2 { "Your development plan" }
          if let plan = summary.plan {
            Node.p {
              Node.element(
                "meter",
                [
                  Attribute("min", "0"), Attribute("max", String(plan.items)),
                  Attribute("value", String(plan.itemsDone)),
                  .aria("label", "Plan items done"),
                ])
              Node.text(" \(plan.itemsDone) of \(plan.items) items done")
            }
            if !plan.nextMilestones.isEmpty {
              Node.ul(.class("small")) {
                for milestone in plan.nextMilestones {
                  Node.li(.class(milestone.targetOn < today ? "overdue" : "")) {
                    Node.text("\(milestone.title) (\(milestone.skill)), by \(Dates.day(milestone.targetOn))")
                  }
                }
              }
            }
          } else {
            Node.p(.class("empty")) { "Nothing in your plan yet." }
          }
          Node.p { Node.a(.href(WebPage.plan(person: actor.id).path)) { "Open your plan" } }
        }
        Node.article(.class("card"), .id("home-goals")) {
          Node.h2 { "Your goals" }
          if summary.goals.isEmpty {
            Node.p(.class("empty")) { "No active goals." }
          } else {
            Node.ul(.class("small")) {
              for goal in summary.goals.prefix(4) {
                Node.li {
                  Node.a(.href("/goals#goal-\(goal.id)")) { Node.text(goal.title) }
                  Node.text(" · \(goal.progress)%")
                }
              }
            }
          }
          Node.p { Node.a(.href("/goals")) { "All goals" } }
        }
        Node.article(.class("card"), .id("home-feedback")) {
          Node.h2 { "Feedback" }
          if summary.feedbackAsked.isEmpty && summary.feedbackRequested.isEmpty && summary.feedbackToRead == 0
          {
            Node.p(.class("empty")) { "Nothing waiting." }
          }
          if summary.feedbackToRead > 0 {
            Node.p {
              Node.a(.href("/feedback#received")) {
                Node.text("\(Words.count(summary.feedbackToRead, "new piece")) of feedback for you")
              }
            }
          }
          if !summary.feedbackAsked.isEmpty {
            Node.div(.id("feedback-asked")) {
              Node.h3 { "Feedback asked of you" }
              Node.ul(.class("small")) {
                for request in summary.feedbackAsked.prefix(5) {
                  Node.li {
                    Node.a(.href("/feedback/give?request=\(request.id)")) {
                      Node.text("\(request.requesterName): “\(request.topic)”")
                    }
                  }
                }
              }
            }
          }
          if !summary.feedbackRequested.isEmpty {
            Node.p(.class("small")) {
              Node.text(
                "Waiting on \(summary.feedbackRequested.map(\.giverName).joined(separator: ", ")) for feedback you asked for."
              )
            }
          }
          Node.p { Node.a(.href("/feedback")) { "Give or ask for feedback" } }
        }
        if !mentoring.asked.items.isEmpty || !mentorships.isEmpty {
          Node.article(.class("card"), .id("home-mentoring")) {
            Node.h2 { "Mentoring" }
            if !mentoring.asked.items.isEmpty {
              Node.p {
                Node.a(.href("/mentoring#asked")) {
                  Node.text(
                    mentoring.asked.total > mentoring.asked.items.count
                      ? "\(mentoring.asked.total.grouped) people asked you to mentor them"
                      : "\(mentoring.asked.items.map(\.menteeName).joined(separator: ", ")) asked you to mentor them"
                  )
                }
              }
            }
            Node.ul {
              for mentorship in mentorships {
                Node.li {
                  Node.a(.href("/mentorships/\(mentorship.id)")) {
                    Node.text(
                      mentorship.menteeID == actor.id
                        ? "\(mentorship.mentorName) mentors you" : "You mentor \(mentorship.menteeName)")
                  }
                }
              }
            }
          }
        }
        if !summary.opportunities.isEmpty {
          Node.article(.class("card"), .id("opportunity-matches")) {
            Node.h2 { "New opportunities for you" }
            Node.ul {
              for opportunity in summary.opportunities.prefix(3) {
                Node.li {
                  Node.a(.href(WebPage.opportunity(opportunity.id).path)) { Node.text(opportunity.title) }
                  Node.text(" ")
                  OpportunityPages.matchBadge(opportunity.match)
                }
              }
            }
            Node.p { Node.a(.href("/opportunities")) { "All opportunities" } }
          }
        }
        if !summary.sharedInterest.isEmpty {
          Node.article(.class("card"), .id("shared-interest")) {
            Node.h2 { "Interest your team shared with you" }
            Node.ul {
              for interest in summary.sharedInterest.prefix(5) {
                Node.li {
                  Node.text("\(interest.personName): ")
                  Node.a(.href(WebPage.opportunity(interest.opportunityID).path)) {
                    Node.text(interest.opportunityTitle)
                  }
                  Node.text(" (\(interest.status.rawValue))")
                }
              }
            }
          }
        }
        if !summary.celebrations.isEmpty {
          Node.article(.class("card"), .id("home-celebrations")) {
            Node.h2 { "Celebrations around you" }
            Node.ul(.class("small")) {
              for celebration in summary.celebrations {
                Node.li {
                  Node.a(.href("/celebrations#celebration-\(celebration.id)")) {
                    Node.text("\(celebration.personName): \(celebration.title)")
                  }
                }
              }
            }
          }
        }
      }
      Node.section(.class("home-grid"), .aria("label", "Where you stand")) {
        Node.article(.class("card")) {
          Node.h2 { "Your manager" }
          if let manager = chart.managementChain.first {
            PersonViews.chip(manager)
          } else {
            Node.p(.class("empty")) { "You have no manager in Trellis." }
          }
        }
        Node.article(.class("card")) {
          Node.h2 { "Your team" }
          if chart.directReports.isEmpty {
            Node.p(.class("empty")) { "No one reports to you." }
          } else {
            Node.ul(.class("people-list compact")) {
              for person in chart.directReports { Node.li { PersonViews.chip(person) } }
            }
          }
        }
        Node.article(.class("card")) {
          Node.h2 { "Your information" }
          Node.p {
            "Your career information is visible to you and to your current manager. Every time someone else reads it, it is recorded."
          }
          Node.p { Node.a(.href(WebPage.accessHistory.path)) { "See who has seen your information" } }
        }
      }
    }
  }

  static func landing() -> Page {
    Page(title: "Welcome", section: .home) {
      Node.section(.class("hero")) {
        Node.h1 { "Career conversations that lead somewhere" }
        Node.p(.class("lead")) {
          "Trellis keeps a steady rhythm of confidential check-ins between each person and their manager or mentor, and turns what is said into owned, dated next steps."
        }
        Node.p { Node.a(.class("button"), .href(WebPage.signIn.path)) { "Sign in" } }
      }
      Node.section(.class("cards"), .aria("label", "What Trellis does")) {
        card(
          "A rhythm, not an event",
          "Every relationship has a cadence. Trellis knows who is due, who is overdue, and what carries over from last time."
        )
        card(
          "Talk becomes action",
          "Each conversation ends with action items that have an owner and a date, and they come back at the next one."
        )
        card(
          "Confidential by design",
          "Private notes stay with their author. Every time someone reads your career information, you can see who and when."
        )
        card(
          "Insight without surveillance",
          "The people team sees the rhythm of development in aggregates of five people or more, never what was said."
        )
      }
    }
  }

  private static func card(_ title: String, _ text: String) -> Node {
    .article(.class("card")) {
      Node.h2 { Node.text(title) }
      Node.p { Node.text(text) }
    }
  }
}
