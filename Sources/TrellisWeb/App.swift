import HTTP
import SQL
import Trellis

/// Everything a running Trellis needs, wired into one pipeline of middleware and routes.
public final class TrellisApp: Sendable {
  public let services: Services
  public let router: Router
  public let pipeline: Pipeline
  public let logger: RequestLogger

  public init(services: Services, logger: RequestLogger = RequestLogger(), secureCookies: Bool = false) {
    self.services = services
    self.logger = logger
    Cookies.secure = secureCookies
    let router = Router()
    Assets.shared.register(on: router)
    HealthRoutes.register(on: router, database: services.database)
    OpenAPI.register(on: router)
    HomePage.register(on: router, services: services)
    SignInPages.register(on: router, services: services)
    AccountPages.register(on: router, services: services)
    AccessHistoryPage.register(on: router, services: services)
    PersonalDataPages.register(on: router, services: services)
    RetentionPages.register(on: router, services: services)
    ErasurePages.register(on: router, services: services)
    DataInventoryPage.register(on: router, services: services)
    PeoplePages.register(on: router, services: services)
    AdminPages.register(on: router, services: services)
    SecurityLogPages.register(on: router, services: services)
    SingleSignOnPages.register(on: router, services: services)
    TwoFactorPages.register(on: router, services: services)
    SCIMRoutes.register(on: router, services: services)
    ProvisioningPages.register(on: router, services: services)
    ImportPages.register(on: router, services: services)
    ConversationPages.register(on: router, services: services)
    CalendarAndTimelinePages.register(on: router, services: services)
    SearchPage.register(on: router, services: services)
    ExportPages.register(on: router, services: services)
    GuidePages.register(on: router, services: services)
    HistoryPages.register(on: router, services: services)
    NeedsYouPages.register(on: router, services: services)
    TimeZonePages.register(on: router, services: services)
    FrameworkPages.register(on: router, services: services)
    GrowthPages.register(on: router, services: services)
    PlanPages.register(on: router, services: services)
    GoalPages.register(on: router, services: services)
    GoalTemplatePages.register(on: router, services: services)
    CelebrationPages.register(on: router, services: services)
    FeedbackPages.register(on: router, services: services)
    CommunityPages.register(on: router, services: services)
    OpportunityPages.register(on: router, services: services)
    MentorshipPages.register(on: router, services: services)
    SuccessionPages.register(on: router, services: services)
    NotificationPages.register(on: router, services: services)
    TeamPage.register(on: router, services: services)
    OrganizationPage.register(on: router, services: services)
    AccessAPI.register(on: router, services: services)
    DataRightsAPI.register(on: router, services: services)
    PeopleAPI.register(on: router, services: services)
    AdminAPI.register(on: router, services: services)
    ConversationAPI.register(on: router, services: services)
    GoalAPI.register(on: router, services: services)
    FeedbackAPI.register(on: router, services: services)
    CommunityAPI.register(on: router, services: services)
    OpportunityAPI.register(on: router, services: services)
    MentorshipAPI.register(on: router, services: services)
    RolesEditor.register(on: router, services: services)
    TracksEditor.register(on: router, services: services)
    CompetenciesEditor.register(on: router, services: services)
    ExpectationsEditor.register(on: router, services: services)
    FrameworkHistoryPages.register(on: router, services: services)
    GuideVersionPages.register(on: router, services: services)
    self.router = router
    pipeline = Pipeline(
      outer: [
        // Account links, unsubscribe links and calendar feeds carry their secret in the path.
        RequestLogMiddleware(logger: logger, secretsAfter: ["/links/", "/unsubscribe/", "/calendar/"]),
        SecurityHeadersMiddleware(),
        // SCIM clients read SCIM error bodies, also for addresses no route answers.
        ErrorMiddleware(log: logger) { error, request in
          request.path.hasPrefix(SCIMRoutes.base + "/")
            ? SCIMRoutes.answer(
              error.status.code,
              SCIMRoutes.error(SCIMError(error.status.code, nil, error.detail ?? error.title)))
            : ErrorPage.render(
              error, AuthenticationMiddleware.identified(request, accounts: services.accounts))
        },
      ],
      [
        BusyDatabaseMiddleware(),
        ControlCharacterMiddleware(),
        AuthenticationMiddleware(accounts: services.accounts),
      ],
      routed: [
        CSRFMiddleware(), NeedsYouMiddleware(needsYou: services.needsYou), ViewerTimeMiddleware(),
        FormReplayMiddleware(router: router),
      ],
      router: router)
  }

  /// The server's responder.
  public func respond(to request: Request) -> Response {
    pipeline.respond(to: request)
  }
}
