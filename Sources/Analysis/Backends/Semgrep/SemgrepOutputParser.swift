import Foundation

/// Maps semgrep's JSON (`results`, `errors`) to findings using the rule metadata of the pack.
enum SemgrepOutputParser {
    static func parse(_ object: [String: Any], fileName: String, analyzer: String)
        -> (findings: [Finding], errors: [String], warnings: [String])
    {
        var findings: [Finding] = []
        for result in object["results"] as? [[String: Any]] ?? [] {
            let extra = result["extra"] as? [String: Any] ?? [:]
            let metadata = extra["metadata"] as? [String: Any] ?? [:]
            let start = (result["start"] as? [String: Any]).flatMap { NativeJSON.int($0["line"]) } ?? 0
            let end = (result["end"] as? [String: Any]).flatMap { NativeJSON.int($0["line"]) }
            let severity = NativeJSON.string(metadata["qsp_severity"]).flatMap(Severity.init(lenient:))
                ?? NativeJSON.string(extra["severity"]).flatMap(Severity.init(lenient:)) ?? .medium
            findings.append(Finding(
                type: NativeJSON.string(metadata["qsp_type"]) ?? "other",
                category: NativeJSON.string(metadata["category"]).flatMap(DASPCategory.init(rawValue:)),
                swc: NativeJSON.string(metadata["swc"]), severity: severity,
                confidence: NativeJSON.string(metadata["confidence"]).flatMap(Confidence.init(rawValue:)) ?? .medium,
                startLine: start, endLine: end, file: fileName,
                message: NativeJSON.string(extra["message"]) ?? "",
                analyzer: analyzer, ruleID: ruleID(NativeJSON.string(result["check_id"]) ?? "unknown"),
                title: NativeJSON.string(metadata["title"])
            ))
        }
        findings.sort { ($0.startLine, $0.ruleID) < ($1.startLine, $1.ruleID) }
        var errors: [String] = []
        var warnings: [String] = []
        for error in object["errors"] as? [[String: Any]] ?? [] {
            let type = NativeJSON.string(error["type"]) ?? "error"
            let level = NativeJSON.string(error["level"]) ?? "error"
            let message = (NativeJSON.string(error["message"]) ?? "").split(separator: "\n").first.map(String.init) ?? ""
            let line = "semgrep \(type): \(message.prefix(500))\n"
            // A contract semgrep cannot parse has not been analysed: that is an error, like a failed compile.
            if level == "error" || type.contains("Syntax error") || type.contains("Lexical error") {
                errors.append(line)
            } else {
                warnings.append(line)
            }
        }
        return (findings, errors, warnings)
    }

    /// semgrep prefixes rule ids with the config's directory (`work.main….qsp.tx-origin`); keep `qsp.…`.
    static func ruleID(_ checkID: String) -> String {
        if let range = checkID.range(of: "qsp.", options: .backwards) {
            return String(checkID[range.lowerBound...])
        }
        return checkID.split(separator: ".").last.map(String.init) ?? checkID
    }
}

/// Reads rule ids and their `qsp_type` from the pack text (a flat scan; the pack is ours).
enum SemgrepRulePack {
    static func types(inPack path: String) -> [String: String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [:] }
        var result: [String: String] = [:]
        var currentID: String?
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("- id:") {
                currentID = trimmed.dropFirst(5).trimmingCharacters(in: .whitespaces)
            } else if let id = currentID, let range = trimmed.range(of: "qsp_type:") {
                let rest = trimmed[range.upperBound...]
                let value = rest.prefix { $0 != "," && $0 != "}" }.trimmingCharacters(in: .whitespaces)
                result[id] = value
                currentID = nil
            }
        }
        return result
    }
}
