import Foundation
@testable import Analysis

#if canImport(Glibc)
import Glibc
#endif

/// Paths and helpers shared by the Analysis tests.
enum TestSupport {
    static let testsDirectory = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().path
    static let fixtures = "\(testsDirectory)/Fixtures"
    static let wrappers = "\(fixtures)/wrappers"
    static let contracts = "\(fixtures)/contracts"
    static let repositoryRoot = URL(fileURLWithPath: testsDirectory).deletingLastPathComponent().deletingLastPathComponent().path
    static let referenceContracts = "\(repositoryRoot)/examples/contracts"

    static func wrapper(_ name: String, args: String = "") throws -> WrapperPluginAnalyzer {
        try WrapperPluginAnalyzer(name: name, directory: "\(wrappers)/\(name)", arguments: args, storageDirectory: temporaryDirectory())
    }

    static func temporaryDirectory() -> String {
        let path = "\(FileManager.default.temporaryDirectory.path)/qsp-analysis-test-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// An input backed by a temp file.
    static func input(_ source: String, name: String = "Sample.sol") -> AnalysisInput {
        let directory = temporaryDirectory()
        let path = "\(directory)/\(name)"
        _ = FileManager.default.createFile(atPath: path, contents: Data(source.utf8))
        return AnalysisInput(source: Data(source.utf8), contractPath: path, originalFileName: name)
    }

    static func contractSource(_ name: String) throws -> String {
        try String(contentsOfFile: "\(contracts)/\(name)", encoding: .utf8)
    }

    /// True while a process with this pid exists and is not a zombie.
    static func isAlive(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8) else { return false }
        // Field 3 (after the parenthesised command) is the state; Z = zombie.
        guard let close = stat.lastIndex(of: ")") else { return true }
        let state = stat[stat.index(close, offsetBy: 2)]
        return state != "Z" && state != "X"
    }

    /// Processes of a process group that are alive (zombies waiting to be reaped do not count).
    static func liveMembers(ofGroup group: pid_t) -> [pid_t] {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        return entries.compactMap { pid_t($0) }.filter { pid in
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                  let close = stat.lastIndex(of: ")") else { return false }
            // After ")": state, ppid, pgrp, …
            let fields = stat[stat.index(after: close)...].split(separator: " ")
            guard fields.count > 2, let pgrp = pid_t(fields[2]) else { return false }
            return pgrp == group && fields[0] != "Z" && fields[0] != "X"
        }
    }

    static func pids(in storage: String) -> [pid_t] {
        guard let text = try? String(contentsOfFile: "\(storage)/pids", encoding: .utf8) else { return [] }
        return text.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { pid_t($0) }
    }

    /// Generous limits for runs that must succeed (30 s even for sub-second work: CI machines are loaded).
    static let quickLimits = ResourceLimits(timeout: .seconds(30), gracePeriod: .milliseconds(500), maxOutputBytes: 1 << 20)
}
