import EthereumAccounts
import EthereumRPC
import Foundation
import Testing

/// What the tests of a suite see: their suite's running chain, or why there is none.
enum DevChainAvailability: Sendable {
    case ready(ChainContext)
    case unavailable(String)
}

/// A running dev chain as the tests use it: a client, its chain id and the funded dev accounts.
struct ChainContext: Sendable {
    let url: String
    let client: EthereumClient
    let chainID: UInt64
    let accounts: [PrivateKey]
    let repositoryRoot: URL
}

/// A failure found by a test helper (not by the code under test), with what to look at.
struct ChainTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// Gives each test the chain of its suite (a task-local value set by ``DevChainTrait``).
enum DevChainScope {
    @TaskLocal static var current: DevChainAvailability?

    /// The suite's chain. Without one, the test fails when the environment variable `CI` is set and is
    /// cancelled (skipped) with the reason otherwise.
    static func chain() throws -> ChainContext {
        switch current {
        case .ready(let context):
            return context
        case .unavailable(let reason):
            if ProcessInfo.processInfo.environment["CI"] != nil {
                throw ChainTestFailure("the dev chain is required when CI is set, but it did not start: \(reason)")
            }
            try Test.cancel("skipped: the dev chain did not start (run scripts/setup to install its Python packages): \(reason)")
        case nil:
            throw ChainTestFailure("this suite lacks the .devChain trait, so it has no chain")
        }
    }
}

/// A suite trait that starts one private `devchain/serve` for the whole suite and stops it afterwards.
///
/// Each suite gets its own chain because `evm_revert` rewinds the chain for every client of it.
struct DevChainTrait: SuiteTrait, TestScoping {
    var isRecursive: Bool { false }

    func provideScope(
        for test: Test, testCase: Test.Case?, performing function: @Sendable () async throws -> Void
    ) async throws {
        let root = RepositoryLocation.root()
        let process: DevChainProcess
        do {
            process = try await DevChainProcess(repositoryRoot: root)
        } catch {
            if ProcessInfo.processInfo.environment["CI"] == nil {
                FileHandle.standardError.write(Data("ChainIntegrationTests: skipping \(test.name): \(error.description)\n".utf8))
            }
            try await DevChainScope.$current.withValue(.unavailable(error.description)) { try await function() }
            return
        }
        // Stopped on every path with an awaited stop (no blocking wait in a `defer`).
        let outcome: Result<Void, any Error>
        do {
            // A generous deadline: py-evm answers slowly on a loaded CI machine; a hung chain still fails.
            let client = try EthereumClient(url: process.url, timeout: .seconds(60))
            do {
                let chainID = try await client.chainID()
                let keys = try process.privateKeys.map { try PrivateKey(hexString: $0) }
                let context = ChainContext(url: process.url, client: client, chainID: chainID, accounts: keys, repositoryRoot: root)
                try await DevChainScope.$current.withValue(.ready(context)) { try await function() }
                outcome = .success(())
            } catch {
                outcome = .failure(error)
            }
            try? await client.shutdown()
        } catch {
            outcome = .failure(error)
        }
        await process.stop()
        try outcome.get()
    }
}

extension Trait where Self == DevChainTrait {
    /// Runs the suite against its own freshly started dev chain.
    static var devChain: Self { Self() }
}

/// Where the repository is: three levels above this file (`Tests/ChainIntegrationTests/<file>`), after
/// resolving symlinks so a dev package that links the test folder still finds `devchain/`.
enum RepositoryLocation {
    static func root(filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath).resolvingSymlinksInPath()
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    }
}
