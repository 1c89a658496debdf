#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Testing
@testable import Analysis

/// Issue 9 items 1, 4, 5, 8, 9 through the built binary: hostile values are refused with one clear message and a
/// non-zero exit, never a trap (a trap shows up here as `.signaled`).
@Suite("hostile command-line input (built binary)", .enabled(if: AuditCLI.binary != nil, "qsp-audit-node is not built"))
struct HostileCLITests {
    static func run(_ arguments: [String], environment: [String: String] = [:], shell: String? = nil) async throws -> ProcessOutcome {
        let binary = try #require(AuditCLI.binary)
        var spec: ProcessSpec
        if let shell {
            spec = ProcessSpec(executable: "/bin/sh", arguments: ["-c", shell, binary], environment: environment)
        } else {
            spec = ProcessSpec(executable: binary, arguments: arguments, environment: environment)
        }
        spec.unsetEnvironment = []  // the CLI under test is given its passphrase on purpose
        return await ProcessRunner.run(spec, limits: ResourceLimits(timeout: .seconds(120), gracePeriod: .seconds(1)))
    }

    @Test func failedWritesToStandardOutputExitCleanly() async throws {
        let audit = try await Self.run([], shell: "exec \"$0\" audit '\(AuditCLI.vulnerable)' > /dev/full")
        #expect(audit.termination == .exited(74), "\(audit.termination) \(audit.stderrText.suffix(500))")
        #expect(audit.stderrText.contains("cannot write to standard output"))
        let dir = TestSupport.temporaryDirectory()
        let environment = ["QSP_ETH_PASSPHRASE": "pass-for-test"]
        let created = try await Self.run(["keystore", "new", "--output", "\(dir)/key.json", "--scrypt-n", "1024"], environment: environment)
        #expect(created.termination == .exited(0), "\(created.stderrText)")
        let inspect = try await Self.run([], environment: environment, shell: "exec \"$0\" keystore inspect '\(dir)/key.json' > /dev/full")
        #expect(inspect.termination == .exited(74), "\(inspect.termination) \(inspect.stderrText)")
        #expect(inspect.stderrText.contains("cannot write to standard output"))
    }

    @Test func timeoutValuesAreRefusedNotTrapped() async throws {
        for value in ["9223372036854775000", "-5", "0", "86401"] {
            let outcome = try await Self.run(["audit", "--timeout", value, AuditCLI.vulnerable])
            #expect(outcome.termination == .exited(2), "--timeout \(value): \(outcome.termination) \(outcome.stderrText.suffix(300))")
            #expect(outcome.stderrText.contains("--timeout must be"), "--timeout \(value): \(outcome.stderrText.suffix(300))")
        }
    }

    @Test func rpcURLWithABadPortIsRefused() async throws {
        for url in ["http://127.0.0.1:99999", "http://localhost:99999"] {
            let outcome = try await Self.run(["audit", "--address", "0x" + String(repeating: "1", count: 40), "--rpc", url])
            #expect(outcome.termination == .exited(2), "\(url): \(outcome.termination) \(outcome.stderrText.suffix(300))")
            #expect(outcome.stderrText.contains("65535"), "\(outcome.stderrText)")
        }
    }

