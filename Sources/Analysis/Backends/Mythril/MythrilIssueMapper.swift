import AuditReport
import Foundation

/// Maps issues of current Mythril (0.24) to unified types, by SWC id first and title second.
enum MythrilIssueMapper {
    /// SWC id → (type, DASP category).
    static let bySWC: [String: (String, DASPCategory)] = [
        "101": ("integer_overflow", .arithmetic),
        "104": ("unchecked_call_return_value", .uncheckedLowLevelCalls),
        "105": ("unprotected_ether_withdrawal", .accessControl),
        "106": ("unprotected_self_destruct", .accessControl),
        "107": ("reentrancy", .reentrancy),
        "110": ("exception_state", .other),
        "112": ("delegate_call_to_untrusted_contract", .accessControl),
        "113": ("multiple_calls", .denialOfService),
        "114": ("transaction_order_dependency", .frontRunning),
        "115": ("tx_origin_usage", .accessControl),
        "116": ("time_dependency", .timeManipulation),
        "120": ("dependence_on_environment_variable", .badRandomness),
        "123": ("exception_state", .other),
        "124": ("unprotected_state_manipulation", .accessControl),
        "127": ("other", .other),
    ]

    /// Titles whose meaning differs from their SWC's default type.
    static let byTitle: [String: String] = [
        "External Call To User-Supplied Address": "call_to_external_contract",
        "Integer Arithmetic Bugs": "integer_overflow",
        "Delegatecall to user-supplied address": "delegate_call_to_untrusted_contract",
        "Dependence on tx.origin": "tx_origin_usage",
    ]

    /// `vulnerabilities_checked` for the report: current titles plus the reference's 15 titles.
    static var checked: [String: VulnerabilityCheck] {
        var result = NativeFindingMapper.referenceMythrilTitles.mapValues(VulnerabilityCheck.init)
        for (title, type) in byTitle { result[title] = VulnerabilityCheck(type: type) }
        for (title, type) in [
            "Unprotected Ether Withdrawal": "unprotected_ether_withdrawal", "Unprotected Selfdestruct": "unprotected_self_destruct",
            "State access after external call": "reentrancy", "Exception State": "exception_state",
            "Multiple Calls in a Single Transaction": "multiple_calls", "Transaction Order Dependence": "transaction_order_dependency",
            "Unchecked return value from external call.": "unchecked_call_return_value",
            "Dependence on predictable environment variable": "dependence_on_environment_variable",
            "Write to an arbitrary storage location": "unprotected_state_manipulation",
        ] {
            result[title] = VulnerabilityCheck(type: type)
        }
        return result
    }

    static func findings(_ issues: [[String: Any]], fileName: String, analyzer: String) -> [Finding] {
        issues.enumerated().map { index, issue in
            let title = NativeJSON.string(issue["title"]) ?? "Unknown"
            let swc = NativeJSON.string(issue["swc-id"])?.replacingOccurrences(of: "SWC-", with: "")
            let mapped = swc.flatMap { bySWC[$0] }
            var type = byTitle[title] ?? checked[title]?.type ?? mapped?.0 ?? "other"
            let description = NativeJSON.string(issue["description"]) ?? title
            if type == "integer_overflow", description.lowercased().contains("underflow") { type = "integer_underflow" }
            var location: [String] = []
            if let function = NativeJSON.string(issue["function"]) { location.append("function \(function)") }
            if let address = NativeJSON.int(issue["address"]) { location.append("bytecode offset \(address)") }
            let message = location.isEmpty ? description : "\(description) (\(location.joined(separator: ", ")))"
            return Finding(
                type: type, category: mapped?.1, swc: swc.map { "SWC-\($0)" },
                severity: Severity(lenient: NativeJSON.string(issue["severity"]) ?? "") ?? .medium,
                confidence: .medium, startLine: NativeJSON.int(issue["lineno"]) ?? 0, file: fileName,
                message: message, analyzer: analyzer, ruleID: swc.map { "SWC-\($0)" } ?? title,
                contract: NativeJSON.string(issue["contract"]), refID: index, title: title
            )
        }
    }
}
