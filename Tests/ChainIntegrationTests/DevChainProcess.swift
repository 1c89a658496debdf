import Foundation

/// Why a dev chain could not be started (missing Python packages, no free port, a crash at start-up).
struct DevChainStartError: Error, CustomStringConvertible {
    let description: String
}

/// One `devchain/serve` process on a free port of 127.0.0.1, owned by one test suite.
///
/// The process is stopped by ``stop()`` and, as a safety net, by `deinit`, so a chain never outlives its suite.
final class DevChainProcess {
    /// `http://127.0.0.1:<port>`.
    let url: String
    /// The funded dev accounts' private keys, `0x…` hex, in the order of the accounts file.
    let privateKeys: [String]
    private let process: Process
    private let workDirectory: URL

    /// Starts `devchain/serve --port 0` under `repositoryRoot` and waits up to `startTimeout` for its port file.
    init(repositoryRoot: URL, accounts: Int = 4, startTimeout: Duration = .seconds(20)) async throws(DevChainStartError) {
        let serve = repositoryRoot.appending(path: "devchain/serve")
        guard FileManager.default.isReadableFile(atPath: serve.path) else {
            throw DevChainStartError(description: "\(serve.path) does not exist; is the repository root right?")
        }
        let work = FileManager.default.temporaryDirectory.appending(path: "qsp-chain-it-\(UUID().uuidString)")
        let portFile = work.appending(path: "port")
        let accountsFile = work.appending(path: "accounts.json")
        let logFile = work.appending(path: "serve.log")
        let process = Process()
        do {
            try FileManager.default.createDirectory(at: work, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: logFile.path, contents: nil) else {
                throw DevChainStartError(description: "cannot create \(logFile.path)")
            }
            let log = try FileHandle(forWritingTo: logFile)
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            // Foundation's Process passes on the spawning thread's signal mask, and test-runner threads block
            // SIGTERM; a tiny Python supervisor clears the mask and watches for the test process going away.
            process.arguments = [
                "python3", "-c", Self.supervisor, serve.path, "--port", "0", "--port-file", portFile.path,
                "--accounts-file", accountsFile.path, "--accounts", String(accounts),
            ]
            var environment = ProcessInfo.processInfo.environment
            environment["QSP_CHAIN_IT_WORKDIR"] = work.path
            process.environment = environment
            process.standardOutput = log
            process.standardError = log
            process.standardInput = FileHandle.nullDevice
            try process.run()
            try? log.close()
        } catch {
            try? FileManager.default.removeItem(at: work)
            throw DevChainStartError(description: "cannot launch python3 \(serve.path): \(error)")
        }
        self.process = process
        self.workDirectory = work

        let deadline = ContinuousClock.now + startTimeout
        var port: Int?
        while port == nil {
            if let text = try? String(contentsOf: portFile, encoding: .utf8),
                let value = Int(text.trimmingCharacters(in: .whitespacesAndNewlines))
            {
                port = value
            } else if !process.isRunning || ContinuousClock.now > deadline {
                let reason = process.isRunning ? "did not listen within \(startTimeout)" : "exited with status \(process.terminationStatus)"
                let tail = Self.tail(of: logFile)
                Self.terminate(process)
                try? FileManager.default.removeItem(at: work)
                throw DevChainStartError(description: "devchain/serve \(reason). Its output:\n\(tail)")
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
            Self.terminate(process)
            try? FileManager.default.removeItem(at: work)
            throw DevChainStartError(description: "cannot read the dev accounts file \(accountsFile.path): \(error)")
        }
    }

    deinit {
        stop()
    }

    /// Terminates the chain (SIGTERM, then SIGKILL after 3 s) and removes its temporary files. Idempotent.
    func stop() {
        Self.terminate(process)
        try? FileManager.default.removeItem(at: workDirectory)
    }

    private static func terminate(_ process: Process) {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = Date().addingTimeInterval(3)
        while process.isRunning && Date() < deadline {
            usleep(20_000)
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
    }

    /// `python3 -c` supervisor: unblock all signals (the child inherits the mask through exec), start
    /// `python3 argv[1:]` as a child, forward SIGTERM to it, and stop it when the test process disappears
    /// (so a crashed or killed test run never leaves a chain or its temporary folder behind). Exits with the
    /// child's status.
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
