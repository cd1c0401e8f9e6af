import Foundation
import SQL

/// What erasing a person does, part by part: the preview counts the same steps the erasure runs.
public struct ErasurePreview: Sendable, Equatable, Codable {
  public struct Part: Sendable, Equatable, Codable {
    public let what: String
    public let count: Int
  }

  public struct Kept: Sendable, Equatable, Codable {
    public let what: String
    public let why: String
  }

  public let personID: Int64
  public let name: String
  /// The neutral name they keep where others need the record ("Former employee 1234").
  public let label: String
  public let deleted: [Part]
  public let anonymised: [Part]
  public let kept: [Kept]
}

/// Someone who left and is not erased yet.
public struct Leaver: Sendable, Equatable, Codable {
  public let person: Person
  public let leftOn: CalendarDate
}

/// Why erasure runs: a person's request (all they wrote goes), or the end of the time after they
/// left (their shared writing stays with the other side for the conversation retention period).
public enum ErasureScope: String, Sendable {
  case request
  case leaver
}

/// Erasing a person (GDPR article 17), on request by the people team or a set time after they
/// left: in one transaction, written to the audit log with counts and never content.
public struct ErasureService: Sendable {
  let database: Database
  let clock: Clock

  public func preview(_ actor: Actor, person id: Int64) throws -> ErasurePreview {
    try Policy.require(actor, .erasePeople, Relationship(isSelf: actor.id == id))
    return try database.withConnection { connection in
      try Self.preview(
        connection, person: try PeopleStore.find(connection, id: id).found("person"), .request,
        at: clock.now())
    }
  }

  /// Erases someone who has left (deactivate them first); returns what was done.
  public func erase(_ actor: Actor, person id: Int64) throws -> ErasurePreview {
    try Policy.require(actor, .erasePeople, Relationship(isSelf: actor.id == id))
    return try database.transaction { connection in
      let person = try PeopleStore.find(connection, id: id).found("person")
      guard !person.active else {
        throw Conflict(field: "active", "\(person.displayName) still has access: deactivate them first")
      }
      return try Self.erase(connection, person, .request, by: actor.id, at: clock.now())
    }
  }

  /// People who left and are not erased yet, longest gone first, a page at a time: the people
  /// team erases from here on request (nightly, they go when their time is up).
  public func leavers(_ actor: Actor, limit: Int = 50, offset: Int = 0) throws -> Page<Leaver> {
    try Policy.require(actor, .erasePeople)
    return try database.withConnection { connection in
      let condition: SQLQuery = "active = FALSE AND erased_at IS NULL"
      return try Page.read(
        connection, limit: limit, offset: offset,
        counting: "people WHERE \(condition)",
        items: { limit, offset in
          try connection.query(
            """
            SELECT \(raw: Person.columns), \(Self.leftOn) AS left_on_or_updated
            FROM people WHERE \(condition) ORDER BY left_on_or_updated, id LIMIT \(limit) OFFSET \(offset)
            """
          ).map { row in
            Leaver(person: try Person(row: row), leftOn: try row.decode("left_on_or_updated"))
          }
        })
    }
  }

  /// When someone left: the day recorded, or for people loaded inactive, their last change.
  static let leftOn: SQLQuery = "COALESCE(left_on, substr(updated_at, 1, 10))"

  static func label(_ id: Int64) -> String { "Former employee \(id)" }

  static func preview(_ connection: any Connection, person: Person, _ scope: ErasureScope, at now: Date)
    throws
    -> ErasurePreview
  {
    var deleted: [ErasurePreview.Part] = []
    var anonymised: [ErasurePreview.Part] = []
    for step in steps(person, scope, at: now) {
      let count = try connection.scalar(step.count, as: Int.self) ?? 0
      guard count > 0 else { continue }
      if step.anonymises {
        anonymised.append(.init(what: step.what, count: count))
      } else {
        deleted.append(.init(what: step.what, count: count))
      }
    }
    return ErasurePreview(
      personID: person.id, name: person.displayName, label: label(person.id), deleted: deleted,
      anonymised: anonymised, kept: kept(scope))
  }

