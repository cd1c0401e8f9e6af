import Foundation
import SQL

/// The databases a storage test runs against: always SQLite in a temporary file, and PostgreSQL
/// when `TRELLIS_TEST_POSTGRES_URL` names a server (the test script starts one).
public enum TestDatabases {
  public enum Kind: String, Sendable, CaseIterable, CustomStringConvertible {
    case sqlite
    case postgresql
    public var description: String { rawValue }
  }

  public static var postgresAdminURL: String? {
    ProcessInfo.processInfo.environment["TRELLIS_TEST_POSTGRES_URL"].flatMap {
      $0.isEmpty ? nil : $0
    }
  }

  /// The kinds available in this run.
  public static var available: [Kind] {
    postgresAdminURL == nil ? [.sqlite] : [.sqlite, .postgresql]
  }

  /// A fresh, empty database of this kind; removed again after `body`.
  public static func withFresh<T>(
    _ kind: Kind, maxConnections: Int = 4, _ body: (Database) throws -> T
  ) throws -> T {
    let url = try freshURL(kind)
    defer { drop(url) }
    let database = Database(url: url, maxConnections: maxConnections)
    defer { database.close() }
    return try body(database)
  }

  /// A URL for a new, empty database (a temporary SQLite file or a new PostgreSQL database).
  public static func freshURL(_ kind: Kind) throws -> DatabaseURL {
    let name =
      "trellis_test_\(UUID().uuidString.prefix(12).lowercased().replacingOccurrences(of: "-", with: ""))"
    switch kind {
    case .sqlite:
      let directory = FileManager.default.temporaryDirectory.appendingPathComponent(name)
      try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
      return .sqlite(path: directory.appendingPathComponent("test.db").path)
    case .postgresql:
      guard let admin = postgresAdminURL else {
        throw SQLError(kind: .configuration, message: "TRELLIS_TEST_POSTGRES_URL is not set")
      }
      let connection = try PostgresConnection(url: admin)
      try connection.executeScript("CREATE DATABASE \(name)")
      var components = URLComponents(string: admin)!
      components.path = "/\(name)"
      return .postgresql(components.string!)
    }
  }

  public static func drop(_ url: DatabaseURL) {
    switch url {
    case .sqlite(let path):
      try? FileManager.default.removeItem(
        at: URL(fileURLWithPath: path).deletingLastPathComponent())
    case .postgresql(let text):
      guard let admin = postgresAdminURL, let name = URLComponents(string: text)?.path.dropFirst()
      else { return }
      if let connection = try? PostgresConnection(url: admin) {
        try? connection.executeScript("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
      }
    }
  }
}
