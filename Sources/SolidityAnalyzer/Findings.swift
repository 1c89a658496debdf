@_exported import QSPCore

/// How severe a finding is: the project's one scale (`QSPCore.Severity`).
public typealias FindingSeverity = Severity

/// How sure a detector is that a finding is a true positive (`QSPCore.Confidence`).
public typealias FindingConfidence = Confidence

/// One vulnerability reported by a detector, pointing at the vulnerable line.
public struct SolidityFinding: Sendable, Hashable, Codable {
    /// Stable detector id, e.g. `reentrancy-eth`.
    public var detectorID: String
    /// Short human-readable title of the detector.
    public var title: String
    /// What was found, in one or two sentences.
    public var message: String
    /// One of the protocol vulnerability types (`vulnerability_types.json`).
    public var protocolType: String
    /// DASP top-10 category (`reentrancy`, `access_control`, `arithmetic`, …) or nil.
    public var category: String?
    /// SWC registry id such as `SWC-107`, or nil.
    public var swc: String?
    /// Severity of the issue.
    public var severity: FindingSeverity
    /// Confidence of the detector.
    public var confidence: FindingConfidence
    /// First line (1-based) of the vulnerable statement.
    public var startLine: Int
    /// Last line (1-based) of the vulnerable statement.
    public var endLine: Int
    /// Enclosing contract, if any.
    public var contract: String?
    /// Enclosing function or modifier, if any.
    public var function: String?

    /// Creates a finding.
    public init(
        detectorID: String, title: String, message: String, protocolType: String,
        category: String?, swc: String?, severity: FindingSeverity, confidence: FindingConfidence,
        startLine: Int, endLine: Int, contract: String? = nil, function: String? = nil
    ) {
        self.detectorID = detectorID
        self.title = title
        self.message = message
        self.protocolType = protocolType
        self.category = category
        self.swc = swc
        self.severity = severity
        self.confidence = confidence
        self.startLine = startLine
        self.endLine = endLine
        self.contract = contract
        self.function = function
    }
}

/// A problem the front end met while reading the source (syntax error, skipped construct, budget).
public struct SolidityDiagnostic: Sendable, Hashable, Codable {
    /// What went wrong.
    public var message: String
    /// 1-based line.
    public var line: Int
    /// 1-based column.
    public var column: Int

    /// Creates a diagnostic.
    public init(message: String, line: Int, column: Int) {
        self.message = message
        self.line = line
        self.column = column
    }
}

/// The outcome of analysing one source file.
public struct SolidityAnalysisResult: Sendable, Hashable {
    /// Findings sorted by (startLine, detectorID).
    public var findings: [SolidityFinding]
    /// Front-end diagnostics (syntax errors, skipped constructs).
    public var diagnostics: [SolidityDiagnostic]
    /// True when the time budget ran out and the result is partial.
    public var budgetExceeded: Bool
    /// The first `pragma solidity` version expression, e.g. `^0.4.17`.
    public var pragma: String?
    /// How many contract, interface and library definitions the parser recovered. Zero means the input is not a
    /// Solidity source unit an auditor can vouch for (empty file, HTML page, other language).
    public var definitionCount: Int = 0

    /// Creates a result.
    public init(findings: [SolidityFinding] = [], diagnostics: [SolidityDiagnostic] = [], budgetExceeded: Bool = false, pragma: String? = nil) {
        self.findings = findings
        self.diagnostics = diagnostics
        self.budgetExceeded = budgetExceeded
        self.pragma = pragma
    }
}

/// Static description of one detector.
public struct DetectorInfo: Sendable, Hashable, Codable {
    /// Stable id, e.g. `reentrancy-eth`.
    public var id: String
    /// Short title.
    public var title: String
    /// Protocol vulnerability type reported for its findings.
    public var protocolType: String
    /// DASP category.
    public var category: String?
    /// SWC id, e.g. `SWC-107`.
    public var swc: String?
    /// Default severity.
    public var severity: FindingSeverity
    /// What the detector looks for.
    public var description: String

    /// Creates a detector description.
    public init(id: String, title: String, protocolType: String, category: String?, swc: String?, severity: FindingSeverity, description: String) {
        self.id = id
        self.title = title
        self.protocolType = protocolType
        self.category = category
        self.swc = swc
        self.severity = severity
        self.description = description
    }
}
