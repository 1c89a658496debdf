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
            process.arguments = [
                "python3", serve.path, "--port", "0", "--port-file", portFile.path,
                "--accounts-file", accountsFile.path, "--accounts", String(accounts),
            ]
            process.standardOutput = log
            process.standardError = log
            process.standardInput = FileHandle.nullDevice
            try process.run()
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
