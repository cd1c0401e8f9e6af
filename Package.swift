// swift-tools-version:6.1
import PackageDescription

// No outside Swift packages: the toolchain plus Debian's C libraries.

/// HTML offers its generic builders to the modules that use them, so a page's are specialized,
/// not looked up at run time. (SQL marks `Row.decode` inlinable instead: this optimization
/// crashes the compiler on its parameter packs.)
let crossModule: [SwiftSetting] = [
  .unsafeFlags(["-cross-module-optimization"], .when(configuration: .release))
]

let package = Package(
  name: "Trellis",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "trellis", targets: ["trellis"])
  ],
  targets: [
    .systemLibrary(
      name: "CMicroHTTPD", pkgConfig: "libmicrohttpd", providers: [.apt(["libmicrohttpd-dev"])]),
    .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
    .systemLibrary(name: "CLibPQ", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
    .systemLibrary(name: "CCmark", pkgConfig: "libcmark", providers: [.apt(["libcmark-dev"])]),
    .systemLibrary(
      name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
    .systemLibrary(name: "CYAML", pkgConfig: "yaml-0.1", providers: [.apt(["libyaml-dev"])]),
    .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
    .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
    .systemLibrary(name: "CMalloc"),
    .systemLibrary(
      name: "CXMLSec", pkgConfig: "xmlsec1-openssl", providers: [.apt(["libxmlsec1-dev", "zlib1g-dev"])]),

    .target(name: "HTTP", dependencies: ["CMicroHTTPD"]),
    .target(name: "SQL", dependencies: ["CSQLite", "CLibPQ"]),
    .target(name: "HTML", swiftSettings: crossModule),
    .target(name: "YAML", dependencies: ["CYAML"]),
    .target(name: "Outbound", dependencies: ["CCurl"]),
    // JSON Web Tokens and keys, verified with OpenSSL's libcrypto (OpenID Connect).
    .target(name: "JOSE", dependencies: ["CCrypto"]),
    // SAML 2.0 messages, parsed with libxml2 and their signatures verified with libxmlsec1.
    .target(name: "SAML", dependencies: ["CXMLSec"]),
    .target(name: "Trellis", dependencies: ["SQL", "YAML", "CSodium", "CCrypto", "JOSE", "SAML"]),
    .target(
      name: "TrellisWeb",
      dependencies: ["Trellis", "HTTP", "HTML", "SQL", "CCmark"],
      exclude: ["Assets"],
      plugins: ["EmbedAssetsPlugin"]),
    .executableTarget(
      name: "trellis", dependencies: ["TrellisWeb", "Trellis", "HTTP", "SQL", "Outbound", "CMalloc"]),
    // The load benchmark's organization of 10,000 people (bench/dashboards).
    .executableTarget(name: "bench-seed", dependencies: ["Trellis", "SQL"], path: "bench/Seed"),

    // Static assets are compiled into the binary by this build-tool plugin.
    .executableTarget(name: "EmbedAssets", path: "Plugins/EmbedAssets"),
    .plugin(
      name: "EmbedAssetsPlugin", capability: .buildTool(), dependencies: ["EmbedAssets"],
      path: "Plugins/EmbedAssetsPlugin"),

    .target(name: "TestSupport", dependencies: ["HTTP", "SQL"], path: "Tests/TestSupport"),
    .testTarget(name: "HTTPTests", dependencies: ["HTTP", "TestSupport"]),
    .testTarget(name: "SQLTests", dependencies: ["SQL", "TestSupport"]),
    .testTarget(name: "HTMLTests", dependencies: ["HTML"]),
    .testTarget(name: "YAMLTests", dependencies: ["YAML"]),
    .testTarget(name: "JOSETests", dependencies: ["JOSE", "CCrypto"]),
    .testTarget(name: "SAMLTests", dependencies: ["SAML", "CXMLSec"]),
    .testTarget(name: "TrellisTests", dependencies: ["Trellis", "SQL", "TestSupport"]),
    .testTarget(
      name: "TrellisWebTests", dependencies: ["TrellisWeb", "Trellis", "HTTP", "SQL", "TestSupport"]),
  ]
)
