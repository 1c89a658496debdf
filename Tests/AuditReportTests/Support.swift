import Foundation
import Subprocess
import Testing

@testable import AuditReport

#if canImport(System)
import System
#else
import SystemPackage  // FilePath, which swift-subprocess takes (a dependency of swift-subprocess)
#endif

/// The reference's sample reports and contracts, read in place from the repository's `examples/` folder.
enum Fixtures {
    static let root = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent()  // Tests/AuditReportTests
        .deletingLastPathComponent()  // Tests
        .deletingLastPathComponent()  // repository root
        .appendingPathComponent("examples")

    static let reportNames = [
        "BasicToken", "BasicTokenErrorWithMetadata", "DAOBug", "DAOBugIncomplete", "DAOBugMythrilOnly",
        "DAOBugWithBadProperty", "DappBinWallet", "DockerhubFail", "DockerhubFailAllAnalyzers", "Empty", "kyber",
    ]

    static func reportURL(_ name: String) -> URL {
        root.appendingPathComponent("reports/\(name).json")
    }

    static func reportData(_ name: String) throws -> Data {
        try Data(contentsOf: reportURL(name))
    }

    static func report(_ name: String) throws -> Report {
        try ReportJSON.decode(reportData(name))
    }

    static func contract(_ name: String) throws -> Data {
        try Data(contentsOf: root.appendingPathComponent("contracts/\(name).sol"))
    }

    static func hex(_ data: Data) -> String { CodecTool.hex(data) }

    static func bytes(_ hex: String) -> Data { try! CompressedReportCodec.parseHex(hex) }

    static let daoBugHash = "dc996a1c50b01ea3ec370a45ce43394f22bc0dfda4dd43990cedcdc505e593bf"

    /// A report with one analyzer whose findings are `(type, start, end)`.
    static func report(
        version: String? = "2.0.4", auditState: Int? = 4, status: String = "success",
        hash: String? = daoBugHash, findings: [(String, Int?, Int?)]
    ) -> Report {
        Report(
            contractHash: hash, version: version, auditState: auditState, status: status,
            analyzersReports: [
                AnalyzerReport(
                    status: "success", analyzer: AnalyzerDescription(name: "test"),
                    potentialVulnerabilities: findings.enumerated().map { i, f in
                        PotentialVulnerability(
                            type: f.0, file: "A.sol", instances: [VulnerabilityInstance(refID: i, startLine: f.1, endLine: f.2)])
                    })
            ])
    }
}

/// Why a helper process could not be run to completion (not a failure of the code under test).
struct ChildProcessError: Error, CustomStringConvertible {
    let description: String
}

/// Runs a child process with swift-subprocess: fully asynchronous (no `waitUntilExit` or blocking pipe reads on
/// the cooperative threads the whole parallel test run shares), a clean signal mask in the child, and a deadline
/// after which the child is terminated (SIGTERM, then SIGKILL) so a wedged tool cannot hang the test run.
enum ChildProcess {
    struct Result: Sendable {
        /// The exit code, or 128 + the signal number when the child was killed by a signal.
        let status: Int32
        let stdout: String
        let stderr: String
    }

    /// Most bytes collected per stream; the tools used here print far less.
    static let outputLimit = 16 << 20

    static func run(_ executable: String, arguments: [String], deadline: Duration = .seconds(120)) async throws -> Result {
        try await withThrowingTaskGroup(of: Result?.self) { group in
            group.addTask {
                let result = try await Subprocess.run(
                    .path(FilePath(executable)), arguments: Arguments(arguments), environment: .inherit,
                    output: .string(limit: outputLimit), error: .string(limit: outputLimit)
                )
                let status: Int32
                switch result.terminationStatus {
                case .exited(let code): status = code
                case .signaled(let signal): status = 128 + signal
                }
                return Result(status: status, stdout: result.standardOutput, stderr: result.standardError)
            }
            group.addTask {
                try await Task.sleep(for: deadline)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let result = first else {
                throw ChildProcessError(description: "\(executable) \(arguments.prefix(1)) did not finish within \(deadline); it was terminated")
            }
            return result
        }
    }
}

/// Runs python3 scripts for cross-checks; tests skip when python3 or a module is missing.
enum Python {
    typealias Result = ChildProcess.Result

    static func run(_ script: String, arguments: [String] = []) async throws -> Result {
        try await ChildProcess.run("/usr/bin/env", arguments: ["python3", "-c", script] + arguments)
    }

    /// True when `python3 -c "import <modules>"` works.
    static func has(_ modules: String) async -> Bool {
        (try? await run("import \(modules)"))?.status == 0
    }

    static func writeTemp(_ data: Data, suffix: String = ".json") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("auditreport-\(UUID().uuidString)\(suffix)")
        try data.write(to: url)
        return url
    }
}
