import Foundation

/// A baseline for `audit --baseline FILE`: the fingerprints of a previous SARIF output of the same command.
/// ``filter(_:sourcePath:)`` removes the findings whose SARIF fingerprint (rule, location, start line, occurrence;
/// see ``SARIFRenderer``) is in the baseline, so CI reports only new findings.
public struct SARIFBaseline: Sendable {
    /// The `partialFingerprints["qspAuditFinding/v1"]` values of the baseline's results.
    public let fingerprints: Set<String>

    /// Reads a SARIF log written by `audit --format sarif`.
    public init(sarif data: Data) throws(SARIFBaselineError) {
        let log: JSONValue
        do {
            log = try JSONParser.parse(data)
        } catch {
            throw SARIFBaselineError(message: "the baseline is not a SARIF file written by 'audit --format sarif' (\(error))")
        }
        guard case .array(let runs)? = log["runs"] else {
            throw SARIFBaselineError(message: "the baseline has no SARIF 'runs': write it with 'audit --format sarif'")
        }
        var fingerprints: Set<String> = []
        for run in runs {
            guard case .array(let results)? = run["results"] else { continue }
            for result in results {
                if let value = result["partialFingerprints"]?[SARIFRenderer.fingerprintKey]?.stringValue { fingerprints.insert(value) }
            }
        }
        self.fingerprints = fingerprints
    }

    /// `report` without the findings already in the baseline (fingerprints computed as the SARIF renderer does
    /// for a report rendered alone with this `sourcePath`).
    public func filter(_ report: Report, sourcePath: String) -> Report {
        var filtered = report
        guard var analyzers = report.analyzersReports else { return report }
        for analyzerIndex in analyzers.indices {
            var occurrences: [String: Int] = [:]
            var kept: [PotentialVulnerability] = []
            for vulnerability in analyzers[analyzerIndex].potentialVulnerabilities ?? [] {
                let ruleID = (vulnerability.ruleID?.isEmpty == false ? vulnerability.ruleID : nil) ?? vulnerability.type
                let uri = SARIFRenderer.uri(for: SARIFRenderer.location(file: vulnerability.file, sourcePath: sourcePath))
                var remaining = vulnerability
                remaining.instances = vulnerability.instances.filter { instance in
                    let line = max(1, instance.startLine ?? 1)
                    let key = "\(ruleID)\u{0}\(uri)\u{0}\(line)"
                    let occurrence = occurrences[key, default: 0]
                    occurrences[key] = occurrence + 1
                    let print = SARIFRenderer.fingerprint(ruleID: ruleID, uri: uri, line: line, occurrence: occurrence)
                    return !fingerprints.contains(print)
                }
                if !remaining.instances.isEmpty { kept.append(remaining) }
            }
            if analyzers[analyzerIndex].potentialVulnerabilities != nil { analyzers[analyzerIndex].potentialVulnerabilities = kept }
        }
        filtered.analyzersReports = analyzers
        return filtered
    }

    /// The severity texts of the findings left in `report` (for `--fail-on` after filtering).
    public static func severities(in report: Report) -> [String] {
        (report.analyzersReports ?? []).flatMap { ($0.potentialVulnerabilities ?? []).compactMap(\.severity) }
    }
}

/// A baseline file that cannot be used; the message says what to do.
public struct SARIFBaselineError: Error, Sendable, CustomStringConvertible {
    /// What is wrong with the file.
    public let message: String
    public var description: String { message }
}
