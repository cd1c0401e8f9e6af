import SQL

/// Migration 12: learning communities (book clubs, cohorts, guilds, cross-training circles) with
/// members and organisers, meetings, shared resources and the competencies they grow; a plan
/// item can point at one.
enum CommunitiesSchema {
  static let migration = Migration(
    12, "learning communities",
    sql: """
      CREATE TABLE communities (
        id {{id}},
        name TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('book club', 'cohort', 'guild', 'cross-training circle')),
        description TEXT NOT NULL,
        is_open BOOLEAN NOT NULL,
        created_by BIGINT NOT NULL REFERENCES people (id),
        created_at TEXT NOT NULL
      );
      CREATE INDEX communities_created_by ON communities (created_by);

      CREATE TABLE community_members (
        community_id BIGINT NOT NULL REFERENCES communities (id),
        person_id BIGINT NOT NULL REFERENCES people (id),
        is_organiser BOOLEAN NOT NULL,
        joined_at TEXT NOT NULL,
        PRIMARY KEY (community_id, person_id)
      );
      CREATE INDEX community_members_person ON community_members (person_id);

      CREATE TABLE community_competencies (
        community_id BIGINT NOT NULL REFERENCES communities (id),
        competency_slug TEXT NOT NULL,
        PRIMARY KEY (community_id, competency_slug)
      );
      CREATE INDEX community_competencies_slug ON community_competencies (competency_slug);

      CREATE TABLE community_meetings (
        id {{id}},
        community_id BIGINT NOT NULL REFERENCES communities (id),
        title TEXT NOT NULL,
        starts_at TEXT NOT NULL,
        time_zone TEXT NOT NULL,
        duration_minutes INTEGER NOT NULL CHECK (duration_minutes BETWEEN 5 AND 480),
        location TEXT NOT NULL DEFAULT '',
        created_by BIGINT NOT NULL REFERENCES people (id),
        created_at TEXT NOT NULL
      );
      CREATE INDEX community_meetings_community ON community_meetings (community_id, starts_at);
      CREATE INDEX community_meetings_created_by ON community_meetings (created_by);

      CREATE TABLE community_resources (
        id {{id}},
        community_id BIGINT NOT NULL REFERENCES communities (id),
        title TEXT NOT NULL,
        url TEXT NOT NULL DEFAULT '',
        note TEXT NOT NULL DEFAULT '',
        added_by BIGINT NOT NULL REFERENCES people (id),
        created_at TEXT NOT NULL
      );
      CREATE INDEX community_resources_community ON community_resources (community_id);
      CREATE INDEX community_resources_added_by ON community_resources (added_by);

      ALTER TABLE plan_items ADD COLUMN community_id BIGINT REFERENCES communities (id);
      CREATE INDEX plan_items_community ON plan_items (community_id);
      """)
}
