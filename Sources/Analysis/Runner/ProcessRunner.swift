import Foundation
import Subprocess
import Synchronization

#if canImport(System)
import System
#else
import SystemPackage  // FilePath, which swift-subprocess takes (a dependency of swift-subprocess)
#endif

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What to run: an executable, its arguments, extra environment and working directory.
struct ProcessSpec: Sendable {
    var executable: String
    var arguments: [String]
    /// Added to (or replacing entries of) the parent environment.
    var environment: [String: String] = [:]
    var workingDirectory: String? = nil
    /// Variables of the parent environment the child must not see: by default the daemon's secrets, for every
    /// analyzer, wrapper and worker process (they handle hostile input).
    var unsetEnvironment: [String] = ProcessSpec.secretVariables

    /// Secrets of the daemon's environment that analysis never gets to see (`SecretEnvironment`, shared with the
    /// log redactor).
    static let secretVariables = SecretEnvironment.hiddenFromChildren
}

/// How a process run ended, with its (capped) output.
struct ProcessOutcome: Sendable {
    enum Termination: Sendable, Equatable {
        case exited(Int32)
        case signaled(Int32)
        /// The process could not be started (message says why).
        case notStarted(String)
    }

    var termination: Termination
    var stdout: Data
    var stderr: Data
    /// The deadline passed and the process group was stopped.
    var timedOut: Bool
    /// Standard output exceeded the limit; the process group was killed and `stdout` is truncated.
    var outputLimitExceeded: Bool

    var stderrText: String { String(decoding: stderr, as: UTF8.self) }
    var stdoutText: String { String(decoding: stdout, as: UTF8.self) }

    /// Whether the process ran into the memory limit, judged from its exit and error output.
    func looksOutOfMemory(limited: Bool) -> Bool {
        guard limited else { return false }
        let text = stderrText.suffix(64 * 1024)
        let markers = ["MemoryError", "Cannot allocate memory", "out of memory", "Out of memory", "std::bad_alloc",
                       "memory allocation of", "failed to allocate", "mmap failed",
                       "Could not allocate memory", "could not allocate memory"]
        return markers.contains { text.contains($0) }
    }

    /// Signal that means the CPU-time limit was hit.
    var exceededCPULimit: Bool { termination == .signaled(SIGXCPU) }
}

/// Runs a subprocess in its own session/process group with a deadline, SIGTERM→SIGKILL teardown of the whole
/// group, resource limits applied through `ulimit` in a tiny `/bin/sh` shim, and capped output.
/// After every run the whole group is SIGKILLed, so no descendant survives (even one that ignored SIGTERM).
enum ProcessRunner {
    /// Bytes of standard error kept at most (the rest is drained and dropped).
    static let maxErrorBytes = 1024 * 1024

    static func run(_ spec: ProcessSpec, limits: ResourceLimits) async -> ProcessOutcome {
        let box = CaptureBox()
        let (executable, arguments) = limitedCommand(spec, limits: limits)
        var options = PlatformOptions()
        options.createSession = true
        options.teardownSequence = [.gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: limits.gracePeriod)]
        var environment: [Environment.Key: String?] = [:]
        for (key, value) in spec.environment {
            if let key = Environment.Key(rawValue: key) { environment[key] = value }
        }
        var childEnvironment: Environment = .inherit.updating(environment)
        if !spec.unsetEnvironment.isEmpty {
            // A full copy without the secrets (`updating` cannot remove inherited variables).
            var copy: [Environment.Key: String] = [:]
            for (name, value) in ProcessInfo.processInfo.environment.merging(spec.environment, uniquingKeysWith: { _, new in new })
                where !spec.unsetEnvironment.contains(name) {
                if let key = Environment.Key(rawValue: name) { copy[key] = value }
            }
            childEnvironment = .custom(copy)
        }
        let outputCap = max(0, limits.maxOutputBytes)
        let finalOptions = options
        let finalEnvironment = childEnvironment