  /// Runs every step inside the caller's transaction and records it (counts only).
  static func erase(
    _ connection: any Connection, _ person: Person, _ scope: ErasureScope, by actor: Int64?, at now: Date
  ) throws -> ErasurePreview {
    let done = try preview(connection, person: person, scope, at: now)
    for step in steps(person, scope, at: now) {
      for statement in step.run { try connection.execute(statement) }
    }
    try SearchIndex.compact(connection)
    let counts = done.deleted.map { "\($0.what) \($0.count)" }.joined(separator: ", ")
    try AuditService.recordAdmin(
      connection, actor: actor, action: scope == .request ? "person_erased" : "leaver_erased",
      subject: person.id,
      detail: counts, at: now)
    return done
  }

  static func kept(_ scope: ErasureScope) -> [ErasurePreview.Kept] {
    var kept: [ErasurePreview.Kept] = [
      .init(
        what: "Their name, where a record must stay",
        why:
          "Conversations, feedback given, opportunities, communities and the audit log name them as “Former employee” and a number, nothing more."
      ),
      .init(
        what: "The other side's own notes",
        why:
          "Each manager's or mentor's private notes and reflections are theirs, kept until their own retention period."
      ),
      .init(
        what: "The organization's published figures",
        why: "Quarterly figures keep their numbers; they name no one and cannot be traced back."),
      .init(
        what: "Their department",
        why: "Kept on the neutral record so the department's figures stay whole; it names no one."),
    ]
    if scope == .leaver {
      kept.insert(
        .init(
          what: "What they shared in conversations",
          why:
            "The other side keeps agenda, shared notes, shared reflections, summaries and action items until the conversation retention period after the relationship ended."
        ),
        at: 0)
    }
    return kept
  }

  struct Step {
    let what: String
    var anonymises = false
    let count: SQLQuery
    let run: [SQLQuery]
  }

