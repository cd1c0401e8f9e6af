import Foundation
import SQL
import TestSupport
import Testing
import Trellis
import TrellisWeb

/// Every value in every table (full-text index tables and the outbox included), as text: what a
/// dump of the database would show, each table after a "[table NAME]" line.
/// Every table of the database, as its catalogue lists them.
func tableNames(_ connection: any Connection) throws -> [String] {
  switch connection.dialect {
  case .sqlite:
    try connection.query("SELECT name FROM sqlite_master WHERE type = 'table'").map { try $0.decode("name") }
  case .postgresql:
    try connection.query(
      "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
    ).map { try $0.decode("table_name") }
  }
}

/// The tables of a dump whose values contain `word`.
func tables(of word: String, in dump: String) -> [String] {
  var found: [String] = []
  var current = ""
  for line in dump.split(separator: "\n", omittingEmptySubsequences: false) {
    if line.hasPrefix("[table ") {
      current = String(line.dropFirst(7).dropLast())
    } else if line.contains(word) && found.last != current {
      found.append(current)
    }
  }
  return found
}

func dumpEveryTable(_ database: Database) throws -> String {
  try database.withConnection { connection in
    let tables = try tableNames(connection)
    var text = ""
    if connection.dialect == .sqlite {
      // The terms SQLite's full-text index still holds (its segments are binary).
      try connection.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_terms USING fts5vocab(main, search_text, 'row')")
      for row in try connection.query("SELECT term FROM temp.search_terms") {
        text += try row.decode("term", as: String.self) + "\n"
      }
    }
    for table in tables {
      text += "[table \(table)]\n"
      for row in try connection.query("SELECT * FROM \(raw: "\"\(table)\"")") {
        for value in row.values {
          switch value {
          case .text(let string): text += string + "\n"
          case .blob(let bytes): text += String(decoding: bytes, as: UTF8.self) + "\n"
          default: break
          }
        }
      }
    }
    return text
  }
}

@Suite("Data rights: retention")
struct RetentionTests {
  /// With the clock moved past each kind's time, what is expired is gone from every table and
  /// what is not stays; the audit log holds the counts, never the content.
  @Test(arguments: TestDatabases.available)
  func expiredDataLeavesNoTraceAndTheRestStays(kind: TestDatabases.Kind) throws {
    let world = try CanaryWorld(kind: kind)
    let services = world.server.services
    let priya = try world.actor(.peopleTeam)
    #expect(throws: AccessError.self) { try services.retention.settings(try world.actor(.admin)) }
    #expect(throws: ValidationError.self) { try services.retention.update(priya, [.outbox: 0]) }
    // Messages sent today; the access history and audit log have entries from today.
    _ = try world.server.database.withConnection {
      try $0.execute("UPDATE outbox SET status = 'sent', sent_at = \(services.clock.now())")
    }
    let conversations = try world.server.database.withConnection {
      try $0.scalar("SELECT count(*) FROM conversations", as: Int.self)
    }
    #expect(try services.retention.apply().total == 0, "nothing is old yet")

    // Four years on: past the defaults for conversations of ended relationships (Mei's with
    // Daniel), feedback, access history and the outbox; not the audit log's five.
    world.server.clock.advance(by: 4 * 365 * 86_400)
    let report = try services.retention.apply()
    let feedback = try #require(report.removed["feedback"])
    #expect(feedback >= 2, "the demo's and the canaries'")
    #expect((report.removed["outbox messages"] ?? 0) > 0)
    let dump = try dumpEveryTable(world.server.database)
    let expired: Set<String> = [
      "notes of a past conversation", "open item of a conversation not handed over", "feedback shared",
      "feedback kept",
    ]
    for canary in world.canaries {
      #expect(dump.contains(canary.word) == !expired.contains(canary.kind), "\(canary.kind)")
    }
    try world.server.database.withConnection { connection in
      #expect(try connection.scalar("SELECT count(*) FROM outbox", as: Int.self) == 0)
      #expect(try connection.scalar("SELECT count(*) FROM access_log", as: Int.self) == 0)
      #expect(try connection.scalar("SELECT count(*) FROM conversations", as: Int.self) == conversations)
      let logged = try connection.query(
        "SELECT detail FROM admin_audit WHERE action = 'retention_applied'"
      ).map { try $0.decode("detail", as: String.self) }
      #expect(logged.count == 1)
      #expect(logged.first?.contains("feedback \(feedback)") == true)
    }

    // Kept for ever: nothing more goes, however late.
    _ = try services.retention.update(priya, [.privateWriting: nil, .conversationContent: nil])
    world.server.clock.advance(by: 2 * 365 * 86_400)
    let later = try services.retention.apply()
    #expect(later.removed["private notes"] == nil)
    #expect((later.removed["audit log entries"] ?? 0) > 0, "five years on, the oldest audit entries go")
    let after = try dumpEveryTable(world.server.database)
    let privateNote = try #require(world.canaries.first { $0.kind == "private note" })
    #expect(after.contains(privateNote.word))
  }

