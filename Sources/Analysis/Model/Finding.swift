/// Severity, confidence and DASP category come from the shared vocabulary (`QSPCore`).
@_exported import QSPCore

/// One normalized finding of one analyzer, pointing at a source line.
public struct Finding: Sendable, Hashable, Codable {
    /// Protocol vulnerability type (an entry of `vulnerability_types.json`; unknown types become `other` on encoding).
    public var type: String
    /// DASP category, when known.
    public var category: DASPCategory?
    /// SWC registry id such as "SWC-107", when known.
    public var swc: String?
    /// Severity.
    public var severity: Severity
    /// Confidence.
    public var confidence: Confidence
    /// 1-based first line (0 when the analyzer gives no line, e.g. bytecode analysis).
    public var startLine: Int
    /// Last line, when known.
    public var endLine: Int?
    /// The audited file name (the original file name, not the temp file).
    public var file: String
    /// What was found.
    public var message: String
    /// Name of the analyzer that reported it.
    public var analyzer: String
    /// The analyzer's native rule id or check title.
    public var ruleID: String
    /// Enclosing contract, when known.
    public var contract: String?
    /// Reference id as given by the analyzer (wrapper plugins); nil → numbered by the report builder.
    public var refID: Int?
    /// Findings with the same non-nil group number are reported as one `potential_vulnerabilities` entry
    /// with several instances (wrapper plugins keep their grouping this way).
    public var group: Int?
    /// Short title of the rule, when the analyzer has one.
    public var title: String?

    /// Creates a finding.
    public init(
        type: String, category: DASPCategory? = nil, swc: String? = nil, severity: Severity = .medium,
        confidence: Confidence = .medium, startLine: Int, endLine: Int? = nil, file: String, message: String,
        analyzer: String, ruleID: String, contract: String? = nil, refID: Int? = nil, group: Int? = nil,
        title: String? = nil
    ) {
        self.type = type
        self.category = category
        self.swc = swc
        self.severity = severity
        self.confidence = confidence
        self.startLine = startLine
        self.endLine = endLine
        self.file = file
        self.message = message
        self.analyzer = analyzer
        self.ruleID = ruleID
        self.contract = contract
        self.refID = refID
        self.group = group
        self.title = title
    }
}
