/// The full audit report of PROTOCOL.md §6.1, as produced by the analysis pipeline and uploaded.
///
/// JSON keys are the snake_case names of `report.schema.json`. Every field except `status` is optional
/// because the schema requires only `status`; absent fields are omitted when encoding.
public struct Report: Codable, Sendable, Equatable {
    /// UTC epoch seconds when the report was built.
    public var timestamp: Int?
    /// The contract URI as requested.
    public var contractURI: String?
    /// sha256 of the contract source (lowercase hex in full reports, UPPERCASE in decoded on-chain reports).
    public var contractHash: String?
    /// The requestor address (for police checks: the audit contract address).
    public var requestor: String?
    /// The auditing node's account (checksummed).
    public var auditor: String?
    /// The on-chain request id.
    public var requestID: Int?
    /// The node version "M.m.p".
    public var version: String?
    /// 4 (completed) or 5 (error).
    public var auditState: Int?
    /// "success" or "error".
    public var status: String
    /// One item per configured analyzer, in configuration order; absent after compile errors.
    public var analyzersReports: [AnalyzerReport]?
    /// solc warnings.
    public var compilationWarnings: [String]?
    /// solc errors (present only when compilation failed).
    public var compilationErrors: [String]?

    public init(
        timestamp: Int? = nil, contractURI: String? = nil, contractHash: String? = nil,
        requestor: String? = nil, auditor: String? = nil, requestID: Int? = nil, version: String? = nil,
        auditState: Int? = nil, status: String, analyzersReports: [AnalyzerReport]? = nil,
        compilationWarnings: [String]? = nil, compilationErrors: [String]? = nil
    ) {
        self.timestamp = timestamp
        self.contractURI = contractURI
        self.contractHash = contractHash
        self.requestor = requestor
        self.auditor = auditor
        self.requestID = requestID
        self.version = version
        self.auditState = auditState
        self.status = status
        self.analyzersReports = analyzersReports
        self.compilationWarnings = compilationWarnings
        self.compilationErrors = compilationErrors
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case timestamp
        case contractURI = "contract_uri"
        case contractHash = "contract_hash"
        case requestor, auditor
        case requestID = "request_id"
        case version
        case auditState = "audit_state"
        case status
        case analyzersReports = "analyzers_reports"
        case compilationWarnings = "compilation_warnings"
        case compilationErrors = "compilation_errors"
    }
}

/// The output of one analyzer inside a ``Report`` (`analyzers_reports[]`).
public struct AnalyzerReport: Codable, Sendable, Equatable {
    /// "success", "error" or "timeout".
    public var status: String
    /// Which analyzer produced this report.
    public var analyzer: AnalyzerDescription
    /// Epoch seconds when the analyzer started (≥ 1).
    public var startTime: Int?
    /// Epoch seconds when the analyzer ended (≥ 1).
    public var endTime: Int?
    /// Findings; omitted when there are none.
    public var potentialVulnerabilities: [PotentialVulnerability]?
    /// Error lines reported by the analyzer or its wrapper.
    public var errors: [String]?
    /// Warning lines.
    public var warnings: [String]?
    /// Wrapper trace lines.
    public var trace: [String]?
    /// Coverage figures (oyente only).
    public var coverages: [Coverage]?

    public init(
        status: String, analyzer: AnalyzerDescription, startTime: Int? = nil, endTime: Int? = nil,
        potentialVulnerabilities: [PotentialVulnerability]? = nil, errors: [String]? = nil,
        warnings: [String]? = nil, trace: [String]? = nil, coverages: [Coverage]? = nil
    ) {
        self.status = status
        self.analyzer = analyzer
        self.startTime = startTime
        self.endTime = endTime
        self.potentialVulnerabilities = potentialVulnerabilities
        self.errors = errors
        self.warnings = warnings
        self.trace = trace
        self.coverages = coverages
    }

    enum CodingKeys: String, CodingKey {
        case status, analyzer
        case startTime = "start_time"
        case endTime = "end_time"
        case potentialVulnerabilities = "potential_vulnerabilities"
        case errors, warnings, trace, coverages
    }
}

