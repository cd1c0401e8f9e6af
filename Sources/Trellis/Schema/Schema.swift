import SQL

/// The database schema of Trellis: every migration, in order. Append only; never edit one that
/// has shipped (the migrator refuses a changed checksum). Each capability adds its own tables.
public enum Schema {
  public static let migrations: [Migration] = [
    PeopleSchema.migration,
    ConversationsSchema.migration,
    GuidesSchema.migration,
    SearchSchema.migration,
    FrameworkSchema.migration,
    AssessmentSchema.migration,
    PlansSchema.migration,
    GoalsSchema.migration,
    GoalTemplatesSchema.migration,
    CelebrationsSchema.migration,
    FeedbackSchema.migration,
    CommunitiesSchema.migration,
    OpportunitiesSchema.migration,
    MentorshipSchema.migration,
    SuccessionSchema.migration,
    NotificationsSchema.migration,
    InsightsSchema.migration,
    DataRightsSchema.migration,
    DirectorySearchSchema.migration,
    JobLeasesSchema.migration,
    SecurityLogSchema.migration,
    SingleSignOnSchema.migration,
    SecondFactorSchema.migration,
    SessionProviderSchema.migration,
    ProvisioningSchema.migration,
    ProvisionedGroupsSchema.migration,
    SAMLSchema.migration,
    GuideSidesSchema.migration,
    PersonTimeZonesSchema.migration,
    SummaryDraftsSchema.migration,
    FrameworkVersionsSchema.migration,
    ScheduledConversationsSchema.migration,
    InsightDigestSchema.migration,
    DirectorySearchTextSchema.migration,
    SearchByConversationSchema.migration,
    FollowThroughSchema.migration,
    FollowThroughSchema.byRelationship,
    CountedFromIndexesSchema.migration,
  ]

  public static var migrator: Migrator { Migrator(migrations) }
}
