#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Analysis
import Foundation
import GRDB

/// The checks that need only this machine: analyzers, event store and status port.
enum DoctorLocalChecks {
    /// A tiny contract every source analyzer must finish with status `success`.
    static let probeSource = """
    pragma solidity ^0.4.24;
    contract DoctorProbe {
        uint256 public value;
        function set(uint256 v) public { value = v; }
    }
    """

    /// Builds the configured analyzers, runs their start-up preparation and audits the probe contract with each.
    static func analyzers(_ config: NodeConfiguration) async -> DoctorCheckResult {
        let pipeline: AuditPipeline
        // The same isolation as the node: each analyzer runs in an `analyze-worker` child of this executable.
        do {
            pipeline = try AuditEngine.makePipeline(config.analyzers, wrappersRoot: config.analyzerWrappersDirectory,
                                                    launcher: .currentExecutable())
        } catch {
            return .fail("analyzers", error.message, fix: "correct the analyzers list (builtin, semgrep, mythril or a wrapper directory under analyzers_wrappers_dir)")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qsp-doctor-\(UUID().uuidString.prefix(8))")
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("DoctorProbe.sol")
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try Data(probeSource.utf8).write(to: file)
        } catch {
            return .fail("analyzers", "cannot write a probe contract under \(FileManager.default.temporaryDirectory.path): \(error)",
                         fix: "make the temporary directory (TMPDIR) writable")
        }
        var ran: [String] = []
        for analyzer in pipeline.analyzers {
            do { try await analyzer.prepare() } catch {
                return .fail("analyzers", "\(analyzer.name): preparation failed: \(error)",
                             fix: "install \(analyzer.name) (scripts/setup) or remove it from analyzers")
            }
            if analyzer.analyzesBytecode {
                ran.append("\(analyzer.name) (bytecode; prepared)")
                continue
            }
            let input = AnalysisInput(source: Data(probeSource.utf8), contractPath: file.path, originalFileName: "DoctorProbe.sol")
            let run = await analyzer.analyze(input, limits: pipeline.limits[analyzer.name] ?? pipeline.defaultLimits)
            guard run.status == .success else {
                let why = run.errors.first.map { ": \($0.prefix(200))" } ?? ""
                return .fail("analyzers", "\(analyzer.name) did not run a probe contract (\(run.status.rawValue)\(why))",
                             fix: "run `qsp-audit-node audit --analyzers \(analyzer.name) FILE.sol` to see why; install it (scripts/setup) or remove it from analyzers")
            }
            ran.append("\(analyzer.name) (\(run.endTime - run.startTime) s)")
        }
        return .pass("analyzers", "runnable: " + ran.joined(separator: ", "))
    }

    /// The event store can be written and no other node holds its lock. Changes nothing on disk.
    ///
    /// Probes the same two `flock` locks a running node holds (``InstanceLock``): `<real path>.lock`, with the
    /// symlinks of `path` resolved, and the database file itself — so a node started with another name of the same
    /// database (a symlink, a hard link, a bind mount) is found too. An existing store must also belong to `deployment` (chain id, contract, account) when it is known: `run` refuses
    /// the store of another deployment (``EventStore/bind(to:path:)``).
    static func database(path: String, deployment: StoreIdentity? = nil) -> DoctorCheckResult {
        let fileManager = FileManager.default
        let resolved = InstanceLock.resolve(path)
        for file in [resolved + ".lock", resolved] where fileManager.fileExists(atPath: file) {
            guard let holder = lockHolder(file, lockFile: resolved + ".lock") else { continue }
            let alias = resolved == path ? "" : " (= \(resolved))"
            return .fail("database", "\(path)\(alias) is locked by another qsp-audit-node process (\(holder))",
                         fix: "stop that node first (one node per event store), or point evt_db_path elsewhere")
        }
        if fileManager.fileExists(atPath: path) {
            do {
                var configuration = Configuration()
                configuration.busyMode = .timeout(2)
                let queue = try DatabaseQueue(path: path, configuration: configuration)
                try queue.inTransaction(.immediate) { _ in .rollback }
                try queue.close()
            } catch {
                return .fail("database", "\(path) cannot be written: \(error)",
                             fix: "give the node's user write access to the file and its folder (or point evt_db_path elsewhere)")
            }
            return storeIdentity(path: path, deployment: deployment)
        }
        // Not created yet: the nearest existing folder must let us create it.
        var folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        while !fileManager.fileExists(atPath: folder.path), folder.path != "/" { folder.deleteLastPathComponent() }
        guard access(folder.path, W_OK | X_OK) == 0 else {
            return .fail("database", "\(path) does not exist and \(folder.path) is not writable",
                         fix: "create the folder for evt_db_path and give the node's user write access")
        }
        return .pass("database", "\(path) will be created (\(folder.path) is writable)")
    }