  /// A bad value comes back on the page with what was typed and the problem beside its field.
  @Test func theSettingsPageKeepsWhatWasTypedAndNamesEachProblem() throws {
    let server = try AppServer(.sqlite)
    _ = try DemoOrganization.load(server.services)
    let session = try server.services.accounts.signIn(
      email: "priya.nair@northwind.example", password: DemoOrganization.password, address: "test")
    let cookie = ("Cookie", "trellis_session=\(session.token)")
    let page = try server.client.get("/retention", headers: [cookie])
    #expect(page.status == 200)
    #expect(page.text.contains("deleted 365 days later"))
    func post(_ fields: String) throws -> RawResponse {
      try server.client.request(
        "POST", "/retention",
        headers: [cookie, ("Content-Type", "application/x-www-form-urlencoded")],
        body: Array("_csrf=\(session.session.csrfToken)&_page=%2Fretention&\(fields)".utf8))
    }
    let refused = try post(
      "privateWriting=12&conversationContent=&feedback=abc&accessHistory=730&outbox=30&auditLog=1825")
    #expect(refused.status == 422)
    #expect(refused.text.contains(#"value="12""#))
    #expect(refused.text.contains(#"value="abc""#))
    #expect(refused.text.contains("must be from 30 to 3,650 days"))
    #expect(refused.text.contains("must be a number of days, or empty to keep it"))
    let priya = try #require(try server.services.accounts.actor(personID: session.session.personID))
    #expect(try server.services.retention.settings(priya) == .defaults, "nothing was saved")
    let saved = try post(
      "privateWriting=400&conversationContent=&feedback=1095&accessHistory=730&outbox=30&auditLog=1825")
    #expect(saved.status == 303)
    let settings = try server.services.retention.settings(priya)
    #expect(settings.days(.privateWriting) == 400)
    #expect(settings.days(.conversationContent) == nil)
    let shown = try server.client.get("/retention", headers: [cookie]).text
    #expect(shown.contains("kept while their author works here") == false)
    #expect(shown.contains("What conversations hold is kept for as long as Trellis runs."))
  }
}

@Suite("Data rights: erasure")
struct ErasureTests {
  /// Deactivates Mei as the admin would.
  func deactivateMei(_ world: CanaryWorld) throws -> Person {
    let jordan = try world.actor(.admin)
    let mei = try world.actor(.person).person
    var draft = PersonDraft(mei)
    draft.active = false
    return try world.server.services.people.update(jordan, id: mei.id, draft, via: .web)
  }

  func figures(_ world: CanaryWorld) throws -> [String] {
    try world.server.database.withConnection { connection in
      try connection.query("SELECT * FROM insight_cells").map { row in
        row.values.map { "\($0)" }.joined(separator: "|")
      }.sorted()
    }
  }

