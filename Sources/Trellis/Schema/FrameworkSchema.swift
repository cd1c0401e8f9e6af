import SQL

/// Migration 5: the career framework: tracks and their levels, competencies grouped in areas,
/// what each competency expects at each level, and roles placed at a track and level.
enum FrameworkSchema {
  static let migration = Migration(
    5, "career framework",
    sql: """
      CREATE TABLE framework_tracks (
        id {{id}},
        slug TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL
      );

      CREATE TABLE framework_levels (
        id {{id}},
        track_id BIGINT NOT NULL REFERENCES framework_tracks (id),
        slug TEXT NOT NULL,
        name TEXT NOT NULL,
        summary TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL,
        UNIQUE (track_id, slug)
      );

      CREATE TABLE framework_areas (
        id {{id}},
        slug TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        position INTEGER NOT NULL
      );

      CREATE TABLE framework_competencies (
        id {{id}},
        area_id BIGINT NOT NULL REFERENCES framework_areas (id),
        slug TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        position INTEGER NOT NULL
      );
      CREATE INDEX framework_competencies_area ON framework_competencies (area_id);

      CREATE TABLE framework_expectations (
        id {{id}},
        competency_id BIGINT NOT NULL REFERENCES framework_competencies (id),
        level_id BIGINT NOT NULL REFERENCES framework_levels (id),
        description TEXT NOT NULL,
        examples TEXT NOT NULL DEFAULT '[]',
        UNIQUE (competency_id, level_id)
      );
      CREATE INDEX framework_expectations_level ON framework_expectations (level_id);

      CREATE TABLE framework_roles (
        id {{id}},
        slug TEXT NOT NULL UNIQUE,
        title TEXT NOT NULL,
        level_id BIGINT NOT NULL REFERENCES framework_levels (id),
        description TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX framework_roles_level ON framework_roles (level_id);
      """)
}
