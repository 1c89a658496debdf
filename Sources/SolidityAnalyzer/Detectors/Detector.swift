/// A vulnerability detector: static metadata plus a pure function over the semantic model.
protocol Detector: Sendable {
    var info: DetectorInfo { get }
    func run(_ model: SemanticModel) -> [SolidityFinding]
}

extension Detector {
    /// Builds a finding with this detector's metadata.
    func finding(
        line: Int, endLine: Int? = nil, message: String, confidence: FindingConfidence,
        contract: String?, function: String?, severity: FindingSeverity? = nil
    ) -> SolidityFinding {
        SolidityFinding(
            detectorID: info.id, title: info.title, message: message, protocolType: info.protocolType,
            category: info.category, swc: info.swc, severity: severity ?? info.severity, confidence: confidence,
            startLine: line, endLine: max(line, endLine ?? line), contract: contract, function: function)
    }

    func finding(at span: SourceSpan, message: String, confidence: FindingConfidence, in function: FunctionModel) -> SolidityFinding {
        finding(line: span.start.line, endLine: span.start.line, message: message, confidence: confidence,
                contract: function.contract.name, function: function.name)
    }
}
