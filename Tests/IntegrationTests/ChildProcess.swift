#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Subprocess
import Synchronization

#if canImport(System)
import System
#else
import SystemPackage  // FilePath and FileDescriptor, which swift-subprocess takes
#endif

/// Where the repository and the built node binary are.
enum Repo {
    /// The repository root (resolving the dev-package symlinks).
    static let root: URL = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `qsp-audit-node` binary next to the test bundle (`.build/debug/qsp-audit-node`), or QSP_AUDIT_NODE_BIN.
    static var nodeBinary: String? {
        if let explicit = ProcessInfo.processInfo.environment["QSP_AUDIT_NODE_BIN"], FileManager.default.isExecutableFile(atPath: explicit) {
            return explicit
        }
        var dir = Bundle.main.bundleURL
        for _ in 0..<4 {
            let candidate = dir.appendingPathComponent("qsp-audit-node").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            dir = dir.deletingLastPathComponent()
        }
        return nil
    }

    static var devchainAvailable: Bool { FileManager.default.isExecutableFile(atPath: root.appendingPathComponent("devchain/serve").path) }
}

/// A child process with its output in a file; killed (SIGKILL) on deinit if still running.
///
/// It runs under swift-subprocess in a task of its own: nothing blocks a thread of the Swift concurrency pool (no
/// `waitUntilExit`, no synchronous reads), and the child starts with a clean signal mask (so SIGTERM works).
final class ChildProcess: Sendable {
    /// What the run task reports: the child's pid, how it ended, and signals sent before the pid was known.
    private struct State {
        var pid: pid_t?
        var exitStatus: Int32?
        var pendingSignals: [Int32] = []
    }

    /// A shareable box around the state (a `Mutex` itself cannot be captured by the run task).
    private final class Shared: Sendable {
        let mutex = Mutex(State())
        func withLock<R>(_ body: (inout State) -> R) -> R { mutex.withLock { body(&$0) } }
    }

    private let state = Shared()
    private let task: Task<Void, Never>
    let logPath: String

    init(_ executable: String, _ arguments: [String], environment: [String: String] = [:], logPath: String,
         currentDirectory: URL? = nil) throws {
        self.logPath = logPath
        let flags: FileDescriptor.OpenOptions = [.create, .append]
        let out = try FileDescriptor.open(FilePath(logPath), .writeOnly, options: flags, permissions: [.ownerReadWrite])
        let err: FileDescriptor
        do {
            err = try FileDescriptor.open(FilePath(logPath), .writeOnly, options: flags, permissions: [.ownerReadWrite])
        } catch {
            try? out.close()
            throw error
        }
        var overrides: [Environment.Key: String?] = [:]
        for (key, value) in environment { overrides[Environment.Key(stringLiteral: key)] = value }
        let finalOverrides = overrides
        let state = self.state
        task = Task {
            var status: Int32 = -1
            do {
                let result = try await Subprocess.run(
                    .path(FilePath(executable)), arguments: Arguments(arguments),
                    environment: .inherit.updating(finalOverrides),
                    workingDirectory: currentDirectory.map { FilePath($0.path) },
                    input: .none,
                    output: .fileDescriptor(out, closeAfterSpawningProcess: true),
                    error: .fileDescriptor(err, closeAfterSpawningProcess: true)
                ) { execution in
                    let pid = execution.processIdentifier.value
                    let pending = state.withLock { s -> [Int32] in
                        s.pid = pid
                        defer { s.pendingSignals = [] }
                        return s.pendingSignals
                    }
                    for sig in pending { _ = kill(pid, sig) }
                }
                switch result.terminationStatus {
                case .exited(let code): status = Int32(code)
                case .signaled(let signal): status = Int32(signal)
                }
            } catch {
                let message = "\n[ChildProcess] could not run \(executable): \(error)\n"
                if let handle = FileHandle(forWritingAtPath: logPath) {
                    handle.seekToEndOfFile()
                    handle.write(Data(message.utf8))
                    try? handle.close()
                }
            }
            let final = status
            state.withLock { $0.exitStatus = final }
        }
    }

    /// The child's pid, or 0 while it is being spawned.
    var pid: Int32 { state.withLock { $0.pid ?? 0 } }
    var isRunning: Bool { state.withLock { $0.exitStatus == nil } }
    var output: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Sends `sig` to the child if it still runs (or as soon as it is spawned).
    func signal(_ sig: Int32) {
        state.withLock { s in
            guard s.exitStatus == nil else { return }
            if let pid = s.pid { _ = kill(pid, sig) } else { s.pendingSignals.append(sig) }
        }
    }

    /// Waits for exit up to `timeout`; returns the exit status (or the signal number) or nil.
    func wait(timeout: Duration) async -> Int32? {
        let end = ContinuousClock.now + timeout
        while isRunning && ContinuousClock.now < end { try? await Task.sleep(for: .milliseconds(50)) }
        return state.withLock { $0.exitStatus }
    }

    func stop() async {
        signal(SIGTERM)
        if await wait(timeout: .seconds(5)) == nil { signal(SIGKILL); _ = await wait(timeout: .seconds(5)) }
    }

    /// Resident set size in KiB (from /proc).
    var rssKiB: Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "")
        }
        return nil
    }

    deinit { signal(SIGKILL) }
}

/// Runs a command to completion and returns stdout (throws with stderr on failure); never blocks a thread.
func runCommand(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) async throws -> String {
    var overrides: [Environment.Key: String?] = [:]
    for (key, value) in environment { overrides[Environment.Key(stringLiteral: key)] = value }
    let result = try await Subprocess.run(
        .path(FilePath(executable)), arguments: Arguments(arguments), environment: .inherit.updating(overrides),
        input: .none, output: .string(limit: 64 << 20), error: .string(limit: 4 << 20)
    )
    guard case .exited(0) = result.terminationStatus else {
        throw HarnessError("\(executable) \(arguments.prefix(3).joined(separator: " ")) failed: \(result.standardError.suffix(2000))")
    }
    return result.standardOutput
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A free TCP port on 127.0.0.1 (bound and released).
func freePort() -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_port = 0
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    var len = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, len) } }
    _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
    return Int(UInt16(bigEndian: addr.sin_port))
}

/// Polls `condition` until true or `timeout`.
func eventually(timeout: Duration, every: Duration = .milliseconds(250), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let end = ContinuousClock.now + timeout
    while ContinuousClock.now < end {
        if try await condition() { return true }
        try? await Task.sleep(for: every)
    }
    return try await condition()
}

func temporaryDirectory(_ prefix: String) -> URL {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(prefix)-\(UUID().uuidString.prefix(8))")
    try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    return dir
}