    @Test func codecRefusesExtremeEndLinesAndFIFOs() async throws {
        let dir = TestSupport.temporaryDirectory()
        let sample = try String(contentsOfFile: "\(TestSupport.repositoryRoot)/examples/reports/DAOBug.json", encoding: .utf8)
        let startLine = try #require(sample.range(of: #""start_line": [0-9]+"#, options: .regularExpression))
        let report = sample.replacingCharacters(in: startLine, with: sample[startLine] + #", "end_line": -9223372036854775808"#)
        try report.write(toFile: "\(dir)/r.json", atomically: true, encoding: .utf8)
        let strict = try await Self.run(["codec", "encode", "\(dir)/r.json"])
        #expect(strict.termination == .exited(1), "\(strict.termination) \(strict.stderrText.suffix(300))")
        let sanitized = try await Self.run(["codec", "encode", "--sanitize", "\(dir)/r.json"])
        #expect(sanitized.termination == .exited(0), "\(sanitized.termination) \(sanitized.stderrText.suffix(300))")
        #expect(mkfifo("\(dir)/fifo", 0o600) == 0)
        let fifo = try await Self.run(["codec", "decode", "--file", "\(dir)/fifo"])
        #expect(fifo.termination == .exited(1) && fifo.stderrText.contains("not a regular file"), "\(fifo.stderrText)")
        let big = String(repeating: "00", count: 3 << 20)
        try big.write(toFile: "\(dir)/big.hex", atomically: true, encoding: .utf8)
        let bounded = try await Self.run(["codec", "decode", "--file", "\(dir)/big.hex"])
        #expect(bounded.termination == .exited(1), "\(bounded.termination)")
    }

    @Test func unusablePathsSayWhy() async throws {
        let dir = TestSupport.temporaryDirectory()
        #expect(symlink("\(dir)/loop-a", "\(dir)/loop-b") == 0 && symlink("\(dir)/loop-b", "\(dir)/loop-a") == 0)
        let loop = try await Self.run(["audit", "\(dir)/loop-a"])
        #expect(loop.termination == .exited(2) && loop.stderrText.contains("symlink loop"), "\(loop.stderrText)")
        guard getuid() != 0 else { return }  // root reads any directory
        try FileManager.default.createDirectory(atPath: "\(dir)/closed", withIntermediateDirectories: true)
        try "contract A {}".write(toFile: "\(dir)/closed/A.sol", atomically: true, encoding: .utf8)
        chmod("\(dir)/closed", 0)
        defer { chmod("\(dir)/closed", 0o755) }
        let closed = try await Self.run(["audit", "\(dir)/closed"])
        #expect(closed.termination == .exited(2) && closed.stderrText.contains("cannot read directory"), "\(closed.stderrText)")
    }
}

/// The daemon's isolation: analysis in an `analyze-worker` child. A crash or a hang costs the run, not the caller.
@Suite("analysis worker (built binary)", .enabled(if: AuditCLI.binary != nil, "qsp-audit-node is not built"))
struct IsolatedAnalyzerTests {
    func isolated(timeout: Int) throws -> (any Analyzer, ResourceLimits) {
        let config = AnalyzerConfig(name: "builtin", timeoutSeconds: timeout)
        let launcher = WorkerLauncher(executable: try #require(AuditCLI.binary))
        let analyzer = try #require(try AnalyzerFactory.makeIsolated([config], wrappersRoot: nil, launcher: launcher).first)
        return (analyzer, config.limits)
    }

    func input(_ source: String, dir: String) throws -> AnalysisInput {
        let path = "\(dir)/C.sol"
        try source.write(toFile: path, atomically: true, encoding: .utf8)
        return AnalysisInput(source: Data(source.utf8), contractPath: path, originalFileName: "C.sol")
    }

    @Test func aGoodContractIsAnalysedInTheChild() async throws {
        let (analyzer, limits) = try isolated(timeout: 60)
        let source = try String(contentsOfFile: AuditCLI.vulnerable, encoding: .utf8)
        let run = await analyzer.analyze(try input(source, dir: TestSupport.temporaryDirectory()), limits: limits)
        #expect(run.status == .success, "\(run.errors)")
        #expect(!run.findings.isEmpty)
        #expect(run.analyzer.name == "builtin")
    }

    @Test func aCrashingAnalysisBecomesAnErrorRun() async throws {
        let (analyzer, limits) = try isolated(timeout: 20)
        let source = "contract P { function f() public pure returns (uint x) { x = 2" + String(repeating: "**2", count: 30_000) + "; } }"
        let run = await analyzer.analyze(try input(source, dir: TestSupport.temporaryDirectory()), limits: limits)
        // Before the analyzer's own recursion fix this is a crash of the child; after it, a clean result. Either
        // way the caller (this test process) survives and gets a run.
        #expect(([.crashed, .error, .timeout, .outOfMemory, .success] as [AnalyzerStatus]).contains(run.status))
    }

    @Test func aHangingAnalysisIsStoppedAtItsTimeout() async throws {
        let (analyzer, limits) = try isolated(timeout: 2)
        let launcher = WorkerLauncher(executable: "/bin/sh", arguments: ["-c", "sleep 600", "worker"])
        let hanging = IsolatedAnalyzer(inner: analyzer, config: AnalyzerConfig(name: "builtin", timeoutSeconds: 2),
                                       wrappersRoot: nil, launcher: launcher)
        let start = ContinuousClock.now
        let run = await hanging.analyze(try input("contract A {}", dir: TestSupport.temporaryDirectory()), limits: limits)
        #expect(run.status == .timeout, "\(run.status) \(run.errors)")
        #expect(ContinuousClock.now - start < .seconds(60))
    }
}

/// Analyzers that already run their tool as a child process are not wrapped in a second one (issue 11: a worker
/// start costs ~20 ms of CPU per audit), and every analysis child — wrapped or not — runs without the daemon's secrets.
struct AnalysisProcessPolicyTests {
    @Test func onlyInProcessAnalyzersGetAWorker() throws {
        let root = TestSupport.temporaryDirectory()
        let wrapper = "\(root)/instant"
        try FileManager.default.createDirectory(atPath: wrapper, withIntermediateDirectories: true)
        try "#!/bin/sh\necho '{\"status\": \"success\"}'\n".write(toFile: "\(wrapper)/run", atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: "\(wrapper)/run")
        let analyzers = try AnalyzerFactory.makeIsolated(
            [AnalyzerConfig(name: "builtin", timeoutSeconds: 10), AnalyzerConfig(name: "instant", timeoutSeconds: 10)],
            wrappersRoot: root, launcher: WorkerLauncher(executable: "/bin/false"))
        #expect(analyzers[0] is IsolatedAnalyzer, "the built-in analyzer parses hostile source in process: it needs a worker")
        #expect(analyzers[1] is WrapperPluginAnalyzer, "a wrapper is a child process already")
        #expect(analyzers[1].analyzesInChildProcess && !analyzers[0].analyzesInChildProcess)
    }

    @Test func analysisChildrenNeverSeeTheDaemonsSecrets() async throws {
        var spec = ProcessSpec(executable: "/bin/sh", arguments: ["-c", "env"])
        spec.environment = ["QSP_ETH_PASSPHRASE": "hunter2-secret", "AWS_SECRET_ACCESS_KEY": "aws-secret", "HARMLESS": "visible"]
        let outcome = await ProcessRunner.run(spec, limits: ResourceLimits(timeout: .seconds(20)))
        let env = String(decoding: outcome.stdout, as: UTF8.self)
        #expect(env.contains("HARMLESS=visible"))
        #expect(!env.contains("hunter2-secret") && !env.contains("aws-secret"))
    }
}
