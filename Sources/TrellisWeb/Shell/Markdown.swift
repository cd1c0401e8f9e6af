import CCmark
import HTML

#if canImport(Glibc)
  import Glibc
#endif

/// CommonMark to HTML with cmark's safe default: raw HTML and `javascript:` links are dropped,
/// so the result may go out through `Node.raw`.
enum Markdown {
  static func render(_ text: String) -> Node {
    guard let html = cmark_markdown_to_html(text, text.utf8.count, CMARK_OPT_DEFAULT) else {
      return .text(text)
    }
    defer { free(html) }
    return .raw(String(cString: html))
  }
}
