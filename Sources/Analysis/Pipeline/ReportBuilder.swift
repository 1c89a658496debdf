public import AuditReport
import Foundation

/// Turns analyzer runs into the §6.1 report structures, keeping within the schema's string limits.
public enum ReportBuilder {
    /// `analyzer.name` maximum length in the schema.
    static let maxNameLength = 50
    /// `analyzer.version` maximum length in the schema.
    static let maxVersionLength = 64
    /// Maximum length of `type`, `file`, `description` and `contract` strings in the schema.
    static let maxStringLength = 1000

    /// The report verdict of §3.5 step 3: success iff at least one analyzer succeeded and none returned an
    /// error (timeouts are tolerated). Out-of-memory, crashed and unparseable runs count as errors.
    public static func verdict(_ runs: [AnalyzerRun]) -> (auditState: Int, status: String) {
        let anySuccess = runs.contains { $0.status == .success }
        let anyError = runs.contains { $0.status.reportStatus == "error" }
        return anySuccess && !anyError ? (4, "success") : (5, "error")
    }

    /// One `analyzers_reports[]` item. Findings sharing a `group` become one entry with several instances;
    /// `ref_id`s count up across the analyzer report unless the analyzer supplied them.
    public static func analyzerReport(_ run: AnalyzerRun) -> AnalyzerReport {
        var description = run.analyzer
        description.name = String(description.name.prefix(maxNameLength))
        description.version = description.version.map { String($0.prefix(maxVersionLength)) }
        var errors = run.errors
        if run.status.reportStatus != run.status.rawValue {
            errors.insert("status: \(run.status.rawValue)", at: 0)
        }
        let vulnerabilities = potentialVulnerabilities(run.findings)
        return AnalyzerReport(
            status: run.status.reportStatus,
            analyzer: description,
            startTime: max(1, run.startTime),
            endTime: max(1, run.endTime, run.startTime),
            potentialVulnerabilities: vulnerabilities.isEmpty ? nil : vulnerabilities,
            errors: errors.isEmpty ? nil : errors,
            warnings: run.warnings.isEmpty ? nil : run.warnings,
            trace: run.trace.isEmpty ? nil : run.trace
        )
    }

    /// Groups findings into `potential_vulnerabilities` entries in analyzer order.
    static func potentialVulnerabilities(_ findings: [Finding]) -> [PotentialVulnerability] {
        var result: [PotentialVulnerability] = []
        var lastGroup: Int?
        var nextRefID = 0
        for finding in findings {
            let refID = finding.refID ?? nextRefID
            nextRefID = max(nextRefID, refID + 1)
            let instance = VulnerabilityInstance(
                refID: max(0, refID), startLine: max(0, finding.startLine), endLine: finding.endLine.map { max(0, $0) },
                category: finding.category?.rawValue, swc: finding.swc
            )
            if let group = finding.group, group == lastGroup, !result.isEmpty {
                result[result.count - 1].instances.append(instance)
                continue
            }
            lastGroup = finding.group
            result.append(PotentialVulnerability(
                type: clip(finding.type), file: clip(finding.file),
                description: finding.message.isEmpty ? nil : clip(finding.message),
                contract: finding.contract.map(clip), instances: [instance],
                severity: finding.severity.rawValue, confidence: finding.confidence.rawValue,
                ruleID: finding.ruleID.isEmpty ? nil : clip(finding.ruleID), title: finding.title.map(clip)
            ))
        }
        return result
    }

    static func clip(_ text: String) -> String {
        text.count <= maxStringLength ? text : String(text.prefix(maxStringLength))
    }
}
