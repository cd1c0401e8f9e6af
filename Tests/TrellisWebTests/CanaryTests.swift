import Foundation
import HTTP
import SQL
import TestSupport
import Testing
import Trellis
import TrellisWeb

/// A unique word planted in one kind of confidential text, and who may read that text
/// (DESIGN.md's "Who may see what", for the matrix's actors around Mei).
struct Canary {
  let word: String
  let kind: String
  let readers: Set<MatrixActor>
}

/// Plants a canary in every kind of confidential text Trellis stores, then asks for every page
/// and API route that reads (with real ids) as every actor, and reads every email queued, failing
/// on any canary that reaches someone who may not read it. A new kind of data joins `plant`.
@Suite("Canaries: confidential text reaches only its readers")
struct CanaryTests {
  @Test(arguments: TestDatabases.available)
  func everyRouteAndEmailCarriesCanariesOnlyToTheirReaders(kind: TestDatabases.Kind) throws {
    try CanaryWorld(kind: kind).askEveryRouteAsEveryActor()
  }

  /// "Everything about me" holds every canary its person may read, and no other: not another
  /// person's private writing. Each copy is recorded, without content.
  @Test(arguments: TestDatabases.available)
  func everythingAboutMeHoldsAllOfMineAndNoOneElsesPrivateWriting(kind: TestDatabases.Kind) throws {
    let world = try CanaryWorld(kind: kind)
    for who in MatrixActor.allCases where who != .signedOut {
      let session = try world.server.services.accounts.signIn(
        email: who.email!, password: DemoOrganization.password, address: "export")
      let cookie = [("Cookie", "trellis_session=\(session.token)")]
      let download = try world.server.client.get("/me/data/everything.json", headers: cookie)
      #expect(download.status == 200)
      #expect(download.header("Content-Disposition")?.hasPrefix("attachment;") == true)
      let printable = try world.server.client.get("/me/data/everything", headers: cookie)
      let api = try world.server.client.get("/api/v1/me/personal-data", headers: cookie)
      for (copy, response) in [("download", download), ("printable", printable), ("API", api)] {
        let text = CanaryWorld.unfolded(response.body)
        // Every canary is about Mei: her copy holds all she may read; no one's holds more.
        for canary in world.canaries where text.contains(canary.word) || who == .person {
          #expect(
            text.contains(canary.word) == canary.readers.contains(who),
            "\(canary.kind) in \(who)'s \(copy) copy: \(text.contains(canary.word))")
        }
        if who == .manager {
          let own = try #require(world.canaries.first { $0.kind == "manager's private note" })
          #expect(text.contains(own.word), "Sofia's own private note is in her \(copy) copy")
        }
      }
      let document = try api.json()
      #expect(Set(document.keys) == Set(PersonalData.parts.map(\.key)))
    }
    // Mei's three copies are in her access history and the audit log, with no content.
    let mei = try world.actor(.person)
    let history = try world.server.services.audit.accessHistory(mei, of: mei.id).items
    let downloads = history.filter { $0.viewerID == mei.id && $0.data == "everything about you (download)" }
    #expect(downloads.map(\.count).reduce(0, +) == 3)
    #expect(Set(downloads.map(\.via)) == [.web, .api])
    let audit = try world.server.database.withConnection {
      try $0.query(
        "SELECT detail FROM admin_audit WHERE action = 'personal_data_export' AND subject_id = \(mei.id)")
    }
    #expect(audit.count == 3)
    for row in audit { #expect(["web", "api"].contains(try row.decode("detail", as: String.self))) }
  }
}

/// The demo organization with the canaries planted around Mei, on a real server.
final class CanaryWorld {
  let server: AppServer
  var ids: [String: Int64] = [:]
  var canaries: [Canary] = []
  /// Ids each kind of route is asked for, by the first segment of its path.
  var idsByRoute: [String: [Int64]] = [:]

  var mei: Int64 { ids[MatrixActor.person.email!]! }

