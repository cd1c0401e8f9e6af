import Foundation
import SQL
import TestSupport

@testable import Trellis

/// Services over a fresh, migrated database, with a clock tests can move and fast password hashing.
final class Fixture: @unchecked Sendable {
  let url: DatabaseURL
  let database: Database
  let services: Services
  let clock = Clock(fixed: Date(timeIntervalSince1970: 1_790_000_000))
  private(set) var admin: Actor!

  init(_ kind: TestDatabases.Kind) throws {
    url = try TestDatabases.freshURL(kind)
    database = Database(url: url, maxConnections: 4)
    try Schema.migrator.migrate(database)
    var settings = AccessSettings()
    settings.passwordStrength = .minimum
    services = Services(database: database, clock: clock, settings: settings)
  }

  deinit {
    database.close()
    TestDatabases.drop(url)
  }

  /// Loads the demo organization; returns an actor by given name.
  func demo() throws {
    _ = try DemoOrganization.load(services)
    admin = try actor("jordan.reyes@northwind.example")
  }

  /// The token of the last account link emailed to someone (links to accounts in use are never
  /// shown to the admin who asks for them).
  func emailedLinkToken(to personID: Int64) throws -> String {
    let body = try database.withConnection {
      try $0.scalar(
        "SELECT body FROM outbox WHERE person_id = \(personID) AND body LIKE '%/links/%' ORDER BY id DESC LIMIT 1",
        as: String.self)
    }
    guard let body, let range = body.range(of: "/links/") else { throw NotFound("emailed link") }
    return String(body[range.upperBound...].prefix { !$0.isWhitespace })
  }

  /// A new hire, Zoe, reporting to Daniel: a fresh relationship with no history of its own.
  func newHire() throws -> (zoe: Actor, daniel: Actor, relationship: Int64) {
    let daniel = try actor("daniel.kim@northwind.example")
    _ = try services.people.create(
      admin,
      PersonDraft(
        email: "zoe.park@northwind.example", givenName: "Zoe", familyName: "Park", department: "Engineering",
        hireDate: clock.today(), managerID: daniel.id))
    let zoe = try actor("zoe.park@northwind.example")
    guard let rhythm = try services.conversations.rhythms(zoe).first(where: { $0.partner.id == daniel.id })
    else {
      throw NotFound("Zoe's relationship with Daniel")
    }
    return (zoe, daniel, rhythm.relationship.id)
  }

  func actor(_ email: String) throws -> Actor {
    let id = try database.withConnection {
      try $0.scalar("SELECT id FROM people WHERE email_key = \(email.lowercased())", as: Int64.self)
    }
    guard let id, let actor = try services.accounts.actor(personID: id) else {
      throw NotFound("actor \(email)")
    }
    return actor
  }

  /// A person as stored, active or not.
  func person(_ email: String) throws -> Person {
    guard let person = try database.withConnection({ try PeopleStore.find($0, email: email) }) else {
      throw NotFound("person \(email)")
    }
    return person
  }
}

extension FeedbackInput {
  /// Coaching feedback for tests, shared with the recipient's manager unless asked otherwise.
  static func example(
    to recipient: Int64, request: Int64? = nil, situation: String = "In Tuesday's critique",
    nextStep: String? = nil, managerMaySee: Bool = true
  ) -> FeedbackInput {
    FeedbackInput(
      recipientID: recipient, kind: .coaching, situation: situation, behaviour: "You summarised every view",
      impact: "We decided in ten minutes", nextStep: nextStep, managerMaySee: managerMaySee,
      requestID: request)
  }
}
