// swift-tools-version:6.0
// libFuzzer targets for tierledger's parsers. Build and run them with `make fuzz` (see
// docs/reliability.md); they are built with -sanitize=fuzzer, which the main package never is.
import PackageDescription

let package = Package(
    name: "tierledger-fuzz",
    dependencies: [.package(name: "tierledger", path: "..")],
    targets: [
        .target(name: "CFuzzer"),
        .executableTarget(name: "fuzz-entry", dependencies: ["CFuzzer", .product(name: "Ledger", package: "tierledger")]),
        .executableTarget(name: "fuzz-note", dependencies: ["CFuzzer", .product(name: "Ledger", package: "tierledger"),
                                                            .product(name: "LedgerCrypto", package: "tierledger")]),
        .executableTarget(name: "fuzz-proof", dependencies: ["CFuzzer", .product(name: "Ledger", package: "tierledger")]),
        .executableTarget(name: "fuzz-policy", dependencies: ["CFuzzer", .product(name: "Governance", package: "tierledger")]),
        .executableTarget(name: "fuzz-usage", dependencies: ["CFuzzer", .product(name: "Governance", package: "tierledger")]),
        .executableTarget(name: "fuzz-render", dependencies: ["CFuzzer", .product(name: "Reports", package: "tierledger")]),
    ],
    swiftLanguageModes: [.v6]
)
