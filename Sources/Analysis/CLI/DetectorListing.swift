import SolidityAnalyzer

/// `audit --list-detectors`: the built-in analyzer's detectors, one per line, for CI configuration
/// (suppression comments and `--fail-on` need the ids and severities).
public enum DetectorListing {
    /// A table: id, default severity, SWC id, protocol type and title; then how to suppress a finding.
    public static func text() -> String {
        let detectors = SolidityAnalyzer.detectors
        let width = (detectors.map(\.id.count).max() ?? 10) + 2
        var lines = ["ID".padding(toLength: width, withPad: " ", startingAt: 0) + "SEVERITY       SWC      TYPE / TITLE"]
        for detector in detectors {
            lines.append(
                detector.id.padding(toLength: width, withPad: " ", startingAt: 0)
                    + detector.severity.rawValue.padding(toLength: 15, withPad: " ", startingAt: 0)
                    + (detector.swc ?? "-").padding(toLength: 9, withPad: " ", startingAt: 0)
                    + detector.protocolType + " — " + detector.title)
        }
        lines.append("")
        lines.append("Suppress one finding with '// qsp-ignore-next-line <id>' on the line above it, or a whole file with")
        lines.append("'// qsp-ignore-file <id>' (several ids separated by commas; no id suppresses every detector).")
        return lines.joined(separator: "\n") + "\n"
    }
}
