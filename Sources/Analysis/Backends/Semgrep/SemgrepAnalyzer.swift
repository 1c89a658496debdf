public import AuditReport
import Foundation

/// semgrep (PyPI, run offline) with the project's Solidity rule pack (`Resources/semgrep/solidity.yml`).
///
/// Runs `semgrep --config <pack> --json --metrics=off --disable-version-check --scan-unknown-extensions FILE`.
/// The binary comes from the configuration, `QSP_SEMGREP_BIN`, the repository's `.venv-semgrep`, or PATH.
public struct SemgrepAnalyzer: Analyzer {
    public let name = "semgrep"
    /// The tool runs as a child process under the runner's limits.
    public var analyzesInChildProcess: Bool { true }
    /// The semgrep executable.
    public let executable: String
    /// The rule pack (a semgrep YAML config).
    public let rulePack: String
    /// Extra command-line arguments (`ANALYZER_ARGS`-like, split on spaces).
    public let extraArguments: [String]
    private let version = VersionCache()

    /// Locates semgrep and the bundled rule pack; throws with a hint when semgrep is missing.
    public init(executable: String? = nil, rulePack: String? = nil, extraArguments: [String] = []) throws(AnalysisError) {
        guard let found = ToolLocator.locate(binary: "semgrep", explicit: executable, environmentKey: "QSP_SEMGREP_BIN", venv: ".venv-semgrep") else {
            throw AnalysisError(.toolNotFound, "semgrep not found: run scripts/setup (creates .venv-semgrep) or set QSP_SEMGREP_BIN")
        }
        guard let pack = rulePack ?? Self.bundledRulePack else {
            throw AnalysisError(.toolNotFound, "the semgrep rule pack is missing from the Analysis resources")
        }
        self.executable = found
        self.rulePack = pack
        self.extraArguments = extraArguments
    }

    /// Path of the rule pack shipped with the module.
    public static var bundledRulePack: String? {
        guard let resources = Bundle.module.url(forResource: "Resources", withExtension: nil) else { return nil }
        let path = resources.appendingPathComponent("semgrep/solidity.yml").path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }

    public func describe() async -> AnalyzerDescription {
        AnalyzerDescription(
            name: name,
            version: await version.value(executable: executable, arguments: ["--version", "--disable-version-check"], environment: Self.environment),
            vulnerabilitiesChecked: SemgrepRulePack.types(inPack: rulePack).mapValues(VulnerabilityCheck.init),
            command: ([executable] + arguments(target: "<contract>")).joined(separator: " ")
        )
    }

    /// Keeps semgrep offline: no metrics, no version check (which otherwise waits on the network).
    static let environment = ["SEMGREP_SEND_METRICS": "off", "SEMGREP_ENABLE_VERSION_CHECK": "0"]

    func arguments(target: String) -> [String] {
        ["--config", rulePack, "--json", "--metrics=off", "--disable-version-check", "--scan-unknown-extensions",
         "--quiet", "--timeout", "60"] + extraArguments + [target]
    }

    public func analyze(_ input: AnalysisInput, limits: ResourceLimits) async -> AnalyzerRun {
        let spec = ProcessSpec(
            executable: executable, arguments: arguments(target: input.contractPath),
            environment: Self.environment
        )
        // `semgrep --version` runs alongside the scan (first call only).
        var run: AnalyzerRun, object: [String: Any]
        switch await JSONToolRun.execute(spec, limits: limits, analyzer: name, describe: { await self.describe() }) {
        case .finished(let failed): return failed
        case .parsed(let parsed, let json, _): (run, object) = (parsed, json)
        }
        let parsed = SemgrepOutputParser.parse(object, fileName: input.originalFileName, analyzer: name)
        run.findings = parsed.findings
        run.errors = parsed.errors
        run.warnings = parsed.warnings
        run.status = parsed.errors.isEmpty ? .success : .error
        return run
    }
}

/// Caches `semgrep --version` (one process per analyzer instance).
final class VersionCache: Sendable {
    private let cached = MutexBox<String?>(nil)

    func value(executable: String, arguments: [String], environment: [String: String] = [:]) async -> String? {
        if let known = cached.get() { return known }
        let outcome = await ProcessRunner.run(
            ProcessSpec(executable: executable, arguments: arguments, environment: environment),
            limits: ResourceLimits(timeout: .seconds(60), gracePeriod: .seconds(1), maxOutputBytes: 64 * 1024)
        )
        guard case .exited(0) = outcome.termination else { return nil }
        // "1.185.0" (semgrep) or "Mythril version v0.24.8": the last word of the last line.
        let line = outcome.stdoutText.split(separator: "\n").last.map { $0.trimmingCharacters(in: .whitespaces) }
        guard let word = line?.split(separator: " ").last, !word.isEmpty else { return nil }
        cached.set(String(word.prefix(64)))
        return cached.get()
    }
}
