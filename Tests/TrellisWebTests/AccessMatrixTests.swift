import Foundation
import HTTP
import SQL
import TestSupport
import Testing
import Trellis
import TrellisWeb

/// The actors of the confidentiality matrix, all defined by how they stand to one subject:
/// Mei Chen of the demo organization, who moved from Daniel's team to Sofia's.
enum MatrixActor: String, CaseIterable, CustomStringConvertible {
  case person, otherEmployee, manager, formerManager, skipLevelManager, peopleTeam, admin, signedOut

  var email: String? {
    switch self {
    case .person: "mei.chen@northwind.example"
    case .otherEmployee: "ana.lima@northwind.example"
    case .manager: "sofia.rossi@northwind.example"
    case .formerManager: "daniel.kim@northwind.example"
    case .skipLevelManager: "marcus.okafor@northwind.example"
    case .peopleTeam: "priya.nair@northwind.example"
    case .admin: "jordan.reyes@northwind.example"
    case .signedOut: nil
    }
  }

  var description: String { rawValue }
}

/// What a cell expects.
enum Outcome: Equatable, CustomStringConvertible {
  /// 2xx, or a redirect that is not to the sign-in page.
  case allow
  /// 403 or 404: refused without saying more.
  case refuse
  /// 401, or a redirect to the sign-in page.
  case signIn
  case status(Int)

  var description: String {
    switch self {
    case .allow: "allow"
    case .refuse: "refuse"
    case .signIn: "sign in"
    case .status(let code): "\(code)"
    }
  }

  func matches(_ response: RawResponse) -> Bool {
    let toSignIn = response.status == 303 && (response.header("Location") ?? "").hasPrefix("/sign-in")
    switch self {
    case .allow: return (200..<400).contains(response.status) && !toSignIn
    case .refuse: return response.status == 403 || response.status == 404
    case .signIn: return response.status == 401 || toSignIn
    case .status(let code): return response.status == code
    }
  }
}

/// One route probed by every actor.
struct Probe {
  let method: String
  let pattern: String
  let path: String
  var contentType: String? = nil
  var body: (MatrixActor) -> String = { _ in "" }
  let expect: (MatrixActor) -> Outcome
}

@Suite("Confidentiality matrix: actors × routes", .serialized)
final class AccessMatrixTests {
  let server: AppServer
  var ids: [String: Int64] = [:]
  var meiTokenID: Int64 = 0
  /// Mei's upcoming conversation with Sofia, her held one with Daniel, and their relationship.
  var conversation: Int64 = 0
  var pastConversation: Int64 = 0
  var relationshipID: Int64 = 0
  var meiAgendaItem: Int64 = 0
  /// An item of Mei's plan that Ana (the other employee) supports, and one of its milestones.
  var planItem: Int64 = 0
  /// Mei's goal visible to her manager.
  var managerGoal: Int64 = 0
  var milestone: Int64 = 0
  var meiAPIAgendaItem: Int64 = 0
  /// Mei's goal counted in milestones (seen by her manager), and its first milestone.
  var milestoneGoal: Int64 = 0
  var goalMilestone: Int64 = 0
  /// Mei's achieved goals: two to celebrate (web, API), and her celebrations for her manager
  /// only: one to give kudos on, two to take back (web, API).
  var achievedGoals: [Int64] = []
  var kudosCelebration: Int64 = 0
  /// Feedback from Ana to Mei: one her manager may read, one he may not; Mei's requests of Ana.
  var sharedFeedback: Int64 = 0
  var privateFeedback: Int64 = 0
  var requestsOfAna: [Int64] = []
  var withdrawnCelebrations: [Int64] = []
  /// Mei organises an open community and a closed one (Ana is a member); Ana alone organises a third.
  var openCommunity: Int64 = 0
  var closedCommunity: Int64 = 0
  var anasCommunity: Int64 = 0
  /// Opportunities Daniel keeps: Mei's private interest in one, shared interest in another; a
  /// third anyone may show interest in.
  var privateInterestOpportunity: Int64 = 0
  var meiPrivateInterest: Int64 = 0
  var sharedInterestOpportunity: Int64 = 0
  var openOpportunity: Int64 = 0
  /// Ana mentors Mei; Kenji and Laura mentor Mei too (those two to end, by page and by API);
  /// requests to Ana waiting to be accepted or declined; a goal of Mei's mentorship with Ana.
  var mentorship: Int64 = 0
  var mentorshipsToEnd: [Int64] = []
  var requestsToAna: [Int64] = []
  var mentorshipGoal: Int64 = 0
  /// A key role Mei and Ana are named for, and two names to take off it (by page and by API).
  var keyRole: Int64 = 0
  var successorsToRemove: [Int64] = []
  /// An unsubscribe link of Ana's, and two failed messages for admins to retry.
  var unsubscribeToken = ""
  var failedMessages: [Int64] = []
  /// Two web hooks for admins to remove (by page and by API).
  var webhooks: [Int64] = []
  /// Mei's pending requests for a mentor (to withdraw by page and by API), and resources Ana
  /// shared in Mei's closed community (to take down).
  var meisPendingRequests: [Int64] = []
  var anasResources: [Int64] = []
  var apiPastConversation: Int64 = 0
  var actionItem: Int64 = 0
  var meiAPITokenID: Int64 = 0
  var importID: Int64 = 0

