import Foundation
import HTML
import HTTP
import Trellis

/// The directory and profile pages.
enum PeoplePages {
  static func register(on router: Router, services: Services) {
    router.get("/people") { request in
      let actor = try request.actor()
      let (limit, offset) = try request.paging(defaultLimit: 40)
      let search = request.query("q") ?? ""
      let department = request.query("department") ?? ""
      let page = try services.people.directory(
        actor, search: search, department: department, limit: limit, offset: offset)
      let departments = try services.people.departments(actor)
      return Layout.render(
        directory(page, search: search, department: department, departments: departments), for: request)
    }

    router.get("/people/:id") { request in
      let actor = try request.actor()
      let id = try request.intParameter("id")
      let chart = try services.people.orgChart(actor, id: id)
      let relationship = try services.people.relationship(actor, to: id)
      // Only fetched (and so only logged) when the policy lets this actor see it.
      let record =
        Policy.allows(actor, .viewEmploymentRecord, relationship)
        ? try services.people.employmentRecord(actor, id: id, via: .web) : nil
      // The relationships the viewer shares with this person, whose history both may open.
      let shared =
        id == actor.id
        ? []
        : try services.conversations.rhythms(actor).map(\.relationship).filter {
          $0.employeeID == id || $0.partnerID == id
        }
      return Layout.render(
        profile(
          chart, record: record, actor: actor, relationship: relationship, shared: shared, request: request),
        for: request)
    }
  }

  static func directory(
    _ page: Trellis.Page<Person>, search: String, department: String, departments: [String]
  )
    -> Page
  {
    Page(title: "People", section: .people) {
      Node.h1 { "People" }
      Node.form(.method("get"), .action("/people"), .class("filters"), .role("search")) {
        Form.field(
          "Search", name: "q", value: search, type: "search", extra: [.placeholder("Name, email or title")])
        Form.select(
          "Department", name: "department", options: [("", "All teams")] + departments.map { ($0, $0) },
          selected: department)
        Node.button(.type("submit")) { "Search" }
      }
      Node.p(.class("muted"), .role("status")) {
        Node.text(Words.count(page.total, "person", "people"))
      }
      if page.items.isEmpty {
        Node.p(.class("empty")) { "No one matches." }
      } else {
        Node.ul(.class("people-grid")) {
          for person in page.items {
            Node.li(.class("card")) {
              PersonViews.chip(person)
              Node.p(.class("muted small")) {
                Node.text(
                  [person.department, person.team, person.location].filter { !$0.isEmpty }.joined(
                    separator: " · "))
              }
            }
          }
        }
      }
      Pager.nav(page) {
        "/people?q=\(URLEncoding.encode(search))&department=\(URLEncoding.encode(department))&offset=\($0)"
      }
    }
  }

