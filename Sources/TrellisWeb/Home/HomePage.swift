import HTML
import HTTP
import Trellis

/// The front page: what Trellis is for when signed out; where one stands when signed in.
enum HomePage {
  static func register(on router: Router, services: Services) {
    router.get("/") { request in
      guard let actor = request.signedIn?.actor else { return Layout.render(landing(), for: request) }
      let chart = try services.people.orgChart(actor, id: actor.id)
      let rhythms = try services.conversations.rhythms(actor)
      let items = try services.conversations.myActionItems(actor)
      let asked = try services.feedback.asked(actor)
      return Layout.render(
        home(
          actor, chart: chart, rhythms: rhythms, items: items, asked: asked,
          matches: try services.opportunities.newMatches(actor),
          sharedInterest: try services.opportunities.sharedWithMe(actor),
          mentoring: try services.mentorship.overview(actor), today: services.clock.today()),
        for: request)
    }
  }

  static func home(
    _ actor: Actor, chart: OrgChart, rhythms: [Rhythm], items: [ActionItem], asked: [FeedbackRequest],
    matches: [Opportunity], sharedInterest: [Interest], mentoring: MentoringOverview, today: CalendarDate
  ) -> Page {
    let mentorships = mentoring.mentorships.filter { $0.endedOn == nil }
    let managed = rhythms.filter { $0.relationship.kind == .manager }
    let mine = managed.first { $0.relationship.employeeID == actor.id }
    let team = managed.filter { $0.relationship.partnerID == actor.id }
    let needing = team.filter { $0.status != .onTrack }
    return Page(title: "Home", section: .home) {
      Node.h1 {
        Node.text(
          "Hello, \(actor.person.givenName.isEmpty ? actor.person.displayName : actor.person.givenName)")
      }
      Node.section(.class("cards"), .aria("label", "Your conversations")) {
        Node.article(.class("card")) {
          Node.h2 { "Your next conversation" }
          if let mine {
            if let next = mine.nextScheduled {
              Node.p {
                Node.a(.href("/conversations/\(next.id)")) { Node.text(ConversationViews.when(next)) }
              }
              Node.p(.class("muted small")) {
                Node.text("With \(mine.partner.displayName). Prepare your reflection before you meet.")
              }
            } else {
              Node.p {
                ConversationViews.statusBadge(mine.status)
                Node.text(" Due by \(Dates.day(mine.dueOn)) with \(mine.partner.displayName).")
              }
              Node.p { Node.a(.href("/relationships/\(mine.relationship.id)/schedule")) { "Schedule it" } }
            }
          } else {
            Node.p(.class("empty")) { "You have no manager in Trellis to meet with." }
          }
        }
        Node.article(.class("card")) {
          Node.h2 { "Your open action items" }
          if items.isEmpty {
            Node.p(.class("empty")) { "Nothing open." }
          } else {
            Node.ul(.class("action-list")) {
              for item in items.prefix(5) {
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
            if items.count > 5 {
              Node.p { Node.a(.href("/conversations")) { Node.text("All \(items.count)") } }
            }
          }
        }
        if !asked.isEmpty {
          Node.article(.class("card"), .id("feedback-asked")) {
            Node.h2 { "Feedback asked of you" }
            Node.ul {
              for request in asked.prefix(5) {
                Node.li {
                  Node.a(.href("/feedback/give?request=\(request.id)")) {
                    Node.text("\(request.requesterName): “\(request.topic)”")
                  }
                }
              }
            }
            Node.p { Node.a(.href("/feedback#asked")) { Node.text("Answer or decline (\(asked.count))") } }
          }
        }
        if !mentoring.asked.isEmpty || !mentorships.isEmpty {
          Node.article(.class("card"), .id("home-mentoring")) {
            Node.h2 { "Mentoring" }
            if !mentoring.asked.isEmpty {
              Node.p {
                Node.a(.href("/mentoring#asked")) {
                  Node.text(
                    "\(mentoring.asked.map(\.menteeName).joined(separator: ", ")) asked you to mentor them")
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
        if !matches.isEmpty {
          Node.article(.class("card"), .id("opportunity-matches")) {
            Node.h2 { "New opportunities for you" }
            Node.ul {
              for opportunity in matches.prefix(3) {
                Node.li {
                  Node.a(.href("/opportunities/\(opportunity.id)")) { Node.text(opportunity.title) }
                  Node.text(" ")
                  OpportunityPages.matchBadge(opportunity.match)
                }
              }
            }
            Node.p { Node.a(.href("/opportunities")) { "All opportunities" } }
          }
        }
        if !sharedInterest.isEmpty {
          Node.article(.class("card"), .id("shared-interest")) {
            Node.h2 { "Interest your team shared with you" }
            Node.ul {
              for interest in sharedInterest.prefix(5) {
                Node.li {
                  Node.text("\(interest.personName): ")
                  Node.a(.href("/opportunities/\(interest.opportunityID)")) {
                    Node.text(interest.opportunityTitle)
                  }
                  Node.text(" (\(interest.status.rawValue))")
                }
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
            Node.p { Node.a(.href("/conversations")) { "Plan conversations" } }
          }
        }
      }
      Node.section(.class("cards"), .aria("label", "Where you stand")) {
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
          Node.p { Node.a(.href("/me/access-history")) { "See who has seen your information" } }
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
        Node.p { Node.a(.class("button"), .href("/sign-in")) { "Sign in" } }
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
