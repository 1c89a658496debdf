import Foundation
import Testing
@testable import Analysis

/// Runs the built `qsp-audit-node` (found next to the test bundle in `.build/<config>/`), skipping when absent.
enum AuditCLI {
    static let binary: String? = {
        var directory = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("qsp-audit-node").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory.deleteLastPathComponent()
        }
        let fallback = "\(TestSupport.repositoryRoot)/.build/debug/qsp-audit-node"
        return FileManager.default.isExecutableFile(atPath: fallback) ? fallback : nil
    }()

    static func run(_ arguments: [String], timeout: Duration = .seconds(120)) async throws -> ProcessOutcome {
        let binary = try #require(binary)
        return await ProcessRunner.run(
            ProcessSpec(executable: binary, arguments: ["audit"] + arguments),
            limits: ResourceLimits(timeout: timeout, gracePeriod: .seconds(1), maxOutputBytes: 32 << 20)
        )
    }

    static var vulnerable: String { "\(TestSupport.contracts)/Vulnerable.sol" }
}

@Suite("qsp-audit-node audit (built binary)", .enabled(if: AuditCLI.binary != nil, "qsp-audit-node is not built: run swift build first"))
struct AuditCLITests {
    @Test func oneFilePrintsOneSchemaValidReport() async throws {
        let outcome = try await AuditCLI.run([AuditCLI.vulnerable])
        #expect(outcome.termination == .exited(0), "\(outcome.stderrText)")
        let object = try #require(try JSONSerialization.jsonObject(with: outcome.stdout) as? [String: Any])
        #expect(object["status"] as? String == "success")
        #expect(object["contract_uri"] as? String == AuditCLI.vulnerable)
        #expect(outcome.stderrText.isEmpty)  // no progress for a single file
    }

    @Test func directoryIsScannedRecursivelyAndPrintsAnArrayWithProgress() async throws {
        let directory = TestSupport.temporaryDirectory()
        try FileManager.default.createDirectory(atPath: "\(directory)/nested/deeper", withIntermediateDirectories: true)
        try "contract A {}".write(toFile: "\(directory)/A.sol", atomically: true, encoding: .utf8)
        try "contract B {}".write(toFile: "\(directory)/nested/deeper/B.sol", atomically: true, encoding: .utf8)
        try "not a contract".write(toFile: "\(directory)/notes.txt", atomically: true, encoding: .utf8)
        let outcome = try await AuditCLI.run([directory])
        #expect(outcome.termination == .exited(0), "\(outcome.stderrText)")
        let array = try #require(try JSONSerialization.jsonObject(with: outcome.stdout) as? [[String: Any]])
        #expect(array.count == 2)
        #expect(outcome.stderrText.contains("[1/2]") && outcome.stderrText.contains("[2/2]"))
        #expect(outcome.stderrText.contains("nested/deeper/B.sol"))
    }

    @Test func failOnGivesANonZeroExitWhenFindingsReachTheThreshold() async throws {
        let failing = try await AuditCLI.run([AuditCLI.vulnerable, "--fail-on", "high", "--format", "text"])
        #expect(failing.termination == .exited(1))
        let clean = TestSupport.temporaryDirectory() + "/Clean.sol"
        try "pragma solidity ^0.8.0;\ncontract Clean { uint256 public x; }\n".write(toFile: clean, atomically: true, encoding: .utf8)
        let passing = try await AuditCLI.run([clean, "--fail-on", "high"])
        #expect(passing.termination == .exited(0), "\(passing.stdoutText)")
    }

    @Test func sarifAndTextFormats() async throws {
        let sarif = try await AuditCLI.run([AuditCLI.vulnerable, "--format", "sarif"])
        let object = try #require(try JSONSerialization.jsonObject(with: sarif.stdout) as? [String: Any])
        #expect(object["version"] as? String == "2.1.0")
        let text = try await AuditCLI.run([AuditCLI.vulnerable, "--format", "text"])
        #expect(text.stdoutText.contains("Vulnerable.sol"))
        #expect(!text.stdoutText.contains("\u{1B}["))  // no colour when not a terminal
    }

    @Test func outputDirectoryReceivesTheFiles() async throws {
        let directory = TestSupport.temporaryDirectory() + "/out"
        let outcome = try await AuditCLI.run([AuditCLI.vulnerable, "--output", directory])
        #expect(outcome.termination == .exited(0))
        #expect(outcome.stdout.isEmpty)
        #expect(FileManager.default.fileExists(atPath: "\(directory)/Vulnerable.sol.report.json"))
    }

    @Test func wrapperAnalyzerAndTimeoutOptions() async throws {
        let outcome = try await AuditCLI.run([AuditCLI.vulnerable, "--analyzers", "builtin,grep-patterns", "--timeout", "30"])
        #expect(outcome.termination == .exited(0), "\(outcome.stderrText)")
        let object = try #require(try JSONSerialization.jsonObject(with: outcome.stdout) as? [String: Any])
        let names = (object["analyzers_reports"] as? [[String: Any]])?.compactMap { ($0["analyzer"] as? [String: Any])?["name"] as? String }
        #expect(names == ["builtin", "grep-patterns"])
    }

