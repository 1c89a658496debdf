import Foundation
import Subprocess
import Synchronization

#if canImport(System)
import System
#else
import SystemPackage  // FilePath and FileDescriptor, which swift-subprocess takes (a dependency of swift-subprocess)
#endif

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a dev chain could not be started (missing Python packages, no free port, a crash at start-up).
struct DevChainStartError: Error, CustomStringConvertible {
    let description: String
}

/// One `devchain/serve` process on a free port of 127.0.0.1, owned by one test suite.
///
/// The chain runs under swift-subprocess in a task of its own, in its own session (process group): nothing blocks a
/// thread of the Swift concurrency pool (no `waitUntilExit`, no synchronous reads), and the child starts with a clean
/// signal mask. ``stop()`` cancels that task, which makes swift-subprocess SIGTERM the supervisor (which forwards it to
/// the chain), SIGKILL the whole group after 3 s, and reap it; `deinit` starts the same teardown as a safety net, so a chain never outlives its suite.
final class DevChainProcess: Sendable {
    /// `http://127.0.0.1:<port>`.
    let url: String
    /// The funded dev accounts' private keys, `0x…` hex, in the order of the accounts file.
    let privateKeys: [String]
    private let chain: RunningChild
    private let workDirectory: URL

    /// Starts `devchain/serve --port 0` under `repositoryRoot` and waits up to `startTimeout` for its port file.
    /// The timeout is generous: py-evm's imports take several seconds on a loaded CI machine.
    init(repositoryRoot: URL, accounts: Int = 4, startTimeout: Duration = .seconds(60)) async throws(DevChainStartError) {
        let serve = repositoryRoot.appending(path: "devchain/serve")
        guard FileManager.default.isReadableFile(atPath: serve.path) else {
            throw DevChainStartError(description: "\(serve.path) does not exist; is the repository root right?")
        }
        let work = FileManager.default.temporaryDirectory.appending(path: "qsp-chain-it-\(UUID().uuidString)")
        let portFile = work.appending(path: "port")
        let accountsFile = work.appending(path: "accounts.json")
        let logFile = work.appending(path: "serve.log")
        let chain: RunningChild
        do {
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            chain = try RunningChild(
                "/usr/bin/env",
                arguments: [
                    "python3", "-c", Self.supervisor, serve.path, "--port", "0", "--port-file", portFile.path,
                    "--accounts-file", accountsFile.path, "--accounts", String(accounts),
                ],
                environment: ["QSP_CHAIN_IT_WORKDIR": work.path],
                log: FilePath(logFile.path)
            )
        } catch {
            try? FileManager.default.removeItem(at: work)
            throw DevChainStartError(description: "cannot launch python3 \(serve.path): \(error)")
        }
        self.chain = chain
        self.workDirectory = work

        let deadline = ContinuousClock.now + startTimeout
        var port: Int?
        while port == nil {
            if let text = try? String(contentsOf: portFile, encoding: .utf8),
                let value = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                port = value
            } else if let ending = chain.ending ?? (ContinuousClock.now > deadline ? "did not listen within \(startTimeout)" : nil) {
                await chain.stop()
                let tail = Self.tail(of: logFile)
                try? FileManager.default.removeItem(at: work)
                throw DevChainStartError(description: "devchain/serve \(ending). Its output:\n\(tail)")
            } else {
                try? await Task.sleep(for: .milliseconds(50))
            }
        }
        url = "http://127.0.0.1:\(port ?? 0)"
        do {
            let json = try Data(contentsOf: accountsFile)
            let entries = try JSONDecoder().decode([AccountEntry].self, from: json)
            privateKeys = entries.map(\.privateKey)
        } catch {
            await chain.stop()
            try? FileManager.default.removeItem(at: work)
            throw DevChainStartError(description: "cannot read the dev accounts file \(accountsFile.path): \(error)")
        }
    }

    deinit {
        chain.beginStopping()
        try? FileManager.default.removeItem(at: workDirectory)
    }

    /// Terminates the chain (SIGTERM to its process group, SIGKILL after 3 s), waits until it is reaped, and
    /// removes its temporary files. Idempotent.
    func stop() async {
        await chain.stop()
        try? FileManager.default.removeItem(at: workDirectory)
    }

    /// `python3 -c` supervisor: start `python3 argv[1:]` as a child, forward SIGTERM to it, and stop it when the
    /// test process disappears (so a crashed or killed test run never leaves a chain or its temporary folder
    /// behind). Exits with the child's status. Clearing the signal mask is belt and braces: swift-subprocess
    /// already starts children with an empty mask and default dispositions.
    private static let supervisor = """
        import os, shutil, signal, sys, time
        signal.pthread_sigmask(signal.SIG_SETMASK, [])
        parent = os.getppid()
        orphaned = False
        stop = []
        signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
        child = os.fork()
        if child == 0:
            os.execv(sys.executable, [sys.executable] + sys.argv[1:])
        while True:
            done, status = os.waitpid(child, os.WNOHANG)
            if done:
                code = os.waitstatus_to_exitcode(status)
                if orphaned:
                    shutil.rmtree(os.environ.get("QSP_CHAIN_IT_WORKDIR", "/nonexistent"), ignore_errors=True)
                sys.exit(code if code >= 0 else 128 - code)
            if stop or os.getppid() != parent:
                os.kill(child, signal.SIGTERM)
                orphaned = orphaned or os.getppid() != parent
                stop.clear()
                parent = os.getppid()
            time.sleep(0.05)
        """

    private static func tail(of file: URL) -> String {
        let text = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(15).joined(separator: "\n")
    }

    private struct AccountEntry: Decodable {
        let address: String
        let privateKey: String

        enum CodingKeys: String, CodingKey {
            case address
            case privateKey = "private_key"
        }
    }
}