/// Metadata about an analyzer (`analyzers_reports[].analyzer`).
public struct AnalyzerDescription: Codable, Sendable, Equatable {
    /// Analyzer name (≤ 50 characters per the schema).
    public var name: String
    /// Analyzer version (≤ 64 characters per the schema).
    public var version: String?
    /// Native check title → unified type.
    public var vulnerabilitiesChecked: [String: VulnerabilityCheck]?
    /// The command line that ran the analyzer.
    public var command: String?

    public init(
        name: String, version: String? = nil, vulnerabilitiesChecked: [String: VulnerabilityCheck]? = nil,
        command: String? = nil
    ) {
        self.name = name
        self.version = version
        self.vulnerabilitiesChecked = vulnerabilitiesChecked
        self.command = command
    }

    enum CodingKeys: String, CodingKey {
        case name, version
        case vulnerabilitiesChecked = "vulnerabilities_checked"
        case command
    }
}

/// The unified type a native check maps to (`vulnerabilities_checked[title]`).
public struct VulnerabilityCheck: Codable, Sendable, Equatable {
    /// A type from `vulnerability_types.json`.
    public var type: String

    public init(type: String) {
        self.type = type
    }

    enum CodingKeys: String, CodingKey {
        case type
    }
}

/// One finding group: a type in a file with one or more instances (`potential_vulnerabilities[]`).
public struct PotentialVulnerability: Codable, Sendable, Equatable {
    /// A type from `vulnerability_types.json` (unknown types are only fixed up by the sanitizing encoder).
    public var type: String
    /// The audited file name.
    public var file: String
    /// Human-readable description.
    public var description: String?
    /// Contract name, when known.
    public var contract: String?
    /// Where the finding occurs.
    public var instances: [VulnerabilityInstance]
    /// Severity ("critical", "high", "medium", "low", "info"); an extension to the reference format.
    public var severity: String?
    /// Confidence ("high", "medium", "low"); an extension.
    public var confidence: String?
    /// The analyzer's native rule id; an extension used for SARIF rule ids.
    public var ruleID: String?
    /// Short title of the rule; an extension.
    public var title: String?

    public init(
        type: String, file: String, description: String? = nil, contract: String? = nil,
        instances: [VulnerabilityInstance], severity: String? = nil, confidence: String? = nil,
        ruleID: String? = nil, title: String? = nil
    ) {
        self.type = type
        self.file = file
        self.description = description
        self.contract = contract
        self.instances = instances
        self.severity = severity
        self.confidence = confidence
        self.ruleID = ruleID
        self.title = title
    }

    enum CodingKeys: String, CodingKey {
        case type, file, description, contract, instances, severity, confidence
        case ruleID = "rule_id"
        case title
    }
}

/// One location of a finding (`instances[]`).
public struct VulnerabilityInstance: Codable, Sendable, Equatable {
    /// Reference id (per analyzer report in full reports, per type in decoded reports).
    public var refID: Int
    /// 1-based start line; 0 is allowed by the schema; `nil` models the `null` some analyzers emit.
    public var startLine: Int?
    /// End line, when known. An explicit JSON `null` is read as absent.
    public var endLine: Int?
    /// DASP category (reentrancy, access_control, …) or nil.
    public var category: String?
    /// SWC id such as "SWC-107", or nil.
    public var swc: String?

    public init(refID: Int, startLine: Int?, endLine: Int? = nil, category: String? = nil, swc: String? = nil) {
        self.refID = refID
        self.startLine = startLine
        self.endLine = endLine
        self.category = category
        self.swc = swc
    }

    enum CodingKeys: String, CodingKey {
        case refID = "ref_id"
        case startLine = "start_line"
        case endLine = "end_line"
        case category, swc
    }
}

/// Coverage achieved by an analyzer on one contract (`coverages[]`, oyente only).
public struct Coverage: Codable, Sendable, Equatable {
    /// Percentage 0…100.
    public var percentage: Double?
    /// File name.
    public var file: String?
    /// Contract name.
    public var contract: String?

    public init(percentage: Double? = nil, file: String? = nil, contract: String? = nil) {
        self.percentage = percentage
        self.file = file
        self.contract = contract
    }

    enum CodingKeys: String, CodingKey {
        case percentage, file, contract
    }
}
