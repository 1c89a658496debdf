public import AuditReport
public import Foundation

/// Something that examines one contract and reports findings: an external tool, a wrapper plugin or
/// in-process Swift code. Implementations never throw: every failure is an ``AnalyzerRun`` status.
public protocol Analyzer: Sendable {
    /// Unique name, as configured (`builtin`, `semgrep`, `mythril`, or a wrapper directory name).
    var name: String { get }
    /// Metadata for the report (`analyzers_reports[].analyzer`).
    func describe() async -> AnalyzerDescription
    /// Analyzes one contract within the given limits.
    func analyze(_ input: AnalysisInput, limits: ResourceLimits) async -> AnalyzerRun
    /// One-time set-up at node start-up (the wrapper protocol's `pull_analyzer`). Throws when the analyzer
    /// cannot be used at all.
    func prepare() async throws
    /// True when the analyzer works on EVM bytecode rather than source (`audit --address`).
    var analyzesBytecode: Bool { get }
    /// True when `analyze` runs the analysis in a child process under `ProcessRunner`'s limits (nothing of the
    /// contract is parsed in the calling process but that child's capped output).
    var analyzesInChildProcess: Bool { get }
}

extension Analyzer {
    /// Default: nothing to prepare.
    public func prepare() async throws {}
    /// Default: source analyzer.
    public var analyzesBytecode: Bool { false }
    /// Default: analysis in process (isolated by the node).
    public var analyzesInChildProcess: Bool { false }
}

/// The contract handed to every analyzer of one audit.
public struct AnalysisInput: Sendable {
    /// The raw contract source bytes.
    public var source: Data
    /// A local temporary file holding `source` (for tools that read files).
    public var contractPath: String
    /// The basename of the URI path or of the file given on the command line.
    public var originalFileName: String
    /// Deployed runtime bytecode, when analysing an address.
    public var bytecode: Data?

    /// Creates an input.
    public init(source: Data, contractPath: String, originalFileName: String, bytecode: Data? = nil) {
        self.source = source
        self.contractPath = contractPath
        self.originalFileName = originalFileName
        self.bytecode = bytecode
    }
}

/// Limits applied to one analyzer run.
public struct ResourceLimits: Sendable, Hashable {
    /// Wall-clock time after which the run is stopped (soft signal, then hard kill).
    public var timeout: Duration
    /// Time between SIGTERM and SIGKILL of the process group.
    public var gracePeriod: Duration
    /// Maximum bytes of standard output kept; more output stops the run.
    public var maxOutputBytes: Int
    /// Address-space limit (RLIMIT_AS) for subprocesses, if any.
    public var memoryBytes: UInt64?
    /// CPU-time limit (RLIMIT_CPU) for subprocesses, if any.
    public var cpuSeconds: UInt64?

    /// Creates limits.
    public init(
        timeout: Duration = .seconds(300), gracePeriod: Duration = .seconds(2),
        maxOutputBytes: Int = 16 * 1024 * 1024, memoryBytes: UInt64? = nil, cpuSeconds: UInt64? = nil
    ) {
        self.timeout = timeout
        self.gracePeriod = gracePeriod
        self.maxOutputBytes = maxOutputBytes
        self.memoryBytes = memoryBytes
        self.cpuSeconds = cpuSeconds
    }

    /// The node's defaults: 300 s, 2 s grace, 16 MiB output, 4 GiB address space.
    public static let `default` = ResourceLimits(memoryBytes: 4 * 1024 * 1024 * 1024)
}

/// How an analyzer run ended.
public enum AnalyzerStatus: String, Sendable, Codable, Hashable, CaseIterable {
    case success, error, timeout
    case outOfMemory = "out_of_memory"
    case crashed
    case unparseableOutput = "unparseable_output"

    /// The status allowed by `report.schema.json` (success, error or timeout).
    public var reportStatus: String {
        switch self {
        case .success: "success"
        case .timeout: "timeout"
        case .error, .outOfMemory, .crashed, .unparseableOutput: "error"
        }
    }
}

/// The result of one analyzer on one contract.
public struct AnalyzerRun: Sendable {
    /// Analyzer metadata for the report.
    public var analyzer: AnalyzerDescription
    /// How the run ended.
    public var status: AnalyzerStatus
    /// Normalized findings (empty unless `status` is success, but partial results are kept when available).
    public var findings: [Finding]
    /// The raw standard output of the tool (capped), kept for re-parsing.
    public var rawOutput: Data
    /// Error lines (tool errors, limit violations, parse failures).
    public var errors: [String]
    /// Warning lines.
    public var warnings: [String]
    /// Trace lines (wrapper plugins).
    public var trace: [String]
    /// Epoch seconds when the run started.
    public var startTime: Int
    /// Epoch seconds when the run ended.
    public var endTime: Int

    /// Creates a run result.
    public init(
        analyzer: AnalyzerDescription, status: AnalyzerStatus, findings: [Finding] = [], rawOutput: Data = Data(),
        errors: [String] = [], warnings: [String] = [], trace: [String] = [], startTime: Int, endTime: Int
    ) {
        self.analyzer = analyzer
        self.status = status
        self.findings = findings
        self.rawOutput = rawOutput
        self.errors = errors
        self.warnings = warnings
        self.trace = trace
        self.startTime = startTime
        self.endTime = endTime
    }
}

/// Current UTC epoch seconds, at least 1 (the schema requires `start_time`/`end_time` ≥ 1).
func epochSeconds() -> Int {
    max(1, Int(Date().timeIntervalSince1970))
}
