import Foundation
@testable import SolidityAnalyzer

/// One labelled contract of the test corpus: source plus expected (detector, line) pairs.
struct CorpusCase {
    struct Expected: Decodable, Hashable {
        var detector: String
        var line: Int
    }

    var name: String
    var source: String
    var expected: Set<Expected>
}

enum Corpus {
    static var directory: URL {
        Bundle.module.resourceURL!.appendingPathComponent("Corpus")
    }

    /// The repository's sample contracts (`examples/contracts`): the labels in `Corpus/reference/` describe these
    /// files, read in place rather than copied into the test bundle.
    static var sampleContracts: URL {
        URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("examples/contracts")
    }

    /// The source of a labelled file: the `.sol` beside its labels, or for `reference/` labels the sample contract.
    static func sourceURL(forLabels expectedURL: URL) -> URL {
        let base = expectedURL.deletingPathExtension().deletingPathExtension()
        let sibling = base.appendingPathExtension("sol")
        if FileManager.default.fileExists(atPath: sibling.path) { return sibling }
        return sampleContracts.appendingPathComponent(base.lastPathComponent + ".sol")
    }

    /// Every `.expected.json` with its source (see `sourceURL(forLabels:)`), recursively, sorted by name.
    static func load() throws -> [CorpusCase] {
        let root = directory
        guard let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) else { return [] }
        var cases: [CorpusCase] = []
        for case let expectedURL as URL in enumerator where expectedURL.lastPathComponent.hasSuffix(".expected.json") {
            let source = String(decoding: try Data(contentsOf: sourceURL(forLabels: expectedURL)), as: UTF8.self)
            let expected = try JSONDecoder().decode([CorpusCase.Expected].self, from: Data(contentsOf: expectedURL))
            let sol = expectedURL.deletingPathExtension().deletingPathExtension().appendingPathExtension("sol")
            let name = sol.path.replacingOccurrences(of: root.path + "/", with: "")
            cases.append(CorpusCase(name: name, source: source, expected: Set(expected)))
        }
        return cases.sorted { $0.name < $1.name }
    }

    /// Small inputs for fuzzing: the corpus files under 8 KB.
    static func seeds() throws -> [[UInt8]] {
        try load().map { Array($0.source.utf8) }.filter { !$0.isEmpty && $0.count < 8_192 }
    }
}

/// Line-level (±0) precision/recall bookkeeping per detector.
struct Scoreboard {
    struct Counts {
        var truePositives = 0
        var falsePositives = 0
        var falseNegatives = 0
        var precision: Double { truePositives + falsePositives == 0 ? 1 : Double(truePositives) / Double(truePositives + falsePositives) }
        var recall: Double { truePositives + falseNegatives == 0 ? 1 : Double(truePositives) / Double(truePositives + falseNegatives) }
    }

    var perDetector: [String: Counts] = [:]
    var mismatches: [String] = []

    var overall: Counts {
        perDetector.values.reduce(into: Counts()) { total, counts in
            total.truePositives += counts.truePositives
            total.falsePositives += counts.falsePositives
            total.falseNegatives += counts.falseNegatives
        }
    }

    mutating func record(_ corpusCase: CorpusCase, findings: [SolidityFinding]) {
        let reported = Set(findings.map { CorpusCase.Expected(detector: $0.detectorID, line: $0.startLine) })
        for item in reported.union(corpusCase.expected) {
            var counts = perDetector[item.detector] ?? Counts()
            switch (reported.contains(item), corpusCase.expected.contains(item)) {
            case (true, true): counts.truePositives += 1
            case (true, false):
                counts.falsePositives += 1
                mismatches.append("FP \(corpusCase.name):\(item.line) \(item.detector)")
            case (false, true):
                counts.falseNegatives += 1
                mismatches.append("FN \(corpusCase.name):\(item.line) \(item.detector)")
            case (false, false): break
            }
            perDetector[item.detector] = counts
        }
    }

    func table() -> String {
        func row(_ name: String, _ c: Counts) -> String {
            let columns = [name.padding(toLength: 30, withPad: " ", startingAt: 0),
                           String(format: "%4d %4d %4d   %5.2f   %5.2f", c.truePositives, c.falsePositives, c.falseNegatives, c.precision, c.recall)]
            return columns.joined()
        }
        var lines = ["detector                        TP   FP   FN   prec.  recall"]
        for name in perDetector.keys.sorted() { lines.append(row(name, perDetector[name]!)) }
        lines.append(row("OVERALL", overall))
        return lines.joined(separator: "\n")
    }
}