  static func profile(
    _ chart: OrgChart, record: EmploymentRecord?, actor: Actor, relationship: Relationship,
    shared: [CareerRelationship], request: Request
  ) -> Page {
    let person = chart.person
    return Page(title: person.displayName, section: .people) {
      Node.section(.class("profile-header")) {
        Node.span(.class("avatar large"), .aria("hidden", "true")) { Node.text(person.initials) }
        Node.div {
          Node.h1 { Node.text(person.displayName) }
          Node.p(.class("lead")) {
            Node.text(
              [person.jobTitle, person.department, person.team].filter { !$0.isEmpty }.joined(
                separator: " · "))
          }
          if !person.active {
            Node.p {
              Node.span(.class("badge muted")) { "Inactive" }
              if Policy.allows(actor, .erasePeople, relationship)
                && !person.email.hasSuffix("@erased.invalid")
              {
                Node.text(" ")
                Node.a(.href("/people/\(person.id)/erase")) { "Erase their data…" }
              }
            }
          }
        }
      }
      Node.div(.class("columns")) {
        Node.section(.class("card"), .aria("labelledby", "contact-heading")) {
          Node.h2(.id("contact-heading")) { "Contact" }
          Node.dl(.class("facts")) {
            Node.dt { "Email" }
            Node.dd { Node.a(.href("mailto:\(person.email)")) { Node.text(person.email) } }
            if !person.location.isEmpty {
              Node.dt { "Location" }
              Node.dd { Node.text(person.location) }
            }
            if !person.preferredName.isEmpty {
              Node.dt { "Full name" }
              Node.dd { Node.text("\(person.givenName) \(person.familyName)") }
            }
          }
        }
        Node.section(.class("card"), .aria("labelledby", "org-heading")) {
          Node.h2(.id("org-heading")) { "Reporting line" }
          if chart.managementChain.isEmpty {
            Node.p(.class("empty")) { "No manager." }
          } else {
            Node.ol(.class("chain")) {
              for manager in chart.managementChain.reversed() { Node.li { PersonViews.chip(manager) } }
              Node.li(.class("current")) { PersonViews.chip(person) }
            }
          }
          Node.h3 { Node.text("Direct reports (\(chart.directReports.count))") }
          if chart.directReports.isEmpty {
            Node.p(.class("empty")) { "None." }
          } else {
            Node.ul(.class("people-list compact")) {
              for report in chart.directReports { Node.li { PersonViews.chip(report) } }
            }
          }
        }
      }
      if let record {
        Node.section(.class("card career"), .aria("labelledby", "employment-heading")) {
          Node.h2(.id("employment-heading")) { "Employment record" }
          Node.p(.class("muted small")) {
            Node.text(
              record.person.id == actor.id
                ? "Visible to you, your current manager and the people team. Their views are listed in your access history."
                : "Your view of this record is recorded in \(person.displayName)’s access history.")
          }
          Node.dl(.class("facts")) {
            Node.dt { "Employee number" }
            Node.dd { Node.text(record.employeeNumber ?? "—") }
            Node.dt { "Hire date" }
            Node.dd { Node.text(record.hireDate.map(Dates.day) ?? "—") }
          }
          Node.h3 { "Managers over time" }
          if record.managerHistory.isEmpty {
            Node.p(.class("empty")) { "No managers recorded." }
          } else {
            Node.table {
              Node.thead {
                Node.tr {
                  Node.th { "Manager" }
                  Node.th { "From" }
                  Node.th { "To" }
                }
              }
              Node.tbody {
                for span in record.managerHistory {
                  Node.tr {
                    Node.td { Node.a(.href("/people/\(span.managerID)")) { Node.text(span.managerName) } }
                    Node.td { Node.text(Dates.day(span.from)) }
                    Node.td { Node.text(span.to.map(Dates.day) ?? "now") }
                  }
                }
              }
            }
          }
        }
      }
      Node.nav(.class("actions"), .aria("label", "Career")) {
        if Policy.allows(actor, .viewGrowth, relationship) {
          Node.a(.class("button"), .href("/people/\(person.id)/growth")) { "Role, competencies and gaps" }
        }
        if Policy.allows(actor, .viewPlan, relationship) {
          Node.a(.class("button"), .href(WebPage.plan(person: person.id).path)) { "Development plan" }
        }
        for together in shared {
          Node.a(.class("button secondary"), .href("/relationships/\(together.id)/history")) {
            Node.text(together.kind == .mentor ? "Our mentoring conversations" : "Our conversations")
          }
        }
        if person.id == actor.id {
          Node.a(.class("button secondary"), .href("/me/timeline")) { "My conversations over time" }
        }
        // Goals have their own visibility; the page shows those the viewer may see.
        Node.a(.class("button secondary"), .href("/people/\(person.id)/goals")) { "Goals" }
        // Feedback is shown to the person and, where its givers allowed, their current manager.
        if Policy.allows(
          actor, .viewFeedback,
          relationship.with(\.isRecipient, relationship.isSelf).with(\.sharedWithManager, true))
        {
          Node.a(.class("button secondary"), .href("/people/\(person.id)/feedback")) { "Feedback" }
        }
        if Policy.allows(actor, .viewOpportunityInterest, relationship.with(\.sharedWithManager, true)) {
          Node.a(.class("button secondary"), .href("/people/\(person.id)/opportunities")) { "Opportunities" }
        }
      }
      if Policy.allows(actor, .managePeople) {
        Node.p {
          Node.a(.class("button secondary"), .href("/admin/people/\(person.id)/edit")) { "Edit in admin" }
        }
      }
    }
  }
}
