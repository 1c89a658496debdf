import AuditReport
import Foundation

/// The shared first half of every external tool that prints one JSON object on stdout (semgrep, mythril): run it
/// under the limits, classify a failed process, and parse stdout. Callers map the object to findings.
enum JSONToolRun {
    /// Either a finished run (the process failed or printed no JSON object) or a run in progress with its output.
    enum Result {
        case finished(AnalyzerRun)
        case parsed(AnalyzerRun, object: [String: Any], stderr: String)
    }

    /// Runs `spec`; `describe` runs alongside the process (tools answer `--version` slowly).
    static func execute(
        _ spec: ProcessSpec, limits: ResourceLimits, analyzer name: String,
        describe: @Sendable () async -> AnalyzerDescription
    ) async -> Result {
        let start = epochSeconds()
        async let description = describe()
        let outcome = await ProcessRunner.run(spec, limits: limits)
        var run = AnalyzerRun(analyzer: await description, status: .error, rawOutput: outcome.stdout,
                              startTime: start, endTime: epochSeconds())
        if let failure = ProcessClassifier.failure(of: outcome, analyzer: name, limits: limits) {
            run.status = failure.status
            run.errors = failure.errors
            return .finished(run)
        }
        guard let object = NativeJSON.object(from: outcome.stdout) else {
            run.status = .unparseableOutput
            run.errors = ["\(name) did not print a JSON result"] + ProcessClassifier.tail(outcome.stderrText, lines: 10)
            return .finished(run)
        }
        return .parsed(run, object: object, stderr: outcome.stderrText)
    }
}
