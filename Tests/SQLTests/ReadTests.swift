import SQL
import TestSupport
import Testing

/// Reads sent together (one round trip on PostgreSQL) answer exactly as one at a time would.
@Suite("Reads sent together")
struct ReadTests {
  private func makeTable(_ connection: any Connection, _ kind: TestDatabases.Kind) throws {
    try connection.executeScript(
      kind == .sqlite
        ? "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL, data BLOB)"
        : "CREATE TABLE notes (id BIGSERIAL PRIMARY KEY, body TEXT NOT NULL, data BYTEA)")
    for (index, body) in ["first", "second", "third"].enumerated() {
      try connection.execute("INSERT INTO notes (body, data) VALUES (\(body), \([UInt8(index), 0, 255]))")
    }
  }

  private static func bodies(_ query: SQLQuery) -> Read<[String]> {
    Read(query) { rows in try rows.map { try $0.decode("body", as: String.self) } }
  }

  @Test(arguments: TestDatabases.available)
  func eachReadGetsItsOwnRowsInOrder(kind: TestDatabases.Kind) throws {
    try TestDatabases.withFresh(kind) { database in
      try database.withConnection { connection in
        try makeTable(connection, kind)
        let (all, none, count, data) = try connection.read(
          Self.bodies("SELECT body FROM notes ORDER BY id"),
          Self.bodies("SELECT body FROM notes WHERE body = \("nobody")"),
          Read("SELECT count(*) AS n FROM notes WHERE id > \(1)") { try $0[0].decode("n", as: Int.self) },
          Read("SELECT data FROM notes WHERE body = \("third")") {
            try $0[0].decode("data", as: [UInt8].self)
          })
        #expect(all == ["first", "second", "third"])
        #expect(none == [])
        #expect(count == 2)
        #expect(data == [2, 0, 255])
        // The same statements again (prepared by now) and one alone.
        let (again, alone) = try connection.read(
          Self.bodies("SELECT body FROM notes ORDER BY id"),
          Self.bodies("SELECT body FROM notes WHERE id = \(2)"))
        #expect(again == all)
        #expect(alone == ["second"])
        #expect(try connection.queries(["SELECT body FROM notes WHERE id = \(3)"]).map { $0.count } == [1])
      }
    }
  }

  /// A statement two parts need (with the same values) runs once; both get its rows.
  @Test(arguments: TestDatabases.available)
  func aStatementTwoPartsNeedRunsOnce(kind: TestDatabases.Kind) throws {
    try TestDatabases.withFresh(kind) { database in
      try database.withConnection { connection in
        try makeTable(connection, kind)
        let counting = CountingConnection(connection)
        let (first, other, again) = try counting.read(
          Self.bodies("SELECT body FROM notes WHERE id <= \(2) ORDER BY id"),
          Self.bodies("SELECT body FROM notes WHERE id <= \(1) ORDER BY id"),
          Self.bodies("SELECT body FROM notes WHERE id <= \(2) ORDER BY id"))
        #expect(first == ["first", "second"] && again == first)
        #expect(other == ["first"], "the same text with another value is another statement")
        #expect(counting.statements == 2 && counting.roundTrips == 1)
      }
    }
  }

  /// A failing read fails them all with its own error, and the connection goes on working. On
  /// PostgreSQL the error comes while running, after every statement was sent (SQLite divides by
  /// zero without complaint: there it fails on a missing table).
  @Test(arguments: TestDatabases.available)
  func aFailingReadReportsItselfAndLeavesTheConnectionUsable(kind: TestDatabases.Kind) throws {
    try TestDatabases.withFresh(kind) { database in
      try database.withConnection { connection in
        try makeTable(connection, kind)
        let failing: SQLQuery =
          kind == .postgresql
          ? "SELECT body FROM notes WHERE id = 1 / \(0)" : "SELECT body FROM no_such_table"
        let error = #expect(throws: SQLError.self) {
          try connection.read(
            Self.bodies("SELECT body FROM notes"), Self.bodies(failing), Self.bodies("SELECT body FROM notes")
          )
        }
        #expect(error?.sql == failing.render(for: kind == .postgresql ? .postgresql : .sqlite).sql)
        #expect(error?.message.contains(kind == .postgresql ? "division by zero" : "no_such_table") == true)
        #expect(try connection.query("SELECT body FROM notes").count == 3)
        let (first, second) = try connection.read(
          Self.bodies("SELECT body FROM notes WHERE id = \(1)"),
          Self.bodies("SELECT body FROM notes WHERE id = \(3)"))
        #expect(first == ["first"] && second == ["third"])
      }
    }
  }

  /// Inside a transaction, reads see what it wrote, and it still commits.
  @Test(arguments: TestDatabases.available)
  func readsInATransactionSeeItsWrites(kind: TestDatabases.Kind) throws {
    try TestDatabases.withFresh(kind) { database in
      try database.withConnection { connection in try makeTable(connection, kind) }
      let (bodies, count) = try database.transaction { connection in
        try connection.execute("INSERT INTO notes (body) VALUES (\("fourth"))")
        return try connection.read(
          Self.bodies("SELECT body FROM notes WHERE body = \("fourth")"),
          Read("SELECT count(*) AS n FROM notes") { try $0[0].decode("n", as: Int.self) })
      }
      #expect(bodies == ["fourth"] && count == 4)
      #expect(try database.withConnection { try $0.scalar("SELECT count(*) FROM notes", as: Int.self) } == 4)
    }
  }

  /// A connection keeps a few hundred prepared statements, then starts over: a batch that
  /// arrives at the limit still finds every one of its statements.
  @Test(arguments: TestDatabases.available)
  func aBatchAtTheLimitOfPreparedStatementsRuns(kind: TestDatabases.Kind) throws {
    try TestDatabases.withFresh(kind) { database in
      try database.withConnection { connection in
        for number in 1...397 { _ = try connection.query("SELECT \(raw: String(number)) AS n") }
        let numbers = (1000..<1008).map { number in
          Read<Int>("SELECT \(raw: String(number)) AS n") { try $0[0].decode("n", as: Int.self) }
        }
        let (first, second, third, fourth, fifth, sixth, seventh, eighth) = try connection.read(
          numbers[0], numbers[1], numbers[2], numbers[3], numbers[4], numbers[5], numbers[6], numbers[7])
        #expect([first, second, third, fourth, fifth, sixth, seventh, eighth] == Array(1000..<1008))
      }
    }
  }
}
