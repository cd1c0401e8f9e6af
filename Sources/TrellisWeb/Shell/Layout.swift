import HTML
import HTTP
import Trellis

/// A page's content and what the shell around it needs to know.
public struct Page {
  public var title: String
  /// The navigation entry to mark as current.
  public var section: NavigationSection?
  public var content: Node
  /// The page shows the notice of the last change itself, next to what it is about.
  public var noticeInPage = false
  /// Scripts (assets) that enhance this page; it works without them.
  public var scripts: [String] = []

  public init(title: String, section: NavigationSection? = nil, @HTMLBuilder content: () -> [Node]) {
    self.title = title
    self.section = section
    self.content = .fragment(content())
  }
}

/// The shell every page shares: skip link, header with navigation, main landmark, footer.
public enum Layout {
  static func render(_ page: Page, for request: Request, status: Status = .ok) -> Response {
    Response.html(document(page, request: request).renderDocument(), status: status)
  }

  static func document(_ page: Page, request: Request) -> Node {
    let actor = request.signedIn?.actor
    return .html(.lang("en")) {
      Node.head {
        Node.meta(.charset("utf-8"))
        Node.meta(.name("viewport"), .content("width=device-width, initial-scale=1"))
        Node.meta(.name("color-scheme"), .content("light dark"))
        Node.title("\(page.title) · \(Product.name)")
        Node.link(.rel("stylesheet"), .href(Assets.url("app.css")))
        Node.link(.rel("icon"), .type("image/svg+xml"), .href(Assets.url("icon.svg")))
        for script in ["people-picker.js"] + page.scripts {
          Node.element("script", [.src(Assets.url(script)), .flag("defer")], [])
        }
      }
      Node.body {
        Node.a(.class("skip-link"), .href("#main")) { "Skip to content" }
        Node.header(.class("site-header")) {
          Node.a(.class("brand"), .href("/")) {
            Node.img(
              .src(Assets.url("icon.svg")), .alt(""), Attribute("width", "28"), Attribute("height", "28"))
            Node.span { Node.text(Product.name) }
          }
          Navigation.render(actor, current: page.section, path: request.path)
          if actor != nil {
            needsYou(request[NeedsYouCount.self])
          }
          userMenu(actor, request: request)
        }
        Node.main(.id("main"), Attribute("tabindex", "-1")) {
          if let notice = request[Notice.self], !page.noticeInPage {
            Node.p(.class("notice success"), .role("status")) { Node.text(notice) }
          }
          if let refused = request[FormReplay.self] {
            Node.p(.class("notice error"), .role("alert")) {
              "Nothing was saved: please correct what is marked below. What you typed is kept."
              if let first = refused.firstInvalid {
                Node.text(" ")
                Node.a(.href("#\(first)")) { "Go to the first problem" }
              }
            }
          }
          page.content
        }
        Node.footer(.class("site-footer")) {
          Node.p { "\(Product.name) \(Product.version) · Career conversations, kept confidential." }
        }
      }
    }
  }

  /// The way to what waits for the person, with how many things when there are some.
  private static func needsYou(_ count: Int?) -> Node {
    let label = count.map {
      $0 == 0 ? "Needs you: nothing waiting" : "Needs you: \(Words.count($0, "thing")) waiting"
    }
    return .a(.class("needs-you-link"), .href("/needs-you"), .aria("label", label ?? "Needs you")) {
      Node.text("Needs you")
      if let count, count > 0 {
        Node.span(.class("count"), .aria("hidden", "true")) { Node.text(String(count)) }
      }
    }
  }

  private static func userMenu(_ actor: Actor?, request: Request) -> Node {
    guard let actor else {
      if request.path == WebPage.signIn.path { return .empty }
      return .div(.class("user-menu")) { Node.a(.class("button"), .href(WebPage.signIn.path)) { "Sign in" } }
    }
    return .div(.class("user-menu")) {
      Node.details(.class("menu")) {
        Node.summary(.aria("label", "Your account")) {
          Node.span(.class("avatar"), .aria("hidden", "true")) { Node.text(actor.person.initials) }
          Node.span(.class("menu-name")) { Node.text(actor.person.displayName) }
        }
        Node.ul(.class("menu-items")) {
          // The name beside the initials gives way on narrower screens; it is always here.
          Node.li(.class("menu-who")) { Node.text("Signed in as \(actor.person.displayName)") }
          Node.li { Node.a(.href("/people/\(actor.id)")) { "My profile" } }
          Node.li { Node.a(.href(WebPage.accessHistory.path)) { "Who has seen my information" } }
          Node.li { Node.a(.href("/me/data")) { "Everything about me" } }
          Node.li { Node.a(.href("/data-inventory")) { "What Trellis stores" } }
          Node.li { Node.a(.href("/me/succession")) { "Roles I am named for" } }
          Node.li { Node.a(.href("/me/notifications")) { "Email preferences" } }
          Node.li { Node.a(.href("/me/time-zone")) { "Time zone" } }
          Node.li { Node.a(.href("/me/tokens")) { "API tokens" } }
          Node.li { Node.a(.href("/me/password")) { "Change password" } }
          Node.li { Node.a(.href("/me/two-factor")) { "Second factor" } }
          Node.li {
            Form.post("/sign-out", request: request) {
              Node.button(.type("submit"), .class("link-button")) { "Sign out" }
            }
          }
        }
      }
    }
  }
}

/// A wide table in a labelled, focusable region, so it scrolls by keyboard on a narrow screen.
enum WideTable {
  static func region(_ label: String, @HTMLBuilder _ table: () -> [Node]) -> Node {
    .element(
      "div",
      [
        .class("table-scroll"), Attribute("tabindex", "0"), Attribute("role", "region"),
        .aria("label", label),
      ],
      table())
  }
}
