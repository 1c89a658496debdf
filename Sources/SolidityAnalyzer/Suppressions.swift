/// Inline suppression comments:
/// - `// qsp-ignore-next-line reentrancy, timestamp-dependence` drops those detectors' findings on the next line;
/// - `// qsp-ignore-file unchecked-low-level-call` drops them in the whole file.
/// Without detector ids (or with `*`) the comment drops every finding of that line or file.
struct Suppressions: Sendable {
    static let nextLineMarker = "qsp-ignore-next-line"
    static let fileMarker = "qsp-ignore-file"

    /// Line → suppressed detector ids (`*` for all).
    private(set) var lines: [Int: Set<String>] = [:]
    private(set) var file: Set<String> = []

    init(source: String) {
        guard source.utf8.count < 64 * 1024 * 1024, source.contains("qsp-ignore-") else { return }
        var lineNumber = 0
        for line in source.split(separator: "\n", omittingEmptySubsequences: false) {
            lineNumber += 1
            guard let comment = line.range(of: "//") else { continue }
            let text = line[comment.upperBound...].drop { $0 == " " || $0 == "\t" || $0 == "/" }
            for (marker, isFile) in [(Self.nextLineMarker, false), (Self.fileMarker, true)] where text.hasPrefix(marker) {
                let rest = text.dropFirst(marker.count)
                guard rest.isEmpty || rest.first == " " || rest.first == "\t" || rest.first == ":" else { continue }
                var ids = Set(rest.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" || $0 == ":" || $0 == "\r" }).map(String.init))
                if ids.isEmpty { ids = ["*"] }
                if isFile { file.formUnion(ids) } else { lines[lineNumber + 1, default: []].formUnion(ids) }
            }
        }
    }

    func isSuppressed(_ finding: SolidityFinding) -> Bool {
        if file.contains("*") || file.contains(finding.detectorID) { return true }
        guard let ids = lines[finding.startLine] else { return false }
        return ids.contains("*") || ids.contains(finding.detectorID)
    }

    func filter(_ findings: [SolidityFinding]) -> [SolidityFinding] {
        guard !lines.isEmpty || !file.isEmpty else { return findings }
        return findings.filter { !isSuppressed($0) }
    }
}
