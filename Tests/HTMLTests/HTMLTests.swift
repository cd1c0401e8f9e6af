import HTML
import Testing

@Suite("HTML builder")
struct HTMLTests {
  @Test func escapesTextAndAttributes() {
    let hostile = #"<script>alert("x") & 'y'</script>"#
    let html = Node.p(.title(hostile), .class("a\"b")) { Node.text(hostile) }.render()
    #expect(
      html
        == #"<p title="&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;" class="a&quot;b">&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;</p>"#
    )
    #expect(!html.contains("<script>"))
  }

  @Test func stringLiteralsAndInterpolationAreText() {
    let name = "Ana & <Bo>"
    #expect(Node.span { "Hello \(name)" }.render() == "<span>Hello Ana &amp; &lt;Bo&gt;</span>")
  }

  @Test func rawIsTheOnlyUnescapedPath() {
    #expect(Node.div { Node.raw("<em>kept</em>") }.render() == "<div><em>kept</em></div>")
    #expect("<em>".htmlEscaped == "&lt;em&gt;")
  }

  @Test func leavesSafeTextAndUnicodeAlone() {
    #expect(Node.text("Café 🌱 plan — 5 > 3").render() == "Café 🌱 plan — 5 &gt; 3")
    #expect(Node.text("").render() == "")
    #expect(Node.text("Café 🌱 plan — nothing to escape").render() == "Café 🌱 plan — nothing to escape")
    #expect(Node.text("ends in &").render() == "ends in &amp;" && Node.text("'").render() == "&#39;")
  }

  @Test func voidElementsAndFlags() {
    #expect(
      Node.input(.type("checkbox"), .name("done"), .flag("checked"), .flag("disabled", false)).render()
        == #"<input type="checkbox" name="done" checked>"#)
    #expect(Node.br.render() == "<br>")
    #expect(
      Node.textarea(.name("note"), text: "</textarea><b>").render()
        == #"<textarea name="note">&lt;/textarea&gt;&lt;b&gt;</textarea>"#)
  }

  @Test func builderSupportsControlFlow() {
    let items = ["one", "two"]
    let showFooter = false
    let missing: Node? = nil
    let html = Node.ul {
      for item in items { Node.li { Node.text(item) } }
      if showFooter { Node.li { "footer" } } else { Node.li { "no footer" } }
      missing
    }.render()
    #expect(html == "<ul><li>one</li><li>two</li><li>no footer</li></ul>")
  }

  @Test func documentsStartWithADoctype() {
    #expect(
      String(decoding: Node.html(.lang("en")) { Node.body {} }.renderDocument(), as: UTF8.self)
        == "<!DOCTYPE html>\n<html lang=\"en\"><body></body></html>")
  }
}
