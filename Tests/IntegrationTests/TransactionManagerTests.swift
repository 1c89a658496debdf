import AsyncHTTPClient
import AuditNode
import Ethereum
import EthereumAccounts
import EthereumRPC
import Foundation
import Logging
import Testing

/// The transaction manager against the dev chain: write-ahead persistence, same-nonce replacement with a fee
/// bump the node accepts, re-broadcast after a restart, and a nonce taken by someone else.
@Suite(.serialized) struct TransactionManagerTests {
    struct Setup {
        let chain: DevChain
        let client: EthereumClient
        let store: EventStore
        let signer: TransactionSigner
        let target: Address

        func manager() -> TransactionManager {
            TransactionManager(client: client, store: store, signer: signer, to: target,
                               fees: FeePolicy(settings: GasPriceSettings(strategy: .dynamic, defaultWei: 1_000_000_000, capWei: nil), bumpPercent: 12),
                               gasLimit: nil, replaceAfterBlocks: 3, metrics: NodeMetrics(),
                               logger: Logger(label: "test", factory: { _ in SwiftLogNoOpLogHandler() }))
        }

        func head() async throws -> Int64 { Int64(try await client.blockNumber()) }
    }

    func setup() async throws -> Setup? {
        guard Repo.devchainAvailable else { print("skipping: devchain/serve is not present"); return nil }
        let chain = try await DevChain()
        let accounts = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: chain.accountsFile))) as? [[String: String]]
        let key = try PrivateKey(hexString: try #require(accounts?[1]["private_key"]))
        let client = try EthereumClient(url: chain.url, httpClient: HTTPClient.shared, timeout: .seconds(10))
        let store = try EventStore(path: temporaryDatabasePath())
        return Setup(chain: chain, client: client, store: store, signer: TransactionSigner(key: key, chainID: try await client.chainID()),
                     target: try Address(try #require(accounts?[2]["address"])))
    }

    func temporaryDatabasePath() -> String { temporaryDirectory("qsp-tm").appendingPathComponent("events.db").path }

    @Test func stuckTransactionIsReplacedWithTheSameNonce() async throws {
        guard let s = try await setup() else { return }
        try await s.chain.rpc("evm_setAutomine", [false])
        let tm = s.manager()
        try await tm.start(head: try await s.head())
        let first = try await tm.send(OutgoingTransaction(purpose: .claimRewards, data: Data([1, 2, 3])))
        #expect(first.state == .pending)
        // Three blocks pass without it (the pool is not mined): replace.
        await tm.tick(head: try await s.head() + 3)
        let attempts = try s.store.allTransactions()
        #expect(attempts.count == 2)
        let second = try #require(attempts.last)
        #expect(second.nonce == first.nonce && second.attempt == 2)
        let oldFee = first.maxFeePerGas, newFee = second.maxFeePerGas
        let oldTip = first.maxPriorityFeePerGas, newTip = second.maxPriorityFeePerGas
        #expect(newFee * 100 >= oldFee * 110 && newTip * 100 >= oldTip * 110)
        try await s.chain.mine(1)
        await tm.tick(head: try await s.head())
        let settled = try s.store.allTransactions()
        #expect(settled.map(\.state) == [.replaced, .mined])
        #expect(try await s.client.transactionReceipt(second.txHash.bytes) != nil)
    }

    /// A store failure while persisting a transaction (here: its request row is not TS, so the TS → SB move fails)
    /// broadcasts nothing and uses no nonce, and it is retriable: the submitter's next pass tries again instead of
    /// finishing the request as refused (a busy or full disk must not lose a request).
    @Test func aPersistFailureIsRetriableAndUsesNoNonce() async throws {
        guard let s = try await setup() else { return }
        let tm = s.manager()
        try await tm.start(head: try await s.head())
        let nonce = try await s.client.transactionCount(s.signer.address, block: .pending)
        try s.store.insertAssigned(AuditRecord.assigned(requestID: "43", type: .audit, requestor: "r", uri: "u", block: 1, price: 0))
        let error = await #expect(throws: ChainError.self) {
            try await tm.send(OutgoingTransaction(purpose: .submitReport, data: Data([7]), request: ("43", .audit), marksSubmitted: true))
        }
        #expect(error?.retriable == true)
        #expect(try s.store.allTransactions().isEmpty)
        #expect(try s.store.record("43", .audit)?.status == .assigned)
        let next = try await tm.send(OutgoingTransaction(purpose: .claimRewards, data: Data([1, 2, 3])))
        #expect(UInt64(next.nonce) == nonce)
    }

    @Test func restartReBroadcastsPersistedTransactions() async throws {
        guard let s = try await setup() else { return }
        // Persisted but never broadcast (the process died in between).
        let nonce = try await s.client.transactionCount(s.signer.address, block: .pending)
        let signed = try s.signer.sign(nonce: nonce, fees: .legacy(gasPrice: 2_000_000_000), gasLimit: 60_000, to: s.target, data: Data([9]))
        let now = Date().timeIntervalSince1970
        try s.store.insertTransaction(TransactionRecord(
            id: nil, account: s.signer.address, nonce: Int64(nonce), purpose: .bid, requestID: nil, requestType: nil,
            raw: signed.raw, txHash: signed.hash, txType: .legacy, maxFeePerGas: 2000000000,
            maxPriorityFeePerGas: 2000000000, gasLimit: 60_000, attempt: 1, state: .pending, sentBlock: try await s.head(),
            minedBlock: nil, receiptStatus: nil, lastError: nil, createdAt: now, updatedAt: now))
        let tm = s.manager()
        try await tm.start(head: try await s.head())
        #expect(try await s.client.transactionReceipt(signed.hash.bytes) != nil, "start() must re-broadcast the persisted raw transaction")
        await tm.tick(head: try await s.head())
        #expect(try s.store.transaction(hash: signed.hash)?.state == .mined)
        // The next nonce continues after the persisted one.
        let next = try await tm.send(OutgoingTransaction(purpose: .bid, data: Data([1])))
        #expect(next.nonce == Int64(nonce) + 1)
    }

    @Test func nonceUsedElsewhereMarksTheSubmissionDeadAndReturnsTheRowToTS() async throws {
        guard let s = try await setup() else { return }
        try s.store.insertAssigned(AuditRecord.assigned(requestID: "42", type: .audit, requestor: "r", uri: "u", block: 1, price: 0))
        try s.store.markToBeSubmitted("42", .audit, report: StoredReport(auditState: 4, fullReport: "{}", compressedReport: Data([0x00]), auditHash: "h", auditURI: nil))
        let nonce = try await s.client.transactionCount(s.signer.address, block: .pending)
        let ours = try s.signer.sign(nonce: nonce, fees: .legacy(gasPrice: 2_000_000_000), gasLimit: 60_000, to: s.target, data: Data([1]))
        let now = Date().timeIntervalSince1970
        try s.store.insertTransaction(TransactionRecord(
            id: nil, account: s.signer.address, nonce: Int64(nonce), purpose: .submitReport, requestID: "42", requestType: .audit,
            raw: ours.raw, txHash: ours.hash, txType: .legacy, maxFeePerGas: 2000000000,
            maxPriorityFeePerGas: 2000000000, gasLimit: 60_000, attempt: 1, state: .pending, sentBlock: try await s.head(),
            minedBlock: nil, receiptStatus: nil, lastError: nil, createdAt: now, updatedAt: now), submitting: ("42", .audit))
        // Another transaction (same key, e.g. a second process) takes the nonce first.
        let other = try s.signer.sign(nonce: nonce, fees: .legacy(gasPrice: 3_000_000_000), gasLimit: 60_000, to: s.target, data: Data([2]))
        _ = try await s.client.sendRawTransaction(other.raw)
        let tm = s.manager()
        try await tm.start(head: try await s.head())   // the re-broadcast answers "nonce too low"
        await tm.tick(head: try await s.head())
        #expect(try s.store.transaction(hash: ours.hash)?.state == .failed)
        let row = try #require(try s.store.record("42", .audit))
        #expect(row.status == .toBeSubmitted, "proven dead: a resend is safe")
    }

    /// A first broadcast is one batch with the transaction's receipt lookup and the caller's read: on a chain that
    /// mines at once the transaction is recorded mined without a sweep, and the read is answered with the
    /// transaction in the pool. When it is not mined yet, the sweep settles it as before.
    @Test func aFirstBroadcastLearnsItsReceiptAndAnswersTheReadAlongside() async throws {
        guard let s = try await setup() else { return }
        let tm = s.manager()
        try await tm.start(head: try await s.head())
        // An eth_call to an account without code returns empty data.
        let read = CallRequest(from: s.signer.address, to: s.target, data: Data([0x12, 0x34, 0x56, 0x78]))
        let sent = try await tm.send(OutgoingTransaction(purpose: .claimRewards, data: Data([1, 2, 3])), alongside: read)
        #expect(try s.store.transaction(hash: sent.record.txHash)?.state == .mined, "the receipt came back with the broadcast")
        #expect(try sent.alongside?.get() == Data())
        let (confirmed, receipt) = try await tm.sendAndConfirm(OutgoingTransaction(purpose: .claimRewards, data: Data([4])), timeout: .seconds(5))
        #expect(confirmed.nonce == sent.record.nonce + 1 && receipt.status == 1)

        try await s.chain.rpc("evm_setAutomine", [false])
        let pending = try await tm.send(OutgoingTransaction(purpose: .claimRewards, data: Data([5])), alongside: read)
        #expect(try s.store.transaction(hash: pending.record.txHash)?.state == .pending)
        #expect(try pending.alongside?.get() == Data())
        try await s.chain.mine(1)
        await tm.tick(head: try await s.head())
        #expect(try s.store.transaction(hash: pending.record.txHash)?.state == .mined)
    }
}
