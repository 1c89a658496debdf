import Foundation
import SolidityAnalyzer

/// Benchmarks the built-in analyzer on every `.sol` file under `contractsDir` (recursively): median and
/// p90 wall time per file over `runs` runs. Prints a table and `RESULT analyzer.<file>.median … ms` lines.
func runAnalyzerBench(contractsDir: String, runs: Int = 21) {
    let root = URL(fileURLWithPath: contractsDir)
    var files: [URL] = []
    if let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: nil) {
        for case let url as URL in enumerator where url.pathExtension == "sol" { files.append(url) }
    }
    files.sort { $0.path < $1.path }
    guard !files.isEmpty else {
        print("analyzer bench: no .sol files under \(contractsDir)")
        return
    }
    let analyzer = SolidityAnalyzer()
    let clock = ContinuousClock()
    print("analyzer bench (SolidityAnalyzer \(SolidityAnalyzer.version), \(runs) runs per file)")
    print("file                                bytes    lines  findings  median ms    p90 ms")
    var medians: [Double] = []
    var results: [String] = []
    for url in files {
        guard let data = try? Data(contentsOf: url) else { continue }
        let source = String(decoding: data, as: UTF8.self)
        var timings: [Double] = []
        var findings = 0
        _ = analyzer.analyze(source: source, fileName: url.lastPathComponent)  // warm-up
        for _ in 0..<max(1, runs) {
            let started = clock.now
            let result = analyzer.analyze(source: source, fileName: url.lastPathComponent)
            timings.append(milliseconds(started.duration(to: clock.now)))
            findings = result.findings.count
        }
        timings.sort()
        let median = timings[timings.count / 2]
        let p90 = timings[min(timings.count - 1, timings.count * 9 / 10)]
        medians.append(median)
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).count
        let name = url.path.replacingOccurrences(of: root.path + "/", with: "")
        print("\(name.padding(toLength: 34, withPad: " ", startingAt: 0)) \(pad(data.count, 7)) \(pad(lines, 8)) \(pad(findings, 9)) \(pad(median, 10)) \(pad(p90, 9))")
        results.append("RESULT analyzer.\(name).median \(String(format: "%.3f", median)) ms")
    }
    medians.sort()
    print("median of per-file medians: \(String(format: "%.3f", medians[medians.count / 2])) ms over \(medians.count) files")
    results.forEach { print($0) }
    print("RESULT analyzer.all_files.median \(String(format: "%.3f", medians[medians.count / 2])) ms")
}

private func milliseconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

private func pad(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return String(repeating: " ", count: max(0, width - text.count)) + text
}

private func pad(_ value: Double, _ width: Int) -> String {
    let text = String(format: "%.2f", value)
    return String(repeating: " ", count: max(0, width - text.count)) + text
}
