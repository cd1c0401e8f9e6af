/// Builds children with Swift control flow: `if`, `for`, optional nodes.
@resultBuilder
public enum HTMLBuilder {
  public static func buildExpression(_ node: Node) -> [Node] { [node] }
  public static func buildExpression(_ nodes: [Node]) -> [Node] { nodes }
  public static func buildExpression(_ node: Node?) -> [Node] { node.map { [$0] } ?? [] }
  public static func buildBlock(_ parts: [Node]...) -> [Node] { parts.flatMap { $0 } }
  public static func buildOptional(_ part: [Node]?) -> [Node] { part ?? [] }
  public static func buildEither(first: [Node]) -> [Node] { first }
  public static func buildEither(second: [Node]) -> [Node] { second }
  public static func buildArray(_ parts: [[Node]]) -> [Node] { parts.flatMap { $0 } }
  public static func buildLimitedAvailability(_ part: [Node]) -> [Node] { part }
}

extension Node {
  /// An element with children from a builder: `.element("section", [.class("card")]) { ... }`.
  public static func element(
    _ name: String, _ attributes: [Attribute] = [], @HTMLBuilder _ children: () -> [Node]
  ) -> Node {
    .element(name, attributes, children())
  }

  /// A fragment built with the builder.
  public static func group(@HTMLBuilder _ children: () -> [Node]) -> Node {
    .fragment(children())
  }
}
