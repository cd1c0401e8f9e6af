import SQL

/// Migration 14: mentorship: offers to mentor (topics, competencies, capacity, cadence), requests
/// and their answers, and mentorships, which are career-conversation relationships of the kind
/// "mentor" with their own goals and a closing reflection from each side.
enum MentorshipSchema {
  static let migration = Migration(
    14, "mentorship",
    sql: """
      CREATE TABLE mentor_offers (
        person_id BIGINT PRIMARY KEY REFERENCES people (id),
        topics TEXT NOT NULL,
        about TEXT NOT NULL DEFAULT '',
        capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 10),
        cadence_days INTEGER NOT NULL CHECK (cadence_days BETWEEN 7 AND 366),
        active BOOLEAN NOT NULL,
        updated_at TEXT NOT NULL
      );

      CREATE TABLE mentor_competencies (
        person_id BIGINT NOT NULL REFERENCES mentor_offers (person_id),
        competency_slug TEXT NOT NULL,
        PRIMARY KEY (person_id, competency_slug)
      );
      CREATE INDEX mentor_competencies_slug ON mentor_competencies (competency_slug);

      CREATE TABLE mentorship_requests (
        id {{id}},
        mentee_id BIGINT NOT NULL REFERENCES people (id),
        mentor_id BIGINT NOT NULL REFERENCES people (id),
        note TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined')),
        response_note TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        decided_at TEXT
      );
      CREATE INDEX mentorship_requests_mentee ON mentorship_requests (mentee_id);
      CREATE INDEX mentorship_requests_mentor ON mentorship_requests (mentor_id, status);

      CREATE TABLE mentorships (
        relationship_id BIGINT PRIMARY KEY REFERENCES relationships (id),
        request_id BIGINT REFERENCES mentorship_requests (id),
        ended_by BIGINT REFERENCES people (id),
        mentee_reflection TEXT NOT NULL DEFAULT '',
        mentor_reflection TEXT NOT NULL DEFAULT ''
      );
      CREATE INDEX mentorships_request ON mentorships (request_id);
      CREATE INDEX mentorships_ended_by ON mentorships (ended_by);

      CREATE TABLE mentorship_goals (
        id {{id}},
        relationship_id BIGINT NOT NULL REFERENCES relationships (id),
        title TEXT NOT NULL,
        reached_on TEXT,
        created_by BIGINT NOT NULL REFERENCES people (id),
        created_at TEXT NOT NULL
      );
      CREATE INDEX mentorship_goals_relationship ON mentorship_goals (relationship_id);
      CREATE INDEX mentorship_goals_created_by ON mentorship_goals (created_by);
      """)
}
