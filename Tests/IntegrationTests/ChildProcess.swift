#if canImport(Glibc)
import Glibc
#endif
import Foundation

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
final class ChildProcess: @unchecked Sendable {
    let process = Process()
    let logPath: String

    init(_ executable: String, _ arguments: [String], environment: [String: String] = [:], logPath: String,
         currentDirectory: URL? = nil) throws {
        self.logPath = logPath
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        handle.seekToEndOfFile()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = handle
        process.standardError = handle
        if let currentDirectory { process.currentDirectoryURL = currentDirectory }
        try process.run()
    }

    var pid: Int32 { process.processIdentifier }
    var isRunning: Bool { process.isRunning }
    var output: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    func signal(_ sig: Int32) { if process.isRunning { kill(pid, sig) } }

    /// Waits for exit up to `timeout`; returns the exit status or nil.
    func wait(timeout: Duration) async -> Int32? {
        let end = ContinuousClock.now + timeout
        while process.isRunning && ContinuousClock.now < end { try? await Task.sleep(for: .milliseconds(50)) }
        return process.isRunning ? nil : process.terminationStatus
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

    deinit { if process.isRunning { kill(pid, SIGKILL) } }
}

/// Runs a command to completion and returns stdout (throws with stderr on failure).
func runCommand(_ executable: String, _ arguments: [String], environment: [String: String] = [:]) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
    let out = Pipe(), err = Pipe()
    process.standardOutput = out
    process.standardError = err
    try process.run()
    let data = out.fileHandleForReading.readDataToEndOfFile()
    let errData = err.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw HarnessError("\(executable) \(arguments.prefix(3).joined(separator: " ")) failed: \(String(decoding: errData, as: UTF8.self).suffix(2000))")
    }
    return String(decoding: data, as: UTF8.self)
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
