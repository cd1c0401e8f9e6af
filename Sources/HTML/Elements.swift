// Named helpers for the elements pages use most; anything else goes through `Node.element`.

extension Node {
  public static func html(_ attributes: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node {
    .element("html", attributes, c())
  }
  public static func head(@HTMLBuilder content c: () -> [Node]) -> Node { .element("head", [], c()) }
  public static func body(_ attributes: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node {
    .element("body", attributes, c())
  }
  public static func title(_ text: String) -> Node { .element("title", [], [.text(text)]) }
  public static func meta(_ attributes: Attribute...) -> Node { .void("meta", attributes) }
  public static func link(_ attributes: Attribute...) -> Node { .void("link", attributes) }

  public static func header(_ attributes: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node {
    .element("header", attributes, c())
  }
  public static func footer(_ attributes: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node {
    .element("footer", attributes, c())
  }
  public static func main(_ attributes: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node {
    .element("main", attributes, c())
  }
  public static func nav(_ attributes: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node {
    .element("nav", attributes, c())
  }
  public static func section(_ attributes: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node {
    .element("section", attributes, c())
  }
  public static func details(_ attributes: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node {
    .element("details", attributes, c())
  }
  public static func summary(_ attributes: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node {
    .element("summary", attributes, c())
  }
  public static func article(_ attributes: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node {
    .element("article", attributes, c())
  }
  public static func aside(_ attributes: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node {
    .element("aside", attributes, c())
  }
  public static func div(_ attributes: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node {
    .element("div", attributes, c())
  }
  public static func span(_ attributes: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node {
    .element("span", attributes, c())
  }
  public static func p(_ attributes: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node {
    .element("p", attributes, c())
  }
  public static func h1(_ attributes: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node {
    .element("h1", attributes, c())
  }
  public static func h2(_ attributes: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node {
    .element("h2", attributes, c())
  }
  public static func h3(_ attributes: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node {
    .element("h3", attributes, c())
  }
  public static func h4(_ attributes: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node {
    .element("h4", attributes, c())
  }
  public static func a(_ attributes: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node {
    .element("a", attributes, c())
  }
  public static func strong(@HTMLBuilder content c: () -> [Node]) -> Node { .element("strong", [], c()) }
  public static func em(@HTMLBuilder content c: () -> [Node]) -> Node { .element("em", [], c()) }
  public static func code(@HTMLBuilder content c: () -> [Node]) -> Node { .element("code", [], c()) }
  public static func ul(_ attributes: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node {
    .element("ul", attributes, c())
  }
  public static func ol(_ attributes: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node {
    .element("ol", attributes, c())
  }
  public static func li(_ attributes: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node {
    .element("li", attributes, c())
  }
  public static func dl(_ attributes: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node {
    .element("dl", attributes, c())
  }
  public static func dt(@HTMLBuilder content c: () -> [Node]) -> Node { .element("dt", [], c()) }
  public static func dd(@HTMLBuilder content c: () -> [Node]) -> Node { .element("dd", [], c()) }

  public static func form(_ attributes: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node {
    .element("form", attributes, c())
  }
  public static func label(_ attributes: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node {
    .element("label", attributes, c())
  }
  public static func input(_ attributes: Attribute...) -> Node { .void("input", attributes) }
  public static func textarea(_ attributes: Attribute..., text: String = "") -> Node {
    .element("textarea", attributes, [.text(text)])
  }
  public static func button(_ attributes: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node {
    .element("button", attributes, c())
  }
  public static func select(_ attributes: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node {
    .element("select", attributes, c())
  }
  public static func option(_ attributes: Attribute..., text: String) -> Node {
    .element("option", attributes, [.text(text)])
  }
  public static func fieldset(_ attributes: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node {
    .element("fieldset", attributes, c())
  }
  public static func legend(@HTMLBuilder content c: () -> [Node]) -> Node { .element("legend", [], c()) }

  public static func table(_ attributes: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node {
    .element("table", attributes, c())
  }
  public static func thead(@HTMLBuilder content c: () -> [Node]) -> Node { .element("thead", [], c()) }
  public static func tbody(@HTMLBuilder content c: () -> [Node]) -> Node { .element("tbody", [], c()) }
  public static func tr(_ attributes: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node {
    .element("tr", attributes, c())
  }
  public static func th(_ attributes: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node {
    .element("th", attributes, c())
  }
  public static func td(_ attributes: Attribute..., @HTMLBuilder content c: () -> [Node]) -> Node {
    .element("td", attributes, c())
  }

  public static func img(_ attributes: Attribute...) -> Node { .void("img", attributes) }
  public static let br = Node.void("br", [])
  public static let hr = Node.void("hr", [])
}

extension Attribute {
  public static func `class`(_ value: String) -> Attribute { Attribute("class", value) }
  public static func id(_ value: String) -> Attribute { Attribute("id", value) }
  public static func href(_ value: String) -> Attribute { Attribute("href", value) }
  public static func src(_ value: String) -> Attribute { Attribute("src", value) }
  public static func alt(_ value: String) -> Attribute { Attribute("alt", value) }
  public static func rel(_ value: String) -> Attribute { Attribute("rel", value) }
  public static func type(_ value: String) -> Attribute { Attribute("type", value) }
  public static func name(_ value: String) -> Attribute { Attribute("name", value) }
  public static func value(_ value: String) -> Attribute { Attribute("value", value) }
  public static func `for`(_ value: String) -> Attribute { Attribute("for", value) }
  public static func action(_ value: String) -> Attribute { Attribute("action", value) }
  public static func method(_ value: String) -> Attribute { Attribute("method", value) }
  public static func placeholder(_ value: String) -> Attribute { Attribute("placeholder", value) }
  public static func title(_ value: String) -> Attribute { Attribute("title", value) }
  public static func role(_ value: String) -> Attribute { Attribute("role", value) }
  public static func lang(_ value: String) -> Attribute { Attribute("lang", value) }
  public static func content(_ value: String) -> Attribute { Attribute("content", value) }
  public static func charset(_ value: String) -> Attribute { Attribute("charset", value) }
  public static func aria(_ name: String, _ value: String) -> Attribute { Attribute("aria-\(name)", value) }
  public static func data(_ name: String, _ value: String) -> Attribute { Attribute("data-\(name)", value) }
  public static let required = Attribute.flag("required")
  public static let disabled = Attribute.flag("disabled")
}
