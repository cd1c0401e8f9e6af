import HTML
import Trellis

/// Previous and next links under a paged list, with where the reader is in it: a list never
/// stops without saying there is more.
enum Pager {
  /// `link` makes the address of the page starting at an offset.
  static func nav<Item>(_ page: Trellis.Page<Item>, link: (Int) -> String) -> Node {
    .nav(.class("pager"), .aria("label", "Pages")) {
      if page.offset > 0 {
        Node.a(.href(link(max(page.offset - page.limit, 0))), .rel("prev")) { "Previous" }
      }
      if page.total > page.items.count {
        Node.span(.class("muted")) {
          Node.text("\(page.offset + 1)–\(page.offset + page.items.count) of \(page.total)")
        }
      }
      if page.offset + page.items.count < page.total {
        Node.a(.href(link(page.offset + page.limit)), .rel("next")) { "Next" }
      }
    }
  }
}