  /// Everything erasure does, in an order the foreign keys allow.
  static func steps(_ person: Person, _ scope: ErasureScope, at now: Date) -> [Step] {
    let p = person.id
    let email = person.email
    let emailKey = EmailAddress.key(person.email)
    let name = person.displayName
    let label = label(p)
    func delete(_ what: String, _ table: String, _ condition: SQLQuery, before: [SQLQuery] = []) -> Step {
      Step(
        what: what, count: "SELECT count(*) FROM \(raw: table) WHERE \(condition)",
        run: before + ["DELETE FROM \(raw: table) WHERE \(condition)"])
    }
    let myGoals: SQLQuery = "SELECT id FROM goals WHERE person_id = \(p)"
    let myItems: SQLQuery =
      "SELECT plan_items.id FROM plan_items JOIN plans ON plans.id = plan_items.plan_id WHERE plans.person_id = \(p)"
    let myRequests: SQLQuery = "SELECT id FROM feedback_requests WHERE requester_id = \(p)"
    let inUse: SQLQuery = "SELECT request_id FROM mentorships WHERE request_id IS NOT NULL"
    var steps: [Step] = []
    if scope == .request {
      // All they wrote, shared or not.
      steps += [
        delete(
          "agenda items they wrote", "agenda_items", "author_id = \(p)",
          before: [
            "DELETE FROM search_index WHERE source IN (SELECT 'agenda:' || id FROM agenda_items WHERE author_id = \(p))"
          ]),
        delete(
          "action items they wrote", "action_items", "created_by = \(p)",
          before: [
            "DELETE FROM search_index WHERE source IN (SELECT 'action:' || id FROM action_items WHERE created_by = \(p))",
            "UPDATE agenda_items SET action_item_id = NULL WHERE action_item_id IN (SELECT id FROM action_items WHERE created_by = \(p))",
          ]),
        delete(
          "summaries they wrote", "summaries", "author_id = \(p)",
          before: [
            "DELETE FROM search_index WHERE source = 'summary' AND conversation_id IN (SELECT conversation_id FROM summaries WHERE author_id = \(p))"
          ]),
        delete(
          "reflections they shared", "reflections", "author_id = \(p) AND shared_at IS NOT NULL",
          before: ["DELETE FROM search_index WHERE source = \("reflection:\(p)")"]),
        delete(
          "shared notes they wrote last", "shared_notes", "updated_by = \(p)",
          before: [
            "DELETE FROM search_index WHERE source = 'notes' AND conversation_id IN (SELECT conversation_id FROM shared_notes WHERE updated_by = \(p))"
          ]),
        delete("versions of shared notes they wrote", "note_revisions", "author_id = \(p)"),
        delete(
          "feedback they gave", "feedback", "giver_id = \(p)",
          before: [
            "UPDATE feedback_requests SET status = 'declined', closed_at = \(now) WHERE id IN (SELECT request_id FROM feedback WHERE giver_id = \(p) AND request_id IS NOT NULL)"
          ]),
        delete("progress notes they wrote", "plan_updates", "author_id = \(p)"),
        delete("goal check-ins they wrote", "goal_checkins", "author_id = \(p)"),
        delete("mentorship goals they wrote", "mentorship_goals", "created_by = \(p)"),
        delete("resources they shared", "community_resources", "added_by = \(p)"),
        Step(
          what: "their mentorship reflections",
          count: """
            SELECT count(*) FROM mentorships JOIN relationships ON relationships.id = mentorships.relationship_id
            WHERE (relationships.employee_id = \(p) AND mentorships.mentee_reflection <> '')
               OR (relationships.partner_id = \(p) AND mentorships.mentor_reflection <> '')
            """,
          run: [
            "UPDATE mentorships SET mentee_reflection = '' WHERE relationship_id IN (SELECT id FROM relationships WHERE employee_id = \(p))",
            "UPDATE mentorships SET mentor_reflection = '' WHERE relationship_id IN (SELECT id FROM relationships WHERE partner_id = \(p))",
          ]),
      ]
    }
    steps += [
      // Their private writing.
      delete(
        "private notes", "private_notes", "author_id = \(p)",
        before: ["DELETE FROM search_index WHERE owner_id = \(p)"]),
      delete("unshared reflections", "reflections", "author_id = \(p) AND shared_at IS NULL"),
      delete("summary drafts", "summary_drafts", "author_id = \(p)"),
      // What is about them alone.
      delete(
        "goals", "goals", "person_id = \(p)",
        before: [
          "DELETE FROM goal_checkins WHERE goal_id IN (\(myGoals))",
          "DELETE FROM goal_milestones WHERE goal_id IN (\(myGoals))",
          "UPDATE feedback_requests SET goal_id = NULL WHERE goal_id IN (\(myGoals))",
        ]),
      delete(
        "development plans", "plans", "person_id = \(p)",
        before: [
          "DELETE FROM plan_milestones WHERE item_id IN (\(myItems))",
          "DELETE FROM plan_updates WHERE item_id IN (\(myItems))",
          "DELETE FROM plan_item_supporters WHERE item_id IN (\(myItems))",
          "UPDATE feedback SET plan_item_id = NULL WHERE plan_item_id IN (\(myItems))",
          "UPDATE feedback_requests SET plan_item_id = NULL WHERE plan_item_id IN (\(myItems))",
          "DELETE FROM plan_items WHERE id IN (\(myItems))",
        ]),
      delete("support they gave on others' plans", "plan_item_supporters", "person_id = \(p)"),
      delete(
        "assessments and role placement", "assessments", "person_id = \(p)",
        before: ["DELETE FROM role_placements WHERE person_id = \(p)"]),
      delete("feedback they received", "feedback", "recipient_id = \(p)"),
      delete(
        "requests for feedback they made", "feedback_requests", "requester_id = \(p)",
        before: ["UPDATE feedback SET request_id = NULL WHERE request_id IN (\(myRequests))"]),
      delete(
        "open requests for feedback asked of them", "feedback_requests", "giver_id = \(p) AND status = 'open'"
      ),
      delete(
        "interest in opportunities", "opportunity_interests", "person_id = \(p)",
        before: ["DELETE FROM opportunity_subscriptions WHERE person_id = \(p)"]),
      delete(
        "offer to mentor", "mentor_offers", "person_id = \(p)",
        before: ["DELETE FROM mentor_competencies WHERE person_id = \(p)"]),
      delete(
        "mentorship requests", "mentorship_requests",
        "(mentee_id = \(p) OR mentor_id = \(p)) AND id NOT IN (\(inUse))",
        before: [
          "UPDATE mentorship_requests SET note = '', response_note = '' WHERE (mentee_id = \(p) OR mentor_id = \(p)) AND id IN (\(inUse))"
        ]),
      delete("community memberships", "community_members", "person_id = \(p)"),
      delete(
        "celebrations", "celebrations", "person_id = \(p)",
        before: [
          "DELETE FROM celebration_kudos WHERE celebration_id IN (SELECT id FROM celebrations WHERE person_id = \(p))",
          // Web hook messages announcing them (what was celebrated, by whom).
          """
          DELETE FROM outbox WHERE EXISTS (SELECT 1 FROM celebrations WHERE celebrations.person_id = \(p)
            AND outbox.dedupe_key LIKE 'celebration:' || celebrations.id || ':%')
          """,
          "DELETE FROM celebration_kudos WHERE person_id = \(p)",
        ]),
      delete(
        "succession nominations", "successors", "person_id = \(p)",
        before: ["UPDATE key_roles SET holder_id = NULL WHERE holder_id = \(p)"]),
      // Their account.
      delete(
        "sign-in, sessions, tokens and links", "sessions", "person_id = \(p)",
        before: [
          "DELETE FROM access_tokens WHERE person_id = \(p)",
          "DELETE FROM external_identities WHERE person_id = \(p)",
          "DELETE FROM totp_secrets WHERE person_id = \(p)",
          "DELETE FROM second_factor_challenges WHERE person_id = \(p)",
          "DELETE FROM credentials WHERE person_id = \(p)",
          "DELETE FROM account_links WHERE person_id = \(p)",
          "DELETE FROM sign_in_failures WHERE email_key = \(EmailAddress.key(email))",
          "DELETE FROM role_grants WHERE person_id = \(p)",
          "DELETE FROM person_time_zones WHERE person_id = \(p)",
        ]),
      delete(
        "email preferences and calendar feed", "notification_preferences", "person_id = \(p)",
        before: [
          "DELETE FROM notification_hours WHERE person_id = \(p)",
          "DELETE FROM calendar_feeds WHERE person_id = \(p)",
          "DELETE FROM unsubscribe_tokens WHERE person_id = \(p)",
        ]),
      delete("messages to them", "outbox", "person_id = \(p) OR recipient = \(email)"),
      delete(
        "messages to others that name them (digests, reminders)", "outbox",
        """
        subject LIKE \("%" + name + "%") OR body LIKE \("%" + name + "%") OR body LIKE \("%" + email + "%")
          OR calendar LIKE \("%" + name + "%")
        """),
      delete("the record of who read their information", "access_log", "subject_id = \(p)"),
      delete("their reporting-line history", "manager_history", "person_id = \(p)"),
      delete("handovers", "handovers", "employee_id = \(p) OR recipient_id = \(p)"),
      // What must stay for others, without what identifies them.
      Step(
        what: "relationships ended (their retention period starts)", anonymises: true,
        count:
          "SELECT count(*) FROM relationships WHERE ended_on IS NULL AND (employee_id = \(p) OR partner_id = \(p))",
        run: [
          "UPDATE relationships SET ended_on = \(CalendarDate(now)) WHERE ended_on IS NULL AND (employee_id = \(p) OR partner_id = \(p))"
        ]),
      Step(
        what: "mentions of their email or name in the audit log and import reports", anonymises: true,
        count: """
          SELECT (SELECT count(*) FROM admin_audit WHERE detail LIKE \("%" + email + "%") OR detail LIKE \("%" + emailKey + "%")
                    OR detail LIKE \("%" + name + "%"))
               + (SELECT count(*) FROM people_imports WHERE report LIKE \("%" + email + "%"))
          """,
        run: [
          """
          UPDATE admin_audit SET detail = replace(replace(replace(detail, \(email), \(label)), \(emailKey), \(label)), \(name), \(label))
          """,
          "UPDATE people_imports SET report = replace(report, \(email), \(label)) WHERE report IS NOT NULL",
        ]),
      Step(
        what: "the network addresses their own sign-ins and actions came from, in the security log",
        anonymises: true,
        count: "SELECT count(*) FROM admin_audit WHERE actor_id = \(p) AND address <> ''",
        run: ["UPDATE admin_audit SET address = '' WHERE actor_id = \(p)"]),
      Step(
        what: "their directory entry, now “\(label)”", anonymises: true,
        count: "SELECT count(*) FROM people WHERE id = \(p) AND erased_at IS NULL",
        run: [
          """
          UPDATE people SET email = \("former-\(p)@erased.invalid"), email_key = \("former-\(p)@erased.invalid"),
            given_name = 'Former employee', family_name = \(String(p)), preferred_name = '', job_title = '', team = '',
            location = '', employee_number = NULL, hire_date = NULL, manager_id = NULL, active = FALSE,
            erased_at = \(now), updated_at = \(now)
          WHERE id = \(p)
          """
        ]),
    ]
    return steps
  }
}
