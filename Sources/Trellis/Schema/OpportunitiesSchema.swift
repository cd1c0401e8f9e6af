import SQL

/// Migration 13: the internal opportunity marketplace: opportunities with the competencies they
/// need and develop, private expressions of interest, and subscriptions to kinds of opportunity.
enum OpportunitiesSchema {
  static let migration = Migration(
    13, "opportunity marketplace",
    sql: """
      CREATE TABLE opportunities (
        id {{id}},
        title TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('project', 'stretch assignment', 'rotation', 'gig', 'open role',
          'shadowing')),
        description TEXT NOT NULL,
        time_commitment TEXT NOT NULL,
        team TEXT NOT NULL DEFAULT '',
        starts_on TEXT,
        interest_deadline TEXT NOT NULL,
        places INTEGER NOT NULL CHECK (places BETWEEN 1 AND 100),
        owner_id BIGINT NOT NULL REFERENCES people (id),
        status TEXT NOT NULL CHECK (status IN ('open', 'closed')),
        outcome TEXT CHECK (outcome IS NULL OR outcome IN ('filled internally', 'withdrawn')),
        outcome_note TEXT NOT NULL DEFAULT '',
        created_by BIGINT NOT NULL REFERENCES people (id),
        created_at TEXT NOT NULL,
        closed_at TEXT
      );
      CREATE INDEX opportunities_owner ON opportunities (owner_id);
      CREATE INDEX opportunities_created_by ON opportunities (created_by);
      CREATE INDEX opportunities_open ON opportunities (status, kind, created_at);

      CREATE TABLE opportunity_needs (
        opportunity_id BIGINT NOT NULL REFERENCES opportunities (id),
        competency_slug TEXT NOT NULL,
        PRIMARY KEY (opportunity_id, competency_slug)
      );
      CREATE INDEX opportunity_needs_slug ON opportunity_needs (competency_slug);

      CREATE TABLE opportunity_develops (
        opportunity_id BIGINT NOT NULL REFERENCES opportunities (id),
        competency_slug TEXT NOT NULL,
        PRIMARY KEY (opportunity_id, competency_slug)
      );
      CREATE INDEX opportunity_develops_slug ON opportunity_develops (competency_slug);

      CREATE TABLE opportunity_interests (
        id {{id}},
        opportunity_id BIGINT NOT NULL REFERENCES opportunities (id),
        person_id BIGINT NOT NULL REFERENCES people (id),
        note TEXT NOT NULL DEFAULT '',
        share_with_manager BOOLEAN NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('interested', 'shortlisted', 'selected', 'not selected', 'withdrawn')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        UNIQUE (opportunity_id, person_id)
      );
      CREATE INDEX opportunity_interests_person ON opportunity_interests (person_id);

      CREATE TABLE opportunity_subscriptions (
        person_id BIGINT NOT NULL REFERENCES people (id),
        kind TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (person_id, kind)
      );
      """)
}
