import Foundation
import HTML
import HTTP
import Trellis

/// Running the installation: people records, account links, roles. Admins see no career content.
enum AdminPages {
  static func register(on router: Router, services: Services) {
    router.get("/admin") { request in
      let actor = try request.actor()
      try Policy.require(actor, .manageAccounts)
      let (limit, offset) = try request.paging(defaultLimit: 100)
      let search = request.query("q") ?? ""
      let people = try services.people.directory(
        actor, search: search, includeInactive: true, limit: limit, offset: offset)
      let grants = try services.roles.grants(actor)
      return Layout.render(overview(people, grants: grants, search: search, request: request), for: request)
    }

    router.get("/admin/people/new") { request in
      try Policy.require(try request.actor(), .managePeople)
      return Layout.render(
        personForm(nil, values: [:], request: request), for: request)
    }

    router.post("/admin/people") { request in
      let actor = try request.actor()
      let person = try services.people.create(
        actor, try draft(from: try request.form(), actor: actor, services: services))
      return Response.redirect(to: "/admin/people/\(person.id)/edit").withNotice(
        "\(person.displayName) is added.")
    }

    router.get("/admin/people/:id/edit") { request in
      let actor = try request.actor()
      try Policy.require(actor, .managePeople)
      let person = try services.people.person(actor, id: try request.intParameter("id"))
      let manager = try person.managerID.map { try services.people.person(actor, id: $0) }
      var formValues = values(PersonDraft(person))
      formValues["manager"] = manager?.email ?? ""
      let roles = try services.roles.roles(of: person.id)
      return Layout.render(
        personForm(person, values: formValues, roles: roles, request: request), for: request)
    }

    router.post("/admin/people/:id") { request in
      let actor = try request.actor()
      let id = try request.intParameter("id")
      let person = try services.people.update(
        actor, id: id, try draft(from: try request.form(), actor: actor, services: services), via: .web)
      return Response.redirect(to: "/admin/people/\(id)/edit").withNotice("\(person.displayName) is saved.")
    }

    router.post("/admin/people/:id/links") { request in
      let actor = try request.actor()
      let id = try request.intParameter("id")
      let purpose: LinkPurpose =
        try request.form()["purpose"] == "password_reset" ? .passwordReset : .invitation
      let link = try services.accounts.issueLink(actor, personID: id, purpose: purpose, via: .web)
      let person = try services.people.person(actor, id: id)
      return Layout.render(linkIssued(link, person: person, request: request), for: request)
    }

    router.post("/admin/people/:id/roles") { request in
      let actor = try request.actor()
      let id = try request.intParameter("id")
      let form = try request.form()
      guard let role = Role(rawValue: form["role"] ?? "") else {
        throw HTTPError.invalid([FieldError(field: "role", message: "must be people_team or admin")])
      }
      if form["change"] == "revoke" {
        try services.roles.revoke(actor, role: role, from: id)
      } else {
        try services.roles.grant(actor, role: role, to: id, via: .web)
      }
      return Response.redirect(to: "/admin/people/\(id)/edit").withNotice("Roles are updated.")
    }

  }

  /// Reads the person form; the manager is named by email.
  static func draft(from form: FormData, actor: Actor, services: Services) throws -> PersonDraft {
    var validator = Validator()
    var draft = PersonDraft(email: form["email"] ?? "")
    draft.givenName = form["givenName"] ?? ""
    draft.familyName = form["familyName"] ?? ""
    draft.preferredName = form["preferredName"] ?? ""
    draft.jobTitle = form["jobTitle"] ?? ""
    draft.department = form["department"] ?? ""
    draft.team = form["team"] ?? ""
    draft.location = form["location"] ?? ""
    draft.employeeNumber = form["employeeNumber"].flatMap { $0.isEmpty ? nil : $0 }
    if let text = form["hireDate"], !text.isEmpty {
      if let date = CalendarDate(text) {
        draft.hireDate = date
      } else {
        validator.add("hireDate", "must be a date as YYYY-MM-DD")
      }
    }
    if let name = form["manager"]?.trimmingCharacters(in: .whitespaces), !name.isEmpty {
      do {
        draft.managerID = try services.people.person(actor, named: name, field: "manager").id
      } catch let error as ValidationError {
        for problem in error.problems { validator.add(problem.field, problem.message) }
      }
    }
    draft.active = try form.ticked("active")
    try validator.throwIfInvalid()
    return draft
  }

