import HTML
import HTTP
import Trellis

/// Previous and next links under a paged list, with where the reader is in it: a list never
/// stops without saying there is more.
enum Pager {
  /// `link` makes the address of the page starting at an offset.
  /// `label` names the pager's landmark; several lists on one page each need their own.
  static func nav<Item>(_ page: Trellis.Page<Item>, label: String = "Pages", link: (Int) -> String) -> Node {
    .nav(.class("pager"), .aria("label", label)) {
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

  /// The pager of one of several lists on a page, each paged by a query argument named after
  /// it (`offsets`, in page order): the other lists stay where the reader left them.
  static func nav<Item>(_ page: Trellis.Page<Item>, list: String, on path: String, offsets: [(String, Int)])
    -> Node
  {
    nav(page, label: "Pages of the \(list) list") { offset in
      let query = offsets.compactMap { name, current -> String? in
        let value = name == list ? offset : current
        return value == 0 ? nil : "\(name)=\(value)"
      }
      return path + (query.isEmpty ? "" : "?" + query.joined(separator: "&")) + "#\(list)"
    }
  }

  /// The offsets of several lists on one page, each from the query argument named after it.
  static func offsets<List: RawRepresentable & CaseIterable & Hashable>(_ request: Request, of: List.Type)
    throws -> [List: Int] where List.RawValue == String
  {
    var offsets: [List: Int] = [:]
    for list in List.allCases {
      offsets[list] = try request.integerQuery(list.rawValue, in: 0...Int(Int32.max))
    }
    return offsets
  }
}
