import Foundation
import SQL
import TestSupport
import Testing

@Suite("SQL binding and decoding")
struct BindingTests {
  @Test func interpolationBindsInsteadOfPasting() {
    let name = "Robert'); DROP TABLE people;--"
    let query: SQLQuery = "SELECT * FROM people WHERE name = \(name) AND id IN (\(list: [1, 2]))"
    let sqlite = query.render(for: .sqlite)
    #expect(sqlite.sql == "SELECT * FROM people WHERE name = ? AND id IN (?, ?)")
    #expect(sqlite.bindings == [.text(name), .integer(1), .integer(2)])
    let postgres = query.render(for: .postgresql)
    #expect(postgres.sql == "SELECT * FROM people WHERE name = $1 AND id IN ($2, $3)")
  }

  @Test func rawAndNestedFragments() {
    let condition: SQLQuery = "team = \("design")"
    let query: SQLQuery = "SELECT \(raw: "name") FROM people WHERE \(condition) AND active = \(true)"
    let rendered = query.render(for: .postgresql)
    #expect(rendered.sql == "SELECT name FROM people WHERE team = $1 AND active = $2")
    #expect(rendered.bindings == [.text("design"), .bool(true)])
    let joined = SQLQuery.joined(["a = \(1)", "b = \(2)"], separator: " AND ")
    #expect(joined.render(for: .sqlite).sql == "a = ? AND b = ?")
    let empty: SQLQuery = "id IN (\(list: [Int]()))"
    #expect(empty.render(for: .sqlite).sql == "id IN (NULL)")
  }

