/// Counted nouns in the pages' words: "1 match", "3 matches", never "match(es)".
enum Words {
  static func count(_ number: Int, _ singular: String, _ plural: String? = nil) -> String {
    "\(number) \(number == 1 ? singular : plural ?? singular + "s")"
  }
}
