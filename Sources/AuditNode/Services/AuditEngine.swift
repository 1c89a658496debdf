import Analysis
import AuditReport
import Foundation
import Logging
import ReportUpload

/// Builds the analysis pipeline from the (reloadable) analyzer settings and runs one audit: pipeline, upload.
public actor AuditEngine {
    private let wrappersRoot: String?
    private let launcher: WorkerLauncher?
    private let uploader: any ReportUploader
    private let uploadContracts: Bool
    /// The node version written into reports ("M.m.p").
    public let version: String
    private var pipeline: AuditPipeline
    private var builtFor: [AnalyzerSettings]

    /// Creates the engine; throws `ConfigurationError` naming `analyzers` when an analyzer cannot be built.
    /// With a `launcher`, every analyzer runs in its own `analyze-worker` child process (``IsolatedAnalyzer``), so a
    /// crash, hang or memory blow-up of the analysis costs one report, never the daemon.
    public init(analyzers: [AnalyzerSettings], wrappersRoot: String?, uploader: any ReportUploader, uploadContracts: Bool,
                version: String, launcher: WorkerLauncher? = nil) throws(ConfigurationError) {
        self.wrappersRoot = wrappersRoot
        self.launcher = launcher
        self.uploader = uploader
        self.uploadContracts = uploadContracts
        self.version = version
        self.pipeline = try Self.makePipeline(analyzers, wrappersRoot: wrappersRoot, launcher: launcher)
        self.builtFor = analyzers
    }

    static func makePipeline(_ settings: [AnalyzerSettings], wrappersRoot: String?,
                             launcher: WorkerLauncher?) throws(ConfigurationError) -> AuditPipeline {
        let configs = settings.map {
            AnalyzerConfig(name: $0.name, args: $0.args, storageDir: $0.storageDir, timeoutSeconds: $0.timeoutSeconds)
        }
        let analyzers: [any Analyzer]
        do {
            let root = wrappersRoot ?? AnalyzerFactory.bundledWrappersRoot
            if let launcher {
                analyzers = try AnalyzerFactory.makeIsolated(configs, wrappersRoot: root, launcher: launcher)
            } else {
                analyzers = try AnalyzerFactory.make(configs, wrappersRoot: root)
            }
        } catch {
            throw ConfigurationError(key: "analyzers", "\(error)")
        }
        return AuditPipeline(analyzers: analyzers, limits: AnalyzerFactory.limits(configs))
    }

    /// Runs every analyzer's start-up preparation (`pull_analyzer`); a failure aborts start-up.
    public func prepare() async throws(ConfigurationError) {
        for analyzer in pipeline.analyzers {
            do { try await analyzer.prepare() } catch {
                throw ConfigurationError(key: "analyzers", "preparing an analyzer failed: \(error)")
            }
        }
    }

    /// Rebuilds the pipeline when the analyzer settings changed (SIGHUP). An invalid reload keeps the old one.
    public func reload(_ settings: [AnalyzerSettings]) throws(ConfigurationError) {
        guard settings != builtFor else { return }
        pipeline = try Self.makePipeline(settings, wrappersRoot: wrappersRoot, launcher: launcher)
        builtFor = settings
    }

    /// A finished audit, ready to store.
    public struct Result: Sendable {
        /// What goes into the TS row.
        public var stored: StoredReport
        /// The report model (the police compare it).
        public var report: Report
    }

    /// Runs the pipeline on `source` and uploads the report when enabled (a report upload failure throws; a contract
    /// upload failure is only logged).
    public func audit(source: Data, fileName: String, context: ReportContext, account: String,
                      logger: Logger) async throws -> Result {
        let current = pipeline
        let outcome = await current.audit(source: source, originalFileName: fileName, context: context)
        return try await store(outcome, source: source, fileName: fileName, context: context, account: account, logger: logger)
    }

    /// An Error (state 5) report for a request that cannot be audited (`reason`: a refused URI, a failed download,
    /// a quarantined request), uploaded like any report. The contract is not uploaded.
    public func errorReport(reason: String, context: ReportContext, account: String, logger: Logger) async throws -> Result {
        let outcome = pipeline.errorOutcome(source: Data(), context: context, errors: [reason])
        return try await store(outcome, source: nil, fileName: "", context: context, account: account, logger: logger)
    }

    private func store(_ outcome: AuditOutcome, source: Data?, fileName: String, context: ReportContext, account: String,
                       logger: Logger) async throws -> Result {
        for note in outcome.adjustments { logger.notice("report adjusted", metadata: ["adjustment": "\(note)"]) }
        let auditURI = try await uploader.uploadReport(outcome.reportJSON, account: account, auditHash: outcome.auditHash)
        if uploadContracts, let source, let id = context.requestID {
            do { _ = try await uploader.uploadContract(source, account: account, requestID: id, fileName: fileName) } catch {
                logger.warning("contract upload failed", metadata: ["error": "\(error)"])
            }
        }
        let stored = StoredReport(
            auditState: outcome.auditState,
            fullReport: String(decoding: outcome.reportJSON, as: UTF8.self),
            compressedReport: outcome.compressedReport,
            auditHash: outcome.auditHash,
            auditURI: auditURI.isEmpty ? nil : auditURI)
        return Result(stored: stored, report: outcome.report)
    }
}