  init() throws {
    server = try AppServer(.sqlite)
    _ = try DemoOrganization.load(server.services)
    let people = try server.database.withConnection { try $0.query("SELECT id, email FROM people") }
    for row in people { ids[try row.decode("email")] = try row.decode("id") }
    let mei = try #require(try server.services.accounts.actor(personID: ids["mei.chen@northwind.example"]!))
    meiTokenID = try server.services.accounts.createToken(mei, name: "mei's script", from: .commandLine).token
      .id
    meiAPITokenID = try server.services.accounts.createToken(mei, name: "mei's report", from: .commandLine)
      .token.id
    let sofia = try #require(
      try server.services.accounts.actor(personID: ids["sofia.rossi@northwind.example"]!))
    let daniel = ids["daniel.kim@northwind.example"]!
    let rhythm = try #require(
      try server.services.conversations.rhythms(mei).first { $0.partner.id == sofia.id })
    relationshipID = rhythm.relationship.id
    let input = ScheduleInput(date: "2031-03-04", time: "10:00", timeZone: "Europe/Lisbon")
    conversation = try server.services.conversations.schedule(sofia, relationship: relationshipID, input).id
    try server.services.conversations.addAgendaItem(mei, conversation: conversation, text: "Mine to remove")
    meiAgendaItem = try #require(
      try server.services.conversations.detail(mei, conversation: conversation, via: .web).agenda.last?.id)
    actionItem = try server.services.conversations.addActionItem(
      sofia, conversation: conversation, title: "Matrix item", ownerID: mei.id, dueOn: "2031-03-20"
    ).id
    pastConversation = try #require(
      try server.services.conversations.timeline(mei, of: mei.id).items.first {
        $0.partnerID == daniel && $0.status == .held
      }?.id)
    try server.services.conversations.addAgendaItem(
      mei, conversation: conversation, text: "Mine to remove by API")
    meiAPIAgendaItem = try #require(
      try server.services.conversations.detail(mei, conversation: conversation, via: .web).agenda.last?.id)
    let pastWithDaniel = try server.services.conversations.timeline(mei, of: mei.id).items.filter {
      $0.partnerID == daniel && $0.status == .held
    }
    apiPastConversation = try #require(pastWithDaniel.last?.id)
    #expect(apiPastConversation != pastConversation)
    let item = try server.services.plans.addItem(
      mei, for: mei.id,
      PlanItemInput(
        skill: "Facilitation", learningMode: .mentorship, description: "Run two workshops",
        startOn: "2031-01-01", targetOn: "2031-06-01"))
    planItem = item.id
    try server.services.plans.addSupporter(
      sofia, item: planItem, person: ids["ana.lima@northwind.example"]!, kind: "peer")
    milestone = try #require(
      try server.services.plans.addMilestone(
        mei, item: planItem, title: "First workshop", targetOn: "2031-02-01"
      ).milestones.first?.id)
    _ = try server.services.plans.addItem(
      mei, for: mei.id,
      PlanItemInput(
        skill: "Private aim", learningMode: .selfStudy, description: "Not for supporters",
        startOn: "2031-01-01", targetOn: "2031-06-01"))
    _ = try server.services.goals.create(
      mei, GoalInput(title: "P-GOAL", horizon: .aspiration, visibility: .private))
    managerGoal = try server.services.goals.create(
      mei, GoalInput(title: "M-GOAL", horizon: .shortTerm, visibility: .manager)
    ).id
    _ = try server.services.goals.create(
      mei, GoalInput(title: "E-GOAL", horizon: .longTerm, visibility: .everyone))
    let milestoneGoalValue = try server.services.goals.create(
      mei,
      GoalInput(title: "MS-GOAL", horizon: .shortTerm, visibility: .manager, milestones: ["First", "Second"]))
    milestoneGoal = milestoneGoalValue.id
    goalMilestone = milestoneGoalValue.milestones[0].id
    for index in 0..<5 {
      let goal = try server.services.goals.create(
        mei, GoalInput(title: "Achieved \(index)", horizon: .shortTerm, visibility: .private))
      achievedGoals.append(
        try server.services.goals.update(mei, goal: goal.id, status: .achieved, visibility: nil).id)
    }
    let celebrated = try achievedGoals[2...].map {
      try server.services.celebrations.celebrate(
        mei, kind: .goal, subject: $0, audience: .manager, message: ""
      )
      .id
    }
    kudosCelebration = celebrated[0]
    withdrawnCelebrations = Array(celebrated[1...])
    let ana = try #require(try server.services.accounts.actor(personID: ids["ana.lima@northwind.example"]!))
    sharedFeedback = try server.services.feedback.give(
      ana,
      FeedbackInput(
        recipientID: mei.id, kind: .coaching, situation: "SHARED-FB in the review", behaviour: "Spoke last",
        impact: "Others had decided", nextStep: "Share a first view early", managerMaySee: true)
    ).id
    privateFeedback = try server.services.feedback.give(
      ana,
      FeedbackInput(
        recipientID: mei.id, kind: .appreciation, situation: "PRIVATE-FB at the offsite", behaviour: "Helped",
        impact: "Calmer day", managerMaySee: false)
    ).id
    requestsOfAna = try (0..<2).map { index in
      try server.services.feedback.request(mei, from: [ana.id], topic: "Workshop \(index)")[0].id
    }
    let communities = server.services.communities
    openCommunity = try communities.create(
      mei,
      CommunityInput(
        name: "Open circle", kind: .crossTrainingCircle, description: "All welcome", isOpen: true)
    ).id
    closedCommunity = try communities.create(
      mei, CommunityInput(name: "Closed cohort", kind: .cohort, description: "By invitation", isOpen: false)
    ).id
    _ = try communities.addMember(mei, id: closedCommunity, person: ana.id, organiser: false)
    anasCommunity = try communities.create(
      ana, CommunityInput(name: "Ana's club", kind: .bookClub, description: "One book a month", isOpen: true)
    ).id
    let opportunities = server.services.opportunities
    let danielActor = try #require(try server.services.accounts.actor(personID: daniel))
    func opportunity(_ title: String) throws -> Int64 {
      try opportunities.create(
        danielActor,
        OpportunityInput(
          title: title, kind: .project, description: "Matrix", timeCommitment: "A day a week",
          interestDeadline: "2031-01-01")
      ).id
    }
    privateInterestOpportunity = try opportunity("PRIVATE-OPP")
    meiPrivateInterest = try opportunities.expressInterest(
      mei, in: privateInterestOpportunity, note: "PRIVATE-NOTE", shareWithManager: false
    ).id
    sharedInterestOpportunity = try opportunity("SHARED-OPP")
    _ = try opportunities.expressInterest(
      mei, in: sharedInterestOpportunity, note: "", shareWithManager: true)
    openOpportunity = try opportunity("OPEN-OPP")
    let mentoring = server.services.mentorship
    func actor(_ email: String) throws -> Actor {
      try #require(try server.services.accounts.actor(personID: ids[email]!))
    }
    _ = try mentoring.offer(ana, MentorOfferInput(topics: "Payments", capacity: 5, cadenceDays: 30))
    func mentor(_ mentee: Actor, by mentor: Actor) throws -> Int64 {
      let asked = try mentoring.request(mentee, mentor: mentor.id, note: "Matrix")
      _ = try mentoring.answer(mentor, request: asked.id, accept: true, note: "")
      return try #require(
        try mentoring.overview(mentee).mentorships.items.first {
          $0.mentorID == mentor.id && $0.endedOn == nil
        }?.id
      )
    }
    mentorship = try mentor(mei, by: ana)
    mentorshipGoal = try #require(
      try mentoring.addGoal(mei, mentorship: mentorship, title: "M-GOAL-1").goals.first?.id)
    mentorshipsToEnd = [
      try mentor(mei, by: try actor("kenji.watanabe@northwind.example")),
      try mentor(mei, by: try actor("laura.costa@northwind.example")),
    ]
    requestsToAna = try ["wei.zhang", "lena.schmidt", "chloe.martin", "oscar.lindqvist"].map {
      try mentoring.request(try actor("\($0)@northwind.example"), mentor: ana.id, note: "Matrix").id
    }
    let succession = server.services.succession
    let priya = try actor("priya.nair@northwind.example")
    keyRole = try succession.createKeyRole(priya, KeyRoleInput(title: "SUCC-ROLE")).id
    _ = try succession.nameSuccessor(
      priya, role: keyRole, person: mei.id, readiness: .oneToTwoYears, development: "")
    _ = try succession.nameSuccessor(
      priya, role: keyRole, person: ana.id, readiness: .readyNow, development: "")
    successorsToRemove = try ["lena.schmidt", "ravi.iyer"].map { name in
      try #require(
        try succession.nameSuccessor(
          priya, role: keyRole, person: ids["\(name)@northwind.example"]!, readiness: .threePlusYears,
          development: ""
        ).successors.first { $0.personID == ids["\(name)@northwind.example"]! }?.id)
    }
    try succession.setShared(priya, true)
    (unsubscribeToken, failedMessages) = try server.database.withConnection { connection in
      let token = try #require(
        try connection.scalar(
          "SELECT token FROM unsubscribe_tokens WHERE person_id = \(ana.id) AND topic = 'feedback requests'",
          as: String.self))
      let failed = try connection.query("SELECT id FROM outbox ORDER BY id LIMIT 2").map {
        try $0.decode("id", as: Int64.self)
      }
      try connection.execute("UPDATE outbox SET status = 'failed' WHERE id IN (\(list: failed))")
      return (token, failed)
    }
    let wei = try actor("wei.zhang@northwind.example")
    _ = try mentoring.offer(
      wei, MentorOfferInput(topics: "Finance for non-finance people", capacity: 3, cadenceDays: 30))
    meisPendingRequests = try [ids["marcus.okafor@northwind.example"]!, wei.id].map {
      try mentoring.request(mei, mentor: $0, note: "Matrix").id
    }
    anasResources = try (0..<2).map {
      try communities.addResource(ana, id: closedCommunity, CommunityResourceInput(title: "Ana's link \($0)"))
        .id
    }
    let jordan = try actor("jordan.reyes@northwind.example")
    webhooks = try (0..<2).map { index in
      try server.services.notifications.addWebhook(
        jordan, WebhookInput(url: "https://hooks.example/\(index)", events: [.opportunityFilled])
      ).webhook.id
    }
    // The pulse is answered once; the demo may already have answered these.
    _ = try server.database.withConnection {
      try $0.execute(
        "DELETE FROM pulse_given WHERE conversation_id IN (\(list: [self.pastConversation, self.apiPastConversation]))"
      )
    }
    let admin = try #require(
      try server.services.accounts.actor(personID: ids["jordan.reyes@northwind.example"]!))
    importID = try server.services.imports.start(
      admin, filename: "empty.csv", csv: "userName\n", options: ImportOptions(dryRun: true))
    // Two versions of the framework (the demo's, then one renamed), for its history.
    let keeper = try #require(
      try server.services.accounts.actor(personID: ids["priya.nair@northwind.example"]!))
    var renamed = try server.services.frameworks.framework(keeper)
    renamed.tracks[0].name += " (renamed)"
    try server.services.frameworks.replace(keeper, with: renamed)
  }

  var mei: Int64 { ids["mei.chen@northwind.example"]! }
  var wei: Int64 { ids["wei.zhang@northwind.example"]! }

  /// Signed-in actors get `allowed`; signed-out visitors are asked to sign in.
  static func signedIn(_ allowed: Outcome) -> (MatrixActor) -> Outcome {
    { $0 == .signedOut ? .signIn : allowed }
  }

  static func only(_ actors: Set<MatrixActor>) -> (MatrixActor) -> Outcome {
    { actor in actor == .signedOut ? .signIn : actors.contains(actor) ? .allow : .refuse }
  }

  static var adminOnly: (MatrixActor) -> Outcome { only([.admin]) }
  /// Admins get `outcome` (a refused input, a missing item); everyone else is refused.
  static func adminOnly(then outcome: Outcome) -> (MatrixActor) -> Outcome {
    { actor in actor == .signedOut ? .signIn : actor == .admin ? outcome : .refuse }
  }
  static var peopleTeamOnly: (MatrixActor) -> Outcome { only([.peopleTeam]) }
  /// An organization's objective: the people team's. Managers may add their own team's, so naming
  /// another team is a mistake in that field (422), never saved.
  static var organizationObjective: (MatrixActor) -> Outcome {
    { [.manager, .formerManager, .skipLevelManager].contains($0) ? .status(422) : peopleTeamOnly($0) }
  }
  /// Mei, her manager, and Ana as the named supporter of one item.
  static var planReaders: (MatrixActor) -> Outcome { only([.person, .manager, .otherEmployee]) }
  /// The two participants of Mei's current relationship.
  static var participants: (MatrixActor) -> Outcome { only([.person, .manager]) }
  static let employmentReaders: Set<MatrixActor> = [.person, .manager, .peopleTeam]
  /// Open to everyone signed in except `actor`, who would be addressing themselves (422).
  static func notToOneself(_ actor: MatrixActor) -> (MatrixActor) -> Outcome {
    { $0 == .signedOut ? .signIn : $0 == actor ? .status(422) : .allow }
  }
  /// A celebration for Mei's manager only: Sofia gives kudos; Mei may not on her own; others never see it.
  /// Leaving Ana's community: everyone may (members or not), except Ana, its only organiser.
  static var lastOrganiserStays: (MatrixActor) -> Outcome {
    { $0 == .signedOut ? .signIn : $0 == .otherEmployee ? .status(409) : .allow }
  }
  /// Daniel keeps the matrix's opportunities: everyone else gets `allowed`, he gets `own`.
  static func notTheOwner(_ own: Outcome) -> (MatrixActor) -> Outcome {
    { $0 == .signedOut ? .signIn : $0 == .formerManager ? own : .allow }
  }
  /// Daniel (who keeps it) and the people team pass the policy and meet `allowed`; others are refused.
  static func ownerOrPeopleTeam(_ allowed: Outcome) -> (MatrixActor) -> Outcome {
    { $0 == .signedOut ? .signIn : [.formerManager, .peopleTeam].contains($0) ? allowed : .refuse }
  }
  static var kudosGivers: (MatrixActor) -> Outcome {
    { actor in
      actor == .signedOut ? .signIn : actor == .person ? .status(422) : actor == .manager ? .allow : .refuse
    }
  }

  var probes: [Probe] {
    let form = "application/x-www-form-urlencoded"
    let json = "application/json"
    let multipart = "multipart/form-data; boundary=MATRIX"
    let csvUpload =
      "--MATRIX\r\nContent-Disposition: form-data; name=\"file\"; filename=\"p.csv\"\r\nContent-Type: text/csv\r\n\r\nuserName\r\nwei.zhang@northwind.example\r\n--MATRIX\r\nContent-Disposition: form-data; name=\"dryRun\"\r\n\r\non\r\n--MATRIX--\r\n"
    let weiForm =
      "email=wei.zhang%40northwind.example&givenName=Wei&familyName=Zhang&jobTitle=Finance+Analyst&department=Operations&location=London&employeeNumber=NW-1040&manager=ines.carvalho%40northwind.example&active=on"
    let everyone: (MatrixActor) -> Outcome = { _ in .allow }
    return [
      // Public
      Probe(method: "GET", pattern: "/assets/:name", path: "/assets/app.css", expect: everyone),
      Probe(method: "GET", pattern: "/healthz", path: "/healthz", expect: everyone),
      Probe(method: "GET", pattern: "/readyz", path: "/readyz", expect: everyone),
      Probe(method: "GET", pattern: "/api/openapi.json", path: "/api/openapi.json", expect: everyone),
      Probe(method: "GET", pattern: "/", path: "/", expect: everyone),
      Probe(method: "GET", pattern: "/sign-in", path: "/sign-in", expect: everyone),
      Probe(
        method: "POST", pattern: "/sign-in", path: "/sign-in", contentType: form,
        body: { actor in "email=nobody.\(actor)%40northwind.example&password=wrong-password" },
        expect: { _ in .status(401) }),
      Probe(
        method: "POST", pattern: "/sign-out", path: "/sign-out", contentType: form,
        expect: { _ in .status(303) }),
      Probe(
        method: "GET", pattern: "/links/:token", path: "/links/not-a-real-token",
        expect: { _ in .status(410) }),
      Probe(
        method: "POST", pattern: "/links/:token", path: "/links/not-a-real-token", contentType: form,
        body: { _ in "password=long-enough-password&confirmation=long-enough-password" },
        expect: { _ in .status(410) }),
      Probe(
        method: "POST", pattern: "/api/v1/sessions", path: "/api/v1/sessions", contentType: json,
        body: { actor in #"{"email":"nobody.\#(actor)@northwind.example","password":"wrong-password"}"# },
        expect: { _ in .status(401) }),

      // One's own account
      Probe(method: "GET", pattern: "/me/tokens", path: "/me/tokens", expect: Self.signedIn(.allow)),
      Probe(
        method: "POST", pattern: "/me/tokens", path: "/me/tokens", contentType: form,
        body: { _ in "name=matrix" }, expect: Self.signedIn(.allow)),
      Probe(
        method: "POST", pattern: "/me/tokens/:id/revoke", path: "/me/tokens/\(meiTokenID)/revoke",
        contentType: form, expect: Self.only([.person])),
      Probe(method: "GET", pattern: "/me/password", path: "/me/password", expect: Self.signedIn(.allow)),
      Probe(
        method: "POST", pattern: "/me/password", path: "/me/password", contentType: form,
        body: { _ in "currentPassword=wrong&password=another-long-one&confirmation=another-long-one" },
        expect: Self.signedIn(.status(422))),
      Probe(
        method: "GET", pattern: "/me/access-history", path: "/me/access-history",
        expect: Self.signedIn(.allow)),
      Probe(
        method: "DELETE", pattern: "/api/v1/sessions/current", path: "/api/v1/sessions/current",
        expect: Self.signedIn(.allow)),
      Probe(method: "GET", pattern: "/api/v1/me", path: "/api/v1/me", expect: Self.signedIn(.allow)),
      Probe(
        method: "GET", pattern: "/api/v1/me/tokens", path: "/api/v1/me/tokens", expect: Self.signedIn(.allow)),
      Probe(
        method: "POST", pattern: "/api/v1/me/tokens", path: "/api/v1/me/tokens", contentType: json,
        body: { _ in #"{"name":"matrix"}"# }, expect: Self.signedIn(.allow)),
      Probe(
        method: "DELETE", pattern: "/api/v1/me/tokens/:id", path: "/api/v1/me/tokens/\(meiAPITokenID)",
        expect: Self.only([.person])),
      Probe(
        method: "GET", pattern: "/api/v1/me/access-history", path: "/api/v1/me/access-history",
        expect: Self.signedIn(.allow)),
      // Everything about oneself: each person gets their own copy.
      Probe(method: "GET", pattern: "/me/data", path: "/me/data", expect: Self.signedIn(.allow)),
      Probe(
        method: "GET", pattern: "/me/data/everything", path: "/me/data/everything",
        expect: Self.signedIn(.allow)),
      Probe(
        method: "GET", pattern: "/me/data/everything.json", path: "/me/data/everything.json",
        expect: Self.signedIn(.allow)),
      Probe(
        method: "GET", pattern: "/api/v1/me/personal-data", path: "/api/v1/me/personal-data",
        expect: Self.signedIn(.allow)),

      // The directory: everyone in the organization
      Probe(method: "GET", pattern: "/people", path: "/people", expect: Self.signedIn(.allow)),
      Probe(method: "GET", pattern: "/people/:id", path: "/people/\(mei)", expect: Self.signedIn(.allow)),
      Probe(method: "GET", pattern: "/api/v1/people", path: "/api/v1/people", expect: Self.signedIn(.allow)),
      Probe(
        method: "GET", pattern: "/api/v1/people/:id", path: "/api/v1/people/\(mei)",
        expect: Self.signedIn(.allow)),
      Probe(
        method: "GET", pattern: "/api/v1/people/:id/org-chart", path: "/api/v1/people/\(mei)/org-chart",
        expect: Self.signedIn(.allow)),

      // Career data: the person, their current manager, the people team
      Probe(
        method: "GET", pattern: "/api/v1/people/:id/employment", path: "/api/v1/people/\(mei)/employment",
        expect: Self.only(Self.employmentReaders)),

      // Administration: admins only
      Probe(method: "GET", pattern: "/admin", path: "/admin", expect: Self.adminOnly),
      Probe(method: "GET", pattern: "/admin/people/new", path: "/admin/people/new", expect: Self.adminOnly),
      Probe(
        method: "POST", pattern: "/admin/people", path: "/admin/people", contentType: form,
        body: { actor in "email=new.\(actor.rawValue)%40northwind.example&givenName=New&active=on" },
        expect: Self.adminOnly),
      Probe(
        method: "GET", pattern: "/admin/people/:id/edit", path: "/admin/people/\(wei)/edit",
        expect: Self.adminOnly),
      Probe(
        method: "POST", pattern: "/admin/people/:id", path: "/admin/people/\(wei)", contentType: form,
        body: { _ in weiForm }, expect: Self.adminOnly),
      Probe(
        method: "POST", pattern: "/admin/people/:id/links", path: "/admin/people/\(wei)/links",
        contentType: form, body: { _ in "purpose=invitation" }, expect: Self.adminOnly),
      Probe(
        method: "POST", pattern: "/admin/people/:id/roles", path: "/admin/people/\(wei)/roles",
        contentType: form, body: { _ in "role=people_team&change=grant" }, expect: Self.adminOnly),
      Probe(method: "GET", pattern: "/admin/audit", path: "/admin/audit", expect: Self.adminOnly),
      Probe(
        method: "GET", pattern: "/admin/audit/export.jsonl",
        path: "/admin/audit/export.jsonl?action=signed+in",
        expect: Self.adminOnly),
      Probe(
        method: "POST", pattern: "/admin/audit/streaming", path: "/admin/audit/streaming", contentType: form,
        body: { _ in "syslog=&https=" }, expect: Self.adminOnly),
      Probe(method: "GET", pattern: "/admin/import", path: "/admin/import", expect: Self.adminOnly),
      Probe(
        method: "POST", pattern: "/admin/import", path: "/admin/import", contentType: multipart,
        body: { _ in csvUpload }, expect: Self.adminOnly),
      Probe(
        method: "GET", pattern: "/admin/imports/:id", path: "/admin/imports/\(importID)",
        expect: Self.adminOnly),
      Probe(
        method: "POST", pattern: "/api/v1/people", path: "/api/v1/people", contentType: json,
        body: { actor in #"{"email":"api.\#(actor.rawValue)@northwind.example","givenName":"Api"}"# },
        expect: Self.adminOnly),
      Probe(
        method: "PATCH", pattern: "/api/v1/people/:id", path: "/api/v1/people/\(wei)", contentType: json,
        body: { _ in #"{"location":"London"}"# }, expect: Self.adminOnly),
      Probe(
        method: "POST", pattern: "/api/v1/people/:id/links", path: "/api/v1/people/\(wei)/links",
        contentType: json, body: { _ in #"{"purpose":"password_reset"}"# }, expect: Self.adminOnly),
      Probe(
        method: "PUT", pattern: "/api/v1/people/:id/roles/:role",
        path: "/api/v1/people/\(wei)/roles/people_team",
        expect: Self.adminOnly),
      Probe(
        method: "DELETE", pattern: "/api/v1/people/:id/roles/:role",
        path: "/api/v1/people/\(wei)/roles/people_team", expect: Self.adminOnly),
      Probe(
        method: "POST", pattern: "/api/v1/people/imports", path: "/api/v1/people/imports?dryRun=true",
        contentType: "text/csv", body: { _ in "userName\nwei.zhang@northwind.example\n" },
        expect: Self.adminOnly),
      Probe(
        method: "GET", pattern: "/api/v1/admin/audit", path: "/api/v1/admin/audit", expect: Self.adminOnly),
      Probe(
        method: "GET", pattern: "/api/v1/admin/audit/export",
        path: "/api/v1/admin/audit/export?from=2020-01-01",
        expect: Self.adminOnly),
      Probe(
        method: "GET", pattern: "/api/v1/admin/audit/streaming", path: "/api/v1/admin/audit/streaming",
        expect: Self.adminOnly),
      // Single sign-on: signing in is open to anyone (the provider vouches); its settings are the admins'.
      Probe(
        method: "POST", pattern: "/sign-in/sso", path: "/sign-in/sso", contentType: form,
        body: { _ in "email=someone%40elsewhere.example" }, expect: { _ in .status(422) }),
      Probe(
        method: "GET", pattern: "/sso/oidc/callback", path: "/sso/oidc/callback?state=made-up&code=x",
        expect: { _ in .status(400) }),
      // SAML: the metadata is public; a response that is not one signs no one in, whoever posts it.
      Probe(
        method: "GET", pattern: "/sso/saml/metadata", path: "/sso/saml/metadata",
        expect: { _ in .status(200) }),
      Probe(
        method: "GET", pattern: "/sso/saml/logout", path: "/sso/saml/logout", expect: { _ in .status(303) }),
      Probe(
        method: "POST", pattern: "/sso/saml/acs", path: "/sso/saml/acs", contentType: form,
        body: { _ in "SAMLResponse=" }, expect: { _ in .status(400) }),
      Probe(
        method: "POST", pattern: "/sso/saml/acs", path: "/sso/saml/acs", contentType: form,
        body: { _ in "SAMLResponse=PHNhbWxwOlJlc3BvbnNlLz4%3D" }, expect: { _ in .status(403) }),
      Probe(
        method: "GET", pattern: "/admin/identity-providers", path: "/admin/identity-providers",
        expect: Self.adminOnly),
      Probe(
        method: "POST", pattern: "/admin/identity-providers", path: "/admin/identity-providers",
        contentType: form, body: { _ in "name=&issuer=&clientID=&domains=" },
        expect: Self.adminOnly(then: .status(422))),
      Probe(
        method: "POST", pattern: "/admin/identity-providers/:id/remove",
        path: "/admin/identity-providers/999/remove",
        expect: Self.adminOnly(then: .status(404))),
      Probe(
        method: "POST", pattern: "/admin/identity-providers/:id", path: "/admin/identity-providers/999",
        contentType: form, body: { _ in "name=x&domains=northwind.example" },
        expect: Self.adminOnly(then: .status(404))),
      Probe(
        method: "GET", pattern: "/api/v1/admin/identity-providers", path: "/api/v1/admin/identity-providers",
        expect: Self.adminOnly),
      Probe(
        method: "POST", pattern: "/api/v1/admin/identity-providers", path: "/api/v1/admin/identity-providers",
        contentType: json,
        body: { _ in #"{"name":"","issuer":"","clientID":"","clientSecret":"","domains":[]}"# },
        expect: Self.adminOnly(then: .status(422))),
      Probe(
        method: "DELETE", pattern: "/api/v1/admin/identity-providers/:id",
        path: "/api/v1/admin/identity-providers/999",
        expect: Self.adminOnly(then: .status(404))),
      Probe(
        method: "PUT", pattern: "/api/v1/admin/identity-providers/:id",
        path: "/api/v1/admin/identity-providers/999", contentType: json,
        body: { _ in #"{"name":"x","domains":["northwind.example"]}"# },
        expect: Self.adminOnly(then: .status(404))),
      // SCIM answers only a provisioning token: no session, whoever's, reaches it.
      Probe(
        method: "GET", pattern: "/scim/v2/ServiceProviderConfig", path: "/scim/v2/ServiceProviderConfig",
        expect: { _ in .signIn }),
      Probe(
        method: "GET", pattern: "/scim/v2/ResourceTypes", path: "/scim/v2/ResourceTypes",
        expect: { _ in .signIn }),
      Probe(
        method: "GET", pattern: "/scim/v2/ResourceTypes/:id", path: "/scim/v2/ResourceTypes/User",
        expect: { _ in .signIn }),
      Probe(
        method: "POST", pattern: "/scim/v2/.search", path: "/scim/v2/.search",
        contentType: "application/scim+json", body: { _ in "{}" }, expect: { _ in .signIn }),
      Probe(
        method: "POST", pattern: "/scim/v2/Users/.search", path: "/scim/v2/Users/.search",
        contentType: "application/scim+json", body: { _ in "{}" }, expect: { _ in .signIn }),
      Probe(method: "GET", pattern: "/scim/v2/Groups", path: "/scim/v2/Groups", expect: { _ in .signIn }),
      Probe(
        method: "POST", pattern: "/scim/v2/Groups/.search", path: "/scim/v2/Groups/.search",
        contentType: "application/scim+json", body: { _ in "{}" }, expect: { _ in .signIn }),
      Probe(
        method: "POST", pattern: "/scim/v2/Groups", path: "/scim/v2/Groups",
        contentType: "application/scim+json", body: { _ in #"{"displayName":"Probe"}"# },
        expect: { _ in .signIn }),
      Probe(
        method: "GET", pattern: "/scim/v2/Groups/:id", path: "/scim/v2/Groups/1", expect: { _ in .signIn }),
      Probe(
        method: "PUT", pattern: "/scim/v2/Groups/:id", path: "/scim/v2/Groups/1",
        contentType: "application/scim+json", body: { _ in #"{"displayName":"Probe"}"# },
        expect: { _ in .signIn }),
      Probe(
        method: "PATCH", pattern: "/scim/v2/Groups/:id", path: "/scim/v2/Groups/1",
        contentType: "application/scim+json",
        body: { _ in #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[]}"# },
        expect: { _ in .signIn }),
      Probe(
        method: "DELETE", pattern: "/scim/v2/Groups/:id", path: "/scim/v2/Groups/1", expect: { _ in .signIn }),
      Probe(method: "GET", pattern: "/scim/v2/Schemas", path: "/scim/v2/Schemas", expect: { _ in .signIn }),
      Probe(
        method: "GET", pattern: "/scim/v2/Schemas/:id",
        path: "/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User", expect: { _ in .signIn }),
      Probe(method: "GET", pattern: "/scim/v2/Users", path: "/scim/v2/Users", expect: { _ in .signIn }),
      Probe(
        method: "POST", pattern: "/scim/v2/Users", path: "/scim/v2/Users",
        contentType: "application/scim+json",
        body: { _ in #"{"userName":"scim.probe@northwind.example"}"# }, expect: { _ in .signIn }),
      Probe(
        method: "GET", pattern: "/scim/v2/Users/:id", path: "/scim/v2/Users/\(wei)", expect: { _ in .signIn }),
      Probe(
        method: "PUT", pattern: "/scim/v2/Users/:id", path: "/scim/v2/Users/\(wei)",
        contentType: "application/scim+json", body: { _ in #"{"userName":"wei.zhang@northwind.example"}"# },
        expect: { _ in .signIn }),
      Probe(
        method: "PATCH", pattern: "/scim/v2/Users/:id", path: "/scim/v2/Users/\(wei)",
        contentType: "application/scim+json",
        body: { _ in #"{"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[]}"# },
        expect: { _ in .signIn }),
      Probe(
        method: "DELETE", pattern: "/scim/v2/Users/:id", path: "/scim/v2/Users/\(wei)",
        expect: { _ in .signIn }),
      Probe(
        method: "GET", pattern: "/admin/provisioning", path: "/admin/provisioning", expect: Self.adminOnly),
      Probe(
        method: "POST", pattern: "/admin/provisioning", path: "/admin/provisioning", contentType: form,
        body: { _ in "name=" }, expect: Self.adminOnly(then: .status(422))),
      Probe(
        method: "POST", pattern: "/admin/provisioning/:id/revoke", path: "/admin/provisioning/999/revoke",
        expect: Self.adminOnly(then: .status(404))),
      Probe(
        method: "GET", pattern: "/api/v1/admin/provisioning-tokens",
        path: "/api/v1/admin/provisioning-tokens",
        expect: Self.adminOnly),
      Probe(
        method: "POST", pattern: "/api/v1/admin/provisioning-tokens",
        path: "/api/v1/admin/provisioning-tokens",
        contentType: json, body: { _ in #"{"name":""}"# }, expect: Self.adminOnly(then: .status(422))),
      Probe(
        method: "DELETE", pattern: "/api/v1/admin/provisioning-tokens/:id",
        path: "/api/v1/admin/provisioning-tokens/999", expect: Self.adminOnly(then: .status(404))),
      // A second factor is one's own; the sign-in policy is the admins'.
      Probe(
        method: "POST", pattern: "/sign-in/code", path: "/sign-in/code", contentType: form,
        body: { _ in "challenge=made-up&code=123456" }, expect: { _ in .status(400) }),
      Probe(method: "GET", pattern: "/me/two-factor", path: "/me/two-factor", expect: Self.signedIn(.allow)),
      Probe(
        method: "POST", pattern: "/me/two-factor", path: "/me/two-factor", contentType: form,
        expect: Self.signedIn(.allow)),
      Probe(
        method: "POST", pattern: "/me/two-factor/confirm", path: "/me/two-factor/confirm", contentType: form,
        body: { _ in "code=000000" }, expect: Self.signedIn(.status(422))),
      Probe(
        method: "POST", pattern: "/me/two-factor/remove", path: "/me/two-factor/remove", contentType: form,
        body: { _ in "code=000000" }, expect: Self.signedIn(.status(404))),
      Probe(
        method: "GET", pattern: "/api/v1/me/two-factor", path: "/api/v1/me/two-factor",
        expect: Self.signedIn(.allow)),
      Probe(
        method: "POST", pattern: "/api/v1/me/two-factor", path: "/api/v1/me/two-factor",
        expect: Self.signedIn(.allow)),
      Probe(
        method: "POST", pattern: "/api/v1/me/two-factor/confirm", path: "/api/v1/me/two-factor/confirm",
        contentType: json, body: { _ in #"{"code":"000000"}"# }, expect: Self.signedIn(.status(422))),
      Probe(
        method: "POST", pattern: "/api/v1/me/two-factor/remove", path: "/api/v1/me/two-factor/remove",
        contentType: json, body: { _ in #"{"code":"000000"}"# }, expect: Self.signedIn(.status(404))),
      Probe(
        method: "POST", pattern: "/admin/sign-in-policy", path: "/admin/sign-in-policy", contentType: form,
        body: { _ in "breakGlass=" }, expect: Self.adminOnly),
      Probe(
        method: "GET", pattern: "/api/v1/admin/sign-in-policy", path: "/api/v1/admin/sign-in-policy",
        expect: Self.adminOnly),
      Probe(
        method: "PUT", pattern: "/api/v1/admin/sign-in-policy", path: "/api/v1/admin/sign-in-policy",
        contentType: json, body: { _ in #"{"requireSingleSignOn":false,"breakGlass":[]}"# },
        expect: Self.adminOnly),
      Probe(
        method: "PUT", pattern: "/api/v1/admin/audit/streaming", path: "/api/v1/admin/audit/streaming",
        contentType: json, body: { _ in #"{"syslog":"","https":""}"# }, expect: Self.adminOnly),
      // Career conversations: their two participants only (DESIGN: "Who may see what").
      Probe(method: "GET", pattern: "/conversations", path: "/conversations", expect: Self.signedIn(.allow)),
      Probe(
        method: "GET", pattern: "/relationships/:id/schedule",
        path: "/relationships/\(relationshipID)/schedule",
        expect: Self.participants),
      Probe(
        method: "POST", pattern: "/relationships/:id/conversations",
        path: "/relationships/\(relationshipID)/conversations", contentType: form,
        body: { _ in "date=2031-04-01&time=09%3A30&timeZone=Europe%2FLisbon&durationMinutes=45&location=Room"
        },
        expect: Self.participants),
      Probe(
        method: "POST", pattern: "/relationships/:id/cadence",
        path: "/relationships/\(relationshipID)/cadence",
        contentType: form, body: { _ in "cadenceDays=42" }, expect: Self.participants),
      // A relationship's history: its two participants (Sofia sees only what Mei handed over).
      Probe(
        method: "GET", pattern: "/relationships/:id/history",
        path: "/relationships/\(relationshipID)/history", expect: Self.participants),
      Probe(
        method: "GET", pattern: "/api/v1/relationships/:id/history",
        path: "/api/v1/relationships/\(relationshipID)/history", expect: Self.participants),
      Probe(
        method: "GET", pattern: "/conversations/:id", path: "/conversations/\(conversation)",
        expect: Self.participants),
      Probe(
        method: "GET", pattern: "/conversations/:id/move", path: "/conversations/\(conversation)/move",
        expect: Self.participants),
      Probe(
        method: "POST", pattern: "/conversations/:id/move", path: "/conversations/\(conversation)/move",
        contentType: form,
        body: { _ in
          "date=2031-03-05&time=11%3A00&timeZone=Europe%2FLisbon&durationMinutes=30&location=Room&reason=clash"
        },
        expect: Self.participants),
      Probe(
        method: "GET", pattern: "/conversations/:id/calendar.ics",
        path: "/conversations/\(conversation)/calendar.ics",
        expect: Self.participants),
      Probe(
        method: "GET", pattern: "/conversations/:id/notes/history",
        path: "/conversations/\(conversation)/notes/history",
        expect: Self.participants),
      // The conversation page is one form: each body is what one button of it sends.
      Probe(
        method: "POST", pattern: "/conversations/:id", path: "/conversations/\(conversation)",
        contentType: form, body: { actor in "do=save&agendaText=From+\(actor)" }, expect: Self.participants),
      Probe(
        method: "POST", pattern: "/conversations/:id", path: "/conversations/\(conversation)",
        contentType: form, body: { _ in "do=remove-agenda:\(self.meiAgendaItem)" },
        // Only its author removes an item: Sofia is told there is no such item of hers.
        expect: Self.only([.person])),
      Probe(
        method: "POST", pattern: "/conversations/:id", path: "/conversations/\(conversation)",
        contentType: form, body: { _ in "do=save&answer-0=Learned+a+lot" }, expect: Self.participants),
      Probe(
        method: "POST", pattern: "/conversations/:id", path: "/conversations/\(conversation)",
        contentType: form,
        body: { actor in "do=save&notes=Notes+by+\(actor)&notesBaseRevision=\(self.currentRevision())" },
        expect: Self.participants),
      Probe(
        method: "POST", pattern: "/conversations/:id", path: "/conversations/\(conversation)",
        contentType: form, body: { actor in "do=save&privateNote=Only+mine+\(actor)" },
        expect: Self.participants),
      Probe(
        method: "POST", pattern: "/conversations/:id", path: "/conversations/\(conversation)",
        contentType: form, body: { actor in "do=save&summary=Draft+by+\(actor)" }, expect: Self.participants
      ),
      Probe(
        method: "POST", pattern: "/conversations/:id", path: "/conversations/\(conversation)",
        contentType: form, body: { actor in "do=share-summary&summary=Summary+by+\(actor)" },
        expect: Self.participants),
      Probe(
        method: "POST", pattern: "/conversations/:id", path: "/conversations/\(conversation)",
        contentType: form, body: { _ in "do=confirm-summary" },
        // Sofia wrote the summary last, so Mei confirms it; its author cannot.
        expect: { actor in
          actor == .signedOut
            ? .signIn : actor == .person ? .allow : actor == .manager ? .status(409) : .refuse
        }),
      Probe(
        method: "POST", pattern: "/conversations/:id", path: "/conversations/\(conversation)",
        contentType: form,
        body: { _ in "do=save&actionTitle=Next+step&actionOwnerID=\(self.mei)&actionDueOn=2031-04-01" },
        expect: Self.participants),
      Probe(
        method: "POST", pattern: "/conversations/:id", path: "/conversations/\(conversation)",
        contentType: form, body: { _ in "do=missed-or-cancelled&missedOrCancelled=missed" },
        // Without a reason: participants get the form back (422); everyone else is refused first.
        expect: { actor in
          actor == .signedOut ? .signIn : [.person, .manager].contains(actor) ? .status(422) : .refuse
        }),
      Probe(
        method: "POST", pattern: "/conversations/:id", path: "/conversations/\(pastConversation)",
        contentType: form, body: { _ in "do=pulse&feltHeard=4&clearNextSteps=5" },
        expect: Self.only([.person])),
      Probe(
        method: "POST", pattern: "/conversations/:id", path: "/conversations/\(conversation)",
        contentType: form, body: { _ in "do=done:\(self.actionItem)" }, expect: Self.participants),
      // Where the signed-in person is: their own choice.
      Probe(method: "GET", pattern: "/me/time-zone", path: "/me/time-zone", expect: Self.signedIn(.allow)),
      Probe(
        method: "POST", pattern: "/me/time-zone", path: "/me/time-zone", contentType: form,
        body: { _ in "timeZone=organization" }, expect: Self.signedIn(.allow)),
      Probe(
        method: "GET", pattern: "/api/v1/me/time-zone", path: "/api/v1/me/time-zone",
        expect: Self.signedIn(.allow)),
      Probe(
        method: "PUT", pattern: "/api/v1/me/time-zone", path: "/api/v1/me/time-zone", contentType: json,
        body: { _ in #"{"timeZone":null}"# }, expect: Self.signedIn(.allow)),
      // What waits for the signed-in person: their own, for everyone signed in.
      Probe(method: "GET", pattern: "/needs-you", path: "/needs-you", expect: Self.signedIn(.allow)),
      Probe(
        method: "GET", pattern: "/api/v1/me/needs-you", path: "/api/v1/me/needs-you",
        expect: Self.signedIn(.allow)),
      Probe(method: "GET", pattern: "/me/calendar", path: "/me/calendar", expect: Self.signedIn(.allow)),
      Probe(
        method: "POST", pattern: "/me/calendar", path: "/me/calendar", contentType: form,
        expect: Self.signedIn(.allow)),
      Probe(
        method: "POST", pattern: "/me/calendar/revoke", path: "/me/calendar/revoke", contentType: form,
        expect: Self.signedIn(.allow)),
      Probe(
        method: "GET", pattern: "/calendar/:file", path: "/calendar/not-a-feed.ics",
        expect: { _ in .status(404) }),
      Probe(method: "GET", pattern: "/me/timeline", path: "/me/timeline", expect: Self.signedIn(.allow)),
      Probe(
        method: "POST", pattern: "/me/handovers", path: "/me/handovers", contentType: form,
        body: { _ in "conversation=all" }, expect: Self.signedIn(.allow)),
      // The conversations API: the same table as the pages.
      Probe(
        method: "GET", pattern: "/api/v1/me/rhythms", path: "/api/v1/me/rhythms",
        expect: Self.signedIn(.allow)),
      Probe(
        method: "GET", pattern: "/api/v1/me/action-items", path: "/api/v1/me/action-items",
        expect: Self.signedIn(.allow)),
      Probe(
        method: "GET", pattern: "/api/v1/me/timeline", path: "/api/v1/me/timeline",
        expect: Self.signedIn(.allow)),
      Probe(method: "GET", pattern: "/api/v1/guides", path: "/api/v1/guides", expect: Self.signedIn(.allow)),
      Probe(
        method: "POST", pattern: "/api/v1/me/handovers", path: "/api/v1/me/handovers", contentType: json,
        body: { _ in #"{"conversationId":null}"# }, expect: Self.signedIn(.allow)),
      Probe(
        method: "DELETE", pattern: "/api/v1/me/handovers/:id",
        path: "/api/v1/me/handovers/\(ids["sofia.rossi@northwind.example"]!)",
        expect: Self.signedIn(.allow)),
      Probe(
        method: "PUT", pattern: "/api/v1/relationships/:id/cadence",
        path: "/api/v1/relationships/\(relationshipID)/cadence",
        contentType: json, body: { _ in #"{"cadenceDays":42}"# }, expect: Self.participants),
      Probe(
        method: "POST", pattern: "/api/v1/relationships/:id/conversations",
        path: "/api/v1/relationships/\(relationshipID)/conversations", contentType: json,
        body: { _ in #"{"date":"2031-05-01","time":"09:00","timeZone":"Europe/Lisbon","durationMinutes":30}"#
        },
        expect: Self.participants),
      Probe(
        method: "GET", pattern: "/api/v1/conversations/:id", path: "/api/v1/conversations/\(conversation)",
        expect: Self.participants),
      Probe(
        method: "PATCH", pattern: "/api/v1/conversations/:id", path: "/api/v1/conversations/\(conversation)",
        contentType: json,
        body: { _ in #"{"date":"2031-03-06","time":"09:00","timeZone":"Europe/Lisbon","durationMinutes":30}"#
        },
        expect: Self.participants),
      Probe(
        method: "POST", pattern: "/api/v1/conversations/:id/status",
        path: "/api/v1/conversations/\(conversation)/status",
        contentType: json, body: { _ in #"{"status":"missed"}"# },
        expect: { actor in
          actor == .signedOut ? .signIn : [.person, .manager].contains(actor) ? .status(422) : .refuse
        }),
      Probe(
        method: "POST", pattern: "/api/v1/conversations/:id/agenda",
        path: "/api/v1/conversations/\(conversation)/agenda",
        contentType: json, body: { _ in #"{"text":"From the API"}"# }, expect: Self.participants),
      Probe(
        method: "DELETE", pattern: "/api/v1/conversations/:id/agenda/:item",
        path: "/api/v1/conversations/\(conversation)/agenda/\(meiAPIAgendaItem)", expect: Self.only([.person])
      ),
      Probe(
        method: "PUT", pattern: "/api/v1/conversations/:id/reflection",
        path: "/api/v1/conversations/\(conversation)/reflection", contentType: json,
        body: { _ in #"{"answers":{},"share":false}"# }, expect: Self.participants),
      Probe(
        method: "PUT", pattern: "/api/v1/conversations/:id/notes",
        path: "/api/v1/conversations/\(conversation)/notes",
        contentType: json, body: { _ in #"{"body":"API notes","baseRevision":\#(self.currentRevision())}"# },
        expect: Self.participants),
      Probe(
        method: "GET", pattern: "/api/v1/conversations/:id/notes/revisions",
        path: "/api/v1/conversations/\(conversation)/notes/revisions", expect: Self.participants),
      Probe(
        method: "PUT", pattern: "/api/v1/conversations/:id/private-note",
        path: "/api/v1/conversations/\(conversation)/private-note", contentType: json,
        body: { _ in #"{"body":"mine"}"# }, expect: Self.participants),
      Probe(
        method: "PUT", pattern: "/api/v1/conversations/:id/summary-draft",
        path: "/api/v1/conversations/\(conversation)/summary-draft", contentType: json,
        body: { _ in #"{"body":"my draft"}"# }, expect: Self.participants),
      Probe(
        method: "PUT", pattern: "/api/v1/conversations/:id/summary",
        path: "/api/v1/conversations/\(conversation)/summary",
        contentType: json, body: { _ in #"{"body":"API summary"}"# }, expect: Self.participants),
      Probe(
        method: "POST", pattern: "/api/v1/conversations/:id/summary/response",
        path: "/api/v1/conversations/\(conversation)/summary/response", contentType: json,
        body: { _ in #"{"confirm":true}"# },
        expect: { actor in
          actor == .signedOut
            ? .signIn : actor == .person ? .allow : actor == .manager ? .status(409) : .refuse
        }),
      Probe(
        method: "POST", pattern: "/api/v1/conversations/:id/action-items",
        path: "/api/v1/conversations/\(conversation)/action-items", contentType: json,
        body: { _ in #"{"title":"API step","ownerId":\#(self.mei),"dueOn":"2031-04-01"}"# },
        expect: Self.participants),
      Probe(
        method: "PATCH", pattern: "/api/v1/action-items/:id", path: "/api/v1/action-items/\(actionItem)",
        contentType: json, body: { _ in #"{"status":"open"}"# }, expect: Self.participants),
      Probe(
        method: "POST", pattern: "/api/v1/conversations/:id/pulse",
        path: "/api/v1/conversations/\(apiPastConversation)/pulse", contentType: json,
        body: { _ in #"{"feltHeard":4,"clearNextSteps":4}"# }, expect: Self.only([.person])),
      Probe(
        method: "GET", pattern: "/conversations/search", path: "/conversations/search?q=notes",
        expect: Self.signedIn(.allow)),
      Probe(
        method: "GET", pattern: "/api/v1/conversations/search", path: "/api/v1/conversations/search?q=notes",
        expect: Self.signedIn(.allow)),
      Probe(
        method: "GET", pattern: "/me/conversations/export", path: "/me/conversations/export",
        expect: Self.signedIn(.allow)),
      Probe(
        method: "GET", pattern: "/me/conversations/export.json", path: "/me/conversations/export.json",
        expect: Self.signedIn(.allow)),
      Probe(
        method: "GET", pattern: "/api/v1/me/conversations/export", path: "/api/v1/me/conversations/export",
        expect: Self.signedIn(.allow)),
      // Guides: everyone reads them; the people team keeps them.
      Probe(method: "GET", pattern: "/guides", path: "/guides", expect: Self.signedIn(.allow)),
      Probe(method: "GET", pattern: "/guides/:id", path: "/guides/2", expect: Self.signedIn(.allow)),
      Probe(method: "GET", pattern: "/guides/new", path: "/guides/new", expect: Self.peopleTeamOnly),
      Probe(
        method: "POST", pattern: "/guides", path: "/guides", contentType: form,
        body: { _ in "title=Matrix&sections=%23%23+One%0A-+Why%3F" }, expect: Self.peopleTeamOnly),
      Probe(method: "GET", pattern: "/guides/:id/edit", path: "/guides/2/edit", expect: Self.peopleTeamOnly),
      Probe(
        method: "POST", pattern: "/guides/:id", path: "/guides/2", contentType: form,
        body: { _ in "title=First+conversation&sections=%23%23+One%0A-+Why%3F" }, expect: Self.peopleTeamOnly),
      Probe(
        method: "POST", pattern: "/guides/:id/retirement", path: "/guides/3/retirement", contentType: form,
        body: { _ in "retired=no" }, expect: Self.peopleTeamOnly),
      Probe(
        method: "POST", pattern: "/guides/:id/default", path: "/guides/1/default", contentType: form,
        expect: Self.peopleTeamOnly),
      Probe(
        method: "GET", pattern: "/settings/conversations", path: "/settings/conversations",
        expect: Self.peopleTeamOnly),
      Probe(
        method: "POST", pattern: "/settings/conversations", path: "/settings/conversations",
        contentType: form,
        body: { _ in "defaultCadenceDays=91&firstConversationDays=30" }, expect: Self.peopleTeamOnly),
      Probe(
        method: "POST", pattern: "/api/v1/guides", path: "/api/v1/guides", contentType: json,
        body: { _ in #"{"title":"Matrix guide","sections":[{"title":"One","prompts":["Why?"]}]}"# },
        expect: Self.peopleTeamOnly),
      Probe(
        method: "PUT", pattern: "/api/v1/guides/:id", path: "/api/v1/guides/4", contentType: json,
        body: { _ in #"{"title":"Matrix guide","sections":[{"title":"One","prompts":["Why?"]}]}"# },
        expect: Self.peopleTeamOnly),
      Probe(
        method: "GET", pattern: "/api/v1/settings/conversations", path: "/api/v1/settings/conversations",
        expect: Self.signedIn(.allow)),
      Probe(
        method: "PUT", pattern: "/api/v1/settings/conversations", path: "/api/v1/settings/conversations",
        contentType: json, body: { _ in #"{"defaultCadenceDays":91,"firstConversationDays":30}"# },
        expect: Self.peopleTeamOnly),
      Probe(
        method: "GET", pattern: "/data-inventory", path: "/data-inventory", expect: Self.signedIn(.allow)),
      // Erasing someone who left: the people team (Mei is still active, so the erasure itself is refused as a conflict).
      Probe(
        method: "GET", pattern: "/people/:id/erase", path: "/people/\(mei)/erase", expect: Self.peopleTeamOnly
      ),
      Probe(
        method: "POST", pattern: "/people/:id/erase", path: "/people/\(mei)/erase", contentType: form,
        body: { _ in "confirm=yes" },
        expect: { actor in actor == .signedOut ? .signIn : actor == .peopleTeam ? .status(409) : .refuse }),
      Probe(
        method: "GET", pattern: "/api/v1/people/:id/erasure", path: "/api/v1/people/\(mei)/erasure",
        expect: Self.peopleTeamOnly),
      Probe(
        method: "POST", pattern: "/api/v1/people/:id/erasure", path: "/api/v1/people/\(mei)/erasure",
        contentType: json, body: { _ in "{}" },
        expect: { actor in actor == .signedOut ? .signIn : actor == .peopleTeam ? .status(409) : .refuse }),
      // How long data is kept: the people team.
      Probe(method: "GET", pattern: "/retention", path: "/retention", expect: Self.peopleTeamOnly),
      Probe(
        method: "POST", pattern: "/retention", path: "/retention", contentType: form,
        body: { _ in
          "privateWriting=365&conversationContent=1095&feedback=1095&accessHistory=730&outbox=30&auditLog=1825"
        },
        expect: Self.peopleTeamOnly),
      Probe(
        method: "GET", pattern: "/api/v1/settings/retention", path: "/api/v1/settings/retention",
        expect: Self.peopleTeamOnly),
      Probe(
        method: "PUT", pattern: "/api/v1/settings/retention", path: "/api/v1/settings/retention",
        contentType: json, body: { _ in #"{"outbox":30}"# }, expect: Self.peopleTeamOnly),
      // The career framework: everyone reads it; the people team keeps it.
      Probe(method: "GET", pattern: "/framework", path: "/framework", expect: Self.signedIn(.allow)),
      Probe(
        method: "GET", pattern: "/framework/roles/:slug", path: "/framework/roles/software-engineer",
        expect: Self.signedIn(.allow)),
      Probe(
        method: "GET", pattern: "/framework/compare",
        path: "/framework/compare?from=software-engineer&to=staff-engineer",
        expect: Self.signedIn(.allow)),
      Probe(method: "GET", pattern: "/framework/edit", path: "/framework/edit", expect: Self.peopleTeamOnly),
      Probe(
        method: "GET", pattern: "/framework/edit/roles", path: "/framework/edit/roles",
        expect: Self.peopleTeamOnly),
      // A row button only draws the editor again: nothing is saved.
      Probe(
        method: "POST", pattern: "/framework/edit/roles", path: "/framework/edit/roles", contentType: form,
        body: { _ in "do=add-role" }, expect: Self.peopleTeamOnly),
      Probe(
        method: "GET", pattern: "/framework/edit/tracks", path: "/framework/edit/tracks",
        expect: Self.peopleTeamOnly),
      Probe(
        method: "POST", pattern: "/framework/edit/tracks", path: "/framework/edit/tracks", contentType: form,
        body: { _ in "do=add-track" }, expect: Self.peopleTeamOnly),
      Probe(
        method: "GET", pattern: "/framework/edit/competencies", path: "/framework/edit/competencies",
        expect: Self.peopleTeamOnly),
      Probe(
        method: "POST", pattern: "/framework/edit/competencies", path: "/framework/edit/competencies",
        contentType: form, body: { _ in "do=add-area" }, expect: Self.peopleTeamOnly),
      Probe(
        method: "GET", pattern: "/framework/edit/competencies/:slug",
        path: "/framework/edit/competencies/\(self.firstCompetency())", expect: Self.peopleTeamOnly),
      // Saves what the page shows: the competency's expectations as they are.
      Probe(
        method: "POST", pattern: "/framework/edit/competencies/:slug",
        path: "/framework/edit/competencies/\(self.firstCompetency())", contentType: form,
        body: { _ in "" }, expect: Self.peopleTeamOnly),
      Probe(
        method: "GET", pattern: "/framework/history", path: "/framework/history", expect: Self.peopleTeamOnly),
      Probe(
        method: "GET", pattern: "/framework/history/:number", path: "/framework/history/1",
        expect: Self.peopleTeamOnly),
      Probe(
        method: "POST", pattern: "/framework/history/:number/restore", path: "/framework/history/1/restore",
        contentType: form, body: { _ in "" }, expect: Self.peopleTeamOnly),
      Probe(
        method: "GET", pattern: "/api/v1/framework/versions", path: "/api/v1/framework/versions",
        expect: Self.peopleTeamOnly),
      Probe(
        method: "GET", pattern: "/api/v1/framework/versions/:number", path: "/api/v1/framework/versions/2",
        expect: Self.peopleTeamOnly),
      Probe(
        method: "POST", pattern: "/api/v1/framework/versions/:number/restore",
        path: "/api/v1/framework/versions/2/restore", expect: Self.peopleTeamOnly),
      Probe(
        method: "GET", pattern: "/guides/:id/versions", path: "/guides/2/versions",
        expect: Self.peopleTeamOnly),
      Probe(
        method: "POST", pattern: "/guides/:id/versions/:number/restore", path: "/guides/2/versions/1/restore",
        contentType: form, body: { _ in "" }, expect: Self.peopleTeamOnly),
      Probe(
        method: "GET", pattern: "/api/v1/guides/:id/versions", path: "/api/v1/guides/2/versions",
        expect: Self.peopleTeamOnly),
      Probe(
        method: "POST", pattern: "/api/v1/guides/:id/versions/:number/restore",
        path: "/api/v1/guides/2/versions/1/restore", expect: Self.peopleTeamOnly),
      Probe(
        method: "POST", pattern: "/framework", path: "/framework", contentType: form,
        body: { _ in "framework=" + URLEncoding.encode(self.frameworkJSON()) }, expect: Self.peopleTeamOnly),
      Probe(
        method: "GET", pattern: "/api/v1/framework", path: "/api/v1/framework", expect: Self.signedIn(.allow)),
      Probe(
        method: "PUT", pattern: "/api/v1/framework", path: "/api/v1/framework", contentType: json,
        body: { _ in self.frameworkJSON() }, expect: Self.peopleTeamOnly),
      Probe(
        method: "GET", pattern: "/api/v1/framework/compare",
        path: "/api/v1/framework/compare?from=software-engineer&to=staff-engineer",
        expect: Self.signedIn(.allow)),
      Probe(
        method: "GET", pattern: "/framework/export.yaml", path: "/framework/export.yaml",
        expect: Self.signedIn(.allow)),
      Probe(
        method: "GET", pattern: "/framework/export.json", path: "/framework/export.json",
        expect: Self.signedIn(.allow)),
      Probe(
        method: "GET", pattern: "/api/v1/framework/yaml", path: "/api/v1/framework/yaml",
        expect: Self.signedIn(.allow)),
      Probe(
        method: "PUT", pattern: "/api/v1/framework/yaml", path: "/api/v1/framework/yaml",
        contentType: "application/yaml", body: { _ in self.frameworkYAML() }, expect: Self.peopleTeamOnly),
      Probe(
        method: "POST", pattern: "/framework", path: "/framework", contentType: form,
        body: { _ in "framework=" + URLEncoding.encode(self.frameworkYAML()) }, expect: Self.peopleTeamOnly),
      // Growth: career data of the person and their current manager; the people team places people.
      Probe(
        method: "GET", pattern: "/people/:id/growth", path: "/people/\(mei)/growth", expect: Self.participants
      ),
      Probe(
        method: "POST", pattern: "/people/:id/growth/placement", path: "/people/\(mei)/growth/placement",
        contentType: form, body: { _ in "targetRole=senior-product-designer" }, expect: Self.participants),
      Probe(
        method: "POST", pattern: "/people/:id/growth/assessment", path: "/people/\(mei)/growth/assessment",
        contentType: form, body: { _ in "rating-quality=3&note=ok" }, expect: Self.participants),
      Probe(
        method: "GET", pattern: "/api/v1/people/:id/growth", path: "/api/v1/people/\(mei)/growth",
        expect: Self.participants),
      Probe(
        method: "PUT", pattern: "/api/v1/people/:id/growth/placement",
        path: "/api/v1/people/\(mei)/growth/placement",
        contentType: json, body: { _ in #"{"role":"product-designer"}"# },
        // Setting the current role is for the people team and the manager, not the person.
        expect: Self.only([.manager, .peopleTeam])),
      Probe(
        method: "PUT", pattern: "/api/v1/people/:id/growth/assessment",
        path: "/api/v1/people/\(mei)/growth/assessment",
        contentType: json, body: { _ in #"{"ratings":{"quality":3}}"# }, expect: Self.participants),
      // Development plans: the person and their manager; a named supporter sees and updates their items.
      Probe(
        method: "GET", pattern: "/people/:id/plan", path: "/people/\(mei)/plan", expect: Self.planReaders),
      Probe(
        method: "GET", pattern: "/api/v1/people/:id/plan", path: "/api/v1/people/\(mei)/plan",
        expect: Self.planReaders),
      Probe(
        method: "POST", pattern: "/people/:id/plan/items", path: "/people/\(mei)/plan/items",
        contentType: form,
        body: { _ in
          "skill=Writing&learningMode=self-study&description=Write+a+design+doc&startOn=2031-01-01&targetOn=2031-03-01"
        },
        expect: Self.participants),
      Probe(
        method: "POST", pattern: "/api/v1/people/:id/plan/items", path: "/api/v1/people/\(mei)/plan/items",
        contentType: json,
        body: { _ in
          #"{"skill":"Writing","learningMode":"self-study","description":"Docs","startOn":"2031-01-01","targetOn":"2031-03-01"}"#
        },
        expect: Self.participants),
      Probe(
        method: "POST", pattern: "/plan-items/:id/status", path: "/plan-items/\(planItem)/status",
        contentType: form,
        body: { _ in "status=in+progress" }, expect: Self.participants),
      Probe(
        method: "PATCH", pattern: "/api/v1/plan-items/:id", path: "/api/v1/plan-items/\(planItem)",
        contentType: json,
        body: { _ in #"{"status":"in progress"}"# }, expect: Self.participants),
      Probe(
        method: "POST", pattern: "/plan-items/:id/milestones", path: "/plan-items/\(planItem)/milestones",
        contentType: form,
        body: { _ in "title=Second+workshop&targetOn=2031-03-01" }, expect: Self.participants),
      Probe(
        method: "POST", pattern: "/api/v1/plan-items/:id/milestones",
        path: "/api/v1/plan-items/\(planItem)/milestones",
        contentType: json, body: { _ in #"{"title":"Third","targetOn":"2031-04-01"}"# },
        expect: Self.participants),
      Probe(
        method: "POST", pattern: "/milestones/:id/done", path: "/milestones/\(milestone)/done",
        contentType: form,
        body: { _ in "evidence=Slides" }, expect: Self.participants),
      Probe(
        method: "POST", pattern: "/api/v1/milestones/:id/completion",
        path: "/api/v1/milestones/\(milestone)/completion",
        contentType: json, body: { _ in #"{"evidence":"Slides"}"# }, expect: Self.participants),
      Probe(
        method: "POST", pattern: "/plan-items/:id/updates", path: "/plan-items/\(planItem)/updates",
        contentType: form,
        body: { _ in "body=Going+well" }, expect: Self.planReaders),
      Probe(
        method: "POST", pattern: "/api/v1/plan-items/:id/updates",
        path: "/api/v1/plan-items/\(planItem)/updates",
        contentType: json, body: { _ in #"{"body":"Going well"}"# }, expect: Self.planReaders),
      Probe(
        method: "POST", pattern: "/plan-items/:id/supporters", path: "/plan-items/\(planItem)/supporters",
        contentType: form,
        body: { _ in "email=grace.mensah%40northwind.example&kind=peer" }, expect: Self.participants),
      Probe(
        method: "POST", pattern: "/api/v1/plan-items/:id/supporters",
        path: "/api/v1/plan-items/\(planItem)/supporters",
        contentType: json,
        body: { _ in #"{"personId":\#(self.ids["grace.mensah@northwind.example"]!),"kind":"mentor"}"# },
        expect: Self.participants),
      Probe(
        method: "POST", pattern: "/people/:id/plan/archive", path: "/people/\(mei)/plan/archive",
        contentType: form,
        expect: Self.participants),
      // Goals: each goal's owner chooses who sees it; objectives are everyone's to read.
      Probe(method: "GET", pattern: "/goals", path: "/goals", expect: Self.signedIn(.allow)),
      Probe(
        method: "GET", pattern: "/people/:id/goals", path: "/people/\(mei)/goals",
        expect: Self.signedIn(.allow)),
      Probe(
        method: "POST", pattern: "/goals", path: "/goals", contentType: form,
        body: { _ in "title=Learn+Rust&horizon=short+term&visibility=private" }, expect: Self.signedIn(.allow)
      ),
      Probe(
        method: "POST", pattern: "/goals/:id", path: "/goals/\(managerGoal)", contentType: form,
        body: { _ in "status=active" }, expect: Self.only([.person])),
      Probe(
        method: "POST", pattern: "/goals/:id/checkins", path: "/goals/\(managerGoal)/checkins",
        contentType: form,
        body: { _ in "progress=10&note=started" }, expect: Self.participants),
      Probe(
        method: "POST", pattern: "/objectives", path: "/objectives", contentType: form,
        body: { _ in "title=Grow+internal+mobility&period=2031&team=" }, expect: Self.organizationObjective),
      Probe(
        method: "GET", pattern: "/api/v1/objectives", path: "/api/v1/objectives",
        expect: Self.signedIn(.allow)),
      Probe(
        method: "POST", pattern: "/api/v1/objectives", path: "/api/v1/objectives", contentType: json,
        body: { _ in #"{"title":"Customer trust","period":"2031"}"# }, expect: Self.organizationObjective),
      Probe(
        method: "GET", pattern: "/api/v1/people/:id/goals", path: "/api/v1/people/\(mei)/goals",
        expect: Self.signedIn(.allow)),
      Probe(
        method: "POST", pattern: "/api/v1/me/goals", path: "/api/v1/me/goals", contentType: json,
        body: { _ in #"{"title":"Speak at a meetup","horizon":"long term","visibility":"manager"}"# },
        expect: Self.signedIn(.allow)),
      Probe(
        method: "PATCH", pattern: "/api/v1/goals/:id", path: "/api/v1/goals/\(managerGoal)",
        contentType: json,
        body: { _ in #"{"status":"active"}"# }, expect: Self.only([.person])),
      Probe(
        method: "POST", pattern: "/api/v1/goals/:id/checkins", path: "/api/v1/goals/\(managerGoal)/checkins",
        contentType: json,
        body: { _ in #"{"progress":20}"# }, expect: Self.participants),
      Probe(
        method: "POST", pattern: "/goals/:id/milestones", path: "/goals/\(milestoneGoal)/milestones",
        contentType: form, body: { _ in "title=Third" }, expect: Self.only([.person])),
      Probe(
        method: "POST", pattern: "/api/v1/goals/:id/milestones",
        path: "/api/v1/goals/\(milestoneGoal)/milestones",
        contentType: json, body: { _ in #"{"title":"Fourth"}"# }, expect: Self.only([.person])),
      // Milestones of a goal Mei's manager sees: she and Sofia mark them done (done once, then unchanged).
      Probe(
        method: "POST", pattern: "/goal-milestones/:id/done", path: "/goal-milestones/\(goalMilestone)/done",
        contentType: form, expect: Self.participants),
      Probe(
        method: "POST", pattern: "/api/v1/goal-milestones/:id/completion",
        path: "/api/v1/goal-milestones/\(goalMilestone)/completion", expect: Self.participants),
      // Celebrations: Mei celebrates her own progress; these are for her manager only.
      Probe(method: "GET", pattern: "/celebrations", path: "/celebrations", expect: Self.signedIn(.allow)),
      Probe(
        method: "GET", pattern: "/api/v1/celebrations", path: "/api/v1/celebrations",
        expect: Self.signedIn(.allow)),
      Probe(
        method: "POST", pattern: "/celebrations", path: "/celebrations", contentType: form,
        body: { _ in "kind=goal&subject=\(self.achievedGoals[0])&audience=manager&message=Done" },
        expect: Self.only([.person])),
      Probe(
        method: "POST", pattern: "/api/v1/celebrations", path: "/api/v1/celebrations", contentType: json,
        body: { _ in #"{"kind":"goal","subjectId":\#(self.achievedGoals[1]),"audience":"manager"}"# },
        expect: Self.only([.person])),
      Probe(
        method: "POST", pattern: "/celebrations/:id/kudos", path: "/celebrations/\(kudosCelebration)/kudos",
        contentType: form, body: { _ in "given=true" }, expect: Self.kudosGivers),
      Probe(
        method: "PUT", pattern: "/api/v1/celebrations/:id/kudos",
        path: "/api/v1/celebrations/\(kudosCelebration)/kudos", expect: Self.kudosGivers),
      Probe(
        method: "DELETE", pattern: "/api/v1/celebrations/:id/kudos",
        path: "/api/v1/celebrations/\(kudosCelebration)/kudos", expect: Self.participants),
      Probe(
        method: "POST", pattern: "/celebrations/:id/withdraw",
        path: "/celebrations/\(withdrawnCelebrations[0])/withdraw", contentType: form,
        expect: Self.only([.person])),
      Probe(
        method: "DELETE", pattern: "/api/v1/celebrations/:id",
        path: "/api/v1/celebrations/\(withdrawnCelebrations[1])",
        expect: Self.only([.person])),
      // Feedback: anyone gives and asks; only its giver, its recipient and (if the giver allowed) the
      // recipient's manager read it; only the recipient acts on it.
      Probe(method: "GET", pattern: "/feedback", path: "/feedback", expect: Self.signedIn(.allow)),
      Probe(
        method: "GET", pattern: "/feedback/give", path: "/feedback/give?to=\(mei)",
        expect: Self.signedIn(.allow)),
      Probe(
        method: "POST", pattern: "/feedback", path: "/feedback", contentType: form,
        body: { _ in
          "recipient=mei.chen%40northwind.example&kind=appreciation&situation=S&behaviour=B&impact=I&managerMaySee=on"
        }, expect: Self.notToOneself(.person)),
      Probe(
        method: "POST", pattern: "/api/v1/feedback", path: "/api/v1/feedback", contentType: json,
        body: { _ in
          #"{"recipientID":\#(self.mei),"kind":"coaching","situation":"S","behaviour":"B","impact":"I","managerMaySee":false}"#
        }, expect: Self.notToOneself(.person)),
      Probe(
        method: "POST", pattern: "/feedback/requests", path: "/feedback/requests", contentType: form,
        body: { _ in "givers=ana.lima%40northwind.example&topic=My+demo" },
        expect: Self.notToOneself(.otherEmployee)),
      Probe(
        method: "POST", pattern: "/api/v1/feedback-requests", path: "/api/v1/feedback-requests",
        contentType: json,
        body: { _ in #"{"giverIds":[\#(self.ids["ana.lima@northwind.example"]!)],"topic":"My talk"}"# },
        expect: Self.notToOneself(.otherEmployee)),
      Probe(
        method: "POST", pattern: "/feedback/requests/:id/decline",
        path: "/feedback/requests/\(requestsOfAna[0])/decline", contentType: form, body: { _ in "note=Busy" },
        expect: Self.only([.otherEmployee])),
      Probe(
        method: "POST", pattern: "/api/v1/feedback-requests/:id/decline",
        path: "/api/v1/feedback-requests/\(requestsOfAna[1])/decline", contentType: json,
        body: { _ in #"{"note":"Busy"}"# }, expect: Self.only([.otherEmployee])),
      Probe(
        method: "POST", pattern: "/feedback/:id/thanks", path: "/feedback/\(sharedFeedback)/thanks",
        contentType: form, expect: Self.only([.person])),
      Probe(
        method: "POST", pattern: "/api/v1/feedback/:id/thanks",
        path: "/api/v1/feedback/\(privateFeedback)/thanks",
        expect: Self.only([.person])),
      Probe(
        method: "POST", pattern: "/feedback/:id/reply", path: "/feedback/\(sharedFeedback)/reply",
        contentType: form, body: { _ in "reply=Thanks" }, expect: Self.only([.person])),
      Probe(
        method: "POST", pattern: "/api/v1/feedback/:id/reply",
        path: "/api/v1/feedback/\(privateFeedback)/reply",
        contentType: json, body: { _ in #"{"reply":"Thank you"}"# }, expect: Self.only([.person])),
      Probe(
        method: "POST", pattern: "/feedback/:id/plan-item", path: "/feedback/\(sharedFeedback)/plan-item",
        contentType: form, expect: Self.only([.person])),
      Probe(
        method: "POST", pattern: "/api/v1/feedback/:id/plan-item",
        path: "/api/v1/feedback/\(sharedFeedback)/plan-item", expect: Self.only([.person])),
      Probe(
        method: "GET", pattern: "/api/v1/me/feedback", path: "/api/v1/me/feedback",
        expect: Self.signedIn(.allow)),
    ]
      + FeedbackList.allCases.map { list in
        Probe(
          method: "GET", pattern: "/api/v1/me/feedback/\(list.rawValue)",
          path: "/api/v1/me/feedback/\(list.rawValue)",
          expect: Self.signedIn(.allow))
      }
      + [
        // Filtered, never refused: what each actor reads there is checked below.
        Probe(
          method: "GET", pattern: "/people/:id/feedback", path: "/people/\(mei)/feedback",
          expect: Self.signedIn(.allow)),
        Probe(
          method: "GET", pattern: "/api/v1/people/:id/feedback", path: "/api/v1/people/\(mei)/feedback",
          expect: Self.signedIn(.allow)),
        Probe(method: "GET", pattern: "/communities", path: "/communities", expect: Self.signedIn(.allow)),
        Probe(
          method: "GET", pattern: "/communities/new", path: "/communities/new", expect: Self.signedIn(.allow)),
        Probe(
          method: "POST", pattern: "/communities", path: "/communities", contentType: form,
          body: { "name=Circle+of+\($0)&kind=guild&description=Learning&isOpen=on" },
          expect: Self.signedIn(.allow)),
        Probe(
          method: "GET", pattern: "/communities/:id", path: "/communities/\(closedCommunity)",
          expect: Self.signedIn(.allow)),
        Probe(
          method: "POST", pattern: "/communities/:id", path: "/communities/\(closedCommunity)",
          contentType: form,
          body: { _ in "name=Closed+cohort&kind=cohort&description=By+invitation" },
          expect: Self.only([.person, .peopleTeam])),
        Probe(
          method: "POST", pattern: "/communities/:id/join", path: "/communities/\(openCommunity)/join",
          expect: Self.signedIn(.allow)),
        Probe(
          method: "POST", pattern: "/communities/:id/leave", path: "/communities/\(anasCommunity)/leave",
          expect: Self.lastOrganiserStays),
        Probe(
          method: "POST", pattern: "/communities/:id/members",
          path: "/communities/\(closedCommunity)/members",
          contentType: form, body: { _ in "email=wei.zhang%40northwind.example" },
          expect: Self.only([.person, .peopleTeam])),
        Probe(
          method: "POST", pattern: "/communities/:id/meetings",
          path: "/communities/\(closedCommunity)/meetings",
          contentType: form,
          body: { _ in
            "title=Session&date=2031-05-06&time=16%3A00&timeZone=Europe%2FLondon&durationMinutes=60"
          },
          expect: Self.only([.person, .peopleTeam])),
        Probe(
          method: "POST", pattern: "/communities/:id/resources",
          path: "/communities/\(closedCommunity)/resources",
          contentType: form, body: { "title=From+\($0)" }, expect: Self.only([.person, .otherEmployee])),
        Probe(
          method: "POST", pattern: "/communities/:id/plan-item",
          path: "/communities/\(openCommunity)/plan-item",
          expect: Self.signedIn(.allow)),
        Probe(
          method: "GET", pattern: "/api/v1/communities", path: "/api/v1/communities?kind=cohort",
          expect: Self.signedIn(.allow)),
        Probe(
          method: "POST", pattern: "/api/v1/communities", path: "/api/v1/communities", contentType: json,
          body: {
            #"{"name":"API circle of \#($0)","kind":"guild","description":"x","isOpen":true,"competencySlugs":[]}"#
          },
          expect: Self.signedIn(.status(201))),
        Probe(
          method: "GET", pattern: "/api/v1/communities/:id", path: "/api/v1/communities/\(closedCommunity)",
          expect: Self.signedIn(.allow)),
        Probe(
          method: "GET", pattern: "/api/v1/communities/:id/members",
          path: "/api/v1/communities/\(closedCommunity)/members", expect: Self.signedIn(.allow)),
        Probe(
          method: "GET", pattern: "/api/v1/communities/:id/resources",
          path: "/api/v1/communities/\(closedCommunity)/resources", expect: Self.signedIn(.allow)),
        Probe(
          method: "PUT", pattern: "/api/v1/communities/:id", path: "/api/v1/communities/\(closedCommunity)",
          contentType: json,
          body: { _ in
            #"{"name":"Closed cohort","kind":"cohort","description":"By invitation","isOpen":false,"competencySlugs":[]}"#
          },
          expect: Self.only([.person, .peopleTeam])),
        Probe(
          method: "PUT", pattern: "/api/v1/communities/:id/membership",
          path: "/api/v1/communities/\(openCommunity)/membership", expect: Self.signedIn(.allow)),
        Probe(
          method: "DELETE", pattern: "/api/v1/communities/:id/membership",
          path: "/api/v1/communities/\(anasCommunity)/membership", expect: Self.lastOrganiserStays),
        Probe(
          method: "POST", pattern: "/api/v1/communities/:id/members",
          path: "/api/v1/communities/\(closedCommunity)/members", contentType: json,
          body: { _ in #"{"personID":\#(self.wei)}"# }, expect: Self.only([.person, .peopleTeam])),
        Probe(
          method: "POST", pattern: "/api/v1/communities/:id/meetings",
          path: "/api/v1/communities/\(closedCommunity)/meetings", contentType: json,
          body: { _ in
            #"{"title":"API session","date":"2031-06-06","time":"16:00","timeZone":"Europe/London","durationMinutes":60}"#
          }, expect: Self.only([.person, .peopleTeam])),
        Probe(
          method: "POST", pattern: "/api/v1/communities/:id/resources",
          path: "/api/v1/communities/\(closedCommunity)/resources", contentType: json,
          body: { #"{"title":"API link from \#($0)"}"# }, expect: Self.only([.person, .otherEmployee])),
        Probe(
          method: "GET", pattern: "/opportunities", path: "/opportunities", expect: Self.signedIn(.allow)),
        Probe(
          method: "GET", pattern: "/opportunities/new", path: "/opportunities/new",
          expect: Self.signedIn(.allow)),
        Probe(
          method: "POST", pattern: "/opportunities", path: "/opportunities", contentType: form,
          body: {
            "title=Project+of+\($0)&kind=gig&description=Help&timeCommitment=2h&interestDeadline=2031-01-01&places=1"
          },
          expect: Self.only([.manager, .formerManager, .skipLevelManager, .peopleTeam])),
        Probe(
          method: "GET", pattern: "/opportunities/:id", path: "/opportunities/\(privateInterestOpportunity)",
          expect: Self.signedIn(.allow)),
        Probe(
          method: "POST", pattern: "/opportunities/:id/interest",
          path: "/opportunities/\(openOpportunity)/interest",
          contentType: form, body: { _ in "note=Keen" }, expect: Self.notTheOwner(.status(409))),
        Probe(
          method: "POST", pattern: "/opportunities/:id/interest/withdraw",
          path: "/opportunities/\(openOpportunity)/interest/withdraw", expect: Self.notTheOwner(.refuse)),
        Probe(
          method: "POST", pattern: "/opportunity-interests/:id/status",
          path: "/opportunity-interests/\(meiPrivateInterest)/status", contentType: form,
          body: { _ in "status=shortlisted" }, expect: Self.only([.formerManager])),
        Probe(
          method: "POST", pattern: "/opportunities/:id/close",
          path: "/opportunities/\(privateInterestOpportunity)/close",
          contentType: form, body: { _ in "outcome=filled+internally" },
          expect: Self.ownerOrPeopleTeam(.status(422))),
        Probe(
          method: "POST", pattern: "/opportunities/subscriptions", path: "/opportunities/subscriptions",
          contentType: form, body: { _ in "kinds=gig&kinds=rotation" }, expect: Self.signedIn(.allow)),
        Probe(
          method: "GET", pattern: "/people/:id/opportunities", path: "/people/\(mei)/opportunities",
          expect: Self.only([.person, .manager])),
        Probe(
          method: "GET", pattern: "/api/v1/opportunities", path: "/api/v1/opportunities?kind=project",
          expect: Self.signedIn(.allow)),
        Probe(
          method: "POST", pattern: "/api/v1/opportunities", path: "/api/v1/opportunities", contentType: json,
          body: {
            #"{"title":"API project of \#($0)","kind":"gig","description":"x","timeCommitment":"2h","interestDeadline":"2031-01-01","places":1}"#
          }, expect: Self.only([.manager, .formerManager, .skipLevelManager, .peopleTeam])),
        Probe(
          method: "GET", pattern: "/api/v1/opportunities/:id",
          path: "/api/v1/opportunities/\(privateInterestOpportunity)",
          expect: Self.signedIn(.allow)),
        Probe(
          method: "PUT", pattern: "/api/v1/opportunities/:id/interest",
          path: "/api/v1/opportunities/\(openOpportunity)/interest", contentType: json,
          body: { _ in #"{"shareWithManager":false}"# }, expect: Self.notTheOwner(.status(409))),
        Probe(
          method: "DELETE", pattern: "/api/v1/opportunities/:id/interest",
          path: "/api/v1/opportunities/\(openOpportunity)/interest", expect: Self.notTheOwner(.refuse)),
        Probe(
          method: "PUT", pattern: "/api/v1/opportunity-interests/:id/status",
          path: "/api/v1/opportunity-interests/\(meiPrivateInterest)/status", contentType: json,
          body: { _ in #"{"status":"shortlisted"}"# }, expect: Self.only([.formerManager])),
        Probe(
          method: "POST", pattern: "/api/v1/opportunities/:id/close",
          path: "/api/v1/opportunities/\(privateInterestOpportunity)/close", contentType: json,
          body: { _ in #"{"outcome":"filled internally"}"# }, expect: Self.ownerOrPeopleTeam(.status(422))),
        Probe(
          method: "GET", pattern: "/api/v1/me/opportunity-subscriptions",
          path: "/api/v1/me/opportunity-subscriptions",
          expect: Self.signedIn(.allow)),
        Probe(
          method: "PUT", pattern: "/api/v1/me/opportunity-subscriptions",
          path: "/api/v1/me/opportunity-subscriptions",
          contentType: json, body: { _ in #"{"kinds":["project"]}"# }, expect: Self.signedIn(.allow)),
        Probe(
          method: "GET", pattern: "/api/v1/me/opportunity-matches", path: "/api/v1/me/opportunity-matches",
          expect: Self.signedIn(.allow)),
        Probe(
          method: "GET", pattern: "/api/v1/people/:id/opportunity-interests",
          path: "/api/v1/people/\(mei)/opportunity-interests", expect: Self.only([.person, .manager])),
        Probe(method: "GET", pattern: "/mentoring", path: "/mentoring", expect: Self.signedIn(.allow)),
        Probe(
          method: "GET", pattern: "/mentors", path: "/mentors?competency=strategy",
          expect: Self.signedIn(.allow)),
        Probe(
          method: "GET", pattern: "/api/v1/mentors", path: "/api/v1/mentors", expect: Self.signedIn(.allow)),
        Probe(
          method: "GET", pattern: "/api/v1/me/mentor-suggestions", path: "/api/v1/me/mentor-suggestions",
          expect: Self.signedIn(.allow)),
        Probe(
          method: "GET", pattern: "/api/v1/me/mentoring", path: "/api/v1/me/mentoring",
          expect: Self.signedIn(.allow)),
      ]
      + [
        "/api/v1/me/mentorships", "/api/v1/me/mentorship-requests/asked",
        "/api/v1/me/mentorship-requests/requested",
      ]
      .map { path in Probe(method: "GET", pattern: path, path: path, expect: Self.signedIn(.allow)) }
      + [
        Probe(
          method: "POST", pattern: "/mentors/:id/requests",
          path: "/mentors/\(ids["yusuf.demir@northwind.example"]!)/requests",
          contentType: form, body: { _ in "note=Guidance" }, expect: Self.signedIn(.allow)),
        Probe(
          method: "POST", pattern: "/api/v1/mentorship-requests", path: "/api/v1/mentorship-requests",
          contentType: json,
          body: { _ in #"{"mentorID":\#(self.ids["aisha.bello@northwind.example"]!),"note":"Guidance"}"# },
          expect: Self.signedIn(.status(201))),
        Probe(
          method: "POST", pattern: "/mentorship-requests/:id/accept",
          path: "/mentorship-requests/\(requestsToAna[0])/accept",
          contentType: form, body: { _ in "note=Welcome" }, expect: Self.only([.otherEmployee])),
        Probe(
          method: "POST", pattern: "/api/v1/mentorship-requests/:id/accept",
          path: "/api/v1/mentorship-requests/\(requestsToAna[1])/accept", contentType: json,
          body: { _ in "{}" },
          expect: Self.only([.otherEmployee])),
        Probe(
          method: "POST", pattern: "/mentorship-requests/:id/decline",
          path: "/mentorship-requests/\(requestsToAna[2])/decline", contentType: form,
          body: { _ in "note=Full" },
          expect: Self.only([.otherEmployee])),
        Probe(
          method: "POST", pattern: "/api/v1/mentorship-requests/:id/decline",
          path: "/api/v1/mentorship-requests/\(requestsToAna[3])/decline", contentType: json,
          body: { _ in "{}" },
          expect: Self.only([.otherEmployee])),
        Probe(
          method: "POST", pattern: "/mentoring/offer", path: "/mentoring/offer", contentType: form,
          body: { _ in "topics=Careers&capacity=5&cadenceDays=30&active=on" }, expect: Self.signedIn(.allow)),
        Probe(
          method: "PUT", pattern: "/api/v1/me/mentor-offer", path: "/api/v1/me/mentor-offer",
          contentType: json,
          body: { _ in #"{"topics":"Careers","capacity":5,"cadenceDays":30,"active":true}"# },
          expect: Self.signedIn(.allow)),
        Probe(
          method: "GET", pattern: "/mentorships/:id", path: "/mentorships/\(mentorship)",
          expect: Self.only([.person, .otherEmployee])),
        Probe(
          method: "GET", pattern: "/api/v1/mentorships/:id", path: "/api/v1/mentorships/\(mentorship)",
          expect: Self.only([.person, .otherEmployee])),
        Probe(
          method: "POST", pattern: "/mentorships/:id/goals", path: "/mentorships/\(mentorship)/goals",
          contentType: form,
          body: { _ in "title=Practise" }, expect: Self.only([.person, .otherEmployee])),
        Probe(
          method: "POST", pattern: "/api/v1/mentorships/:id/goals",
          path: "/api/v1/mentorships/\(mentorship)/goals",
          contentType: json, body: { _ in #"{"title":"Practise more"}"# },
          expect: Self.only([.person, .otherEmployee])),
        Probe(
          method: "POST", pattern: "/mentorship-goals/:id/reached",
          path: "/mentorship-goals/\(mentorshipGoal)/reached",
          expect: Self.only([.person, .otherEmployee])),
        Probe(
          method: "POST", pattern: "/api/v1/mentorship-goals/:id/reached",
          path: "/api/v1/mentorship-goals/\(mentorshipGoal)/reached",
          expect: Self.only([.person, .otherEmployee])),
        Probe(
          method: "POST", pattern: "/mentorships/:id/end", path: "/mentorships/\(mentorshipsToEnd[0])/end",
          contentType: form, body: { _ in "reflection=Thanks" }, expect: Self.only([.person])),
        Probe(
          method: "POST", pattern: "/api/v1/mentorships/:id/end",
          path: "/api/v1/mentorships/\(mentorshipsToEnd[1])/end",
          contentType: json, body: { _ in #"{"reflection":"Thanks"}"# }, expect: Self.only([.person])),
        Probe(
          method: "GET", pattern: "/mentoring/metrics", path: "/mentoring/metrics",
          expect: Self.peopleTeamOnly),
        Probe(
          method: "GET", pattern: "/api/v1/mentoring/metrics", path: "/api/v1/mentoring/metrics",
          expect: Self.peopleTeamOnly),
        Probe(method: "GET", pattern: "/succession", path: "/succession", expect: Self.peopleTeamOnly),
        // Insights: everyone has a home and a team dashboard (of their own reports); the
        // organization's figures are the people team's.
        Probe(
          method: "GET", pattern: "/api/v1/me/home", path: "/api/v1/me/home", expect: Self.signedIn(.allow)),
        Probe(
          method: "GET", pattern: "/team", path: "/team?sort=name&status=", expect: Self.signedIn(.allow)),
        Probe(
          method: "GET", pattern: "/api/v1/insights/team", path: "/api/v1/insights/team?sort=overdue_items",
          expect: Self.signedIn(.allow)),
        Probe(
          method: "GET", pattern: "/insights", path: "/insights?dimension=team", expect: Self.peopleTeamOnly),
        Probe(method: "GET", pattern: "/insights.csv", path: "/insights.csv", expect: Self.peopleTeamOnly),
        Probe(
          method: "GET", pattern: "/api/v1/insights/organization",
          path: "/api/v1/insights/organization?dimension=location&quarters=8", expect: Self.peopleTeamOnly),
        Probe(
          method: "POST", pattern: "/succession/roles", path: "/succession/roles", contentType: form,
          body: { _ in "title=Head+of+Sales&team=Sales" }, expect: Self.peopleTeamOnly),
        Probe(
          method: "POST", pattern: "/succession/roles/:id/successors",
          path: "/succession/roles/\(keyRole)/successors",
          contentType: form, body: { _ in "email=wei.zhang%40northwind.example&readiness=ready+now" },
          expect: Self.peopleTeamOnly),
        Probe(
          method: "POST", pattern: "/succession/successors/:id/remove",
          path: "/succession/successors/\(successorsToRemove[0])/remove", expect: Self.peopleTeamOnly),
        Probe(
          method: "POST", pattern: "/succession/sharing", path: "/succession/sharing", contentType: form,
          body: { _ in "shared=on" }, expect: Self.peopleTeamOnly),
        Probe(
          method: "GET", pattern: "/me/succession", path: "/me/succession", expect: Self.signedIn(.allow)),
        Probe(
          method: "GET", pattern: "/api/v1/succession/roles", path: "/api/v1/succession/roles",
          expect: Self.peopleTeamOnly),
        Probe(
          method: "POST", pattern: "/api/v1/succession/roles", path: "/api/v1/succession/roles",
          contentType: json,
          body: { _ in #"{"title":"Head of Support"}"# }, expect: Self.peopleTeamOnly),
        Probe(
          method: "POST", pattern: "/api/v1/succession/roles/:id/successors",
          path: "/api/v1/succession/roles/\(keyRole)/successors", contentType: json,
          body: { _ in #"{"personID":\#(self.wei),"readiness":"3+ years"}"# }, expect: Self.peopleTeamOnly),
        Probe(
          method: "DELETE", pattern: "/api/v1/succession/successors/:id",
          path: "/api/v1/succession/successors/\(successorsToRemove[1])", expect: Self.peopleTeamOnly),
        Probe(
          method: "GET", pattern: "/api/v1/succession/sharing", path: "/api/v1/succession/sharing",
          expect: Self.peopleTeamOnly),
        Probe(
          method: "PUT", pattern: "/api/v1/succession/sharing", path: "/api/v1/succession/sharing",
          contentType: json,
          body: { _ in #"{"shared":true}"# }, expect: Self.peopleTeamOnly),
        Probe(
          method: "GET", pattern: "/api/v1/me/succession", path: "/api/v1/me/succession",
          expect: Self.signedIn(.allow)),
        Probe(
          method: "GET", pattern: "/me/notifications", path: "/me/notifications",
          expect: Self.signedIn(.allow)),
        Probe(
          method: "POST", pattern: "/me/notifications", path: "/me/notifications", contentType: form,
          body: { _ in "topics=conversations&anyTime=on" }, expect: Self.signedIn(.allow)),
        Probe(
          method: "GET", pattern: "/unsubscribe/:token", path: "/unsubscribe/\(unsubscribeToken)",
          expect: { _ in .allow }),
        Probe(
          method: "POST", pattern: "/unsubscribe/:token", path: "/unsubscribe/\(unsubscribeToken)",
          expect: { _ in .allow }),
        Probe(
          method: "GET", pattern: "/admin/outbox", path: "/admin/outbox?status=failed", expect: Self.adminOnly
        ),
        Probe(
          method: "POST", pattern: "/admin/outbox/:id/retry",
          path: "/admin/outbox/\(failedMessages[0])/retry",
          expect: Self.adminOnly),
        Probe(
          method: "GET", pattern: "/api/v1/me/notification-preferences",
          path: "/api/v1/me/notification-preferences",
          expect: Self.signedIn(.allow)),
        Probe(
          method: "PUT", pattern: "/api/v1/me/notification-preferences",
          path: "/api/v1/me/notification-preferences",
          contentType: json, body: { _ in #"{"topics":{"action items":false}}"# },
          expect: Self.signedIn(.allow)
        ),
        Probe(
          method: "GET", pattern: "/api/v1/admin/outbox", path: "/api/v1/admin/outbox", expect: Self.adminOnly
        ),
        Probe(
          method: "POST", pattern: "/api/v1/admin/outbox/:id/retry",
          path: "/api/v1/admin/outbox/\(failedMessages[1])/retry",
          expect: Self.adminOnly),
        Probe(method: "GET", pattern: "/admin/webhooks", path: "/admin/webhooks", expect: Self.adminOnly),
        Probe(
          method: "POST", pattern: "/admin/webhooks", path: "/admin/webhooks", contentType: form,
          body: { _ in "url=https%3A%2F%2Fhooks.example%2Fnew&events=celebration" }, expect: Self.adminOnly),
        Probe(
          method: "POST", pattern: "/admin/webhooks/:id/remove",
          path: "/admin/webhooks/\(webhooks[0])/remove",
          expect: Self.adminOnly),
        Probe(
          method: "GET", pattern: "/api/v1/admin/webhooks", path: "/api/v1/admin/webhooks",
          expect: Self.adminOnly),
        Probe(
          method: "POST", pattern: "/api/v1/admin/webhooks", path: "/api/v1/admin/webhooks",
          contentType: json,
          body: { _ in #"{"url":"https://hooks.example/api","events":["opportunity posted"]}"# },
          expect: Self.adminOnly),
        Probe(
          method: "DELETE", pattern: "/api/v1/admin/webhooks/:id",
          path: "/api/v1/admin/webhooks/\(webhooks[1])",
          expect: Self.adminOnly),
        Probe(
          method: "POST", pattern: "/mentorship-requests/:id/withdraw",
          path: "/mentorship-requests/\(meisPendingRequests[0])/withdraw", expect: Self.only([.person])),
        Probe(
          method: "DELETE", pattern: "/api/v1/mentorship-requests/:id",
          path: "/api/v1/mentorship-requests/\(meisPendingRequests[1])", expect: Self.only([.person])),
        // Mei organises the community, so she takes it down first; after that it is gone for everyone.
        Probe(
          method: "POST", pattern: "/community-resources/:id/remove",
          path: "/community-resources/\(anasResources[0])/remove",
          expect: Self.only([.person])),
        Probe(
          method: "DELETE", pattern: "/api/v1/community-resources/:id",
          path: "/api/v1/community-resources/\(anasResources[1])",
          expect: Self.only([.person])),
        Probe(
          method: "GET", pattern: "/goal-templates", path: "/goal-templates", expect: Self.peopleTeamOnly),
        Probe(
          method: "POST", pattern: "/goal-templates", path: "/goal-templates", contentType: form,
          body: { _ in "title=Learn+the+new+deploy+process&horizon=short+term" }, expect: Self.peopleTeamOnly),
        Probe(
          method: "POST", pattern: "/goal-templates/:id/assignments", path: "/goal-templates/1/assignments",
          contentType: form, body: { _ in "team=Design" }, expect: Self.peopleTeamOnly),
        Probe(
          method: "GET", pattern: "/api/v1/goal-templates", path: "/api/v1/goal-templates",
          expect: Self.peopleTeamOnly),
        Probe(
          method: "POST", pattern: "/api/v1/goal-templates", path: "/api/v1/goal-templates",
          contentType: json,
          body: { _ in #"{"title":"Write one blog post","horizon":"long term"}"# },
          expect: Self.peopleTeamOnly),
        Probe(
          method: "POST", pattern: "/api/v1/goal-templates/:id/assignments",
          path: "/api/v1/goal-templates/1/assignments",
          contentType: json, body: { _ in #"{"team":"Sales"}"# }, expect: Self.peopleTeamOnly),
      ]
  }

  /// The framework as it is, to write back unchanged.
  /// The slug of the framework's first competency.
  func firstCompetency() -> String {
    (try? server.database.withConnection {
      try $0.scalar("SELECT slug FROM framework_competencies ORDER BY position LIMIT 1", as: String.self)
    }) ?? nil ?? "none"
  }

  func frameworkJSON() -> String {
    (try? server.database.withConnection { _ in
      let priya = try server.services.accounts.actor(personID: self.ids["priya.nair@northwind.example"]!)!
      return String(
        decoding: try JSONCoding.encoder.encode(try server.services.frameworks.framework(priya)),
        as: UTF8.self)
    }) ?? "{}"
  }

  func frameworkYAML() -> String {
    (try? server.database.withConnection { _ in
      let priya = try server.services.accounts.actor(personID: self.ids["priya.nair@northwind.example"]!)!
      return try server.services.frameworks.framework(priya).yaml()
    }) ?? ""
  }

  /// The shared notes' revision now, so each writer starts from the latest.
  func currentRevision() -> Int {
    (try? server.database.withConnection {
      try $0.scalar(
        "SELECT revision FROM shared_notes WHERE conversation_id = \(self.conversation)", as: Int.self)
    }).flatMap { $0 } ?? 0
  }

  /// A fresh session per cell (signing out in one cell must not affect the next), with its CSRF token.
  func credentials(_ actor: MatrixActor) throws -> (cookie: String, csrf: String) {
    guard let email = actor.email else {
      let page = try server.client.get("/sign-in")
      let cookie = try #require(page.header("Set-Cookie")).split(separator: ";")[0]
      return (String(cookie), String(cookie.split(separator: "=")[1]))
    }
    let new = try server.services.accounts.signIn(
      email: email, password: DemoOrganization.password, address: "matrix")
    return ("trellis_session=\(new.token)", new.session.csrfToken)
  }

  func send(_ probe: Probe, as actor: MatrixActor) throws -> RawResponse {
    let (cookie, csrf) = try credentials(actor)
    var headers = [("Cookie", cookie), ("X-CSRF-Token", csrf)]
    if let contentType = probe.contentType { headers.append(("Content-Type", contentType)) }
    return try server.client.request(
      probe.method, probe.path, headers: headers, body: Array(probe.body(actor).utf8))
  }

  @Test func everyRouteIsInTheMatrix() {
    let covered = Set(probes.map { "\($0.method) \($0.pattern)" })
    let routes = Set(server.app.router.registered.map { "\($0.method) \($0.pattern)" })
    #expect(routes.subtracting(covered).sorted() == [], "routes missing from the matrix")
    #expect(covered.subtracting(routes).sorted() == [], "matrix rows for routes that do not exist")
  }

  @Test func everyCellAllowsOrRefusesAsTheTableSays() throws {
    var failures: [String] = []
    for probe in probes {
      for actor in MatrixActor.allCases {
        let response = try send(probe, as: actor)
        let expected = probe.expect(actor)
        if !expected.matches(response) {
          failures.append(
            "\(probe.method) \(probe.path) as \(actor): expected \(expected), got \(response.status)")
        }
      }
    }
    #expect(failures == [])
  }

  @Test func profilesShowTheEmploymentRecordOnlyToThoseAllowedAndLogTheirReads() throws {
    for actor in MatrixActor.allCases where actor != .signedOut {
      let page = try send(
        Probe(method: "GET", pattern: "/people/:id", path: "/people/\(mei)", expect: { _ in .allow }),
        as: actor)
      #expect(page.status == 200)
      #expect(
        page.text.contains("Employment record") == Self.employmentReaders.contains(actor),
        "employment record on Mei's profile as \(actor)")
      #expect(page.text.contains("Mei Chen"), "the directory entry is visible to \(actor)")
    }
    let history = try server.services.audit.accessHistory(
      try #require(try server.services.accounts.actor(personID: mei)), of: mei, limit: 500
    ).items
    let viewers = Set(history.map(\.viewerName))
    #expect(viewers == ["Sofia Rossi", "Priya Nair"], "only the allowed others are recorded, and both are")
    #expect(!history.contains { $0.viewerName == "Mei Chen" }, "one's own reads are not recorded")
  }

  @Test func interestInAnOpportunityReachesTheManagerOnlyIfShared() throws {
    for actor in MatrixActor.allCases where actor != .signedOut {
      for path in ["/people/\(mei)/opportunities", "/api/v1/people/\(mei)/opportunity-interests"] {
        let response = try send(
          Probe(method: "GET", pattern: path, path: path, expect: { _ in .allow }), as: actor)
        #expect(
          response.text.contains("SHARED-OPP") == [.person, .manager].contains(actor), "\(path) as \(actor)")
        #expect(response.text.contains("PRIVATE-OPP") == (actor == .person), "\(path) as \(actor)")
      }
      for path in [
        "/opportunities/\(privateInterestOpportunity)", "/api/v1/opportunities/\(privateInterestOpportunity)",
      ] {
        let response = try send(
          Probe(method: "GET", pattern: path, path: path, expect: { _ in .allow }), as: actor)
        #expect(
          response.text.contains("PRIVATE-NOTE") == [.person, .formerManager].contains(actor),
          "only Mei and the owner read her note: \(path) as \(actor)")
      }
    }
  }

  @Test func aTeamDashboardShowsOnlyTheActorsOwnReportsAndTheirSharedInterest() throws {
    let everyone = try server.services.database.withConnection {
      try $0.query("SELECT id, manager_id FROM people WHERE active = TRUE").map {
        (try $0.decode("id", as: Int64.self), try $0.decode("manager_id", as: Int64?.self))
      }
    }
    var managerOf: [Int64: Int64] = [:]
    for (person, manager) in everyone { managerOf[person] = manager }
    func reportsTo(_ person: Int64, _ manager: Int64) -> Bool {
      guard let direct = managerOf[person] else { return false }
      return direct == manager || managerOf[direct] == manager
    }
    for actor in MatrixActor.allCases where actor != .signedOut {
      let me = ids[actor.email!]!
      let response = try send(
        Probe(method: "GET", pattern: "", path: "/api/v1/insights/team", expect: { _ in .allow }), as: actor)
      var dashboard = try JSONCoding.decoder.decode(TeamDashboard.self, from: Data(response.body))
      #expect(dashboard.members.allSatisfy { $0.isDirect }, "reports' teams are folded")
      // Each folded team, opened; and no one else's, which is not found.
      var members = dashboard.members
      for team in dashboard.foldedTeams {
        let opened = try send(
          Probe(
            method: "GET", pattern: "", path: "/api/v1/insights/team?under=\(team.managerID)",
            expect: { _ in .allow }), as: actor)
        dashboard = try JSONCoding.decoder.decode(TeamDashboard.self, from: Data(opened.body))
        members += dashboard.members.filter { !$0.isDirect }
      }
      let notMine = try send(
        Probe(
          method: "GET", pattern: "", path: "/api/v1/insights/team?under=\(mei)", expect: { _ in .allow }),
        as: actor)
      // Only her manager may open Mei's team (none); anyone else is told it is not theirs.
      #expect(notMine.status == (actor == .manager ? 200 : 404), "Mei's team as \(actor)")
      // Direct reports and their reports: no one else.
      let expected = Set(everyone.map(\.0).filter { reportsTo($0, me) })
      #expect(Set(members.map(\.person.id)) == expected, "\(actor)")
      for member in members where !member.isDirect {
        #expect(
          member.planItems == nil && member.activeGoals == nil && member.sharedInterest == nil, "\(actor)")
      }
      let meiRow = members.first { $0.person.id == mei }
      #expect((meiRow != nil) == [.manager, .skipLevelManager].contains(actor), "Mei's row as \(actor)")
      if actor == .manager {
        #expect(meiRow?.sharedInterest == 1, "only the opportunity Mei shared")
      }
      let meisManager = try #require(managerOf[mei])
      let path = actor == .skipLevelManager ? "/team?under=\(meisManager)" : "/team"
      let page = try send(Probe(method: "GET", pattern: "", path: path, expect: { _ in .allow }), as: actor)
      #expect(
        page.text.contains("member-\(mei)") == [.manager, .skipLevelManager].contains(actor), "\(actor)")
    }
  }

  @Test func theOrganizationsFiguresNameNoOneAndHideGroupsUnderFive() throws {
    // A department of four, hired long enough ago to count in every quarter shown.
    let services = server.services
    let admin = try #require(try services.accounts.actor(personID: ids[MatrixActor.admin.email!]!))
    for given in ["Rui", "Sara", "Tiago", "Vera"] {
      _ = try services.people.create(
        admin,
        PersonDraft(
          email: "\(given.lowercased()).legal@northwind.example", givenName: given, familyName: "Legalé",
          department: "Legal", team: "Contracts", location: "Porto",
          hireDate: services.clock.today().adding(days: -400), managerID: ids[MatrixActor.peopleTeam.email!]!)
      )
    }
    try services.insights.refresh()
    let names = try services.database.withConnection {
      try $0.query("SELECT given_name, family_name FROM people").flatMap {
        [try $0.decode("given_name", as: String.self), try $0.decode("family_name", as: String.self)]
      }
    }
    for dimension in ["department", "team", "location"] {
      let api = try send(
        Probe(
          method: "GET", pattern: "", path: "/api/v1/insights/organization?dimension=\(dimension)",
          expect: { _ in .allow }), as: .peopleTeam)
      let figures = try JSONCoding.decoder.decode(OrganizationInsights.self, from: Data(api.body))
      let legal = try #require(figures.groups.first { ["Legal", "Contracts", "Porto"].contains($0.name) })
      #expect(
        legal.hidden && legal.measures.allSatisfy { $0.cells.allSatisfy { $0.value == nil } }, "\(dimension)")
      let csv = try send(
        Probe(
          method: "GET", pattern: "", path: "/insights.csv?dimension=\(dimension)", expect: { _ in .allow }),
        as: .peopleTeam)
      #expect(csv.header("Content-Type")?.hasPrefix("text/csv") == true)
      let legalLines = csv.text.split(separator: "\r\n").filter { $0.contains(",\(legal.name),") }
      #expect(
        !legalLines.isEmpty
          && legalLines.allSatisfy {
            $0.hasSuffix(",,,hidden: fewer than 5 people") || $0.hasSuffix(",0,nothing to measure")
              || $0.hasSuffix(",,nothing to measure")
          }, "\(dimension)")
      let page = try send(
        Probe(method: "GET", pattern: "", path: "/insights?dimension=\(dimension)", expect: { _ in .allow }),
        as: .peopleTeam)
      // The page's header names its reader, Priya; the figures name no one.
      let figuresOnPage = String(page.text.split(separator: "<main", maxSplits: 1).last ?? "")
      for text in [api.text, csv.text, figuresOnPage] {
        #expect(!text.contains("@northwind"), "no email addresses")
        let named = Set(
          names.filter { $0.count > 3 && text.contains($0) && !["Legal", "Sales", "People"].contains($0) })
        #expect(named.isEmpty, "no names: \(named.sorted()) by \(dimension)")
      }
    }
  }

  @Test func successionListsAreThePeopleTeamsAndEachPersonSeesOnlyTheirOwnRoles() throws {
    for actor in MatrixActor.allCases where actor != .signedOut {
      for path in ["/me/succession", "/api/v1/me/succession"] {
        let response = try send(
          Probe(method: "GET", pattern: path, path: path, expect: { _ in .allow }), as: actor)
        #expect(
          response.text.contains("SUCC-ROLE") == [.person, .otherEmployee].contains(actor),
          "\(path) as \(actor)")
        // Each page names its reader in the header; no one else on the list appears.
        let reader: String? = [MatrixActor.person: "Mei Chen", .otherEmployee: "Ana Lima"][actor]
        let others: [String] = ["Ana Lima", "Mei Chen"].filter { $0 != reader }
        let named = others.filter { response.text.contains($0) }
        #expect(named == [], "no other names: \(path) as \(actor)")
      }
      let list = try send(
        Probe(method: "GET", pattern: "/succession", path: "/succession", expect: { _ in .allow }), as: actor)
      #expect(list.text.contains("SUCC-ROLE") == (actor == .peopleTeam), "the list as \(actor)")
    }
  }

  @Test func feedbackIsReadByItsGiverItsRecipientAndTheManagerOnlyIfAllowed() throws {
    let readers: [String: Set<MatrixActor>] = [
      "SHARED-FB": [.person, .otherEmployee, .manager], "PRIVATE-FB": [.person, .otherEmployee],
    ]
    for actor in MatrixActor.allCases where actor != .signedOut {
      for path in ["/people/\(mei)/feedback", "/api/v1/people/\(mei)/feedback"] {
        let page = try send(Probe(method: "GET", pattern: "", path: path, expect: { _ in .allow }), as: actor)
        #expect(page.status == 200)
        for (marker, allowed) in readers {
          #expect(page.text.contains(marker) == allowed.contains(actor), "\(marker) on \(path) as \(actor)")
        }
      }
    }
    let history = try server.services.audit.accessHistory(
      try #require(try server.services.accounts.actor(personID: mei)), of: mei, limit: 500
    ).items
    #expect(history.contains { $0.viewerName == "Sofia Rossi" && $0.data == "feedback" })
    #expect(
      !history.contains { $0.viewerName == "Ana Lima" && $0.data == "feedback" }, "a giver reads their own")
  }

  @Test func formerManagersAndOthersNeverSeeWhatWasSaid() throws {
    let secret = "A-PRIVATE-NOTE-ONLY-MEI-SEES"
    let mei = try #require(try server.services.accounts.actor(personID: self.mei))
    try server.services.conversations.savePrivateNote(mei, conversation: conversation, body: secret)
    for actor in MatrixActor.allCases where actor != .signedOut {
      let page = try send(
        Probe(method: "GET", pattern: "", path: "/conversations/\(conversation)", expect: { _ in .allow }),
        as: actor)
      #expect(page.text.contains(secret) == (actor == .person), "Mei's private note as \(actor)")
      let past = try send(
        Probe(
          method: "GET", pattern: "", path: "/conversations/\(pastConversation)", expect: { _ in .allow }),
        as: actor)
      // The former manager is locked out of his own past conversation with Mei.
      #expect(
        (past.status == 200) == (actor == .person), "Mei's past conversation as \(actor): \(past.status)")
    }
  }

  @Test func exportsAndSearchCarryOnlyOnesOwnPrivateWriting() throws {
    let secret = "ONLYSOFIASPRIVATETHOUGHT"
    let sofia = try #require(
      try server.services.accounts.actor(personID: ids["sofia.rossi@northwind.example"]!))
    try server.services.conversations.savePrivateNote(sofia, conversation: conversation, body: secret)
    for actor in MatrixActor.allCases where actor != .signedOut {
      for path in [
        "/me/conversations/export.json", "/me/conversations/export",
        "/api/v1/conversations/search?q=\(secret)",
      ] {
        let response = try send(
          Probe(method: "GET", pattern: "", path: path, expect: { _ in .allow }), as: actor)
        #expect(response.status == 200)
        // The search echoes the query, so there it is the hits that must be Sofia's alone.
        let found =
          path.contains("search") ? response.text.contains("\"excerpt\"") : response.text.contains(secret)
        #expect(found == (actor == .manager), "\(path) as \(actor)")
      }
    }
  }

  @Test func goalsShowAsTheirOwnerChose() throws {
    let expected: [MatrixActor: Set<String>] = [
      .person: ["P-GOAL", "M-GOAL", "E-GOAL"], .manager: ["M-GOAL", "E-GOAL"], .otherEmployee: ["E-GOAL"],
      .formerManager: ["E-GOAL"], .skipLevelManager: ["E-GOAL"], .peopleTeam: ["E-GOAL"], .admin: ["E-GOAL"],
    ]
    for (actor, titles) in expected {
      let response = try send(
        Probe(method: "GET", pattern: "", path: "/api/v1/people/\(mei)/goals", expect: { _ in .allow }),
        as: actor)
      let seen = Set(["P-GOAL", "M-GOAL", "E-GOAL"].filter { response.text.contains($0) })
      #expect(seen == titles, "\(actor)")
    }
  }

  @Test func aSupporterSeesOnlyTheItemsTheySupport() throws {
    let ana = try send(
      Probe(method: "GET", pattern: "", path: "/api/v1/people/\(mei)/plan", expect: { _ in .allow }),
      as: .otherEmployee)
    #expect(ana.text.contains("Facilitation"))
    #expect(!ana.text.contains("Private aim"))
    let sofia = try send(
      Probe(method: "GET", pattern: "", path: "/api/v1/people/\(mei)/plan", expect: { _ in .allow }),
      as: .manager)
    #expect(sofia.text.contains("Private aim"))
  }

  @Test func theAccessHistoryIsTheirsAlone() throws {
    // Sofia reads Mei's record; Mei sees it, and nobody else's history includes it.
    let sofia = try credentials(.manager)
    _ = try server.client.get("/api/v1/people/\(mei)/employment", headers: [("Cookie", sofia.cookie)])
    let meiHistory = try send(
      Probe(method: "GET", pattern: "", path: "/api/v1/me/access-history", expect: { _ in .allow }),
      as: .person)
    #expect(meiHistory.text.contains("Sofia Rossi"))
    // Each sees only reads of their own data, and nobody read theirs.
    for actor in MatrixActor.allCases where actor != .person && actor != .signedOut {
      let other = try send(
        Probe(method: "GET", pattern: "", path: "/api/v1/me/access-history", expect: { _ in .allow }),
        as: actor)
      #expect(other.status == 200)
      #expect(try other.json()["items"] as? [Any] != nil, "\(actor) reads a page of their history")
      #expect(try other.json()["total"] as? Int == 0, "\(actor) sees no one else's history")
    }
  }
}
