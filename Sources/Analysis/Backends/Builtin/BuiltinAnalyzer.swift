public import AuditReport
import Foundation
public import SolidityAnalyzer

/// The in-process Swift analyzer (module SolidityAnalyzer) behind the ``Analyzer`` protocol.
/// Its time budget is the run's timeout (capped at 60 s); it cannot crash or hang the node.
public struct BuiltinAnalyzer: Analyzer {
    /// Always "builtin".
    public let name = "builtin"
    /// Detector ids to run; nil runs all.
    public let enabledDetectors: Set<String>?
    /// Resolves the contract's `import`s (the `audit` CLI sets a ``SolidityProject``); nil analyses the file alone.
    public let importResolver: (any SolidityImportResolver)?

    /// Creates the analyzer.
    public init(enabledDetectors: Set<String>? = nil, importResolver: (any SolidityImportResolver)? = nil) {
        self.enabledDetectors = enabledDetectors
        self.importResolver = importResolver
    }

    public func describe() async -> AnalyzerDescription {
        Self.description
    }

    /// Metadata: version and the detector id → protocol type map.
    static var description: AnalyzerDescription {
        var checked: [String: VulnerabilityCheck] = [:]
        for detector in SolidityAnalyzer.detectors {
            checked[detector.id] = VulnerabilityCheck(type: detector.protocolType)
        }
        return AnalyzerDescription(
            name: "builtin", version: SolidityAnalyzer.version, vulnerabilitiesChecked: checked,
            command: "in-process SolidityAnalyzer \(SolidityAnalyzer.version)"
        )
    }

    public func analyze(_ input: AnalysisInput, limits: ResourceLimits) async -> AnalyzerRun {
        let start = epochSeconds()
        guard let source = String(validating: input.source, as: UTF8.self) else {
            return AnalyzerRun(analyzer: Self.description, status: .error,
                               errors: ["the contract source is not valid UTF-8 text"], startTime: start, endTime: epochSeconds())
        }
        let budget = min(limits.timeout, .seconds(60))
        let analyzer = SolidityAnalyzer(configuration: .init(timeBudget: budget, enabledDetectors: enabledDetectors, importResolver: importResolver))
        let result = analyzer.analyze(source: source, fileName: input.originalFileName)
        let findings = result.findings.map { finding in
            Finding(
                type: finding.protocolType, category: finding.category.flatMap(DASPCategory.init(rawValue:)),
                swc: finding.swc, severity: finding.severity, confidence: finding.confidence,
                startLine: finding.startLine, endLine: finding.endLine, file: input.originalFileName,
                message: finding.message, analyzer: name, ruleID: finding.detectorID, contract: finding.contract,
                title: finding.title
            )
        }
        if result.definitionCount == 0 && !result.budgetExceeded {
            // Nothing to vouch for: an empty file, an HTML page or another language. The reference's compile step
            // turned these into Error (5) reports; an empty "success" would certify a contract nobody analysed.
            let firstProblem = result.diagnostics.first.map { " (first problem: line \($0.line): \($0.message))" } ?? ""
            return AnalyzerRun(
                analyzer: Self.description, status: .error,
                errors: ["no contract, interface or library definition found in \(input.originalFileName)\(firstProblem)"],
                startTime: start, endTime: epochSeconds()
            )
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let raw = (try? encoder.encode(result.findings)) ?? Data()
        let warnings = result.diagnostics.prefix(100).map { "\(input.originalFileName):\($0.line):\($0.column): \($0.message)" }
        return AnalyzerRun(
            analyzer: Self.description, status: result.budgetExceeded ? .timeout : .success, findings: findings,
            rawOutput: raw,
            errors: result.budgetExceeded ? ["Time out occurred. Could not finish builtin within \(budget.components.seconds) seconds"] : [],
            warnings: Array(warnings), startTime: start, endTime: epochSeconds()
        )
    }
}
