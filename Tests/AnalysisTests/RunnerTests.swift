import AuditReport
import Foundation
import Synchronization
import Testing
@testable import Analysis

/// In-process test analyzers.
struct ScriptedAnalyzer: Analyzer {
    let name: String
    var delay: Duration = .zero
    var status: AnalyzerStatus = .success
    var findings: [Finding] = []
    var gauge: ConcurrencyGauge? = nil

    func describe() async -> AnalyzerDescription { AnalyzerDescription(name: name, version: "test") }

    func analyze(_ input: AnalysisInput, limits: ResourceLimits) async -> AnalyzerRun {
        gauge?.enter()
        defer { gauge?.leave() }
        try? await Task.sleep(for: delay)
        return AnalyzerRun(analyzer: await describe(), status: status, findings: findings, startTime: epochSeconds(), endTime: epochSeconds())
    }
}

/// An analyzer that never returns and ignores cancellation.
struct StuckAnalyzer: Analyzer {
    let name = "stuck"
    func describe() async -> AnalyzerDescription { AnalyzerDescription(name: name) }
    func analyze(_ input: AnalysisInput, limits: ResourceLimits) async -> AnalyzerRun {
        await withCheckedContinuation { (_: CheckedContinuation<Void, Never>) in }
        return AnalyzerRun(analyzer: AnalyzerDescription(name: name), status: .success, startTime: 1, endTime: 1)
    }
}

/// Counts how many analyzers run at once.
final class ConcurrencyGauge: Sendable {
    private let state = Mutex((current: 0, peak: 0))
    func enter() { state.withLock { $0.current += 1; $0.peak = max($0.peak, $0.current) } }
    func leave() { state.withLock { $0.current -= 1 } }
    var peak: Int { state.withLock { $0.peak } }
}

@Suite("Analysis runner")
struct RunnerTests {
    @Test func resultsKeepConfigurationOrderAndConcurrencyIsBounded() async {
        let gauge = ConcurrencyGauge()
        let analyzers: [any Analyzer] = (0..<6).map { index in
            ScriptedAnalyzer(name: "a\(index)", delay: .milliseconds(index.isMultiple(of: 2) ? 150 : 20), gauge: gauge)
        }
        let runs = await AnalysisRunner(maxConcurrency: 2).run(analyzers, input: TestSupport.input("x"))
        #expect(runs.map(\.analyzer.name) == ["a0", "a1", "a2", "a3", "a4", "a5"])
        #expect(gauge.peak == 2)
    }

    @Test func aStuckAnalyzerDoesNotBlockTheOthers() async {
        var runner = AnalysisRunner(maxConcurrency: 4)
        runner.backstopSlack = .milliseconds(200)
        // The stuck analyzer is given up on after 300 ms + 100 ms + 200 ms and never returns by itself; the fine one
        // has a generous 120 s, so it succeeds even on a loaded machine. Finishing within 60 s (a bound loose enough
        // for a full parallel run on 2 cores) shows nobody waited for the stuck one.
        let stuckLimits = ResourceLimits(timeout: .milliseconds(300), gracePeriod: .milliseconds(100))
        let fineLimits = ResourceLimits(timeout: .seconds(120), gracePeriod: .milliseconds(100))
        let clock = ContinuousClock()
        let started = clock.now
        let runs = await runner.run(
            [StuckAnalyzer(), ScriptedAnalyzer(name: "fine")], input: TestSupport.input("x"),
            limits: ["fine": fineLimits], defaultLimits: stuckLimits
        )
        #expect(clock.now - started < .seconds(60))
        #expect(runs.map(\.status) == [.timeout, .success])
        #expect(runs[0].errors.first?.hasPrefix("Time out occurred. Could not finish stuck") == true)
    }

    @Test func hangingSubprocessAndHealthyAnalyzersRunSideBySide() async throws {
        let limits: [String: ResourceLimits] = [
            "hung-group": ResourceLimits(timeout: .seconds(1), gracePeriod: .milliseconds(300)),
        ]
        let analyzers: [any Analyzer] = [
            try TestSupport.wrapper("hung-group"), try TestSupport.wrapper("slow-ok", args: "0.2"), BuiltinAnalyzer(),
        ]
        let runs = await AnalysisRunner().run(analyzers, input: TestSupport.input("contract A { function f() public { selfdestruct(msg.sender); } }"),
                                              limits: limits, defaultLimits: TestSupport.quickLimits)
        #expect(runs.map(\.status) == [.timeout, .success, .success])
    }

    @Test func emptyAnalyzerListGivesNoRuns() async {
        #expect(await AnalysisRunner().run([], input: TestSupport.input("x")).isEmpty)
    }
}