    @Test(arguments: [
        (["/nonexistent/Missing.sol"], "no such file"),
        (["BINARY"], "not a Solidity source"),
        (["HUGE"], "50.0 MB"),
        (["VULNERABLE", "--analyzers", "nonesuch"], "unknown analyzer 'nonesuch'"),
        (["VULNERABLE", "--format", "yaml"], "--format must be"),
        (["VULNERABLE", "--fail-on", "severe"], "--fail-on must be"),
        (["--address", "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf"], "--address needs --rpc"),
        ([String](), "no contract given"),
    ])
    func badInputGivesOneClearErrorLine(arguments: [String], message: String) async throws {
        let directory = TestSupport.temporaryDirectory()
        let binary = "\(directory)/blob.sol"
        _ = FileManager.default.createFile(atPath: binary, contents: Data((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7) }))
        let huge = "\(directory)/huge.sol"
        _ = FileManager.default.createFile(atPath: huge, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: huge))
        try handle.truncate(atOffset: 50 * 1024 * 1024)
        try handle.close()
        let resolved = arguments.map { ["BINARY": binary, "HUGE": huge, "VULNERABLE": AuditCLI.vulnerable][$0] ?? $0 }
        let outcome = try await AuditCLI.run(resolved)
        #expect(outcome.termination == .exited(2))
        let lines = outcome.stderrText.split(separator: "\n")
        #expect(lines.count == 1, "\(outcome.stderrText)")
        #expect(lines.first?.hasPrefix("error: ") == true)
        #expect(outcome.stderrText.contains(message), "\(outcome.stderrText)")
        #expect(outcome.stdout.isEmpty)
    }
}

@Suite("audit command runner (in-process)")
struct AuditCommandRunnerTests {
    @Test func addressModeUsesTheFetcherAndBytecodeAnalyzers() async throws {
        let options = AuditCommandOptions(paths: [], analyzers: ["builtin"], address: "0xabc", rpcURL: "http://127.0.0.1:1", version: "2.1.0")
        let runner = AuditCommandRunner(options: options, fetchCode: { _, _ in Data([0x33, 0xFF]) })
        let result = try await runner.run()
        // builtin is a source analyzer: the bytecode audit has no analyzer and is an error report.
        #expect(result.exitCode == 3)
        #expect(result.outcomes.first?.report.compilationErrors?.first?.contains("no bytecode analyzer") == true)
    }

    @Test func addressWithoutCodeIsAClearError() async throws {
        let options = AuditCommandOptions(paths: [], analyzers: ["builtin"], address: "0xabc", rpcURL: "http://x", version: "2.1.0")
        let runner = AuditCommandRunner(options: options, fetchCode: { _, _ in Data() })
        await #expect(throws: AnalysisError(.invalidInput, "")) { try await runner.run() }
    }

    @Test func severityNames() throws {
        #expect(try AuditCommandOptions.severity("HIGH") == .high)
        #expect(try AuditCommandOptions.severity("informational") == .info)
        #expect(throws: AnalysisError(.invalidInput, "")) { try AuditCommandOptions.severity("nope") }
        #expect(AuditCommandOptions.analyzerList("builtin, semgrep,mythril") == ["builtin", "semgrep", "mythril"])
    }
}

@Suite(
    "qsp-audit-node audit --address (built binary, real mythril, fake JSON-RPC)",
    .enabled(if: AuditCLI.binary != nil && ExternalTools.mythril != nil, "needs the built qsp-audit-node and .venv-mythril")
)
struct AuditAddressCLITests {
    @Test func deployedBytecodeIsFetchedAndAnalyzedByMythril() async throws {
        let port = try MotoServer.freePort()
        let code = "0x" + MythrilTests.bytecode.map { String(format: "%02x", $0) }.joined()
        let server = Task {
            await ProcessRunner.run(
                ProcessSpec(executable: MotoServer.python, arguments: ["\(TestSupport.fixtures)/rpc/fake_rpc.py", "\(port)", code]),
                limits: ResourceLimits(timeout: .seconds(120), gracePeriod: .milliseconds(500), maxOutputBytes: 1 << 20)
            )
        }
        defer { server.cancel() }
        // Up to 30 s for the fake node to listen: python starts slowly on a loaded machine.
        for _ in 0..<300 where !MotoServer.accepts(port: port) { try await Task.sleep(for: .milliseconds(100)) }
        let outcome = try await AuditCLI.run([
            "--address", "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf", "--rpc", "http://127.0.0.1:\(port)", "--timeout", "60",
        ])
        server.cancel()
        _ = await server.value
        #expect(outcome.termination == .exited(0), "\(outcome.stderrText)")
        let object = try #require(try JSONSerialization.jsonObject(with: outcome.stdout) as? [String: Any])
        let reports = try #require(object["analyzers_reports"] as? [[String: Any]])
        #expect((reports.first?["analyzer"] as? [String: Any])?["name"] as? String == "mythril")
        let types = (reports.first?["potential_vulnerabilities"] as? [[String: Any]] ?? []).compactMap { $0["type"] as? String }
        #expect(types.contains("unprotected_self_destruct"))
        #expect(object["contract_uri"] as? String == "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf")
    }

    @Test func unreachableRPCIsOneClearError() async throws {
        let port = try MotoServer.freePort()
        let outcome = try await AuditCLI.run(["--address", "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf", "--rpc", "http://127.0.0.1:\(port)"])
        #expect(outcome.termination == .exited(2))
        #expect(outcome.stderrText.hasPrefix("error: could not read the code of 0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf"), "\(outcome.stderrText)")
        #expect(outcome.stderrText.split(separator: "\n").count == 1)
    }
}
