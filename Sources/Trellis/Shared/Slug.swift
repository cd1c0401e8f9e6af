import Foundation

/// The short name a title gives in addresses and files: "Écoute active" is "ecoute-active".
public enum Slug {
  /// `otherwise` when the title holds no letter or digit; `asciiOnly` keeps only a-z and 0-9, as
  /// the framework's slugs must be.
  public static func make(_ title: String, otherwise: String, asciiOnly: Bool = false) -> String {
    let folded = title.folding(
      options: [.diacriticInsensitive, .caseInsensitive], locale: Locale(identifier: "en"))
    let words = folded.lowercased().split(whereSeparator: {
      !($0.isLetter || $0.isNumber) || (asciiOnly && !$0.isASCII)
    })
    return words.isEmpty ? otherwise : words.joined(separator: "-")
  }

  /// `slug`, or `slug-2`, `slug-3`... whichever `taken` does not hold.
  public static func unique(_ slug: String, taken: Set<String>) -> String {
    guard taken.contains(slug) else { return slug }
    var suffix = 2
    while taken.contains("\(slug)-\(suffix)") { suffix += 1 }
    return "\(slug)-\(suffix)"
  }
}