  static func values(_ draft: PersonDraft) -> [String: String] {
    [
      "email": draft.email, "givenName": draft.givenName, "familyName": draft.familyName,
      "preferredName": draft.preferredName, "jobTitle": draft.jobTitle, "department": draft.department,
      "team": draft.team, "location": draft.location, "employeeNumber": draft.employeeNumber ?? "",
      "hireDate": draft.hireDate?.description ?? "", "active": draft.active ? "on" : "",
    ]
  }

  static func overview(_ people: Trellis.Page<Person>, grants: [RoleGrant], search: String, request: Request)
    -> Page
  {
    let rolesByPerson = Dictionary(grouping: grants, by: \.personID)
    return Page(title: "Admin", section: .admin) {
      Node.h1 { "Admin" }
      Node.nav(.class("subnav"), .aria("label", "Admin")) {
        Node.a(.class("button"), .href("/admin/people/new")) { "Add a person" }
        Node.a(.class("button secondary"), .href("/admin/import")) { "Import from CSV" }
        Node.a(.class("button secondary"), .href(WebPage.securityLog.path)) { "Security log" }
        Node.a(.class("button secondary"), .href("/admin/identity-providers")) { "Single sign-on" }
        Node.a(.class("button secondary"), .href("/admin/provisioning")) { "Provisioning" }
        Node.a(.class("button secondary"), .href("/admin/outbox")) { "Outbox" }
        Node.a(.class("button secondary"), .href("/admin/webhooks")) { "Web hooks" }
      }
      Node.form(.method("get"), .action("/admin"), .class("filters"), .role("search")) {
        Form.field("Search people", name: "q", value: search, type: "search")
        Node.button(.type("submit")) { "Search" }
      }
      Node.p(.class("muted")) { Node.text("\(people.total) people, including inactive") }
      Node.table {
        Node.thead {
          Node.tr {
            Node.th { "Name" }
            Node.th { "Email" }
            Node.th { "Department" }
            Node.th { "Roles" }
            Node.th { "Status" }
          }
        }
        Node.tbody {
          for person in people.items {
            Node.tr {
              Node.td { Node.a(.href("/admin/people/\(person.id)/edit")) { Node.text(person.displayName) } }
              Node.td { Node.text(person.email) }
              Node.td { Node.text(person.department) }
              Node.td {
                Node.text((rolesByPerson[person.id] ?? []).map(\.role.label).joined(separator: ", "))
              }
              Node.td {
                if person.active {
                  Node.span(.class("badge")) { "active" }
                } else {
                  Node.span(.class("badge muted")) { "inactive" }
                }
              }
            }
          }
        }
      }
    }
  }

