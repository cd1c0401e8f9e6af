import Testing

@testable import YAML

@Suite struct YAMLTests {
  @Test func parsesMappingsSequencesAndScalarsWithTheirLines() throws {
    let node = try YAMLNode.parse(
      """
      name: Craft
      empty:
      quoted: "null"
      levels:
        - level: engineering/junior
          criteria: |
            Ships small changes.
            Asks for review.
      """)
    #expect(node["name"]?.string == "Craft")
    #expect(node["empty"]?.isNull == true)
    #expect(node["quoted"]?.string == "null")
    let level = try #require(node["levels"]?.items?.first)
    #expect(level.line == 5)
    #expect(level["criteria"]?.string == "Ships small changes.\nAsks for review.")
    #expect(node.pairs?.map(\.key) == ["name", "empty", "quoted", "levels"])
  }

  @Test func writesWhatItReadsBack() throws {
    let node = YAMLNode.mapping([
      ("title", .scalar("Senior: engineer # not a comment")),
      ("looks like null", .scalar("null")),
      ("empty", .scalar("")),
      ("none", YAMLNode(.null)),
      ("multi", .scalar("First line\nsecond line")),
      ("unicode", .scalar("Zoë — “quoted”")),
      ("list", .sequence([.scalar("- dash"), .scalar("123"), .mapping([("a", .scalar("b"))])])),
    ])
    let text = node.yaml()
    let back = try YAMLNode.parse(text)
    #expect(back["title"]?.string == "Senior: engineer # not a comment")
    #expect(back["looks like null"]?.string == "null")
    #expect(back["empty"]?.string == "")
    #expect(back["none"]?.isNull == true)
    #expect(back["multi"]?.string == "First line\nsecond line")
    #expect(back["unicode"]?.string == "Zoë — “quoted”")
    #expect(back["list"]?.items?.map { $0.string ?? "map" } == ["- dash", "123", "map"])
  }

  @Test func quotesTextThatWouldReadAsAnotherType() {
    for text in ["yes", "No", "on", "12", "-3.5", "1e3", "0x1F", ".inf", "2027-01-01", "1:30", "~", ""] {
      #expect(YAMLNode.readsAsAnotherType(text), "\(text)")
      #expect(YAMLNode.mapping([("k", .scalar(text))]).yaml().contains("\"\(text)\""), "\(text) is quoted")
    }
    for text in ["engineering", "senior-2", "v1.2", "Yes, please", "12 people"] {
      #expect(!YAMLNode.readsAsAnotherType(text), "\(text)")
    }
  }

  @Test func refusesMalformedInputNamingTheLine() {
    #expect(throws: YAMLError.self) { try YAMLNode.parse("a: [1, 2\nb: 3") }
    do {
      _ = try YAMLNode.parse("a: 1\nb:\n  c: 2\n   d: 3\n")
      Issue.record("accepted a bad indentation")
    } catch let error as YAMLError {
      #expect(error.line == 4)
    } catch {
      Issue.record("unexpected \(error)")
    }
  }

  @Test func refusesAliasesDuplicateKeysAndDeepNesting() throws {
    #expect(throws: YAMLError(message: "aliases (*name) are not supported", line: 2, column: 4)) {
      try YAMLNode.parse("a: &x [1]\nb: *x\n")
    }
    #expect(throws: YAMLError(message: "the key \"a\" appears twice", line: 2, column: 1)) {
      try YAMLNode.parse("a: 1\na: 2\n")
    }
    #expect(throws: YAMLError.self) { try YAMLNode.parse(String(repeating: "[", count: 100)) }
    #expect(throws: YAMLError.self) { try YAMLNode.parse("a: 1\n---\nb: 2\n") }
  }
}
