import Foundation

/// Output formats of `qsp-audit-node audit`.
public enum AuditOutputFormat: String, Sendable, CaseIterable {
    case json, sarif, text
}

/// The parsed options of `qsp-audit-node audit` (the command line stays thin; this is testable).
public struct AuditCommandOptions: Sendable {
    /// Files or directories (scanned recursively for `.sol`).
    public var paths: [String]
    /// Output format.
    public var format: AuditOutputFormat
    /// Analyzer names; empty → `builtin` for sources, `mythril` for `--address`.
    public var analyzers: [String]
    /// Directory to write the outputs to instead of standard output.
    public var outputDirectory: String?
    /// Exit with status 1 when a finding reaches this severity.
    public var failOn: Severity?
    /// Per-analyzer timeout in seconds.
    public var timeoutSeconds: Int?
    /// Deployed contract address (`--address`), audited as bytecode.
    public var address: String?
    /// JSON-RPC URL for `--address`.
    public var rpcURL: String?
    /// Directory of wrapper plugins for analyzer names that are not built in.
    public var wrappersRoot: String?
    /// ANSI colours in text output.
    public var useColor: Bool
    /// Node version written into reports.
    public var version: String
    /// A SARIF file of an earlier run (`--baseline`): findings with the same fingerprint are not reported.
    public var baselinePath: String?

    /// Creates options.
    public init(
        paths: [String], format: AuditOutputFormat = .json, analyzers: [String] = [], outputDirectory: String? = nil,
        failOn: Severity? = nil, timeoutSeconds: Int? = nil, address: String? = nil, rpcURL: String? = nil,
        wrappersRoot: String? = nil, useColor: Bool = false, version: String, baselinePath: String? = nil
    ) {
        self.baselinePath = baselinePath
        self.paths = paths
        self.format = format
        self.analyzers = analyzers
        self.outputDirectory = outputDirectory
        self.failOn = failOn
        self.timeoutSeconds = timeoutSeconds
        self.address = address
        self.rpcURL = rpcURL
        self.wrappersRoot = wrappersRoot
        self.useColor = useColor
        self.version = version
    }

    /// Parses `--analyzers builtin,semgrep` (commas or spaces).
    public static func analyzerList(_ text: String) -> [String] {
        text.split(whereSeparator: { $0 == "," || $0.isWhitespace }).map(String.init)
    }

    /// Parses `--fail-on` (critical, high, medium, low, info; also informational/warning/error).
    public static func severity(_ text: String) throws(AnalysisError) -> Severity {
        guard let severity = Severity(lenient: text) else {
            throw AnalysisError(.invalidInput, "--fail-on must be one of critical, high, medium, low, info (got '\(text.prefix(40))')")
        }
        return severity
    }
}

/// What the command produced: the text for standard output, files written, and the exit status.
public struct AuditCommandResult: Sendable {
    /// Bytes for standard output (empty when `--output` was given).
    public var standardOutput: Data
    /// Files written under `--output`.
    public var writtenFiles: [String]
    /// 0 ok; 1 a finding reached `--fail-on` (after `--baseline` filtering); 3 an audit ended with status "error".
    /// (2, bad input, is thrown as ``AnalysisError`` instead.)
    public var exitCode: Int32
    /// The audit outcomes, in input order.
    public var outcomes: [AuditOutcome]
}
