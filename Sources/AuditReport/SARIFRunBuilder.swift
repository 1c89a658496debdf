import Foundation

/// Accumulates one SARIF run (one analyzer) across reports.
struct SARIFRunBuilder {
    struct Rule {
        let id: String
        let type: String
        var title: String?
        var description: String?
        var severity = Severity.unrated
        var confidence: String?
        var categories: [String] = []
        var swcs: [String] = []
    }

    let name: String
    let version: String?
    private var rules: [Rule] = []
    private var results: [JSONValue] = []
    private var invocations: [JSONValue] = []
    private var occurrences: [String: Int] = [:]

    init(name: String, version: String?) {
        self.name = name
        self.version = version
    }

    mutating func add(_ report: AnalyzerReport, sourcePath: String) {
        addInvocation(report, sourcePath: sourcePath)
        for vulnerability in report.potentialVulnerabilities ?? [] {
            let ruleIndex = rule(for: vulnerability)
            let ruleID = rules[ruleIndex].id
            let uri = SARIFRenderer.uri(for: SARIFRenderer.location(file: vulnerability.file, sourcePath: sourcePath))
            for instance in vulnerability.instances {
                note(instance, in: ruleIndex)
                let startLine = max(1, instance.startLine ?? 1)
                var region: [(String, JSONValue)] = [("startLine", .int(startLine))]
                if let end = instance.endLine, end > startLine { region.append(("endLine", .int(end))) }
                let key = "\(ruleID)\u{0}\(uri)\u{0}\(startLine)"
                let occurrence = occurrences[key, default: 0]
                occurrences[key] = occurrence + 1
                var properties: [(String, JSONValue)] = [("type", .string(vulnerability.type))]
                if let category = instance.category { properties.append(("category", .string(category))) }
                if let swc = instance.swc { properties.append(("swc", .string(swc))) }
                if let contract = vulnerability.contract { properties.append(("contract", .string(contract))) }
                if let confidence = vulnerability.confidence { properties.append(("confidence", .string(confidence))) }
                results.append(
                    .object([
                        ("ruleId", .string(ruleID)),
                        ("ruleIndex", .int(ruleIndex)),
                        ("level", .string(Severity(vulnerability.severity).sarifLevel)),
                        ("message", .object([("text", .string(message(vulnerability, instance)))])),
                        ("locations", .array([.object([("physicalLocation", .object([
                            ("artifactLocation", .object([("uri", .string(uri))])),
                            ("region", .object(region)),
                        ]))])])),
                        ("partialFingerprints", .object([
                            (SARIFRenderer.fingerprintKey, .string(SARIFRenderer.fingerprint(
                                ruleID: ruleID, uri: uri, line: startLine, occurrence: occurrence))),
                        ])),
                        ("properties", .object(properties)),
                    ]))
            }
        }
    }

    private func message(_ v: PotentialVulnerability, _ i: VulnerabilityInstance) -> String {
        var text = v.description?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        if text.isEmpty { text = v.title ?? v.type.replacingOccurrences(of: "_", with: " ") }
        if text.count > 2000 { text = String(text.prefix(2000)) + "…" }
        if let swc = i.swc, !text.contains(swc) { text += " (\(swc))" }
        return text
    }

    private mutating func rule(for v: PotentialVulnerability) -> Int {
        let id = (v.ruleID?.isEmpty == false ? v.ruleID : nil) ?? v.type
        if let index = rules.firstIndex(where: { $0.id == id }) {
            if rules[index].description == nil { rules[index].description = v.description }
            rules[index].severity = min(rules[index].severity, Severity(v.severity))
            return index
        }
        var rule = Rule(id: id, type: v.type, title: v.title, description: v.description)
        if let swc = Self.defaultSWC[v.type] { rule.swcs.append(swc) }
        rule.severity = Severity(v.severity)
        rule.confidence = v.confidence
        rules.append(rule)
        return rules.count - 1
    }

    private mutating func note(_ instance: VulnerabilityInstance, in index: Int) {
        if let swc = instance.swc, !rules[index].swcs.contains(swc) { rules[index].swcs.append(swc) }
        if let c = instance.category, !rules[index].categories.contains(c) { rules[index].categories.append(c) }
    }