  @Test(arguments: TestDatabases.available)
  func anEmptyBlobRoundTripsAndANULInTextIsNeverCut(kind: TestDatabases.Kind) throws {
    try TestDatabases.withFresh(kind) { database in
      try database.withConnection { connection in
        try connection.executeScript(
          kind == .sqlite
            ? "CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT, data BLOB)"
            : "CREATE TABLE things (id BIGSERIAL PRIMARY KEY, name TEXT, data BYTEA)")
        try connection.execute("INSERT INTO things (name, data) VALUES ('empty', \([UInt8]()))")
        #expect(try connection.scalar("SELECT data FROM things WHERE name = 'empty'", as: [UInt8].self) == [])
        // Stored whole (SQLite) or refused (PostgreSQL), never silently cut at the NUL.
        do {
          try connection.execute("INSERT INTO things (name) VALUES (\("before\u{0}after"))")
          #expect(
            try connection.scalar("SELECT name FROM things WHERE name LIKE 'before%'", as: String.self)
              == "before\u{0}after")
        } catch let error as SQLError {
          #expect(kind == .postgresql && error.message.contains("NUL"))
        }
      }
    }
  }

  /// Statements are prepared once per connection; when a migration elsewhere changes what one
  /// returns, it is prepared again rather than failing, and each value keeps its type.
  @Test(arguments: TestDatabases.available)
  func repeatedStatementsSurviveAMigrationFromAnotherConnection(kind: TestDatabases.Kind) throws {
    let url = try TestDatabases.freshURL(kind)
    defer { TestDatabases.drop(url) }
    let reader = Database(url: url, maxConnections: 1)
    let migrator = Database(url: url, maxConnections: 1)
    defer {
      reader.close()
      migrator.close()
    }
    try migrator.withConnection {
      try $0.executeScript("CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT)")
    }
    try reader.withConnection { connection in
      for id in 1...3 {
        try connection.execute("INSERT INTO things (id, name) VALUES (\(id), \("thing \(id)"))")
      }
      for _ in 1...6 { #expect(try connection.query("SELECT * FROM things WHERE id = \(2)").count == 1) }
      #expect(try connection.query("SELECT * FROM things WHERE name = \(nil as String?)").isEmpty)
      try migrator.withConnection { try $0.executeScript("ALTER TABLE things ADD COLUMN size INTEGER") }
      let row = try #require(try connection.queryFirst("SELECT * FROM things WHERE id = \(2)"))
      #expect(try row.decode("name", as: String.self) == "thing 2")
      #expect(try row.decode("size", as: Int?.self) == nil)
    }
  }

  /// PostgreSQL's integers and booleans are read from libpq's text without a String between.
  @Test(arguments: TestDatabases.available)
  func integersAndBooleansAtTheirEdgesRoundTrip(kind: TestDatabases.Kind) throws {
    try TestDatabases.withFresh(kind) { database in
      try database.withConnection { connection in
        try connection.executeScript(
          "CREATE TABLE numbers (big BIGINT, normal INTEGER, small SMALLINT, flag BOOLEAN)")
        let cases: [(Int64, Int64, Int64, Bool?)] = [
          (Int64.min, Int64(Int32.min), Int64(Int16.min), true), (Int64.max, Int64(Int32.max), 32_767, false),
          (0, 0, 0, nil), (-1, -10, -100, true), (1_234_567_890_123, 42, 7, false),
        ]
        for (big, normal, small, flag) in cases {
          try connection.execute(
            "INSERT INTO numbers (big, normal, small, flag) VALUES (\(big), \(normal), \(small), \(flag))")
          let row = try #require(
            try connection.queryFirst("SELECT big, normal, small, flag FROM numbers WHERE big = \(big)"))
          #expect(try row.decode("big", as: Int64.self) == big)
          #expect(try row.decode("normal", as: Int64.self) == normal)
          #expect(try row.decode("small", as: Int.self) == Int(small))
          #expect(try row.decode("flag", as: Bool?.self) == flag)
          #expect(
            try connection.scalar(
              "SELECT -big FROM numbers WHERE big = \(big) AND big > \(Int64.min)", as: Int64.self)
              == (big == Int64.min ? nil : -big))
        }
        #expect(try connection.scalar("SELECT count(*) FROM numbers", as: Int.self) == cases.count)
      }
    }
  }

  @Test(arguments: TestDatabases.available)
  func everyValueTypeRoundTrips(kind: TestDatabases.Kind) throws {
    try TestDatabases.withFresh(kind) { database in
      try database.withConnection { connection in
        try connection.executeScript(
          kind == .sqlite
            ? "CREATE TABLE things (id INTEGER PRIMARY KEY, name TEXT, amount BIGINT, ratio DOUBLE PRECISION, active BOOLEAN, data BLOB, at TEXT)"
            : "CREATE TABLE things (id BIGSERIAL PRIMARY KEY, name TEXT, amount BIGINT, ratio DOUBLE PRECISION, active BOOLEAN, data BYTEA, at TEXT)"
        )
        let hostile = "Robert'); DROP TABLE things;-- \"quoted\" \\ ünïcødé 🌱 \n newline"
        let bytes: [UInt8] = [0, 1, 2, 254, 255]
        let instant = Date(timeIntervalSince1970: 1_790_000_000.123)
        try connection.execute(
          """
          INSERT INTO things (name, amount, ratio, active, data, at)
          VALUES (\(hostile), \(Int64.max), \(0.1), \(true), \(bytes), \(instant))
          """)
        try connection.execute(
          "INSERT INTO things (name, amount, ratio, active, data, at) VALUES (\(String?.none), \(Int?.none), \(Double?.none), \(false), \([UInt8]?.none), \(Date?.none))"
        )
        let rows = try connection.query("SELECT * FROM things ORDER BY id")
        #expect(rows.count == 2)
        #expect(try rows[0].decode("name", as: String.self) == hostile)
        #expect(try rows[0].decode("amount", as: Int64.self) == Int64.max)
        #expect(try rows[0].decode("ratio", as: Double.self) == 0.1)
        #expect(try rows[0].decode("active", as: Bool.self) == true)
        #expect(try rows[0].decode("data", as: [UInt8].self) == bytes)
        let decoded = try rows[0].decode("at", as: Date.self)
        #expect(abs(decoded.timeIntervalSince(instant)) < 0.001)
        #expect(try rows[1].decode("name", as: String?.self) == nil)
        #expect(try rows[1].decode("amount", as: Int?.self) == nil)
        #expect(try rows[1].decode("active", as: Bool.self) == false)
        #expect(try rows[1].decode("at", as: Date?.self) == nil)
        // The hostile text was bound, not pasted: the table is still there.
        #expect(try connection.scalar("SELECT count(*) FROM things", as: Int.self) == 2)
        #expect(
          try connection.scalar("SELECT count(*) FROM things WHERE name = \(hostile)", as: Int.self) == 1)
        #expect(
          try connection.scalar("SELECT count(*) FROM things WHERE id IN (\(list: [1, 2, 99]))", as: Int.self)
            == 2)
      }
    }
  }

  /// PostgreSQL plans a prepared statement once, not again on every execution.
  @Test(arguments: TestDatabases.available.filter { $0 == .postgresql })
  func postgresKeepsOnePlanPerPreparedStatement(kind: TestDatabases.Kind) throws {
    try TestDatabases.withFresh(kind) { database in
      let mode = try database.withConnection { try $0.scalar("SHOW plan_cache_mode", as: String.self) }
      #expect(mode == "force_generic_plan")
    }
  }

  @Test(arguments: TestDatabases.available)
  func decodingErrorsNameTheColumn(kind: TestDatabases.Kind) throws {
    try TestDatabases.withFresh(kind) { database in
      let row = try #require(
        try database.withConnection { try $0.queryFirst("SELECT 'text' AS label, NULL AS missing") })
      let wrongType = #expect(throws: SQLError.self) { try row.decode("label", as: Int.self) }
      #expect(wrongType?.kind == .decoding)
      #expect(wrongType?.message.contains("'label'") == true)
      let nullValue = #expect(throws: SQLError.self) { try row.decode("missing", as: String.self) }
      #expect(nullValue?.message.contains("'missing'") == true)
      let noColumn = #expect(throws: SQLError.self) { try row.decode("nope", as: String.self) }
      #expect(noColumn?.message.contains("no column 'nope'") == true)
    }
  }

  @Test(arguments: TestDatabases.available)
  func errorsKeepCodeMessageAndSQL(kind: TestDatabases.Kind) throws {
    try TestDatabases.withFresh(kind) { database in
      try database.withConnection { connection in
        try connection.executeScript(
          """
          CREATE TABLE teams (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
          CREATE TABLE members (id INTEGER PRIMARY KEY, team_id INTEGER NOT NULL REFERENCES teams (id));
          CREATE INDEX members_team ON members (team_id);
          """)
        try connection.execute("INSERT INTO teams (id, name) VALUES (1, \("Design"))")
        let duplicate = #expect(throws: SQLError.self) {
          try connection.execute("INSERT INTO teams (id, name) VALUES (2, \("Design"))")
        }
        #expect(duplicate?.kind == .uniqueViolation)
        #expect(duplicate?.code.isEmpty == false)
        #expect(duplicate?.sql?.contains("INSERT INTO teams") == true)
        let orphan = #expect(throws: SQLError.self) {
          try connection.execute("INSERT INTO members (id, team_id) VALUES (1, \(99))")
        }
        #expect(orphan?.kind == .foreignKeyViolation)
        let missing = #expect(throws: SQLError.self) {
          try connection.execute("INSERT INTO teams (id) VALUES (3)")
        }
        #expect(missing?.kind == .notNullViolation)
        let syntax = #expect(throws: SQLError.self) { try connection.query("SELEC nonsense") }
        #expect(syntax?.kind == .other)
        #expect(syntax?.message.isEmpty == false)
        #expect(syntax?.description.contains("SELEC nonsense") == true)
        // The connection is still usable after errors.
        #expect(try connection.scalar("SELECT count(*) FROM teams", as: Int.self) == 1)
      }
    }
  }
}