  /// On request, the people team erases someone who left: afterwards a dump of every table holds
  /// no trace of their name, email or writing, while the other side's own notes, what the other
  /// side wrote, and the published figures remain.
  @Test(arguments: TestDatabases.available)
  func anErasedPersonLeavesNoTraceButOthersKeepTheirOwn(kind: TestDatabases.Kind) throws {
    let world = try CanaryWorld(kind: kind)
    let services = world.server.services
    let (priya, sofia) = (try world.actor(.peopleTeam), try world.actor(.manager))
    let mei = try world.actor(.person).person
    #expect(throws: AccessError.self) { try services.erasure.preview(sofia, person: mei.id) }
    #expect(throws: AccessError.self) { try services.erasure.preview(priya, person: priya.id) }
    #expect(throws: Conflict.self) { try services.erasure.erase(priya, person: mei.id) }
    let preview = try services.erasure.preview(priya, person: mei.id)
    #expect(preview.deleted.contains { $0.what == "private notes" && $0.count == 1 })
    #expect(preview.deleted.contains { $0.what == "goals" && $0.count >= 3 })
    #expect(preview.kept.contains { $0.what == "The organization's published figures" })
    _ = try deactivateMei(world)
    let before = try figures(world)
    let done = try services.erasure.erase(priya, person: mei.id)
    #expect(done.label == "Former employee \(mei.id)")

    let dump = try dumpEveryTable(world.server.database)
    #expect(!dump.contains(mei.email))
    #expect(!dump.contains(mei.displayName))
    let theirs: Set<String> = ["manager's private note", "shared notes", "action item", "summary"]
    for canary in world.canaries {
      #expect(
        dump.contains(canary.word) == theirs.contains(canary.kind),
        "\(canary.kind) in \(tables(of: canary.word, in: dump))")
    }
    #expect(try figures(world) == before, "published figures keep their numbers")
    let erased = try services.people.person(try world.actor(.admin), id: mei.id)
    #expect(erased.displayName == "Former employee \(mei.id)")
    let logged = try world.server.database.withConnection {
      try $0.query("SELECT detail FROM admin_audit WHERE action = 'person_erased' AND subject_id = \(mei.id)")
    }
    #expect(logged.count == 1)
    #expect(try logged.first?.decode("detail", as: String.self).contains("private notes 1") == true)
  }

  /// A set time after someone leaves, the nightly pass erases them: their private writing and
  /// what is about them alone go, their name with it; what they shared stays with the other side.
  @Test(arguments: TestDatabases.available)
  func aLeaverIsErasedAfterTheGracePeriodAndSharedWritingStays(kind: TestDatabases.Kind) throws {
    let world = try CanaryWorld(kind: kind)
    let services = world.server.services
    let mei = try deactivateMei(world)
    world.server.clock.advance(by: 179 * 86_400)
    #expect(try services.retention.apply().removed["people who left, erased"] == nil)
    world.server.clock.advance(by: 2 * 86_400)
    let report = try services.retention.apply()
    #expect((report.removed["people who left, erased"] ?? 0) >= 1)
    let dump = try dumpEveryTable(world.server.database)
    #expect(!dump.contains(mei.email))
    #expect(!dump.contains(mei.displayName))
    let gone: Set<String> = [
      "private note", "unshared reflection", "summary draft", "plan item", "plan milestone", "progress note",
      "goal for private",
      "goal for manager", "goal for everyone", "feedback shared", "feedback kept", "interest shared",
      "interest kept", "succession note", "self-assessment note", "offer to mentor", "celebration",
    ]
    for canary in world.canaries {
      #expect(
        dump.contains(canary.word) == !gone.contains(canary.kind),
        "\(canary.kind) in \(tables(of: canary.word, in: dump))")
    }
  }
}

@Suite("Data rights: the data inventory")
struct DataInventoryTests {
  /// Every table of the schema is in exactly one kind of data, so a new table must say who reads
  /// it and how long it is kept.
  @Test(arguments: TestDatabases.available)
  func everyTableOfTheSchemaIsInTheInventoryOnce(kind: TestDatabases.Kind) throws {
    let server = try AppServer(kind)
    let tables = try server.database.withConnection { try tableNames($0) }
    // Bookkeeping: the migrations applied, SQLite's full-text index of `search_index` and its
    // own tables, and SQLite's index of the directory (an index of `people` on PostgreSQL).
    let stored = Set(
      tables.filter {
        $0 != "schema_migrations" && !$0.hasPrefix("search_text") && !$0.hasPrefix("people_search")
      })
    let listed = DataInventory.entries.flatMap(\.tables)
    #expect(Set(listed) == stored)
    #expect(listed.count == Set(listed).count, "each table in one kind only")
  }

  /// Who may read each kind is what the policy answers: private writing only its author, and no
  /// admin reads career content.
  @Test func readersComeFromThePolicy() throws {
    let byName = Dictionary(uniqueKeysWithValues: DataInventory.entries.map { ($0.name, $0) })
    let privateWriting = try #require(byName["Private notes and unshared reflections"])
    #expect(privateWriting.readers.map(\.who) == [["their author"]])
    let conversations = try #require(byName["Conversations"]).readers[0].who
    #expect(conversations.contains("their manager or mentor in it"))
    #expect(!conversations.contains("admins"))
    let goals = try #require(byName["Goals"]).readers
    #expect(goals.first { $0.choice == "shown to private" }?.who == ["the person"])
    #expect(
      goals.first { $0.choice == "shown to everyone" }?.who.contains("anyone else in the organization")
        == true)

    let server = try AppServer(.sqlite)
    _ = try DemoOrganization.load(server.services)
    let session = try server.services.accounts.signIn(
      email: "ana.lima@northwind.example", password: DemoOrganization.password, address: "test")
    let page = try server.client.get(
      "/data-inventory", headers: [("Cookie", "trellis_session=\(session.token)")])
    #expect(page.status == 200)
    #expect(page.text.contains("Private notes and unshared reflections"))
    #expect(page.text.contains("deleted 365 days later"))
  }
}
