import Crypto
import Foundation

/// Renders reports as SARIF 2.1.0 for GitHub code scanning and other SARIF consumers.
///
/// - One run per analyzer name (first-appearance order across all reports), each with its own
///   `automationDetails.id` ("qsp-audit/<analyzer>/") so GitHub keeps the runs apart.
/// - Rules: `id` = the finding's native `rule_id`, else its protocol `type` (stable across runs); tags
///   "security", the DASP category and SWC ids; help text and an SWC registry link when known;
///   `security-severity` and `precision` properties from severity and confidence.
/// - Results: one per instance, level from severity (critical/high → error, medium/unknown → warning,
///   low/info → note), the location `sourcePath` (pass a path relative to the repository root; absolute
///   paths become `file://` URIs), `startLine` ≥ 1 (line 0 or null is mapped to 1), `endLine` ≥ startLine,
///   and `partialFingerprints["qspAuditFinding/v1"]` = sha256(ruleId, uri, start line, occurrence)
///   truncated to 32 hex digits — stable as long as the finding stays on its line.
/// - Invocations record whether each analyzer succeeded, with its errors as notifications.
public enum SARIFRenderer {
    /// The SARIF schema URI written into `$schema`.
    public static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
    /// The partial fingerprint key.
    public static let fingerprintKey = "qspAuditFinding/v1"

    /// Renders `reports` (each with the path of its audited source) as a pretty-printed SARIF log.
    public static func render(_ reports: [(report: Report, sourcePath: String)]) -> Data {
        var runs: [SARIFRunBuilder] = []
        for (report, sourcePath) in reports {
            for analyzerReport in report.analyzersReports ?? [] {
                let name = analyzerReport.analyzer.name
                if let index = runs.firstIndex(where: { $0.name == name }) {
                    runs[index].add(analyzerReport, sourcePath: sourcePath)
                } else {
                    var run = SARIFRunBuilder(name: name, version: analyzerReport.analyzer.version)
                    run.add(analyzerReport, sourcePath: sourcePath)
                    runs.append(run)
                }
            }
        }
        let log = JSONValue.object([
            ("$schema", .string(schemaURI)),
            ("version", .string("2.1.0")),
            ("runs", .array(runs.map(\.value))),
        ])
        return JSONWriter.write(log, pretty: true)
    }

    /// A file URI reference for `path`: relative paths stay relative (percent-encoded), absolute ones get `file://`.
    static func uri(for path: String) -> String {
        var trimmed = Substring(path)
        while trimmed.hasPrefix("./") { trimmed = trimmed.dropFirst(2) }
        var allowed = CharacterSet.urlPathAllowed
        allowed.remove(charactersIn: ";?#[]")
        let encoded = trimmed.addingPercentEncoding(withAllowedCharacters: allowed) ?? String(trimmed)
        return trimmed.hasPrefix("/") ? "file://" + encoded : encoded
    }

    /// Where a finding's `file` lives: the source path itself when the base names agree, otherwise a
    /// sibling of it (imports), so the location stays relative to the same root.
    static func location(file: String, sourcePath: String) -> String {
        let sourceName = sourcePath.split(separator: "/").last.map(String.init) ?? sourcePath
        let fileName = file.split(separator: "/").last.map(String.init) ?? file
        if file.isEmpty || fileName == sourceName || file == "Unknown File" { return sourcePath }
        guard let slash = sourcePath.lastIndex(of: "/") else { return file }
        return String(sourcePath[...slash]) + file
    }

    static func fingerprint(ruleID: String, uri: String, line: Int, occurrence: Int) -> String {
        let digest = SHA256.hash(data: Data("\(ruleID)\u{0}\(uri)\u{0}\(line)\u{0}\(occurrence)".utf8))
        return String(Data(digest).hexString(prefixed: false).prefix(32))
    }
}