/// A long-running child under swift-subprocess: `Subprocess.run` is kept alive in a task until the child exits or
/// the task is cancelled (which runs the teardown sequence: SIGTERM to the child, SIGKILL to its whole process group
/// after the grace period).
final class RunningChild: Sendable {
    /// What the run task reports: the child's process group and how it ended.
    private final class Status: Sendable {
        private struct State {
            var processGroup: pid_t?
            var ending: String?
        }

        private let state = Mutex(State())
        var processGroup: pid_t? { state.withLock { $0.processGroup } }
        var ending: String? { state.withLock { $0.ending } }
        func started(processGroup: pid_t) { state.withLock { $0.processGroup = processGroup } }
        func ended(_ ending: String) { state.withLock { $0.ending = ending } }
    }

    private let status: Status
    private let task: Task<Void, Never>

    /// Launches `executable` in a new session with stdout and stderr appended to `log` and no stdin.
    init(
        _ executable: String, arguments: [String], environment: [Environment.Key: String?], log: FilePath,
        gracePeriod: Duration = .seconds(3)
    ) throws {
        // One descriptor per stream, each handed over to and closed by swift-subprocess after the spawn.
        let flags: FileDescriptor.OpenOptions = [.create, .append]
        let out = try FileDescriptor.open(log, .writeOnly, options: flags, permissions: [.ownerReadWrite])
        let err: FileDescriptor
        do {
            err = try FileDescriptor.open(log, .writeOnly, options: flags, permissions: [.ownerReadWrite])
        } catch {
            try? out.close()
            throw error
        }
        var options = PlatformOptions()
        options.createSession = true
        // SIGTERM only to the child (the supervisor forwards it once), then SIGKILL to the whole group.
        options.teardownSequence = [
            .gracefulShutDown(toProcessGroup: false, allowedDurationToNextStep: gracePeriod),
            .send(signal: .kill, toProcessGroup: true, allowedDurationToNextStep: .seconds(1)),
        ]
        let finalOptions = options
        let status = Status()
        self.status = status
        task = Task {
            let ending: String
            do {
                let result = try await Subprocess.run(
                    .path(FilePath(executable)), arguments: Arguments(arguments),
                    environment: .inherit.updating(environment), platformOptions: finalOptions,
                    input: .none,
                    output: .fileDescriptor(out, closeAfterSpawningProcess: true),
                    error: .fileDescriptor(err, closeAfterSpawningProcess: true)
                ) { execution in
                    // Returning at once leaves the run waiting for the child's exit (or for cancellation).
                    status.started(processGroup: execution.processIdentifier.value)
                }
                switch result.terminationStatus {
                case .exited(let code): ending = "exited with status \(code)"
                case .signaled(let signal): ending = "was killed by signal \(signal)"
                }
            } catch {
                ending = "could not be run: \(error)"
            }
            status.ended(ending)
        }
    }

    /// How the child ended ("exited with status 1", …), or nil while it runs.
    var ending: String? { status.ending }

    /// Starts the teardown without waiting for it (for `deinit`).
    func beginStopping() {
        task.cancel()
    }

    /// Tears the child down and waits until it is reaped. Idempotent.
    func stop() async {
        task.cancel()
        await task.value
        // Nothing of the group may survive, even a descendant that ignored SIGTERM.
        if let group = status.processGroup, group > 1 {
            _ = kill(-group, SIGKILL)
        }
    }
}