  static func personForm(
    _ person: Person?, values: [String: String], roles: Set<Role> = [], request: Request
  ) -> Page {
    let title = person.map { "Edit \($0.displayName)" } ?? "Add a person"
    return Page(title: title, section: .admin) {
      Node.p { Node.a(.href("/admin")) { "← Admin" } }
      Node.h1 { Node.text(title) }
      Form.post(
        person.map { "/admin/people/\($0.id)" } ?? "/admin/people", request: request,
        attributes: [.class("grid-form")]
      ) {
        Form.field(
          "Email", name: "email", value: values["email"] ?? "", type: "email", required: true)
        Form.field(
          "Given name", name: "givenName", value: values["givenName"] ?? "")
        Form.field(
          "Family name", name: "familyName", value: values["familyName"] ?? "")
        Form.field(
          "Preferred name", name: "preferredName", value: values["preferredName"] ?? "",
          hint: "Shown instead of the full name when set.")
        Form.field("Job title", name: "jobTitle", value: values["jobTitle"] ?? "")
        Form.field(
          "Department", name: "department", value: values["department"] ?? "")
        Form.field("Team", name: "team", value: values["team"] ?? "")
        Form.field("Location", name: "location", value: values["location"] ?? "")
        Form.field(
          "Employee number", name: "employeeNumber", value: values["employeeNumber"] ?? "")
        Form.field(
          "Hire date", name: "hireDate", value: values["hireDate"] ?? "", type: "date")
        Form.person(
          "Manager", name: "manager", value: values["manager"] ?? "",
          hint: "A name or email; leave empty for no manager.")
        Form.checkbox(
          "Active (can sign in and appears in the directory)", name: "active",
          checked: (values["active"] ?? "on") == "on")
        Node.button(.type("submit")) { Node.text(person == nil ? "Add person" : "Save") }
      }
      if let person {
        Node.section(.class("card")) {
          Node.h2 { "Account" }
          Node.p {
            "Send a link by which they choose a password. It is emailed to them with your name, and shown to you only while they have no password. Links work once; only a fingerprint of them is kept."
          }
          Node.div(.class("actions")) {
            Form.post("/admin/people/\(person.id)/links", request: request) {
              Node.input(.type("hidden"), .name("purpose"), .value("invitation"))
              Node.button(.type("submit"), .class("secondary")) { "Create invitation link" }
            }
            Form.post("/admin/people/\(person.id)/links", request: request) {
              Node.input(.type("hidden"), .name("purpose"), .value("password_reset"))
              Node.button(.type("submit"), .class("secondary")) { "Create password reset link" }
            }
          }
        }
        Node.section(.class("card")) {
          Node.h2 { "Roles" }
          Node.p { "Everyone is an employee; managers are those with reports. These roles are granted:" }
          let isOwnRecord = request.signedIn?.actor.id == person.id
          if isOwnRecord {
            Node.p(.class("muted")) {
              "No one changes their own roles: another admin grants or revokes yours."
            }
          }
          Node.ul(.class("role-list")) {
            for role in Role.allCases {
              Node.li {
                Node.strong { Node.text(role.label) }
                Node.text(roles.contains(role) ? " — granted " : " — not granted ")
                if !isOwnRecord {
                  Form.post(
                    "/admin/people/\(person.id)/roles", request: request, attributes: [.class("inline")]
                  ) {
                    Node.input(.type("hidden"), .name("role"), .value(role.rawValue))
                    Node.input(
                      .type("hidden"), .name("change"), .value(roles.contains(role) ? "revoke" : "grant"))
                    Node.button(.type("submit"), .class("secondary small")) {
                      Node.text(roles.contains(role) ? "Revoke" : "Grant")
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }

  static func linkIssued(_ link: LinkSent, person: Person, request: Request) -> Page {
    Page(title: "Link created", section: .admin) {
      Node.h1 { Node.text(link.purpose == .invitation ? "Invitation link" : "Password reset link") }
      Node.p {
        Node.text(
          "The link is emailed to \(person.displayName) (\(link.emailedTo)), with your name. It works once, until \(Dates.dayAndTime(link.expiresAt))."
        )
      }
      if let token = link.shownToken {
        let host = request.headers["host"] ?? "localhost"
        Node.p {
          "They have no password yet, so you may also hand them the link yourself. It is shown only now."
        }
        Node.p(.class("notice")) { Node.code { Node.text("http://\(host)/links/\(token)") } }
      } else {
        Node.p {
          "Their account is in use, so the link is not shown to you: only they can use it. They see this in their access history."
        }
      }
      Node.p { Node.a(.href("/admin/people/\(person.id)/edit")) { "Back to \(person.displayName)" } }
    }
  }
}
