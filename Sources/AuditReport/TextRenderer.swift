/// Human-readable terminal output for a report, findings grouped by severity (most severe first).
///
/// Text that comes from analyzers is sanitized: control characters (including ESC, so no terminal escape
/// sequences from hostile input) are shown as `\u{…}`, and descriptions are cut to their first line.
public enum TextRenderer {
    /// Renders `report`; with `useColor` severities and statuses are colored with ANSI SGR codes.
    public static func render(_ report: Report, useColor: Bool) -> String {
        let style = Style(enabled: useColor)
        var lines: [String] = []
        let file = report.analyzersReports?.lazy.flatMap { $0.potentialVulnerabilities ?? [] }.first?.file
        let uriName = report.contractURI?.split(separator: "/").last.map(String.init)
        let title = clean(uriName ?? file ?? "report")
        let state = report.auditState.map { " (audit_state \($0))" } ?? ""
        lines.append(style.bold(title) + ": " + style.status(clean(report.status)) + state)
        if let hash = report.contractHash { lines.append("  contract sha256 \(clean(hash))") }
        for error in report.compilationErrors ?? [] {
            lines.append("  " + style.red("compile error") + " " + firstLine(error))
        }
        if let warnings = report.compilationWarnings, !warnings.isEmpty {
            lines.append("  \(warnings.count) compiler warning(s)")
        }
        var grouped: [SeverityRating: [String]] = [:]
        var total = 0
        for analyzerReport in report.analyzersReports ?? [] {
            let name = clean(analyzerReport.analyzer.name)
            var line = "  analyzer \(name): " + style.status(clean(analyzerReport.status))
            if let start = analyzerReport.startTime, let end = analyzerReport.endTime { line += " in \(end - start) s" }
            if let error = analyzerReport.errors?.first(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }),
                analyzerReport.status != "success"
            {
                line += " — " + firstLine(error)
            }
            lines.append(line)
            for v in analyzerReport.potentialVulnerabilities ?? [] {
                let severity = SeverityRating(v.severity)
                for instance in v.instances {
                    total += 1
                    grouped[severity, default: []].append(findingLine(v, instance, analyzer: name))
                }
            }
        }
        for severity in SeverityRating.allCases {
            guard let findings = grouped[severity] else { continue }
            lines.append("")
            lines.append(style.severity(severity, "\(severity.label.uppercased()) (\(findings.count))"))
            lines += findings.map { "  " + $0 }
        }
        lines.append("")
        let counts = SeverityRating.allCases.compactMap { s in grouped[s].map { "\($0.count) \(s.label)" } }
        lines.append(total == 0 ? "No findings." : "\(total) finding(s): " + counts.joined(separator: ", "))
        return lines.joined(separator: "\n") + "\n"
    }

    private static func findingLine(_ v: PotentialVulnerability, _ i: VulnerabilityInstance, analyzer: String) -> String {
        var location = clean(v.file)
        if let start = i.startLine {
            location += ":\(start)"
            if let end = i.endLine, end > start { location += "-\(end)" }
        } else {
            location += ":?"
        }
        var text = "\(location)  \(clean(v.type))"
        if let swc = i.swc { text += " [\(clean(swc))]" }
        text += "  (\(analyzer)"
        if let rule = v.ruleID { text += "/\(clean(rule))" }
        text += ")"
        if let description = v.description ?? v.title {
            let summary = firstLine(description)
            if !summary.isEmpty { text += "  " + summary }
        }
        return text
    }

    private static func firstLine(_ s: String) -> String {
        let line = s.split(whereSeparator: \.isNewline).first { !$0.allSatisfy(\.isWhitespace) } ?? ""
        let cleaned = clean(line.trimmingCharacters(in: .whitespaces))
        return cleaned.count > 160 ? String(cleaned.prefix(157)) + "..." : cleaned
    }

    /// Replaces control characters so analyzer output cannot inject terminal escape sequences.
    static func clean<S: StringProtocol>(_ s: S) -> String {
        var out = ""
        for scalar in s.unicodeScalars {
            if scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) {
                out += "\\u{\(String(scalar.value, radix: 16))}"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private struct Style {
        let enabled: Bool
        func wrap(_ code: String, _ s: String) -> String { enabled ? "\u{1B}[\(code)m\(s)\u{1B}[0m" : s }
        func bold(_ s: String) -> String { wrap("1", s) }
        func red(_ s: String) -> String { wrap("31", s) }
        func status(_ s: String) -> String { wrap(s == "success" ? "32" : s == "timeout" ? "33" : "31", s) }
        func severity(_ severity: SeverityRating, _ s: String) -> String {
            switch severity {
            case .critical: wrap("1;35", s)
            case .high: wrap("1;31", s)
            case .medium: wrap("1;33", s)
            case .low: wrap("1;36", s)
            case .info, .unrated: wrap("1", s)
            }
        }
    }
}
