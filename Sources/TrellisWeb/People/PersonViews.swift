import HTML
import Trellis

/// How a person appears in lists and cards.
enum PersonViews {
  /// Avatar, linked name and title.
  static func chip(_ person: Person) -> Node {
    .div(.class("person-chip")) {
      Node.span(.class("avatar"), .aria("hidden", "true")) { Node.text(person.initials) }
      Node.span(.class("person-text")) {
        Node.a(.href("/people/\(person.id)")) { Node.text(person.displayName) }
        if !person.jobTitle.isEmpty { Node.span(.class("muted")) { Node.text(person.jobTitle) } }
      }
    }
  }
}
