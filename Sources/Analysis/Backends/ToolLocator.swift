import Foundation

/// Finds external tools: an explicit path (configuration), an environment variable, the repository's own
/// venv (`.venv-semgrep/bin/semgrep`, created by `scripts/setup.d/40-semgrep.sh`), or `PATH`.
enum ToolLocator {
    /// The repository root this module was built from (the venvs live there), if it still exists.
    static var repositoryRoot: String? {
        var url = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        for _ in 0..<4 { url.deleteLastPathComponent() }  // Backends, Analysis, Sources, <root>
        let root = url.path
        return FileManager.default.fileExists(atPath: "\(root)/Package.swift") ? root : nil
    }

    /// Locates `binary`, trying `explicit`, `$environmentKey`, `<cwd or repo root>/<venv>/bin/<binary>`, then PATH.
    static func locate(
        binary: String, explicit: String?, environmentKey: String, venv: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> String? {
        let manager = FileManager.default
        if let explicit, !explicit.isEmpty {
            return manager.isExecutableFile(atPath: explicit) ? explicit : nil
        }
        if let fromEnvironment = environment[environmentKey], !fromEnvironment.isEmpty {
            return manager.isExecutableFile(atPath: fromEnvironment) ? fromEnvironment : nil
        }
        var roots = [manager.currentDirectoryPath]
        if let root = repositoryRoot { roots.append(root) }
        for root in roots {
            let candidate = "\(root)/\(venv)/bin/\(binary)"
            if manager.isExecutableFile(atPath: candidate) { return candidate }
        }
        for directory in (environment["PATH"] ?? "").split(separator: ":") {
            let candidate = "\(directory)/\(binary)"
            if manager.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// Turns a finished process into a failure status when its exit says so (common to all subprocess backends).
enum ProcessClassifier {
    /// A failure status with explanatory error lines, or nil when the output should be parsed.
    static func failure(
        of outcome: ProcessOutcome, analyzer: String, limits: ResourceLimits
    ) -> (status: AnalyzerStatus, errors: [String])? {
        let seconds = limits.timeout.components.seconds
        if case .notStarted(let message) = outcome.termination {
            return (.error, [message])
        }
        if outcome.timedOut {
            return (.timeout, ["Time out occurred. Could not finish \(analyzer) within \(seconds) seconds"])
        }
        if outcome.outputLimitExceeded {
            return (.unparseableOutput, [
                "\(analyzer) wrote more than \(limits.maxOutputBytes) bytes to standard output; it was stopped and its output truncated",
            ])
        }
        if outcome.exceededCPULimit {
            return (.timeout, ["\(analyzer) exceeded its CPU time limit of \(limits.cpuSeconds ?? 0) seconds"])
        }
        if outcome.looksOutOfMemory(limited: limits.memoryBytes != nil) {
            return (.outOfMemory, ["\(analyzer) ran out of memory (limit \(limits.memoryBytes ?? 0) bytes)"] + tail(outcome.stderrText))
        }
        if case .signaled(let signal) = outcome.termination {
            return (.crashed, ["\(analyzer) was terminated by signal \(signal)"] + tail(outcome.stderrText))
        }
        return nil
    }

    /// The last lines of a text, each ending with "\n" like the reference's error lines.
    static func tail(_ text: String, lines: Int = 20) -> [String] {
        text.split(separator: "\n", omittingEmptySubsequences: true).suffix(lines).map { String($0.prefix(1000)) + "\n" }
    }
}
