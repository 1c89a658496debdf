import Foundation
import SolidityAnalyzer

/// Benchmarks the built-in analyzer on every `.sol` file in `contractsDir`: median and p90 wall time
/// per file over several runs, printed as a table.
func runAnalyzerBench(contractsDir: String, runs: Int = 21) {
    let directory = URL(fileURLWithPath: contractsDir)
    let files = ((try? FileManager.default.contentsOfDirectory(atPath: contractsDir)) ?? [])
        .filter { $0.hasSuffix(".sol") }
        .sorted()
    guard !files.isEmpty else {
        print("analyzer bench: no .sol files in \(contractsDir)")
        return
    }
    let analyzer = SolidityAnalyzer()
    let clock = ContinuousClock()
    print("analyzer bench (SolidityAnalyzer \(SolidityAnalyzer.version), \(runs) runs per file)")
    print("file                          bytes    lines  findings  median ms    p90 ms")
    for file in files {
        guard let source = try? String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8) else {
            print("\(file): unreadable, skipped")
            continue
        }
        var timings: [Double] = []
        var findings = 0
        for _ in 0..<runs {
            let started = clock.now
            let result = analyzer.analyze(source: source, fileName: file)
            let elapsed = started.duration(to: clock.now)
            timings.append(Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15)
            findings = result.findings.count
        }
        timings.sort()
        let median = timings[timings.count / 2]
        let p90 = timings[min(timings.count - 1, timings.count * 9 / 10)]
        let lines = source.split(separator: "\n", omittingEmptySubsequences: false).count
        let name = file.padding(toLength: 28, withPad: " ", startingAt: 0)
        print("\(name) \(pad(source.utf8.count, 7)) \(pad(lines, 8)) \(pad(findings, 9)) \(pad(median, 10)) \(pad(p90, 9))")
    }
}

private func pad(_ value: Int, _ width: Int) -> String {
    let text = String(value)
    return String(repeating: " ", count: max(0, width - text.count)) + text
}

private func pad(_ value: Double, _ width: Int) -> String {
    let text = String(format: "%.2f", value)
    return String(repeating: " ", count: max(0, width - text.count)) + text
}