  init(kind: TestDatabases.Kind) throws {
    server = try AppServer(kind)
    _ = try DemoOrganization.load(server.services)
    for row in try server.database.withConnection({ try $0.query("SELECT id, email FROM people") }) {
      ids[try row.decode("email")] = try row.decode("id")
    }
    try plant()
  }

  func actor(_ who: MatrixActor) throws -> Actor {
    try #require(try server.services.accounts.actor(personID: ids[who.email!]!))
  }

  /// One canary of `kind`, readable by `readers`; its word is what the text carries.
  func canary(_ kind: String, _ readers: Set<MatrixActor>) -> String {
    let word = "qz\(kind.filter(\.isLetter).lowercased())\(canaries.count)qz"
    canaries.append(Canary(word: word, kind: kind, readers: readers))
    return "canary \(word)"
  }

  func plant() throws {
    let s = server.services
    let (mei, ana, sofia, daniel, priya) = (
      try actor(.person), try actor(.otherEmployee), try actor(.manager), try actor(.formerManager),
      try actor(.peopleTeam)
    )
    let participants: Set<MatrixActor> = [.person, .manager]
    let signedIn = Set(MatrixActor.allCases).subtracting([.signedOut])
    let today = s.clock.today()

    // The conversation Mei and Sofia are preparing, and Mei's past one with Daniel (not handed over).
    let relationship = try #require(try s.conversations.rhythms(mei).first { $0.partner.id == sofia.id })
      .relationship.id
    let conversation = try s.conversations.schedule(
      sofia, relationship: relationship,
      ScheduleInput(date: today.adding(days: 3).description, time: "10:00", timeZone: "Europe/Lisbon")
    ).id
    try s.conversations.savePrivateNote(
      mei, conversation: conversation, body: canary("private note", [.person]))
    try s.conversations.savePrivateNote(
      sofia, conversation: conversation, body: canary("manager's private note", [.manager]))
    let prompt = try #require(
      try s.conversations.detail(mei, conversation: conversation, via: .web).guide.prompts.first)
    try s.conversations.saveReflection(
      mei, conversation: conversation, answers: [prompt: canary("unshared reflection", [.person])],
      share: false)
    _ = try s.conversations.saveSharedNotes(
      sofia, conversation: conversation, body: canary("shared notes", participants), baseRevision: 0)
    try s.conversations.addAgendaItem(mei, conversation: conversation, text: canary("agenda", participants))
    _ = try s.conversations.addActionItem(
      sofia, conversation: conversation, title: canary("action item", participants), ownerID: mei.id,
      dueOn: today.adding(days: 20).description)
    try s.conversations.writeSummary(sofia, conversation: conversation, body: canary("summary", participants))
    try s.conversations.saveSummaryDraft(
      mei, conversation: conversation, body: canary("summary draft", [.person]))
    // Of two past conversations with Daniel, Mei hands one to Sofia: what is still open from the
    // other stays hers.
    let pastOnes = try s.conversations.timeline(mei, of: mei.id).items.filter {
      $0.partnerID == daniel.id && $0.status == .held
    }
    let (past, handed) = (try #require(pastOnes.first).id, try #require(pastOnes.last).id)
    #expect(past != handed)
    _ = try s.conversations.saveSharedNotes(
      mei, conversation: past, body: canary("notes of a past conversation", [.person]),
      baseRevision: try s.conversations.detail(mei, conversation: past, via: .web).sharedNotes?.revision ?? 0)
    _ = try s.conversations.addActionItem(
      mei, conversation: past, title: canary("open item of a conversation not handed over", [.person]),
      ownerID: mei.id, dueOn: today.adding(days: 20).description)
    try s.conversations.handOver(mei, conversation: handed)

    // Plan, milestone (its title also goes into a reminder's subject), progress, goals.
    let item = try s.plans.addItem(
      mei, for: mei.id,
      PlanItemInput(
        skill: "Negotiation", learningMode: .selfStudy, description: canary("plan item", participants),
        startOn: today.description, targetOn: today.adding(days: 90).description))
    _ = try s.plans.addMilestone(
      mei, item: item.id, title: canary("plan milestone", participants),
      targetOn: today.adding(days: 3).description)
    _ = try s.plans.addUpdate(mei, item: item.id, body: canary("progress note", participants))
    var goals: [Int64] = []
    for (visibility, readers) in [
      (GoalVisibility.private, Set([MatrixActor.person])), (.manager, participants), (.everyone, signedIn),
    ] {
      goals.append(
        try s.goals.create(
          mei,
          GoalInput(
            title: canary("goal for \(visibility.rawValue)", readers), horizon: .shortTerm,
            visibility: visibility)
        ).id)
    }

    // Feedback from Ana, shared with the manager and not.
    var feedback: [Int64] = []
    for shared in [true, false] {
      feedback.append(
        try s.feedback.give(
          ana,
          FeedbackInput(
            recipientID: mei.id, kind: .coaching,
            situation: canary(
              shared ? "feedback shared" : "feedback kept",
              shared ? [.person, .otherEmployee, .manager] : [.person, .otherEmployee]),
            behaviour: "Spoke last", impact: "Others had decided", managerMaySee: shared)
        ).id)
    }

    // Interest in Daniel's opportunities, shared with the manager and not.
    var opportunities: [Int64] = []
    for shared in [true, false] {
      let opportunity = try s.opportunities.create(
        daniel,
        OpportunityInput(
          title: "Canary project \(shared)", kind: .project, description: "Public",
          timeCommitment: "A day a week",
          interestDeadline: today.adding(days: 30).description)
      ).id
      _ = try s.opportunities.expressInterest(
        mei, in: opportunity,
        note: canary(
          shared ? "interest shared" : "interest kept",
          shared ? [.person, .formerManager, .manager] : [.person, .formerManager]), shareWithManager: shared)
      opportunities.append(opportunity)
    }

    // A mentorship goal (Ana mentors Mei) and a succession note (the people team's, and Mei's own
    // once the organization shares nominations).
    _ = try s.mentorship.offer(ana, MentorOfferInput(topics: "Payments", capacity: 5, cadenceDays: 30))
    let asked = try s.mentorship.request(mei, mentor: ana.id, note: "Please")
    _ = try s.mentorship.answer(ana, request: asked.id, accept: true, note: "")
    let mentorship = try #require(
      try s.mentorship.overview(mei).mentorships.items.first { $0.mentorID == ana.id && $0.endedOn == nil }
    ).id
    _ = try s.mentorship.addGoal(
      mei, mentorship: mentorship, title: canary("mentorship goal", [.person, .otherEmployee]))
    let keyRole = try s.succession.createKeyRole(priya, KeyRoleInput(title: "Head of canaries")).id
    _ = try s.succession.nameSuccessor(
      priya, role: keyRole, person: mei.id, readiness: .oneToTwoYears,
      development: canary("succession note", [.peopleTeam, .person]))
    try s.succession.setShared(priya, true)

