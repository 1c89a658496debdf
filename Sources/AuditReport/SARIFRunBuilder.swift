import Foundation

/// Accumulates one SARIF run (one analyzer) across reports.
struct SARIFRunBuilder {
    struct Rule {
        let id: String
        let type: String
        var title: String?
        var description: String?
        var severity = SeverityRating.unrated
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
                var region: JSONObject = [("startLine", .integer(Int64(startLine)))]
                if let end = instance.endLine, end > startLine { region["endLine"] = .integer(Int64(end)) }
                let key = "\(ruleID)\u{0}\(uri)\u{0}\(startLine)"
                let occurrence = occurrences[key, default: 0]
                occurrences[key] = occurrence + 1
                var properties: JSONObject = [("type", .string(vulnerability.type))]
                if let category = instance.category { properties["category"] = .string(category) }
                if let swc = instance.swc { properties["swc"] = .string(swc) }
                if let contract = vulnerability.contract { properties["contract"] = .string(contract) }
                if let confidence = vulnerability.confidence { properties["confidence"] = .string(confidence) }
                results.append(
                    .object([
                        ("ruleId", .string(ruleID)),
                        ("ruleIndex", .integer(Int64(ruleIndex))),
                        ("level", .string(SeverityRating(vulnerability.severity).sarifLevel)),
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
            rules[index].severity = min(rules[index].severity, SeverityRating(v.severity))
            return index
        }
        var rule = Rule(id: id, type: v.type, title: v.title, description: v.description)
        if let swc = Self.defaultSWC[v.type] { rule.swcs.append(swc) }
        rule.severity = SeverityRating(v.severity)
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
        var invocation: JSONObject = [("executionSuccessful", .bool(report.status == "success"))]
        if !notifications.isEmpty { invocation["toolExecutionNotifications"] = .array(notifications) }
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
        let hint = Self.fixHint(forRule: rule.id, type: rule.type)
        if let hint { help += "\n\nFix: " + hint }
        var markdown = "**\(readable)** (protocol type `\(rule.type)`)"
        if let swc = rule.swcs.first, let number = swc.split(separator: "-").last {
            markdown += " — [\(swc)](https://swcregistry.io/docs/SWC-\(number))"
        }
        if let description = rule.description?.trimmingCharacters(in: .whitespacesAndNewlines), !description.isEmpty {
            markdown += "\n\n" + String(description.prefix(4000))
        }
        if let hint { markdown += "\n\n**Fix:** " + hint }
        var properties: JSONObject = [
            ("tags", .array(tags.map(JSONValue.string))),
            ("security-severity", .string(rule.severity.securitySeverity)),
        ]
        if let precision = precision(rule.confidence) { properties["precision"] = .string(precision) }
        if let hint { properties["fix"] = .string(hint) }
        var value: JSONObject = [
            ("id", .string(rule.id)),
            ("name", .string(Self.pascalCase(rule.id))),
            ("shortDescription", .object([("text", .string(readable))])),
            ("fullDescription", .object([("text", .string(String((rule.description ?? readable).prefix(1000))))])),
            ("help", .object([("text", .string(help)), ("markdown", .string(markdown))])),
            ("defaultConfiguration", .object([("level", .string(rule.severity.sarifLevel))])),
        ]
        if let swc = rule.swcs.first, let number = swc.split(separator: "-").last {
            value["helpUri"] = .string("https://swcregistry.io/docs/SWC-\(number)")
        }
        value["properties"] = .object(properties)
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

    /// How to fix a finding of a protocol type (the `_true_positive` variants share their base type's hint).
    /// By rule id first (built-in detector ids), then by protocol type.
    static func fixHint(forRule id: String, type: String) -> String? {
        if let hint = fixHints[id] { return hint }
        let base = type.hasSuffix("_true_positive") ? String(type.dropLast("_true_positive".count)) : type
        return fixHints[base]
    }

    static let fixHints: [String: String] = [
        "reentrancy": "Update state before any external call (checks-effects-interactions) or guard the function with a reentrancy lock; prefer pull payments.",
        "integer_overflow": "Use Solidity ≥ 0.8 checked arithmetic (outside unchecked blocks) or SafeMath, or bound the operands with require first.",
        "integer_underflow": "Check that the minuend is at least the subtrahend (require) before subtracting, or use Solidity ≥ 0.8 / SafeMath.",
        "unchecked_call_return_value": "Check the boolean result of call/send (require(ok)) or use transfer / OpenZeppelin Address.sendValue.",
        "unprotected_ether_withdrawal": "Restrict the function (onlyOwner / role check) or pay out only what the caller is owed, reducing their balance first.",
        "unprotected_self_destruct": "Remove selfdestruct or restrict it to an authorised owner (and consider a timelock).",
        "tx_origin_usage": "Authenticate with msg.sender, never tx.origin.",
        "time_dependency": "Do not decide outcomes or randomness with block.timestamp; allow a tolerance of minutes for deadlines and never compare it for equality.",
        "transaction_order_dependency": "Use commit-reveal for answers and bids, and bind payouts to values fixed before the transaction (or require the expected value as a parameter).",
        "delegate_call_to_untrusted_contract": "Delegatecall only to fixed, trusted implementation addresses set by an authorised account.",
        "exception_state": "Make assertions hold for every input: validate inputs with require instead of assert.",
        "multiple_calls": "Do not make several external calls in one transaction whose failure blocks the rest; use pull payments.",
        "denial_of_service": "Avoid loops over unbounded, user-growable arrays and push payments in loops; let each user withdraw.",
        "bad_randomness": "Use a verifiable randomness source (VRF oracle or commit-reveal), never block attributes.",
        "unprotected_write": "Restrict who can change owner/admin variables (onlyOwner) and initialise them in the constructor.",
        "wrong_constructor_name": "Use the constructor keyword (Solidity ≥ 0.4.22) instead of a function named after the contract.",
        "default_visibility": "Declare every function's visibility explicitly and make helpers internal or private.",
        "short_address": "Validate msg.data length for functions taking addresses and amounts, or use Solidity ≥ 0.5 ABI decoding.",
        "locked_ether": "Add a withdrawal function restricted to the owner, or make the contract non-payable.",
        "uninitialized_storage_pointer": "Declare local structs and arrays as memory, or point them at an explicit storage location.",
        "shadowing_state_variable": "Rename the variable so it does not shadow an inherited state variable.",
        // Built-in detector ids whose protocol type is too broad for one hint.
        "reentrancy-limited-gas": "Update state before send/transfer; do not rely on the 2300-gas stipend to prevent re-entry.",
        "default-visibility": "Declare every function's visibility explicitly and make helpers internal or private.",
        "dos-unbounded-loop": "Bound the loop (paginate) or let each user act on their own entry instead of iterating over all of them.",
        "dos-call-in-loop": "Do not make external calls inside loops; record what is owed and let each recipient withdraw.",
        "dos-push-payment": "Replace push payments with pull payments (withdraw pattern) so one failing recipient cannot block others.",
        "uninitialized-storage-pointer": "Declare local structs and arrays as memory, or point them at an explicit storage location.",
        "state-variable-shadowing": "Rename the variable so it does not shadow an inherited state variable.",
        "weak-randomness": "Use a verifiable randomness source (VRF oracle or commit-reveal), never block attributes or hashes of them.",
        "short-address": "Validate msg.data length for functions taking addresses and amounts, or use Solidity ≥ 0.5 ABI decoding.",
        "arbitrary-storage-write": "Never let callers choose storage slots or array indices/lengths without bounds checks.",
        "incorrect-constructor-name": "Use the constructor keyword (Solidity ≥ 0.4.22) instead of a function named after the contract.",
        "unprotected-owner-write": "Restrict who can change owner/admin variables (onlyOwner) and initialise them in the constructor.",
    ]

    static func pascalCase(_ id: String) -> String {
        id.split { !$0.isLetter && !$0.isNumber }.map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    var value: JSONValue {
        var driver: JSONObject = [("name", .string(name))]
        if let version, !version.isEmpty { driver["version"] = .string(version) }
        driver["informationUri"] = .string("https://github.com/quantstamp/qsp-protocol-node")
        driver["rules"] = .array(rules.map(ruleValue))
        return .object([
            ("tool", .object([("driver", .object(driver))])),
            ("automationDetails", .object([("id", .string("qsp-audit/\(name)/"))])),
            ("invocations", .array(invocations)),
            ("results", .array(results)),
            ("columnKind", .string("utf16CodeUnits")),
        ])
    }
}