    private mutating func addInvocation(_ report: AnalyzerReport, sourcePath: String) {
        let errorText = (report.errors ?? []).joined().trimmingCharacters(in: .whitespacesAndNewlines)
        var notifications: [JSONValue] = []
        if report.status != "success" {
            let text = errorText.isEmpty ? "\(name) finished with status \(report.status)" : String(errorText.prefix(4000))
            notifications.append(.object([
                ("level", .string("error")),
                ("message", .object([("text", .string("\(sourcePath): \(text)"))])),
            ]))
        }
        var invocation: [(String, JSONValue)] = [("executionSuccessful", .bool(report.status == "success"))]
        if !notifications.isEmpty { invocation.append(("toolExecutionNotifications", .array(notifications))) }
        invocations.append(.object(invocation))
    }

    private func ruleValue(_ rule: Rule) -> JSONValue {
        let readable = rule.title ?? rule.type.replacingOccurrences(of: "_", with: " ")
        var tags = ["security"] + rule.categories + rule.swcs
        if rule.type != rule.id { tags.append(rule.type) }
        tags = tags.reduce(into: []) { if !$0.contains($1) { $0.append($1) } }
        var help = "\(readable). Protocol type: \(rule.type)."
        if !rule.swcs.isEmpty { help += " Weakness: \(rule.swcs.joined(separator: ", ")) (https://swcregistry.io)." }
        if let description = rule.description?.trimmingCharacters(in: .whitespacesAndNewlines), !description.isEmpty {
            help += "\n\n" + String(description.prefix(4000))
        }
        var properties: [(String, JSONValue)] = [
            ("tags", .array(tags.map(JSONValue.string))),
            ("security-severity", .string(rule.severity.securitySeverity)),
        ]
        if let precision = precision(rule.confidence) { properties.append(("precision", .string(precision))) }
        var value: [(String, JSONValue)] = [
            ("id", .string(rule.id)),
            ("name", .string(Self.pascalCase(rule.id))),
            ("shortDescription", .object([("text", .string(readable))])),
            ("fullDescription", .object([("text", .string(String((rule.description ?? readable).prefix(1000))))])),
            ("help", .object([("text", .string(help))])),
            ("defaultConfiguration", .object([("level", .string(rule.severity.sarifLevel))])),
        ]
        if let swc = rule.swcs.first, let number = swc.split(separator: "-").last {
            value.append(("helpUri", .string("https://swcregistry.io/docs/SWC-\(number)")))
        }
        value.append(("properties", .object(properties)))
        return .object(value)
    }

    private func precision(_ confidence: String?) -> String? {
        switch confidence?.lowercased() {
        case "high": "high"
        case "medium": "medium"
        case "low": "low"
        default: nil
        }
    }

    /// The SWC entry that a protocol type clearly corresponds to, used when findings carry no `swc`.
    static let defaultSWC: [String: String] = [
        "integer_overflow": "SWC-101", "integer_underflow": "SWC-101",
        "unchecked_call_return_value": "SWC-104", "unchecked_call_return_value_true_positive": "SWC-104",
        "unprotected_ether_withdrawal": "SWC-105", "unprotected_ether_withdrawal_true_positive": "SWC-105",
        "unprotected_self_destruct": "SWC-106",
        "reentrancy": "SWC-107", "reentrancy_true_positive": "SWC-107",
        "exception_state": "SWC-110",
        "delegate_call_to_untrusted_contract": "SWC-112",
        "multiple_calls": "SWC-113",
        "transaction_order_dependency": "SWC-114", "transaction_order_dependency_true_positive": "SWC-114",
        "tx_origin_usage": "SWC-115",
        "time_dependency": "SWC-116",
    ]

    static func pascalCase(_ id: String) -> String {
        id.split { !$0.isLetter && !$0.isNumber }.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    var value: JSONValue {
        var driver: [(String, JSONValue)] = [("name", .string(name))]
        if let version, !version.isEmpty { driver.append(("version", .string(version))) }
        driver.append(("informationUri", .string("https://github.com/quantstamp/qsp-protocol-node")))
        driver.append(("rules", .array(rules.map(ruleValue))))
        return .object([
            ("tool", .object([("driver", .object(driver))])),
            ("automationDetails", .object([("id", .string("qsp-audit/\(name)/"))])),
            ("invocations", .array(invocations)),
            ("results", .array(results)),
            ("columnKind", .string("utf16CodeUnits")),
        ])
    }
}
