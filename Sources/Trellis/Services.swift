import SQL

/// Every service of Trellis over one database; what the web layer and the command line use.
public final class Services: Sendable {
  public let database: Database
  public let clock: Clock
  public let settings: AccessSettings
  public let mail: MailSettings
  public let people: PeopleService
  public let accounts: AccountService
  public let roles: RoleService
  public let audit: AuditService
  public let imports: PeopleImportService
  public let conversations: ConversationService
  public let frameworks: FrameworkService
  public let growth: GrowthService
  public let plans: PlanService
  public let goals: GoalService
  public let celebrations: CelebrationService
  public let feedback: FeedbackService
  public let communities: CommunityService
  public let opportunities: OpportunityService
  public let mentorship: MentorshipService
  public let succession: SuccessionService
  public let notifications: NotificationService
  public let insights: InsightService
  public let retention: RetentionService
  public let erasure: ErasureService
  public let jobs: BackgroundJobs
  public let singleSignOn: SingleSignOnService
  public let provisioning: ProvisioningService
  public let needsYou: NeedsYouService
  /// Reads through the services above as the person asking.
  public var personalData: PersonalDataService { PersonalDataService(services: self) }

  public init(
    database: Database, clock: Clock = .system, settings: AccessSettings = AccessSettings(),
    mail: MailSettings = MailSettings(), web: (any WebClient)? = nil
  ) {
    self.database = database
    self.clock = clock
    self.settings = settings
    self.mail = mail
    people = PeopleService(database: database, clock: clock, mail: mail)
    accounts = AccountService(database: database, clock: clock, settings: settings, mail: mail)
    roles = RoleService(database: database, clock: clock, mail: mail)
    audit = AuditService(database: database, clock: clock)
    imports = PeopleImportService(database: database, clock: clock)
    conversations = ConversationService(database: database, clock: clock, mail: mail)
    frameworks = FrameworkService(database: database, clock: clock)
    growth = GrowthService(database: database, clock: clock)
    plans = PlanService(database: database, clock: clock)
    goals = GoalService(database: database, clock: clock)
    celebrations = CelebrationService(database: database, clock: clock, mail: mail)
    feedback = FeedbackService(database: database, clock: clock, plans: plans, mail: mail)
    communities = CommunityService(database: database, clock: clock)
    opportunities = OpportunityService(database: database, clock: clock, mail: mail)
    mentorship = MentorshipService(database: database, clock: clock, conversations: conversations, mail: mail)
    succession = SuccessionService(database: database, clock: clock)
    notifications = NotificationService(
      database: database, clock: clock, mail: mail, conversations: conversations)
    retention = RetentionService(database: database, clock: clock)
    erasure = ErasureService(database: database, clock: clock)
    jobs = BackgroundJobs(database: database, clock: clock)
    provisioning = ProvisioningService(database: database, clock: clock)
    needsYou = NeedsYouService(database: database, clock: clock)
    singleSignOn = SingleSignOnService(
      database: database, clock: clock, mail: mail, web: web, accounts: accounts)
    insights = InsightService(
      database: database, clock: clock, conversations: conversations, feedback: feedback,
      opportunities: opportunities, mentorship: mentorship, celebrations: celebrations)
  }

  /// A worker that sends the outbox through `deliverer`.
  public func deliveryWorker(_ deliverer: any Deliverer) -> DeliveryWorker {
    DeliveryWorker(database: database, clock: clock, mail: mail, deliverer: deliverer)
  }
}
