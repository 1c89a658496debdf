public import Foundation
import AuditReport
import SolidityAnalyzer

/// The logic of `qsp-audit-node audit`: collects the contracts, runs the pipeline, renders JSON, SARIF or text,
/// writes `--output` files, and computes the exit status. Never prints; progress goes to `progress`.
public struct AuditCommandRunner: Sendable {
    /// Fetches deployed runtime bytecode: (address, rpc URL) → code.
    public typealias CodeFetcher = @Sendable (_ address: String, _ rpcURL: String) async throws -> Data

    /// The options.
    public let options: AuditCommandOptions
    /// Used for `--address`.
    public let fetchCode: CodeFetcher?
    /// Receives one progress line per contract when several are audited (for standard error).
    public let progress: @Sendable (String) -> Void

    /// Creates a runner.
    public init(options: AuditCommandOptions, fetchCode: CodeFetcher? = nil, progress: @escaping @Sendable (String) -> Void = { _ in }) {
        self.options = options
        self.fetchCode = fetchCode
        self.progress = progress
    }

    /// Runs the command. Throws ``AnalysisError`` for bad input (one clear message, exit status 2).
    public func run() async throws(AnalysisError) -> AuditCommandResult {
        if let timeout = options.timeoutSeconds, !(1...86_400).contains(timeout) {
            throw AnalysisError(.invalidInput, "--timeout must be a whole number of seconds in 1…86400 (got \(timeout))")
        }
        if let address = options.address {
            return try await runAddress(address)
        }
        let files = try ContractFileCollector.collect(options.paths)
        let sources = try files.map { path throws(AnalysisError) in (path, try ContractFileCollector.read(path)) }
        let pipeline = try makePipeline(defaultAnalyzers: ["builtin"])
        guard pipeline.analyzers.contains(where: { !$0.analyzesBytecode }) else {
            throw AnalysisError(.invalidInput, "the selected analyzers work on bytecode only; audit a deployed contract with --address and --rpc")
        }
        let baseline = try loadBaseline()
        var projects: [String: SolidityProject] = [:]
        var outcomes: [AuditOutcome] = []
        for (index, (path, source)) in sources.enumerated() {
            let name = URL(fileURLWithPath: path).lastPathComponent
            // Imports resolve against the file's project (Foundry/Hardhat root, else its directory); the parse
            // cache is shared by every file of that project.
            let root = SolidityProject.root(containing: path)
            let project = projects[root] ?? SolidityProject(root: root)
            projects[root] = project
            let filePipeline = Self.withImports(pipeline, project: project.anchored(name: name, path: path))
            var outcome = await filePipeline.audit(
                source: source, originalFileName: name, context: ReportContext(contractURI: path, version: options.version)
            )
            if let baseline { outcome = Self.filtered(outcome, by: baseline, sourcePath: path) }
            if sources.count > 1 {
                progress("[\(index + 1)/\(sources.count)] \(path): \(summary(outcome))")
            }
            outcomes.append(outcome)
        }
        return try finish(outcomes, paths: files)
    }

    /// The pipeline with its built-in analyzer resolving imports through `project`.
    static func withImports(_ pipeline: AuditPipeline, project: SolidityProject) -> AuditPipeline {
        let analyzers: [any Analyzer] = pipeline.analyzers.map { analyzer in
            guard let builtin = analyzer as? BuiltinAnalyzer else { return analyzer }
            return BuiltinAnalyzer(enabledDetectors: builtin.enabledDetectors, importResolver: project)
        }
        return AuditPipeline(analyzers: analyzers, runner: pipeline.runner, limits: pipeline.limits, defaultLimits: pipeline.defaultLimits)
    }

    private func loadBaseline() throws(AnalysisError) -> SARIFBaseline? {
        guard let path = options.baselinePath else { return nil }
        let data = try ContractFileCollector.readBaseline(path)
        do {
            return try SARIFBaseline(sarif: data)
        } catch {
            throw AnalysisError(.invalidInput, "--baseline \(path): \(error.message)")
        }
    }

