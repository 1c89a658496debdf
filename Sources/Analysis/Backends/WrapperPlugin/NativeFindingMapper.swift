public import AuditReport
import Foundation

/// The §5.3 rules that turn native mythril and securify output into unified findings, using the analyzer's
/// `vulnerabilities_checked` map (native title → unified type).
public enum NativeFindingMapper {
    /// The reference mythril wrapper's 15-entry map (`reports/DAOBug.json`).
    public static let referenceMythrilTitles: [String: String] = [
        "Call data forwarded with delegatecall()": "delegate_call_to_untrusted_contract",
        "Dependence on predictable environment variable": "dependence_on_environment_variable",
        "Call to a user-supplied address": "delegate_call_to_untrusted_contract",
        "Use of tx.origin": "tx_origin_usage",
        "Ether send": "unprotected_ether_withdrawal",
        "Exception state": "exception_state",
        "Message call to external contract": "call_to_external_contract",
        "State change after external call": "reentrancy",
        "Integer Overflow": "integer_overflow",
        "Integer Underflow": "integer_underflow",
        "Multiple Calls": "multiple_calls",
        "Unchecked SUICIDE": "unprotected_self_destruct",
        "Transaction order dependence": "transaction_order_dependency",
        "Unchecked CALL return value": "unchecked_call_return_value",
        "Unknown": "other",
    ]

    /// Unified type of a mythril issue title: `map[title.trim()]`; a title containing "to a user-supplied
    /// address" → `delegate_call_to_untrusted_contract`; anything else → `other`.
    public static func mythrilType(title: String, checked: [String: VulnerabilityCheck]) -> String {
        let trimmed = title.trimmingCharacters(in: .whitespacesAndNewlines)
        if let type = checked[trimmed]?.type { return type }
        if trimmed.contains("to a user-supplied address") { return "delegate_call_to_untrusted_contract" }
        return "other"
    }

    /// Findings of a native mythril result (`{"success", "error", "issues": [...]}`), one per issue in issue
    /// order with `ref_id` k = 0, 1, … and no end line. Issues whose `lineno` is null are dropped (the
    /// reference would fail the schema); they are listed in the returned warnings.
    public static func mythrilFindings(
        _ object: [String: Any], fileName: String, checked: [String: VulnerabilityCheck], analyzer: String
    ) -> (findings: [Finding], warnings: [String]) {
        let issues = object["issues"] as? [[String: Any]] ?? []
        var findings: [Finding] = []
        var warnings: [String] = []
        for (index, issue) in issues.enumerated() {
            let title = NativeJSON.string(issue["title"]) ?? "Unknown"
            guard let line = NativeJSON.int(issue["lineno"]) else {
                warnings.append("mythril issue \"\(title)\" has no line number; dropped\n")
                continue
            }
            findings.append(Finding(
                type: mythrilType(title: title, checked: checked), category: nil,
                swc: NativeJSON.string(issue["swc-id"]).map(swcID),
                severity: Severity(lenient: NativeJSON.string(issue["type"]) ?? NativeJSON.string(issue["severity"]) ?? "") ?? .medium,
                confidence: .medium, startLine: line, file: fileName,
                message: NativeJSON.string(issue["description"]) ?? title, analyzer: analyzer, ruleID: title,
                contract: NativeJSON.string(issue["contract"]), refID: index, title: title
            ))
        }
        return (findings, warnings)
    }

    /// Findings of a native securify result (`{"<path>:<Contract>": {"results": {check: {violations, warnings,
    /// conflicts}}}}`). Lines are 0-based in securify and reported +1. Within a contract the checks are taken
    /// in sorted order (the JSON object order is not preserved by the parser).
    public static func securifyFindings(
        _ object: [String: Any], checked: [String: VulnerabilityCheck], analyzer: String
    ) -> [Finding] {
        var findings: [Finding] = []
        var nextRefID = 0
        var group = 0
        for key in object.keys.sorted() {
            guard let entry = object[key] as? [String: Any], let results = entry["results"] as? [String: Any] else { continue }
            let (file, contract) = securifyLocation(key)
            for check in results.keys.sorted() {
                guard let result = results[check] as? [String: Any] else { continue }
                let violations = lineNumbers(result["violations"])
                let warnings = lineNumbers(result["warnings"])
                let conflicts = lineNumbers(result["conflicts"])
                func refs(_ lines: [Int]) -> [(Int, Int)] {
                    defer { nextRefID += lines.count }
                    return lines.enumerated().map { (nextRefID + $0.offset, $0.element + 1) }
                }
                let violationRefs = refs(violations)
                let warningRefs = refs(warnings)
                let conflictRefs = refs(conflicts)
                for (title, items, severity) in [
                    ("\(check)TP", violationRefs, Severity.high), ("SecurifyBug", conflictRefs, Severity.low),
                    (check, warningRefs, Severity.medium),
                ] where !items.isEmpty {
                    group += 1
                    let type = checked[title]?.type ?? checked["Unknown"]?.type ?? "other"
                    for (refID, line) in items {
                        findings.append(Finding(
                            type: type, severity: severity, confidence: severity == .high ? .high : .medium,
                            startLine: line, file: file, message: check, analyzer: analyzer, ruleID: title,
                            contract: contract, refID: refID, group: group, title: title
                        ))
                    }
                }
            }
        }
        return findings
    }

    /// Splits `"/shared/DAOBug.sol:SendBalance"` into ("DAOBug.sol", "SendBalance").
    static func securifyLocation(_ key: String) -> (file: String, contract: String?) {
        guard let colon = key.lastIndex(of: ":") else {
            return (key.split(separator: "/").last.map(String.init) ?? key, nil)
        }
        let path = key[..<colon]
        let file = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? String(path)
        return (file, String(key[key.index(after: colon)...]))
    }

    static func lineNumbers(_ value: Any?) -> [Int] {
        (value as? [Any] ?? []).compactMap { NativeJSON.int($0) }
    }

    /// "106" or "SWC-106" → "SWC-106".
    static func swcID(_ raw: String) -> String {
        raw.uppercased().hasPrefix("SWC-") ? raw.uppercased() : "SWC-\(raw)"
    }
}
