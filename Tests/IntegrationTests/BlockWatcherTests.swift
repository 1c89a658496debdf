import AsyncHTTPClient
import Ethereum
import EthereumAccounts
import EthereumRPC
import Foundation
import Logging
import Testing
@testable import AuditNode

/// Reorg detection by block hash: after `evm_revert` and different blocks at the same heights, the watcher
/// rewinds the cursor to the common ancestor and un-mines transactions above it.
@Suite(.serialized) struct BlockWatcherTests {
    @Test func reorgIsDetectedAndRolledBack() async throws {
        guard Repo.devchainAvailable else { print("skipping: devchain/serve is not present"); return }
        let chain = try await DevChain()
        let scenario = try await Scenario.deploy(on: chain)
        let client = try EthereumClient(url: chain.url, httpClient: HTTPClient.shared, timeout: .seconds(10))
        let abi = try Data(contentsOf: Repo.root.appendingPathComponent("config/abi/QuantstampAudit-v2.abi.json"))
        let contract = try AuditContract(abiJSON: abi, address: try Address(scenario.audit))
        let key = try PrivateKey(hexString: scenario.nodes[0].private_key)
        let store = try EventStore(path: temporaryDirectory("qsp-bw").appendingPathComponent("events.db").path)
        let config = try ConfigurationLoader(environment: [:]).load(
            path: Repo.root.appendingPathComponent("config/config.yaml").path, env: "local").configuration
        let chainReader = AuditChain(client: client, contract: contract, account: key.address)
        let logger = Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() })
        let metrics = NodeMetrics()
        let ledger = RequestLedger(store: store, events: NodeEvents(), metrics: metrics, logger: logger)
        let reorgs = ReorgEpoch()
        let discovery = AssignmentDiscovery(chain: chainReader, ledger: ledger, dataContract: contract.address,
                                            policeContract: contract.address, reorgs: reorgs)
        let watcher = BlockWatcher(
            settings: .init(pollSeconds: config.blockPollingSeconds, confirmations: config.confirmations,
                            startBlocksInThePast: config.startBlocksInThePast),
            client: client, store: store, discovery: discovery, heads: HeadBroadcaster(), parameters: ChainParameters(chain: chainReader),
            reorgs: reorgs, status: NodeStatus(account: "a", contract: "c"), metrics: metrics, logger: logger)

        let base = Int64(try await chain.blockNumber())
        try await watcher.scan(head: base)
        #expect(try store.cursor()?.number == base)
        let snapshot = try await chain.rpc("evm_snapshot")
        try await chain.mine(3)
        try await watcher.scan(head: base + 3)
        let before = try #require(try store.cursor())
        #expect(before.number == base + 3)
        // A transaction we saw mined in an orphaned block.
        let now = Date().timeIntervalSince1970
        try store.insertTransaction(TransactionRecord(
            id: nil, account: key.address, nonce: 99, purpose: .bid, requestID: nil, requestType: nil, raw: Data([0x00]),
            txHash: "0xfeed", txType: .legacy, maxFeePerGas: 1, maxPriorityFeePerGas: 1, gasLimit: 1, attempt: 1,
            state: .pending, sentBlock: base, minedBlock: nil, receiptStatus: nil, lastError: nil, createdAt: now, updatedAt: now))
        try store.markMined(hash: "0xfeed", block: base + 2, status: 1)

        try await chain.rpc("evm_revert", [snapshot])
        try await chain.mine(4)
        let head = Int64(try await chain.blockNumber())
        try await watcher.scan(head: head)
        let after = try #require(try store.cursor())
        let block = try #require(try await client.block(.number(UInt64(head))))
        #expect(after.number == head && after.hash == block.hash?.hexString())
        #expect(after.hash != before.hash)
        #expect(try store.transaction(hash: "0xfeed")?.state == .pending, "un-mined after the reorg")
    }
}