    // Her own assessment (her manager reads it), her offer to mentor (everyone), and a goal she
    // achieved and celebrates with everyone.
    try s.growth.assess(mei, person: mei.id, ratings: [:], note: canary("self-assessment note", participants))
    _ = try s.mentorship.offer(
      mei,
      MentorOfferInput(
        topics: "Onboarding", about: canary("offer to mentor", signedIn), capacity: 2, cadenceDays: 30))
    let achieved = try s.goals.checkIn(mei, goal: goals[2], progress: 100, note: "")
    _ = try s.celebrations.celebrate(
      mei, kind: .goal, subject: achieved.id, audience: .everyone, message: canary("celebration", signedIn))

    // Reminders and digests, so what they carry is checked too.
    _ = try s.notifications.enqueueReminders()

    idsByRoute = [
      "conversations": [conversation, past, handed], "relationships": [relationship],
      "people": [mei.id, ana.id, sofia.id], "mentorships": [mentorship], "opportunities": opportunities,
      "goals": goals, "feedback": feedback, "succession": [keyRole],
    ]
  }

  /// Routes authenticated by a secret in the path (a calendar feed, a link, an unsubscribe
  /// token): whoever holds the secret is its owner, so there is no one else to ask as.
  static let bearerRoutes: Set<String> = ["/calendar/:file", "/links/:token", "/unsubscribe/:token"]

  /// Every path to ask for a reading route: each parameter takes the ids planted for its kind of
  /// route; searches also get the canaries' shared word.
  func paths(for pattern: String) -> [String] {
    let segments = pattern.split(separator: "/").map(String.init)
    let kind = segments.first { !["api", "v1", "admin"].contains($0) && !$0.hasPrefix(":") } ?? ""
    var paths = [""]
    for segment in segments {
      if segment.hasPrefix(":") {
        let candidates = segment == ":slug" ? [] : idsByRoute[kind] ?? idsByRoute.values.flatMap { $0 }
        paths = paths.flatMap { path in candidates.map { "\(path)/\($0)" } }
      } else {
        paths = paths.map { "\($0)/\(segment)" }
      }
    }
    if pattern == "/" { paths = ["/"] }
    if pattern.contains("search") || pattern.hasSuffix("/people") { paths += paths.map { "\($0)?q=canary" } }
    return paths
  }

  /// The text as a reader gets it, with iCalendar's folded lines joined again.
  static func unfolded(_ body: [UInt8]) -> String {
    String(decoding: body, as: UTF8.self).replacingOccurrences(of: "\r\n ", with: "")
  }

  func leaks(in text: String, to actor: MatrixActor) -> [Canary] {
    canaries.filter { text.contains($0.word) && !$0.readers.contains(actor) }
  }

  func askEveryRouteAsEveryActor() throws {
    let patterns = server.app.router.registered.filter {
      $0.method == "GET" && !Self.bearerRoutes.contains($0.pattern)
    }.map(\.pattern)
    var leaked: [String] = []
    var seen: [String: Set<MatrixActor>] = [:]
    for actor in MatrixActor.allCases {
      let cookie: String
      if let email = actor.email {
        let session = try server.services.accounts.signIn(
          email: email, password: DemoOrganization.password, address: "canary")
        cookie = "trellis_session=\(session.token)"
      } else {
        cookie = ""
      }
      for pattern in patterns {
        for path in paths(for: pattern) {
          let response = try server.client.get(path, headers: cookie.isEmpty ? [] : [("Cookie", cookie)])
          let text = Self.unfolded(response.body)
          for canary in canaries where text.contains(canary.word) {
            seen[canary.word, default: []].insert(actor)
          }
          for canary in leaks(in: text, to: actor) {
            leaked.append("\(canary.kind) reached \(actor) at GET \(path)")
          }
        }
      }
    }
    #expect(leaked == [], "canaries where the table says no")
    // Each canary was found by at least one of its readers, so the probe reached the data.
    for canary in canaries {
      #expect(!(seen[canary.word] ?? []).isEmpty, "\(canary.kind) was found by no one: the probe missed it")
    }

    // Every queued message: each goes to someone allowed to read what it carries.
    let people = Dictionary(uniqueKeysWithValues: ids.map { ($1, $0) })
    let messages = try server.database.withConnection {
      try $0.query("SELECT person_id, subject, body, calendar FROM outbox WHERE channel = 'email'")
    }
    for message in messages {
      guard let person: Int64 = try message.decode("person_id"), let email = people[person] else { continue }
      let text = [
        try message.decode("subject", as: String.self), try message.decode("body", as: String.self),
        try message.decode("calendar", as: String?.self) ?? "",
      ].joined(separator: "\n").replacingOccurrences(of: "\r\n ", with: "")
      let reader = MatrixActor.allCases.first { $0.email == email }
      for canary in canaries where text.contains(canary.word) {
        if reader.map({ !canary.readers.contains($0) }) ?? true {
          leaked.append("\(canary.kind) emailed to \(email)")
        }
      }
    }
    #expect(leaked == [], "canaries in email")
  }
}
