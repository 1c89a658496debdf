// swift-tools-version: 6.1
import PackageDescription

// libFuzzer targets for the parsers that read hostile input. Built only by scripts/fuzz, with
//   swift build -c release --package-path fuzz --scratch-path .build-fuzz --product Fuzz<Target> \
//     -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -enable-testing
// Each target defines `LLVMFuzzerTestOneInput` and `<Target>_main`, the entry point SwiftPM gives Linux executables,
// which runs libFuzzer's driver (CFuzzerDriver) on it.
//
// Two ways to reach the code under test, chosen to keep the sanitized build small on a 2-core machine:
// - by product of the main package (path dependency): SolidityAnalyzer, AuditReport, EthereumAccounts
//   (`@testable import` for the keystore's internal KDF parser, hence -enable-testing);
// - by compiling the main package's source folder into the fuzzer through a symlink, for modules whose
//   dependencies are far bigger than the parser under test: EthereumRPC (the decoding files, without the
//   async-http-client/NIO transport) and AuditNode's Config folder (Foundation and Yams only, without GRDB,
//   Hummingbird and NIO). A new file there that needs the transport or the rest of the node goes into `exclude`.
let swiftSettings: [SwiftSetting] = [.swiftLanguageMode(.v6), .enableUpcomingFeature("ExistentialAny")]

let package = Package(
    name: "qsp-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "qsp-network-audit", path: ".."),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .target(name: "CFuzzerDriver"),
        .executableTarget(
            name: "FuzzSolidity",
            dependencies: ["CFuzzerDriver", .product(name: "SolidityAnalyzer", package: "qsp-network-audit")],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "FuzzCodec",
            dependencies: ["CFuzzerDriver", .product(name: "AuditReport", package: "qsp-network-audit")],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "FuzzKeystore",
            dependencies: ["CFuzzerDriver", .product(name: "EthereumAccounts", package: "qsp-network-audit")],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "FuzzRPC",
            dependencies: [
                "CFuzzerDriver", .product(name: "QSPCore", package: "qsp-network-audit"),
                .product(name: "Ethereum", package: "qsp-network-audit"),
            ],
            exclude: ["EthereumRPC/EthereumClient.swift", "EthereumRPC/HTTPExchange.swift", "EthereumRPC/JSONRPCClient.swift"],
            swiftSettings: swiftSettings),
        .executableTarget(
            name: "FuzzConfig",
            // EthereumAccounts: the Config folder's passphrase-file reader (issue 9, item 8) lives there.
            dependencies: [
                "CFuzzerDriver", .product(name: "Yams", package: "Yams"),
                .product(name: "EthereumAccounts", package: "qsp-network-audit"),
            ],
            swiftSettings: swiftSettings),
    ]
)
