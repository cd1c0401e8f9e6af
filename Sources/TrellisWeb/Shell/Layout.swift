import HTML
import HTTP
import Trellis

/// A page's content and what the shell around it needs to know.
public struct Page {
  public var title: String
  /// The navigation entry to mark as current.
  public var section: NavigationSection?
  public var content: Node

  public init(title: String, section: NavigationSection? = nil, @HTMLBuilder content: () -> [Node]) {
    self.title = title
    self.section = section
    self.content = .fragment(content())
  }
}

public enum NavigationSection: String, CaseIterable, Sendable {
  case home

  var label: String {
    switch self {
    case .home: "Home"
    }
  }

  var path: String {
    switch self {
    case .home: "/"
    }
  }
}

/// The shell every page shares: skip link, header with navigation, main landmark, footer.
public enum Layout {
  public static func render(_ page: Page, status: Status = .ok) -> Response {
    Response.html(document(page).renderDocument(), status: status)
  }

  static func document(_ page: Page) -> Node {
    .html(.lang("en")) {
      Node.head {
        Node.meta(.charset("utf-8"))
        Node.meta(.name("viewport"), .content("width=device-width, initial-scale=1"))
        Node.meta(.name("color-scheme"), .content("light dark"))
        Node.title("\(page.title) · \(Product.name)")
        Node.link(.rel("stylesheet"), .href(Assets.url("app.css")))
        Node.link(.rel("icon"), .type("image/svg+xml"), .href(Assets.url("icon.svg")))
      }
      Node.body {
        Node.a(.class("skip-link"), .href("#main")) { "Skip to content" }
        Node.header(.class("site-header")) {
          Node.a(.class("brand"), .href("/")) {
            Node.img(
              .src(Assets.url("icon.svg")), .alt(""), Attribute("width", "28"), Attribute("height", "28"))
            Node.span { Node.text(Product.name) }
          }
          Node.nav(.aria("label", "Main")) {
            Node.ul(.class("nav-links")) {
              for section in NavigationSection.allCases {
                Node.li {
                  if section == page.section {
                    Node.a(.href(section.path), .aria("current", "page")) { Node.text(section.label) }
                  } else {
                    Node.a(.href(section.path)) { Node.text(section.label) }
                  }
                }
              }
            }
          }
        }
        Node.main(.id("main"), Attribute("tabindex", "-1")) {
          page.content
        }
        Node.footer(.class("site-footer")) {
          Node.p { "\(Product.name) \(Product.version) · Career conversations, kept confidential." }
        }
      }
    }
  }
}
