import HTML
import Trellis

/// The main areas of Trellis, each a place in the navigation.
public enum NavigationSection: String, CaseIterable, Sendable {
  case home
  case team
  case conversations
  case goals
  case feedback
  case mentoring
  case opportunities
  case framework
  case people
  case celebrations
  case communities
  case insights
  case admin

  var label: String {
    switch self {
    case .home: "Home"
    case .team: "Team"
    case .conversations: "Conversations"
    case .goals: "Goals"
    case .feedback: "Feedback"
    case .mentoring: "Mentoring"
    case .opportunities: "Opportunities"
    case .framework: "Framework"
    case .people: "People"
    case .celebrations: "Celebrations"
    case .communities: "Communities"
    case .insights: "Insights"
    case .admin: "Admin"
    }
  }

  var path: String { self == .home ? "/" : "/\(rawValue)" }

  /// Sections this actor may open, in the navigation's order; signed-out visitors get home only.
  static func visible(to actor: Actor?) -> [NavigationSection] {
    guard let actor else { return [.home] }
    return allCases.filter {
      switch $0 {
      case .team: actor.hasReports
      case .admin: Policy.allows(actor, .manageAccounts)
      case .insights: Policy.allows(actor, .viewOrganizationMetrics)
      default: true
      }
    }
  }
}

/// The header's navigation: the everyday sections in the bar, the rest under "More" (the people
/// team's tools in a group of their own). On a phone all of it sits behind one "Menu" button.
/// Both menus are `details` elements, so they work without script.
enum Navigation {
  struct Link {
    let label: String
    let path: String
    let current: Bool
  }

  struct Group {
    let heading: String?
    let links: [Link]
  }

  /// The people team's own pages, which belong to no section.
  static func tools(_ actor: Actor) -> [(label: String, path: String)] {
    var tools: [(label: String, path: String)] = []
    if Policy.allows(actor, .viewOrganizationMetrics) {
      tools += [("Insights", "/insights"), ("Mentoring figures", "/mentoring/metrics")]
    }
    if Policy.allows(actor, .manageGuides) {
      tools += [("Conversation guides", "/guides"), ("Goal templates", "/goal-templates")]
    }
    if Policy.allows(actor, .manageSuccession) { tools.append(("Succession", "/succession")) }
    if Policy.allows(actor, .manageRetention) { tools.append(("How long data is kept", "/retention")) }
    return tools
  }

  static func render(_ actor: Actor?, current: NavigationSection?, path: String) -> Node {
    let sections = NavigationSection.visible(to: actor)
    let tools = actor.map(tools) ?? []
    // On a tool's page the tool is current, not the section the page belongs to.
    let onTool = tools.contains { path == $0.path || path.hasPrefix($0.path + "/") }
    func link(_ section: NavigationSection) -> Link {
      Link(label: section.label, path: section.path, current: !onTool && section == current)
    }
    let bar = sections.filter { ![.celebrations, .communities, .insights, .admin].contains($0) }.map(link)
    let more = [
      Group(heading: nil, links: sections.filter { [.celebrations, .communities].contains($0) }.map(link)),
      Group(
        heading: "People team",
        links: tools.map { tool in
          Link(
            label: tool.label, path: tool.path,
            current: path == tool.path || path.hasPrefix(tool.path + "/")
              || (tool.path == "/insights" && current == .insights))
        }),
      Group(heading: nil, links: sections.filter { $0 == .admin }.map(link)),
    ].filter { !$0.links.isEmpty }
    // A single link needs no menu button on a phone.
    let phoneMenu = bar.count + more.count > 1
    return .nav(.aria("label", "Main")) {
      Node.ul(.class(phoneMenu ? "nav-links nav-bar" : "nav-links")) {
        for item in bar { Node.li { anchor(item) } }
        if !more.isEmpty {
          Node.li {
            Node.details(.class("menu more")) {
              Node.summary(.class(more.contains { $0.links.contains(where: \.current) } ? "current" : "")) {
                "More"
              }
              groups(more)
            }
          }
        }
      }
      if phoneMenu {
        Node.details(.class("menu nav-menu")) {
          Node.summary { "Menu" }
          groups([Group(heading: nil, links: bar)] + more)
        }
      }
    }
  }

  static func anchor(_ link: Link) -> Node {
    link.current
      ? .a(.href(link.path), .aria("current", "page")) { Node.text(link.label) }
      : .a(.href(link.path)) { Node.text(link.label) }
  }

  static func groups(_ groups: [Group]) -> Node {
    .ul(.class("menu-items")) {
      for group in groups {
        if let heading = group.heading {
          Node.li(.class("menu-group")) {
            Node.span(.class("menu-heading")) { Node.text(heading) }
            Node.ul { for link in group.links { Node.li { anchor(link) } } }
          }
        } else {
          for link in group.links { Node.li { anchor(link) } }
        }
      }
    }
  }
}
