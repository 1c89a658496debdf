public import AuditReport
import Foundation

/// An analyzer packaged in the reference's wrapper plugin protocol (§5.1): a directory with `run`,
/// `metadata`, `pull_analyzer` (and `once`, `pre_run`, `post_run`, used by `run` itself) scripts.
///
/// Every script gets the parent environment plus `STORAGE_DIR`, `WRAPPER_HOME` (also the working directory),
/// `ANALYZER_NAME` and `ANALYZER_ARGS`; `run` and `metadata` also get `CONTRACT_PATH`, `CONTRACT_FILE_NAME`
/// and `ORIGINAL_FILE_NAME`. `run` prints one JSON object (its exit code is ignored): either the reference
/// report form (`{"status", "potential_vulnerabilities", "errors", "trace", …}`) or native mythril/securify
/// output, which is mapped with §5.3. `metadata` runs after every analysis.
public struct WrapperPluginAnalyzer: Analyzer {
    public let name: String
    /// The tool runs as a child process under the runner's limits.
    public var analyzesInChildProcess: Bool { true }
    /// The wrapper directory (`WRAPPER_HOME`).
    public let directory: String
    /// `ANALYZER_ARGS`.
    public let arguments: String
    /// `STORAGE_DIR` (created when missing).
    public let storageDirectory: String
    /// Limits for `metadata` and `pull_analyzer`.
    public var auxiliaryLimits = ResourceLimits(timeout: .seconds(60), gracePeriod: .seconds(2), maxOutputBytes: 4 * 1024 * 1024)
    /// Limits for `pull_analyzer` (image pulls can be slow).
    public var prepareLimits = ResourceLimits(timeout: .seconds(1800), gracePeriod: .seconds(5), maxOutputBytes: 4 * 1024 * 1024)

    /// Creates a wrapper analyzer; throws when the directory has no `run` script.
    public init(name: String, directory: String, arguments: String = "", storageDirectory: String? = nil) throws(AnalysisError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw AnalysisError(.missingWrapper, "analyzer '\(name)': wrapper directory \(directory) does not exist")
        }
        guard FileManager.default.fileExists(atPath: "\(directory)/run") else {
            throw AnalysisError(.missingWrapper, "analyzer '\(name)': \(directory) has no 'run' script")
        }
        self.name = name
        self.directory = directory
        self.arguments = arguments
        self.storageDirectory = storageDirectory
            ?? "\(FileManager.default.temporaryDirectory.path)/qsp-audit-node/storage/\(name)"
    }

    /// Runs `pull_analyzer` if present; a non-zero exit aborts start-up.
    public func prepare() async throws {
        guard FileManager.default.fileExists(atPath: "\(directory)/pull_analyzer") else { return }
        let outcome = await runScript("pull_analyzer", contract: nil, limits: prepareLimits)
        guard case .exited(0) = outcome.termination, !outcome.timedOut else {
            let detail = ProcessClassifier.tail(outcome.stderrText + outcome.stdoutText, lines: 5).joined()
            throw AnalysisError(.prepareFailed, "analyzer '\(name)': pull_analyzer failed (\(outcome.termination)): \(detail)")
        }
    }

    public func describe() async -> AnalyzerDescription {
        await metadata(contract: nil)
    }

    public func analyze(_ input: AnalysisInput, limits: ResourceLimits) async -> AnalyzerRun {
        let start = epochSeconds()
        let outcome = await runScript("run", contract: input, limits: limits)
        let description = await metadata(contract: input)
        var run = AnalyzerRun(analyzer: description, status: .error, rawOutput: outcome.stdout, startTime: start, endTime: epochSeconds())
        if let failure = ProcessClassifier.failure(of: outcome, analyzer: name, limits: limits) {
            run.status = failure.status
            run.errors = failure.errors
            return run
        }
        guard let object = NativeJSON.object(from: outcome.stdout) else {
            run.status = .unparseableOutput
            run.errors = ["\(name): the run script did not print a JSON object"] + ProcessClassifier.tail(outcome.stderrText, lines: 10)
            return run
        }
        WrapperOutputParser.apply(object, to: &run, fileName: input.originalFileName, analyzer: name)
        return run
    }

    // MARK: - Scripts

    private func metadata(contract: AnalysisInput?) async -> AnalyzerDescription {
        let fallback = AnalyzerDescription(name: name)
        guard FileManager.default.fileExists(atPath: "\(directory)/metadata") else { return fallback }
        let outcome = await runScript("metadata", contract: contract, limits: auxiliaryLimits)
        guard case .exited = outcome.termination, !outcome.timedOut,
              let object = NativeJSON.object(from: outcome.stdout) else { return fallback }
        var checked: [String: VulnerabilityCheck] = [:]
        for (title, value) in object["vulnerabilities_checked"] as? [String: Any] ?? [:] {
            if let type = NativeJSON.string((value as? [String: Any])?["type"]) {
                checked[title] = VulnerabilityCheck(type: type)
            }
        }
        return AnalyzerDescription(
            name: NativeJSON.string(object["name"]) ?? name, version: NativeJSON.string(object["version"]),
            vulnerabilitiesChecked: checked.isEmpty ? nil : checked, command: NativeJSON.string(object["command"])
        )
    }

    private func runScript(_ script: String, contract: AnalysisInput?, limits: ResourceLimits) async -> ProcessOutcome {
        try? FileManager.default.createDirectory(atPath: storageDirectory, withIntermediateDirectories: true)
        var environment = [
            "STORAGE_DIR": storageDirectory,
            "WRAPPER_HOME": directory,
            "ANALYZER_NAME": name,
            "ANALYZER_ARGS": arguments,
        ]
        if let contract {
            environment["CONTRACT_PATH"] = contract.contractPath
            environment["CONTRACT_FILE_NAME"] = URL(fileURLWithPath: contract.contractPath).lastPathComponent
            environment["ORIGINAL_FILE_NAME"] = contract.originalFileName
        }
        let path = "\(directory)/\(script)"
        let executable = FileManager.default.isExecutableFile(atPath: path)
        let spec = ProcessSpec(
            executable: executable ? path : "/bin/bash", arguments: executable ? [] : [path],
            environment: environment, workingDirectory: directory
        )
        return await ProcessRunner.run(spec, limits: limits)
    }
}
