import AuditReport
import Foundation
import Testing
@testable import Analysis

/// The reference wrapper plugin protocol (§5.1) and the native-output mapping rules (§5.3).
@Suite("Wrapper plugin backend")
struct WrapperPluginTests {
    @Test func scriptsGetTheProtocolEnvironmentAndWorkingDirectory() async throws {
        let analyzer = try TestSupport.wrapper("env-dump", args: "-x 1")
        let input = TestSupport.input("contract Hello {}", name: "tmp123.sol")
        var renamed = input
        renamed.originalFileName = "Hello.sol"
        let run = await analyzer.analyze(renamed, limits: TestSupport.quickLimits)
        #expect(run.status == .success)
        let values = Dictionary(uniqueKeysWithValues: run.warnings.compactMap { line -> (String, String)? in
            guard let equals = line.firstIndex(of: "=") else { return nil }
            return (String(line[..<equals]), String(line[line.index(after: equals)...]))
        })
        #expect(values["STORAGE_DIR"] == analyzer.storageDirectory)
        #expect(values["WRAPPER_HOME"] == "\(TestSupport.wrappers)/env-dump")
        #expect(values["CWD"] == "\(TestSupport.wrappers)/env-dump")
        #expect(values["ANALYZER_NAME"] == "env-dump")
        #expect(values["ANALYZER_ARGS"] == "-x 1")
        #expect(values["CONTRACT_PATH"] == input.contractPath)
        #expect(values["CONTRACT_FILE_NAME"] == "tmp123.sol")
        #expect(values["ORIGINAL_FILE_NAME"] == "Hello.sol")
        #expect(values["CONTRACT"] == "contract Hello {}")
        // metadata runs after the analysis, with the contract variables.
        #expect(run.analyzer.name == "env-dump")
        #expect(run.analyzer.version == "-x 1")
        #expect(run.analyzer.command == "tmp123.sol")
        #expect(run.analyzer.vulnerabilitiesChecked?["X"]?.type == "other")
    }

    @Test func prepareRunsPullAnalyzer() async throws {
        let analyzer = try TestSupport.wrapper("env-dump")
        try await analyzer.prepare()
        #expect(FileManager.default.fileExists(atPath: "\(analyzer.storageDirectory)/pulled"))
    }

    @Test func failingPullAnalyzerAbortsPrepare() async throws {
        let directory = TestSupport.temporaryDirectory()
        try "#!/bin/sh\necho 'denied' >&2\nexit 1\n".write(toFile: "\(directory)/pull_analyzer", atomically: true, encoding: .utf8)
        try "#!/bin/sh\necho '{}'\n".write(toFile: "\(directory)/run", atomically: true, encoding: .utf8)
        let analyzer = try WrapperPluginAnalyzer(name: "broken", directory: directory)
        await #expect(throws: AnalysisError.self) { try await analyzer.prepare() }
    }

    @Test func missingDirectoryOrRunScriptIsAClearError() throws {
        #expect(throws: AnalysisError.self) { try WrapperPluginAnalyzer(name: "x", directory: "/nonexistent/wrapper") }
        let empty = TestSupport.temporaryDirectory()
        do {
            _ = try WrapperPluginAnalyzer(name: "x", directory: empty)
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("has no 'run' script"))
        }
    }

    @Test func nativeMythrilOutputIsMappedWithTheReferenceRules() async throws {
        let run = try await TestSupport.wrapper("native-mythril").analyze(TestSupport.input("x", name: "DAOBug.sol"), limits: TestSupport.quickLimits)
        #expect(run.status == .success)
        #expect(run.analyzer.name == "mythril")
        let types = run.findings.map(\.type)
        #expect(types == ["unprotected_ether_withdrawal", "call_to_external_contract", "reentrancy",
                          "delegate_call_to_untrusted_contract", "other"])
        #expect(run.findings.map(\.refID) == [0, 1, 2, 3, 5])
        #expect(run.findings.map(\.startLine) == [23, 23, 27, 12, 14])
        #expect(run.findings.allSatisfy { $0.file == "DAOBug.sol" && $0.endLine == nil })
        #expect(run.warnings.count == 1)  // the issue with a null lineno was dropped
        let report = ReportBuilder.analyzerReport(run)
        #expect(report.potentialVulnerabilities?.first?.contract == "SendBalance")
        #expect(report.potentialVulnerabilities?.count == 5)
    }

    @Test func nativeSecurifyOutputIsMappedWithTheReferenceRules() async throws {
        let run = try await TestSupport.wrapper("native-securify").analyze(TestSupport.input("x", name: "DAOBug.sol"), limits: TestSupport.quickLimits)
        #expect(run.status == .success)
        let report = ReportBuilder.analyzerReport(run)
        let entries = try #require(report.potentialVulnerabilities)
        // Checks in sorted order: DAO (violation 26 → TP), TODReceiver (conflict 30 → SecurifyBug, warnings 22, 17).
        #expect(entries.map(\.type) == ["reentrancy_true_positive", "securify_bug", "transaction_order_dependency"])
        #expect(entries.map(\.description) == ["DAO", "TODReceiver", "TODReceiver"])
        #expect(entries.allSatisfy { $0.file == "DAOBug.sol" && $0.contract == "SendBalance" })
        #expect(entries[0].instances.map(\.startLine) == [27])
        #expect(entries[1].instances.map(\.refID) == [3])
        #expect(entries[1].instances.map(\.startLine) == [31])
        #expect(entries[2].instances.map(\.refID) == [1, 2])
        #expect(entries[2].instances.map(\.startLine) == [23, 18])
    }

    @Test func outputWithoutStatusIsAnErrorKeepingErrorsAndTrace() async throws {
        let run = try await TestSupport.wrapper("no-status").analyze(TestSupport.input("x"), limits: TestSupport.quickLimits)
        #expect(run.status == .error)
        #expect(run.errors.contains("docker: Error response from daemon: pull access denied\n"))
        #expect(run.trace == [">> Wrapper setup finished\n"])
        #expect(run.analyzer.name == "no-status")  // no metadata script → {name}
    }

    @Test func bundledExampleWrapperRunsWithoutDocker() async throws {
        let root = try #require(AnalyzerFactory.bundledWrappersRoot)
        let analyzers = try AnalyzerFactory.make([AnalyzerConfig(name: "grep-patterns", storageDir: TestSupport.temporaryDirectory())], wrappersRoot: root)
        let analyzer = try #require(analyzers.first)
        try await analyzer.prepare()
        let source = try TestSupport.contractSource("Vulnerable.sol")
        let run = await analyzer.analyze(TestSupport.input(source, name: "Vulnerable.sol"), limits: TestSupport.quickLimits)
        #expect(run.status == .success, "errors: \(run.errors)")
        #expect(run.findings.map(\.type) == ["tx_origin_usage", "delegate_call_to_untrusted_contract", "unprotected_self_destruct"])
        #expect(run.findings.map(\.startLine) == [32, 38, 51])
        #expect(run.analyzer.version == "1.0.0")
        #expect(run.analyzer.vulnerabilitiesChecked?["Use of tx.origin"]?.type == "tx_origin_usage")
    }
}
