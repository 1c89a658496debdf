import AuditReport
import Foundation

/// Reads what a wrapper's `run` printed into an ``AnalyzerRun``.
enum WrapperOutputParser {
    static func apply(_ object: [String: Any], to run: inout AnalyzerRun, fileName: String, analyzer: String) {
        let checked = run.analyzer.vulnerabilitiesChecked ?? [:]
        if object["status"] != nil || object["potential_vulnerabilities"] != nil || object["errors"] != nil {
            applyReportForm(object, to: &run, fileName: fileName, analyzer: analyzer)
        } else if object["issues"] != nil, object["success"] != nil {
            // Native mythril output.
            let success = (object["success"] as? Bool) ?? false
            let mapped = NativeFindingMapper.mythrilFindings(
                object, fileName: fileName,
                checked: checked.isEmpty ? NativeFindingMapper.referenceMythrilTitles.mapValues(VulnerabilityCheck.init) : checked,
                analyzer: analyzer
            )
            run.findings = mapped.findings
            run.warnings = mapped.warnings
            run.status = success ? .success : .error
            if !success { run.errors = NativeJSON.lines(object["error"]) }
        } else if object.values.contains(where: { ($0 as? [String: Any])?["results"] != nil }) {
            run.findings = NativeFindingMapper.securifyFindings(object, checked: checked, analyzer: analyzer)
            run.status = .success
        } else {
            run.status = .unparseableOutput
            run.errors = ["\(analyzer): the run output has neither a status nor a known native format"]
        }
    }

    /// The reference report form: `status` (missing → error), `potential_vulnerabilities`, `errors`,
    /// `warnings`, `trace`.
    private static func applyReportForm(_ object: [String: Any], to run: inout AnalyzerRun, fileName: String, analyzer: String) {
        let status = NativeJSON.string(object["status"]) ?? "error"
        run.status = AnalyzerStatus(rawValue: status) ?? .error
        run.errors = NativeJSON.lines(object["errors"])
        run.warnings = NativeJSON.lines(object["warnings"])
        run.trace = NativeJSON.lines(object["trace"])
        if object["status"] == nil { run.errors.insert("\(analyzer): the run output has no status", at: 0) }
        var findings: [Finding] = []
        for (group, entry) in (object["potential_vulnerabilities"] as? [[String: Any]] ?? []).enumerated() {
            let type = NativeJSON.string(entry["type"]) ?? "other"
            let file = NativeJSON.string(entry["file"]) ?? fileName
            let description = NativeJSON.string(entry["description"]) ?? ""
            let severity = NativeJSON.string(entry["severity"]).flatMap(Severity.init(lenient:)) ?? .medium
            let confidence = NativeJSON.string(entry["confidence"]).flatMap(Confidence.init(rawValue:)) ?? .medium
            let ruleID = NativeJSON.string(entry["rule_id"]) ?? type
            for (index, instance) in (entry["instances"] as? [[String: Any]] ?? []).enumerated() {
                guard let line = NativeJSON.int(instance["start_line"]) else {
                    run.warnings.append("\(analyzer): an instance of \(type) has no start_line; dropped\n")
                    continue
                }
                findings.append(Finding(
                    type: type, category: NativeJSON.string(instance["category"]).flatMap(DASPCategory.init(rawValue:)),
                    swc: NativeJSON.string(instance["swc"]), severity: severity, confidence: confidence,
                    startLine: line, endLine: NativeJSON.int(instance["end_line"]), file: file, message: description,
                    analyzer: analyzer, ruleID: ruleID, contract: NativeJSON.string(entry["contract"]),
                    refID: NativeJSON.int(instance["ref_id"]) ?? index, group: group,
                    title: NativeJSON.string(entry["title"])
                ))
            }
        }
        run.findings = findings
    }
}
