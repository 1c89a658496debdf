// swift-tools-version: 6.1
import PackageDescription

// Upcoming features enabled everywhere (see Hummingbird's Package.swift for the same idea):
// SE-0335 ExistentialAny makes existential costs visible at the use site.
let swiftSettings: [SwiftSetting] = [
    .swiftLanguageMode(.v6),
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "qsp-network-audit",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "qsp-audit-node", targets: ["QSPAuditNode"]),
        .executable(name: "qsp-bench", targets: ["QSPBench"]),
        .library(name: "QSPCore", targets: ["QSPCore"]),
        .library(name: "Ethereum", targets: ["Ethereum"]),
        .library(name: "EthereumAccounts", targets: ["EthereumAccounts"]),
        .library(name: "EthereumRPC", targets: ["EthereumRPC"]),
        .library(name: "AuditReport", targets: ["AuditReport"]),
        .library(name: "Analysis", targets: ["Analysis"]),
        .library(name: "SolidityAnalyzer", targets: ["SolidityAnalyzer"]),
        .library(name: "AuditNode", targets: ["AuditNode"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "4.5.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.3"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.2"),
    ],
    targets: [
        // MARK: Ethereum layer
        .systemLibrary(
            name: "CSecp256k1",
            pkgConfig: "libsecp256k1",
            providers: [.apt(["libsecp256k1-dev"])]
        ),
        // The shared vocabulary (no dependencies): hex, severity, confidence, DASP category.
        .target(name: "QSPCore", swiftSettings: swiftSettings),
        .target(name: "Ethereum", dependencies: ["QSPCore"], swiftSettings: swiftSettings),
        .target(
            name: "EthereumAccounts",
            dependencies: [
                "Ethereum",
                "CSecp256k1",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "EthereumRPC",
            dependencies: [
                "QSPCore",
                "Ethereum",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: Reports and analysis
        .target(
            name: "AuditReport",
            dependencies: ["QSPCore", .product(name: "Crypto", package: "swift-crypto")],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        .target(name: "SolidityAnalyzer", dependencies: ["QSPCore"], swiftSettings: swiftSettings),
        .target(
            name: "Analysis",
            dependencies: [
                "QSPCore",
                "AuditReport",
                "SolidityAnalyzer",
                "Ethereum",
                .product(name: "Subprocess", package: "swift-subprocess"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Resources")],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "ReportUpload",
            dependencies: [
                "Ethereum",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: The node
        .target(
            name: "AuditNode",
            dependencies: [
                "Ethereum",
                "EthereumAccounts",
                "EthereumRPC",
                "AuditReport",
                "Analysis",
                "ReportUpload",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "QSPAuditNode",
            dependencies: [
                "Ethereum",
                "EthereumAccounts",
                "EthereumRPC",
                "AuditReport",
                "Analysis",
                "ReportUpload",
                "AuditNode",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(
            name: "QSPBench",
            dependencies: ["QSPCore", "Ethereum", "EthereumAccounts", "CSecp256k1", "SolidityAnalyzer", "AuditReport"],
            swiftSettings: swiftSettings
        ),

        // MARK: Tests
        .testTarget(name: "QSPCoreTests", dependencies: ["QSPCore"], swiftSettings: swiftSettings),
        .testTarget(
            name: "EthereumTests",
            dependencies: ["Ethereum"],
            resources: [.copy("Vectors")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EthereumAccountsTests",
            dependencies: ["EthereumAccounts"],
            resources: [.copy("Vectors")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "EthereumRPCTests",
            dependencies: [
                "QSPCore",
                "Ethereum",
                "EthereumRPC",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AuditReportTests",
            dependencies: ["AuditReport", .product(name: "Subprocess", package: "swift-subprocess")],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "SolidityAnalyzerTests", dependencies: ["SolidityAnalyzer"], resources: [.copy("Corpus")], swiftSettings: swiftSettings),
        .testTarget(
            name: "AnalysisTests",
            dependencies: [
                "Analysis", "ReportUpload", "AuditReport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
            ],
            exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "AuditNodeTests",
            dependencies: [
                "AuditNode", "Ethereum", "EthereumAccounts", "ReportUpload",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "MetricsTestKit", package: "swift-metrics"),
                .product(name: "ServiceLifecycleTestKit", package: "swift-service-lifecycle"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "ChainIntegrationTests",
            dependencies: [
                "Ethereum", "EthereumAccounts", "EthereumRPC",
                .product(name: "Subprocess", package: "swift-subprocess"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "Ethereum", "EthereumAccounts", "EthereumRPC", "AuditNode", "AuditReport",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Subprocess", package: "swift-subprocess"),
            ],
            swiftSettings: swiftSettings
        ),
    ]
)
