import AuditReport
import Foundation
import Synchronization

/// Runs the analyzers of one contract in parallel with bounded concurrency.
///
/// Results come back in the order the analyzers were given. Each analyzer gets its own limits; a backstop
/// deadline (timeout + grace + 5 s) makes sure that even an in-process analyzer that ignores its limits cannot
/// block the others: its run is reported as `timeout` and abandoned.
public struct AnalysisRunner: Sendable {
    /// How many analyzers run at the same time (at least 1).
    public let maxConcurrency: Int
    /// Extra time past timeout + grace before the backstop gives up on an analyzer.
    public var backstopSlack: Duration = .seconds(5)

    /// Creates a runner.
    public init(maxConcurrency: Int = 4) {
        self.maxConcurrency = max(1, maxConcurrency)
    }

    /// Runs every analyzer with the limits named after it, falling back to `defaultLimits`.
    public func run(
        _ analyzers: [any Analyzer], input: AnalysisInput, limits: [String: ResourceLimits] = [:],
        defaultLimits: ResourceLimits = .default
    ) async -> [AnalyzerRun] {
        guard !analyzers.isEmpty else { return [] }
        return await withTaskGroup(of: (Int, AnalyzerRun).self) { group in
            var results = [AnalyzerRun?](repeating: nil, count: analyzers.count)
            var next = 0
            func startNext() {
                guard next < analyzers.count else { return }
                let index = next
                let analyzer = analyzers[index]
                let analyzerLimits = limits[analyzer.name] ?? defaultLimits
                next += 1
                group.addTask {
                    (index, await runGuarded(analyzer, input: input, limits: analyzerLimits))
                }
            }
            for _ in 0..<min(maxConcurrency, analyzers.count) { startNext() }
            while let (index, run) = await group.next() {
                results[index] = run
                startNext()
            }
            return results.enumerated().map { index, run in
                run ?? AnalyzerRun(
                    analyzer: AnalyzerDescription(name: analyzers[index].name), status: .error,
                    errors: ["analyzer did not report a result"], startTime: epochSeconds(), endTime: epochSeconds()
                )
            }
        }
    }

    /// Runs one analyzer, giving up after the backstop deadline without waiting for it.
    func runGuarded(_ analyzer: any Analyzer, input: AnalysisInput, limits: ResourceLimits) async -> AnalyzerRun {
        let start = epochSeconds()
        let deadline = limits.timeout + limits.gracePeriod + backstopSlack
        let once = OnceResult<AnalyzerRun>()
        let work = Task { await analyzer.analyze(input, limits: limits) }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<AnalyzerRun, Never>) in
                once.install(continuation)
                let timer = Task {
                    do { try await Task.sleep(for: deadline) } catch { return }
                    let seconds = limits.timeout.components.seconds
                    once.resume(with: AnalyzerRun(
                        analyzer: AnalyzerDescription(name: analyzer.name), status: .timeout,
                        errors: ["Time out occurred. Could not finish \(analyzer.name) within \(seconds) seconds"],
                        startTime: start, endTime: epochSeconds()
                    ))
                    work.cancel()
                }
                Task {
                    let run = await work.value
                    timer.cancel()
                    once.resume(with: run)
                }
            }
        } onCancel: {
            work.cancel()
        }
    }
}

/// Resumes a continuation exactly once, with whichever value arrives first.
final class OnceResult<Value: Sendable>: Sendable {
    private struct State {
        var continuation: CheckedContinuation<Value, Never>?
        var pending: Value?
        var done = false
    }

    private let state = Mutex(State())

    func install(_ continuation: CheckedContinuation<Value, Never>) {
        let ready: Value? = state.withLock { state in
            if let pending = state.pending, !state.done {
                state.done = true
                state.pending = nil
                return pending
            }
            state.continuation = continuation
            return nil
        }
        if let ready { continuation.resume(returning: ready) }
    }

    func resume(with value: Value) {
        let target: CheckedContinuation<Value, Never>? = state.withLock { state in
            guard !state.done, state.pending == nil else { return nil }
            if let continuation = state.continuation {
                state.done = true
                state.continuation = nil
                return continuation
            }
            state.pending = value
            return nil
        }
        target?.resume(returning: value)
    }
}
