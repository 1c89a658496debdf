public import AuditReport
import Foundation

/// Mythril (PyPI, in `.venv-mythril`) on EVM runtime bytecode: `myth analyze --bin-runtime -f FILE -o json`.
/// Needs no solc. Findings carry line 0 (bytecode has no source lines); the message names the bytecode
/// offset and function. The binary comes from the configuration, `QSP_MYTHRIL_BIN`, `.venv-mythril`, or PATH.
public struct MythrilAnalyzer: Analyzer {
    public let name = "mythril"
    /// The tool runs as a child process under the runner's limits.
    public var analyzesInChildProcess: Bool { true }
    /// The `myth` executable.
    public let executable: String
    /// Extra command-line arguments (split on spaces), e.g. `-t 2` for two transactions.
    public let extraArguments: [String]
    private let version = VersionCache()

    public var analyzesBytecode: Bool { true }

    /// Locates `myth`; throws with a hint when it is missing.
    public init(executable: String? = nil, extraArguments: [String] = []) throws(AnalysisError) {
        guard let found = ToolLocator.locate(binary: "myth", explicit: executable, environmentKey: "QSP_MYTHRIL_BIN", venv: ".venv-mythril") else {
            throw AnalysisError(.toolNotFound, "mythril not found: run scripts/setup (creates .venv-mythril) or set QSP_MYTHRIL_BIN")
        }
        self.executable = found
        self.extraArguments = extraArguments
    }

    public func describe() async -> AnalyzerDescription {
        AnalyzerDescription(
            name: name, version: await version.value(executable: executable, arguments: ["version"]),
            vulnerabilitiesChecked: MythrilIssueMapper.checked,
            command: ([executable] + arguments(file: "<bytecode>", timeout: .seconds(300))).joined(separator: " ")
        )
    }

    /// Mythril's own execution timeout leaves room before the hard deadline so it can still print its result.
    func arguments(file: String, timeout: Duration) -> [String] {
        let seconds = timeout.components.seconds
        let execution = max(1, seconds > 30 ? seconds - 15 : seconds * 2 / 3)
        return ["analyze", "--bin-runtime", "-f", file, "-o", "json", "--execution-timeout", "\(execution)",
                "--solver-timeout", "10000"] + extraArguments
    }

    public func analyze(_ input: AnalysisInput, limits: ResourceLimits) async -> AnalyzerRun {
        let start = epochSeconds()
        guard input.bytecode != nil else {
            return AnalyzerRun(
                analyzer: AnalyzerDescription(name: name, vulnerabilitiesChecked: MythrilIssueMapper.checked), status: .error,
                errors: ["mythril analyzes EVM runtime bytecode only; audit a deployed contract with --address"],
                startTime: start, endTime: epochSeconds()
            )
        }
        let home = FileManager.default.temporaryDirectory.appendingPathComponent("qsp-audit-node/mythril-home").path
        try? FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        let spec = ProcessSpec(
            executable: executable, arguments: arguments(file: input.contractPath, timeout: limits.timeout),
            environment: ["MYTHRIL_DIR": home]
        )
        // `myth version` runs alongside the analysis (first call only).
        var run: AnalyzerRun, object: [String: Any], stderr: String
        switch await JSONToolRun.execute(spec, limits: limits, analyzer: name, describe: { await self.describe() }) {
        case .finished(let failed): return failed
        case .parsed(let parsed, let json, let errorText): (run, object, stderr) = (parsed, json, errorText)
        }
        let success = (object["success"] as? Bool) ?? false
        run.findings = MythrilIssueMapper.findings(object["issues"] as? [[String: Any]] ?? [], fileName: input.originalFileName, analyzer: name)
        run.status = success ? .success : .error
        if !success {
            run.errors = NativeJSON.lines(object["error"]).map { $0 + "\n" } + ProcessClassifier.tail(stderr, lines: 10)
        }
        return run
    }
}
