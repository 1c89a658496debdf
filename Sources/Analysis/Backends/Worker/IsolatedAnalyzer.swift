public import AuditReport
import Foundation

/// How to start an analysis worker: an executable (the node binary itself) and the arguments that select the
/// hidden worker subcommand.
public struct WorkerLauncher: Sendable, Hashable {
    /// The executable.
    public var executable: String
    /// Arguments before the request (`["analyze-worker"]` for `qsp-audit-node`).
    public var arguments: [String]

    /// Creates a launcher.
    public init(executable: String, arguments: [String] = ["analyze-worker"]) {
        self.executable = executable
        self.arguments = arguments
    }

    /// The running executable itself (`/proc/self/exe` resolved), with `analyze-worker`.
    public static func currentExecutable() -> WorkerLauncher {
        let path = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().path
        return WorkerLauncher(executable: path == "/proc/self/exe" ? CommandLine.arguments[0] : path)
    }
}

/// Runs another analyzer in a child process (`analyze-worker`) under OS limits: address space, CPU time, wall
/// time, output cap and a kill of the whole process group. A crash, hang or memory blow-up of the analysis costs
/// that run only (status crashed/timeout/out_of_memory), never the calling process, and no thread of it outlives
/// the run. Metadata (`describe`) and start-up preparation are delegated to the wrapped analyzer.
public struct IsolatedAnalyzer: Analyzer {
    /// The wrapped analyzer (used for metadata and preparation; its `analyze` runs in the child).
    public let inner: any Analyzer
    /// Its configuration, sent to the child.
    public let config: AnalyzerConfig
    /// Root of the wrapper plugins, sent to the child.
    public let wrappersRoot: String?
    /// How to start the child.
    public let launcher: WorkerLauncher

    public var name: String { inner.name }
    public var analyzesBytecode: Bool { inner.analyzesBytecode }

    /// Wraps `inner`, built from `config`.
    public init(inner: any Analyzer, config: AnalyzerConfig, wrappersRoot: String?, launcher: WorkerLauncher) {
        self.inner = inner
        self.config = config
        self.wrappersRoot = wrappersRoot
        self.launcher = launcher
    }

    public func describe() async -> AnalyzerDescription { await inner.describe() }
    public func prepare() async throws { try await inner.prepare() }

    /// The child's limits: the analyzer's own timeout plus its grace and 2 s to answer (inside the runner's
    /// backstop), a CPU-time limit of the same size, the analyzer's address-space limit and output cap.
    static func workerLimits(_ limits: ResourceLimits) -> ResourceLimits {
        var worker = limits
        worker.timeout = limits.timeout + limits.gracePeriod + .seconds(2)
        worker.gracePeriod = .seconds(1)
        worker.cpuSeconds = limits.cpuSeconds ?? UInt64(max(1, worker.timeout.components.seconds))
        worker.maxOutputBytes = limits.maxOutputBytes * 2 + 1024 * 1024  // raw output is base64 in the answer
        return worker
    }

    public func analyze(_ input: AnalysisInput, limits: ResourceLimits) async -> AnalyzerRun {
        let start = epochSeconds()
        let request = WorkerRequest(
            analyzer: config.name, args: config.args, storageDir: config.storageDir,
            timeoutSeconds: Int(limits.timeout.components.seconds), wrapperDirectory: config.wrapperDirectory,
            executable: config.executable, wrappersRoot: wrappersRoot, contractPath: input.contractPath,
            originalFileName: input.originalFileName, bytecode: input.bytecode != nil)
        let failed = { @Sendable (status: AnalyzerStatus, errors: [String]) async -> AnalyzerRun in
            AnalyzerRun(analyzer: await inner.describe(), status: status, errors: errors, startTime: start, endTime: epochSeconds())
        }
        guard let json = try? JSONEncoder().encode(request) else { return await failed(.error, ["cannot encode the worker request"]) }
        var spec = ProcessSpec(executable: launcher.executable,
                               arguments: launcher.arguments + ["--request", String(decoding: json, as: UTF8.self)])
        // A crash is answered from its exit status; the runtime's symbolicating backtracer would only add seconds.
        spec.environment["SWIFT_BACKTRACE"] = "enable=no"
        let workerLimits = Self.workerLimits(limits)
        let outcome = await ProcessRunner.run(spec, limits: workerLimits)
        if let failure = ProcessClassifier.failure(of: outcome, analyzer: name, limits: workerLimits) {
            return await failed(failure.status, failure.errors)
        }
        guard case .exited(0) = outcome.termination,
              let answer = try? JSONDecoder().decode(WorkerAnswer.self, from: outcome.stdout) else {
            return await failed(.crashed, ["\(name): the analysis worker ended (\(outcome.termination)) without an answer"]
                          + ProcessClassifier.tail(outcome.stderrText, lines: 10))
        }
        return answer.run
    }
}

extension AnalyzerFactory {
    /// The analyzers of `configs`, none of which runs analysis in the calling process: one that analyzes in
    /// process (the built-in analyzer) runs in its own `analyze-worker` child started by `launcher`; one that already
    /// runs its tool as a child under the runner's limits (wrapper plugins, semgrep, mythril) is used as it is — a
    /// second process around it would add a process start (dynamic linking, runtime set-up: ~20 ms of CPU per
    /// audit) and no isolation. Either way the child never sees the daemon's secrets (`ProcessSpec`).
    public static func makeIsolated(_ configs: [AnalyzerConfig], wrappersRoot: String?,
                                    launcher: WorkerLauncher) throws(AnalysisError) -> [any Analyzer] {
        let analyzers = try make(configs, wrappersRoot: wrappersRoot)
        return zip(analyzers, configs).map { analyzer, config in
            analyzer.analyzesInChildProcess
                ? analyzer : IsolatedAnalyzer(inner: analyzer, config: config, wrappersRoot: wrappersRoot, launcher: launcher)
        }
    }
}
