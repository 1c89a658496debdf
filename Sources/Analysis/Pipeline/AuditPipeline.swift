public import AuditReport
public import Foundation

/// Who asked for the report and how to label it (the non-analysis fields of §6.1).
public struct ReportContext: Sendable {
    /// The contract URI as requested (for the CLI: the file path).
    public var contractURI: String
    /// The on-chain request id, if any.
    public var requestID: Int?
    /// The requestor address, if any.
    public var requestor: String?
    /// The auditing node's checksummed account, if any.
    public var auditor: String?
    /// Node version "M.m.p".
    public var version: String
    /// Report timestamp (epoch seconds); nil → now.
    public var timestamp: Int?

    /// Creates a context.
    public init(
        contractURI: String, requestID: Int? = nil, requestor: String? = nil, auditor: String? = nil,
        version: String, timestamp: Int? = nil
    ) {
        self.contractURI = contractURI
        self.requestID = requestID
        self.requestor = requestor
        self.auditor = auditor
        self.version = version
        self.timestamp = timestamp
    }
}

/// Everything an audit produced: the report, its serialized and compressed forms and their hashes.
public struct AuditOutcome: Sendable {
    /// The full report (§6.1).
    public var report: Report
    /// The report serialized with 2-space indentation: the bytes to upload and hash.
    public var reportJSON: Data
    /// The compressed on-chain encoding (§6.4), sanitized.
    public var compressedReport: Data
    /// 4 (completed) or 5 (error).
    public var auditState: Int
    /// sha256 of the contract bytes.
    public var contractHash: String
    /// sha256 of `reportJSON`.
    public var auditHash: String
    /// What the sanitizing encoder or the schema check changed or found (should normally be empty).
    public var adjustments: [String]
    /// The analyzer runs with raw output and precise statuses (empty when no analyzer ran).
    public var runs: [AnalyzerRun]
}

/// Contract in, report out: runs the analyzers, applies the verdict rule, builds, validates, compresses and
/// hashes the report. Never throws: every failure becomes an Error (state 5) report.
public struct AuditPipeline: Sendable {
    /// The analyzers, in configuration order.
    public let analyzers: [any Analyzer]
    /// The runner (concurrency bound).
    public let runner: AnalysisRunner
    /// Limits per analyzer name.
    public let limits: [String: ResourceLimits]
    /// Limits for analyzers not named in `limits`.
    public let defaultLimits: ResourceLimits

    /// Creates a pipeline.
    public init(
        analyzers: [any Analyzer], runner: AnalysisRunner = .init(), limits: [String: ResourceLimits] = [:],
        defaultLimits: ResourceLimits = .default
    ) {
        self.analyzers = analyzers
        self.runner = runner
        self.limits = limits
        self.defaultLimits = defaultLimits
    }

    /// Audits a Solidity source.
    public func audit(source: Data, originalFileName: String, context: ReportContext) async -> AuditOutcome {
        let contractHash = ReportHashing.contractHash(source)
        guard String(validating: source, as: UTF8.self) != nil else {
            return finish(
                context: context, contractHash: contractHash, runs: [],
                compilationErrors: ["\(originalFileName): the contract source is not valid UTF-8 text"]
            )
        }
        let sourceAnalyzers = analyzers.filter { !$0.analyzesBytecode }
        return await runAll(sourceAnalyzers, data: source, bytecode: nil, fileName: originalFileName,
                            contractHash: contractHash, context: context)
    }

    /// An Error (state 5) report for a contract that was not analysed (`errors` say why: a refused URI, a failed
    /// download, a request quarantined after crashing the node). `source` may be empty.
    public func errorOutcome(source: Data, context: ReportContext, errors: [String]) -> AuditOutcome {
        finish(context: context, contractHash: ReportHashing.contractHash(source), runs: [], compilationErrors: errors)
    }

    /// Audits deployed runtime bytecode with the bytecode analyzers (`audit --address`). The contract hash is
    /// the sha256 of the bytecode.
    public func audit(bytecode: Data, name: String, context: ReportContext) async -> AuditOutcome {
        let contractHash = ReportHashing.contractHash(bytecode)
        let bytecodeAnalyzers = analyzers.filter(\.analyzesBytecode)
        guard !bytecode.isEmpty else {
            return finish(context: context, contractHash: contractHash, runs: [],
                          compilationErrors: ["\(name): no code at this address"])
        }
        guard !bytecodeAnalyzers.isEmpty else {
            return finish(context: context, contractHash: contractHash, runs: [],
                          compilationErrors: ["no bytecode analyzer is configured (use --analyzers mythril)"])
        }
        let hex = Data(bytecode.hexString(prefixed: false).utf8)
        return await runAll(bytecodeAnalyzers, data: hex, bytecode: bytecode, fileName: name,
                            contractHash: contractHash, context: context)
    }

    private func runAll(
        _ selected: [any Analyzer], data: Data, bytecode: Data?, fileName: String, contractHash: String,
        context: ReportContext
    ) async -> AuditOutcome {
        let workspace: TemporaryWorkspace
        let contractPath: String
        do {
            workspace = try TemporaryWorkspace()
            contractPath = try workspace.write(data, named: fileName)
        } catch {
            return finish(context: context, contractHash: contractHash, runs: [],
                          compilationErrors: ["could not store the contract in a temporary file: \(error)"])
        }
        defer { workspace.remove() }
        let input = AnalysisInput(source: data, contractPath: contractPath, originalFileName: fileName, bytecode: bytecode)
        let runs = await runner.run(selected, input: input, limits: limits, defaultLimits: defaultLimits)
        return finish(context: context, contractHash: contractHash, runs: runs, compilationErrors: nil)
    }

    private func finish(
        context: ReportContext, contractHash: String, runs: [AnalyzerRun], compilationErrors: [String]?
    ) -> AuditOutcome {
        let verdict = compilationErrors == nil ? ReportBuilder.verdict(runs) : (auditState: 5, status: "error")
        let report = Report(
            timestamp: context.timestamp ?? epochSeconds(), contractURI: context.contractURI,
            contractHash: contractHash, requestor: context.requestor, auditor: context.auditor,
            requestID: context.requestID, version: context.version, auditState: verdict.auditState,
            status: verdict.status,
            analyzersReports: compilationErrors == nil ? runs.map(ReportBuilder.analyzerReport) : nil,
            compilationErrors: compilationErrors
        )
        var adjustments = ReportSchemaValidator().validate(report).map { "schema: \($0)" }
        let reportJSON = (try? ReportJSON.encode(report, pretty: true)) ?? Data()
        let compressed = CompressedReportCodec.encodeSanitized(report)
        adjustments += compressed.adjustments.map { "codec: \($0)" }
        return AuditOutcome(
            report: report, reportJSON: reportJSON, compressedReport: compressed.data,
            auditState: verdict.auditState, contractHash: contractHash,
            auditHash: ReportHashing.auditHash(reportJSON), adjustments: adjustments, runs: runs
        )
    }
}