    /// The outcome without the findings of the baseline (report, JSON and the per-analyzer findings).
    static func filtered(_ outcome: AuditOutcome, by baseline: SARIFBaseline, sourcePath: String) -> AuditOutcome {
        var result = outcome
        result.report = baseline.filter(outcome.report, sourcePath: sourcePath)
        if let json = try? ReportJSON.encode(result.report, pretty: true) { result.reportJSON = json }
        return result
    }

    private func runAddress(_ address: String) async throws(AnalysisError) -> AuditCommandResult {
        guard options.paths.isEmpty else {
            throw AnalysisError(.invalidInput, "give either contract files or --address, not both")
        }
        guard let rpc = options.rpcURL, !rpc.isEmpty else {
            throw AnalysisError(.invalidInput, "--address needs --rpc URL (the JSON-RPC endpoint to read the code from)")
        }
        guard let fetchCode else {
            throw AnalysisError(.invalidInput, "--address is not supported in this build")
        }
        let pipeline = try makePipeline(defaultAnalyzers: ["mythril"])
        let code: Data
        do {
            code = try await fetchCode(address, rpc)
        } catch let error as AnalysisError {
            throw error
        } catch {
            throw AnalysisError(.invalidInput, "could not read the code of \(address) from \(rpc): \(error)")
        }
        guard !code.isEmpty else {
            throw AnalysisError(.invalidInput, "there is no contract code at \(address) (an account without code, or the wrong network)")
        }
        let outcome = await pipeline.audit(
            bytecode: code, name: "\(address).bin", context: ReportContext(contractURI: address, version: options.version)
        )
        return try finish([outcome], paths: [address])
    }

    private func makePipeline(defaultAnalyzers: [String]) throws(AnalysisError) -> AuditPipeline {
        let names = options.analyzers.isEmpty ? defaultAnalyzers : options.analyzers
        let configs = names.map { name in
            AnalyzerConfig(name: name, timeoutSeconds: options.timeoutSeconds ?? (name == "builtin" ? 60 : 300))
        }
        let analyzers = try AnalyzerFactory.make(configs, wrappersRoot: options.wrappersRoot ?? AnalyzerFactory.bundledWrappersRoot)
        return AuditPipeline(analyzers: analyzers, runner: AnalysisRunner(maxConcurrency: 4), limits: AnalyzerFactory.limits(configs))
    }

    private func summary(_ outcome: AuditOutcome) -> String {
        let count = outcome.runs.reduce(0) { $0 + $1.findings.count }
        return "\(count) finding\(count == 1 ? "" : "s") (\(outcome.report.status))"
    }

    private func finish(_ outcomes: [AuditOutcome], paths: [String]) throws(AnalysisError) -> AuditCommandResult {
        let rendered = AuditOutputRenderer(format: options.format, useColor: options.useColor)
        var written: [String] = []
        var standardOutput = Data()
        if let directory = options.outputDirectory {
            written = try rendered.write(outcomes, paths: paths, to: directory)
        } else {
            standardOutput = rendered.render(outcomes, paths: paths)
        }
        // With `--baseline`, from the filtered reports, so that only new findings count.
        let worst = options.baselinePath == nil
            ? outcomes.flatMap { $0.runs.flatMap(\.findings) }.map(\.severity).max()
            : outcomes.flatMap { SARIFBaseline.severities(in: $0.report) }.compactMap { Severity(lenient: $0) }.max()
        let exitCode: Int32
        if let threshold = options.failOn, let worst, worst >= threshold {
            exitCode = 1
        } else if outcomes.contains(where: { $0.report.status != "success" }) {
            exitCode = 3
        } else {
            exitCode = 0
        }
        return AuditCommandResult(standardOutput: standardOutput, writtenFiles: written, exitCode: exitCode, outcomes: outcomes)
    }
}
