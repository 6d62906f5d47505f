// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "tierledger",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "tierledger", targets: ["tierledger"]),
        .library(name: "Ledger", targets: ["Ledger"]),
        .library(name: "LedgerCrypto", targets: ["LedgerCrypto"]),
        .library(name: "Governance", targets: ["Governance"]),
        // What a vendor's product embeds to check license certificates offline.
        .library(name: "Licensing", targets: ["Licensing"]),
        // The report renderers, for the fuzz package (Fuzz/) as much as for embedding.
        .library(name: "Reports", targets: ["Reports"]),
        .library(name: "Privacy", targets: ["Privacy"]),
        // The PostgreSQL store, for ledgers written from many machines.
        .library(name: "PostgresStore", targets: ["PostgresStore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        // `tierledger serve`: Hummingbird without its optional swift-configuration support (traits: []).
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        // Hummingbird's own field types, named directly by the portal (Set-Cookie, security headers).
        .package(url: "https://github.com/apple/swift-http-types", from: "1.8.0"),
    ],
    targets: [
        // The system OpenSSL (libcrypto). Only LedgerCrypto imports it.
        .systemLibrary(
            name: "COpenSSL",
            pkgConfig: "openssl",
            providers: [.apt(["libssl-dev"])]
        ),
        .target(name: "LedgerCrypto", dependencies: ["COpenSSL"]),
        .target(name: "Ledger", dependencies: ["LedgerCrypto"]),
        .target(name: "Governance", dependencies: ["Ledger", "LedgerCrypto", .product(name: "Yams", package: "Yams")]),
        // License certificates and their offline check: the ledger's codec and Merkle maths, nothing more.
        .target(name: "Licensing", dependencies: ["Ledger", "LedgerCrypto"]),
        // A LedgerStore in PostgreSQL (docs/format.md §12): writers on many machines, serialised by the database.
        .target(name: "PostgresStore", dependencies: ["Ledger", "LedgerCrypto", .product(name: "PostgresNIO", package: "postgres-nio")]),
        // The governed ledger for front ends: governance state kept in memory and caught up incrementally.
        .target(name: "GovernanceService", dependencies: ["Governance", "Licensing", "Ledger", "LedgerCrypto"]),
        // Change logs, audit summaries and health findings, rendered as JSON, Markdown, CSV and HTML.
        .target(name: "Reports", dependencies: ["Governance", "Ledger", "LedgerCrypto"]),
        // Personal data: sealed fields, the key store beside the ledger, erasure and export.
        .target(name: "Privacy", dependencies: ["Governance", "Ledger", "LedgerCrypto"]),
        // `tierledger sample generate`: a reproducible year of a license book, with demo keys.
        .target(name: "Samples", dependencies: ["Governance", "Ledger", "LedgerCrypto"]),
        // `tierledger serve`: the HTTP front end over the governance service (Hummingbird 2).
        .target(
            name: "Server",
            dependencies: [
                "GovernanceService",
                "Governance",
                // The portal offers reports for download and escapes its pages with the renderers' HTML text.
                "Reports",
                "Ledger",
                "LedgerCrypto",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOConcurrencyHelpers", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "tierledger",
            dependencies: [
                "Server",
                .product(name: "Logging", package: "swift-log"),
                "GovernanceService",
                "Licensing",
                "PostgresStore",
                "Privacy",
                "Reports",
                "Samples",
                "Governance",
                "Ledger",
                "LedgerCrypto",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Helpers shared by the test targets: temporary directories, processes, fixtures, ledgers.
        .target(name: "TestSupport", dependencies: ["Ledger", "LedgerCrypto"], path: "Tests/TestSupport"),
        // `make bench` and `make bench-count`: measurements against this machine's own limits (not run in CI).
        // BenchSupport holds what they share and the tests check: interleaved rounds, spreads, targets, the history.
        .target(name: "BenchSupport"),
        .executableTarget(
            name: "tierledger-bench",
            dependencies: [
                "BenchSupport",
                "Server",
                "GovernanceService",
                "Licensing",
                "PostgresStore",
                "Reports",
                "Governance",
                "Ledger",
                "LedgerCrypto",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "BenchSupportTests", dependencies: ["BenchSupport"]),
        .testTarget(name: "LedgerCryptoTests", dependencies: ["LedgerCrypto", "TestSupport"]),
        .testTarget(
            name: "LedgerTests",
            dependencies: ["Ledger", "LedgerCrypto", "PostgresStore", "TestSupport"],
            exclude: ["Fixtures"]
        ),
        .testTarget(name: "GovernanceTests", dependencies: ["GovernanceService", "Privacy", "Reports", "Samples", "Governance", "Ledger", "LedgerCrypto", "TestSupport", "tierledger"]),
        .testTarget(name: "ServerTests", dependencies: ["Server", "GovernanceService", "Governance", "Ledger", "LedgerCrypto", "TestSupport", "tierledger", .product(name: "Logging", package: "swift-log"), .product(name: "Yams", package: "Yams"), .product(name: "NIOCore", package: "swift-nio")]),
        .testTarget(
            name: "tierledgerTests",
            dependencies: ["tierledger", "Governance", "GovernanceService", "Ledger", "LedgerCrypto", "TestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