    /// A writable, unlocked store: passes unless it records another deployment than `deployment`.
    private static func storeIdentity(path: String, deployment: StoreIdentity?) -> DoctorCheckResult {
        let recorded: StoreIdentity?
        do { recorded = try EventStore(readOnlyPath: path).identity() } catch {
            return .fail("database", "\(path) is not a readable event store: \(error)",
                         fix: "point evt_db_path at the node's event store, or at a new file (it is created on start-up)")
        }
        guard let recorded, let deployment else {
            return .pass("database", "\(path) is writable and not locked" + (recorded.map { " (\($0))" } ?? ""))
        }
        guard recorded.chainID == deployment.chainID, recorded.contract.lowercased() == deployment.contract.lowercased(),
              recorded.account.lowercased() == deployment.account.lowercased() else {
            return .fail("database", "\(path) belongs to \(recorded), but this set-up runs on \(deployment): `run` refuses it",
                         fix: "point evt_db_path at a new file for this deployment (keep the old store for its own chain, contract and account)")
        }
        return .pass("database", "\(path) is writable and not locked, and belongs to this deployment")
    }

    /// `nil` when nobody holds an exclusive `flock` on `file`; else who does ("pid N" from the lock file, when readable).
    private static func lockHolder(_ file: String, lockFile: String) -> String? {
        let fd = open(file, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        guard flock(fd, LOCK_SH | LOCK_NB) != 0 else {
            flock(fd, LOCK_UN)
            return nil
        }
        let pid = (try? String(contentsOfFile: lockFile, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
        return pid.isEmpty || pid.count > 12 || !pid.allSatisfy(\.isNumber) ? "pid unknown" : "pid \(pid)"
    }

    /// The status server's port can be bound now.
    static func statusPort(_ settings: StatusServerSettings) -> DoctorCheckResult {
        guard settings.isEnabled else { return .pass("status_port", "status server disabled") }
        guard settings.port != 0 else { return .pass("status_port", "port 0: a free port is picked at start-up (and logged)") }
        let ipv6 = settings.host == "::1"
        let fd = socket(ipv6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return .fail("status_port", "cannot create a socket", fix: "check the process's file-descriptor limit") }
        defer { close(fd) }
        var one: Int32 = 1
        _ = setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        let result: Int32
        if ipv6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = in_port_t(UInt16(settings.port).bigEndian)
            _ = inet_pton(AF_INET6, "::1", &address.sin6_addr)
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = in_port_t(UInt16(settings.port).bigEndian)
            address.sin_addr.s_addr = inet_addr("127.0.0.1")
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        guard result == 0 else {
            let reason = String(cString: strerror(errno))
            return .fail("status_port", "\(settings.host):\(settings.port) cannot be bound: \(reason)",
                         fix: "stop what listens on port \(settings.port) (`ss -ltnp 'sport = :\(settings.port)'`) or change status_server.port")
        }
        return .pass("status_port", "\(settings.host):\(settings.port) is free")
    }
}