        let termination: ProcessOutcome.Termination = await withTaskGroup(of: ProcessOutcome.Termination?.self) { group in
            group.addTask {
                do {
                    let result = try await Subprocess.run(
                        .path(FilePath(executable)),
                        arguments: Arguments(arguments),
                        environment: finalEnvironment,
                        workingDirectory: spec.workingDirectory.map { FilePath($0) },
                        platformOptions: finalOptions,
                        input: .none,
                        output: .sequence,
                        error: .sequence
                    ) { execution in
                        let pid = execution.processIdentifier.value
                        box.setProcessGroup(pid)
                        async let out: Void = drain(execution.standardOutput, cap: outputCap, into: box, stream: .out, pid: pid)
                        async let err: Void = drain(execution.standardError, cap: maxErrorBytes, into: box, stream: .err, pid: pid)
                        _ = await (out, err)
                    }
                    switch result.terminationStatus {
                    case .exited(let code): return .exited(code)
                    case .signaled(let signal): return .signaled(signal)
                    }
                } catch is CancellationError {
                    return nil
                } catch {
                    if box.processGroup == nil {
                        return .notStarted("could not start \(spec.executable): \(error)")
                    }
                    return nil
                }
            }
            group.addTask {
                do {
                    try await Task.sleep(for: limits.timeout)
                } catch {
                    return nil
                }
                box.markTimedOut()
                return nil
            }
            var termination: ProcessOutcome.Termination?
            var finishedTasks = 0
            while let next = await group.next() {
                finishedTasks += 1
                if let next { termination = next }
                // Whichever finished first, stop the other: the timer when the process ended,
                // the process (through the library's teardown sequence) when the timer fired.
                group.cancelAll()
                if finishedTasks == 2 { break }
            }
            return termination ?? .signaled(SIGKILL)
        }
        // Nothing of the group may survive the run.
        if let pgid = box.processGroup, pgid > 1 {
            _ = kill(-pgid, SIGKILL)
        }
        let captured = box.snapshot()
        return ProcessOutcome(
            termination: termination,
            stdout: captured.stdout,
            stderr: captured.stderr,
            timedOut: captured.timedOut,
            outputLimitExceeded: captured.outputLimitExceeded
        )
    }

    /// Wraps the command in `/bin/sh -c 'ulimit …; exec "$@"'` when memory or CPU limits are set.
    static func limitedCommand(_ spec: ProcessSpec, limits: ResourceLimits) -> (String, [String]) {
        var settings: [String] = []
        if let memory = limits.memoryBytes {
            settings.append("ulimit -v \(max(1, memory / 1024))")
        }
        if let cpu = limits.cpuSeconds {
            // Soft limit → SIGXCPU (reported as a CPU-time timeout); the hard limit 2 s later → SIGKILL.
            settings.append("ulimit -S -t \(max(1, cpu)) && ulimit -H -t \(max(1, cpu) + 2)")
        }
        guard !settings.isEmpty else { return (spec.executable, spec.arguments) }
        let script = settings.joined(separator: " && ") + " && exec \"$@\""
        return ("/bin/sh", ["-c", script, "qsp-limited"] + [spec.executable] + spec.arguments)
    }

    private static func drain(
        _ sequence: SubprocessOutputSequence, cap: Int, into box: CaptureBox, stream: CaptureBox.Stream, pid: pid_t
    ) async {
        do {
            for try await buffer in sequence {
                let overflow = buffer.withUnsafeBytes { box.append($0, to: stream, cap: cap) }
                if overflow && stream == .out {
                    // Too much output: stop the whole group right away, keep what fits.
                    _ = kill(-pid, SIGKILL)
                    return
                }
            }
        } catch {
            // Reading stops when the process ends or the run is cancelled; keep what was read.
        }
    }
}

/// Thread-safe holder of the output read so far and of the run's flags.
final class CaptureBox: Sendable {
    enum Stream { case out, err }

    struct State {
        var stdout = Data()
        var stderr = Data()
        var timedOut = false
        var outputLimitExceeded = false
        var processGroup: pid_t?
    }

    private let state = Mutex(State())

    var processGroup: pid_t? { state.withLock { $0.processGroup } }

    func setProcessGroup(_ pid: pid_t) { state.withLock { $0.processGroup = pid } }

    func markTimedOut() { state.withLock { $0.timedOut = true } }

    /// Appends up to `cap` bytes in total; returns true when bytes had to be dropped.
    func append(_ bytes: UnsafeRawBufferPointer, to stream: Stream, cap: Int) -> Bool {
        state.withLock { state in
            let current = stream == .out ? state.stdout.count : state.stderr.count
            let room = max(0, cap - current)
            let take = min(room, bytes.count)
            if take > 0 {
                let slice = UnsafeRawBufferPointer(rebasing: bytes[0..<take])
                if stream == .out { state.stdout.append(contentsOf: slice) } else { state.stderr.append(contentsOf: slice) }
            }
            let dropped = take < bytes.count
            if dropped && stream == .out { state.outputLimitExceeded = true }
            return dropped
        }
    }

    func snapshot() -> State { state.withLock { $0 } }
}
