import Foundation
import SQL

/// Administrative actions that could open someone's data to someone else. Each is written to the
/// admin log, shown in the affected person's access history and on their home page, and emailed
/// to them, so no admin acts on someone unseen.
public enum AccountNotice: String, Sendable, Codable, CaseIterable {
  case managerChanged = "changed manager"
  case invitationIssued = "issued invitation link"
  case resetLinkIssued = "issued password reset link"
  case linkUsed = "password set with a link"
  case peopleTeamGranted = "granted role People team"
  case adminGranted = "granted role Admin"

  /// What the person reads in their access history and on their home page.
  public var explanation: String {
    switch self {
    case .managerChanged: "an administrator changed your manager"
    case .invitationIssued: "an administrator created an invitation link for your account"
    case .resetLinkIssued: "an administrator created a password reset link for your account"
    case .linkUsed: "a link from an administrator was used to set your password; your other sessions ended"
    case .peopleTeamGranted: "an administrator gave you the people-team role"
    case .adminGranted: "an administrator gave you the admin role"
    }
  }
}

/// A notice as the home page shows it: the same notice by the same admin on one day is one
/// entry, with how many times.
public struct AccountNoticeEntry: Sendable, Equatable, Codable {
  public let notice: AccountNotice
  public let byID: Int64?
  public let byName: String?
  /// The last time.
  public let at: Date
  public let count: Int
}

enum AccountNotices {
  /// How long a notice stays on the home page (the access history keeps it for good).
  static let shownForDays = 30

  /// Tells `subject` of `notice` by `actor`: their access history, and an email that cannot be
  /// turned off, sent at once (`body` adds what they need, e.g. a link). The caller writes the
  /// admin log with `notice.rawValue` as its action, which the home page reads.
  static func tell(
    _ connection: any Connection, _ notice: AccountNotice, subject: Int64, by actor: Int64, via: Channel,
    mail: MailSettings, body: String = "", at now: Date
  ) throws {
    try AuditService.recordRead(
      connection, viewer: actor, subject: subject, data: "account: \(notice.explanation)", via: via, at: now)
    let by = try PeopleStore.find(connection, id: actor)?.displayName ?? "An administrator"
    try Outbox.securityEmail(
      connection, to: subject, kind: "account notice",
      key: "notice:\(notice.rawValue):\(subject):\(SQLTimestamp.format(now))",
      subject: "Trellis: a change to your account",
      body: """
        \(notice.explanation.prefix(1).uppercased() + notice.explanation.dropFirst()) (\(by)).
        \(body.isEmpty ? "" : "\n\(body)\n")
        If you did not expect this, tell your people team. Everyone who opened your information is listed here:
        \(mail.url(.accessHistory))
        """, now: now)
  }

  /// Emails every active admin but `actor` that `actor` granted a powerful role.
  static func tellOtherAdmins(
    _ connection: any Connection, role: Role, grantedTo subject: Int64, by actor: Int64, mail: MailSettings,
    at now: Date
  ) throws {
    let names = try PeopleStore.findAll(connection, ids: [actor, subject])
    let admins = try connection.query(
      """
      SELECT role_grants.person_id FROM role_grants JOIN people ON people.id = role_grants.person_id
      WHERE role_grants.role = 'admin' AND role_grants.revoked_at IS NULL AND people.active = TRUE
        AND role_grants.person_id <> \(actor) AND role_grants.person_id <> \(subject)
      """
    ).map { try $0.decode("person_id", as: Int64.self) }
    for admin in admins {
      try Outbox.securityEmail(
        connection, to: admin, kind: "role granted",
        key: "role:\(role.rawValue):\(subject):\(admin):\(SQLTimestamp.format(now))",
        subject: "Trellis: \(role.label) role granted",
        body: """
          \(names[actor]?.displayName ?? "An administrator") gave \(names[subject]?.displayName ?? "someone") the \(role.label) role.

          \(mail.url(.securityLog))
          """, now: now)
    }
  }

  /// Notices about `person` from the last `shownForDays` days, newest first, for their home page.
  static func recent(person: Int64, now: Date) -> Read<[AccountNoticeEntry]> {
    let since = now.addingTimeInterval(-Double(shownForDays) * 86_400)
    return Read(
      """
      SELECT admin_audit.action, admin_audit.actor_id, admin_audit.at,
             people.given_name, people.family_name, people.preferred_name, people.email
      FROM admin_audit LEFT JOIN people ON people.id = admin_audit.actor_id
      WHERE admin_audit.subject_id = \(person) AND admin_audit.at >= \(since)
        AND admin_audit.action IN (\(list: AccountNotice.allCases.map(\.rawValue)))
        AND (admin_audit.actor_id IS NULL OR admin_audit.actor_id <> \(person))
      ORDER BY admin_audit.at DESC, admin_audit.id DESC LIMIT 20
      """
    ) { rows in
      try rows.reduce(into: [AccountNoticeEntry]()) { entries, row in
        guard let notice = AccountNotice(rawValue: try row.decode("action")) else { return }
        let by: Int64? = try row.decode("actor_id")
        let at: Date = try row.decode("at")
        if let last = entries.last, last.notice == notice, last.byID == by,
          CalendarDate(last.at) == CalendarDate(at)
        {
          entries[entries.count - 1] = AccountNoticeEntry(
            notice: notice, byID: by, byName: last.byName, at: last.at, count: last.count + 1)
        } else {
          entries.append(
            AccountNoticeEntry(
              notice: notice, byID: by, byName: try PersonName.displayIfPresent(row), at: at, count: 1))
        }
      }
    }
  }
}
