import Ethereum
import EthereumAccounts
import EthereumRPC
import Foundation
import Logging

/// An attempt found mined by the sweep, with its receipt.
struct MinedAttempt: Sendable {
    var transaction: TransactionRecord
    var receipt: Receipt
}

/// Someone waiting for the outcome of a nonce.
struct ReceiptWaiter {
    let id: Int
    let deadline: ContinuousClock.Instant
    let continuation: CheckedContinuation<ReceiptOutcome, Never>
}

/// How a wait for a transaction ended.
enum ReceiptOutcome: Sendable {
    case mined(MinedAttempt)
    case failed(String)
    case timedOut
    case cancelled
}

extension TransactionManager {
    /// The calldata of a persisted raw transaction (replacements re-sign the same call).
    static func calldata(ofRaw raw: Data, signer: TransactionSigner) throws -> Data {
        let signed = try SignedTransaction.decode(raw: raw)
        switch signed.transaction {
        case .legacy(let tx): return tx.data
        case .eip1559(let tx): return tx.data
        }
    }

    /// Sends `outgoing` and waits until it is mined with the configured confirmations on top.
    public func sendAndConfirm(_ outgoing: OutgoingTransaction, timeout: Duration) async throws(ChainError) -> (TransactionRecord, Receipt) {
        let record = try await send(outgoing)
        let mined = try await confirmation(of: record, timeout: timeout)
        return (mined.transaction, mined.receipt)
    }

    /// Waits until `tx`'s nonce is mined (by `tx` or a replacement of it) with the configured confirmations on top,
    /// and returns that attempt with its receipt. Resumed by the sweep (`tick`); a transaction mined before this
    /// process started is found in the store. Throws when the nonce was taken by another transaction, on `timeout`
    /// (retriable: the transaction may still be mined) or on cancellation.
    func confirmation(of tx: TransactionRecord, timeout: Duration) async throws(ChainError) -> MinedAttempt {
        // Mined before this process remembered it (a restart, or long enough ago to be pruned from
        // `recentlyConfirmed`): the store knows, the receipt is read once. A pending transaction this process
        // prepared is followed by the sweep, so the store is not asked for every wait.
        if tx.state != .pending || !preparedHere.contains(tx.nonce),
           let mined = try? await store.minedAttemptAsync(account: tx.account, nonce: tx.nonce),
           recentlyConfirmed[tx.nonce] == nil, minedAwaitingConfirmation[tx.nonce] == nil,
           let receipt = try? await client.transactionReceipt(mined.txHash.bytes) {
            minedAwaitingConfirmation[tx.nonce] = MinedAttempt(transaction: mined, receipt: receipt)
            await confirmMined()
        }
        // No suspension between this check and the registration: a sweep either ran before (recentlyConfirmed) or
        // will resume the waiter.
        if let done = recentlyConfirmed[tx.nonce] { return done }
        let id = nextWaiterID
        nextWaiterID += 1
        let nonce = tx.nonce
        let deadline = ContinuousClock.now + timeout
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<ReceiptOutcome, Never>) in
                receiptWaiters[nonce, default: []].append(ReceiptWaiter(id: id, deadline: deadline, continuation: continuation))
            }
        } onCancel: {
            Task { await self.endWait(id, nonce: nonce, .cancelled) }
        }
        switch outcome {
        case .mined(let attempt): return attempt
        case .failed(let reason): throw ChainError(.rejected, "transaction \(tx.txHash) failed: \(reason)")
        case .timedOut: throw ChainError(.rpc, "transaction \(tx.txHash) not mined within \(timeout)", retriable: true)
        case .cancelled: throw ChainError(.rpc, "cancelled while waiting for \(tx.txHash)", retriable: true)
        }
    }

    private func endWait(_ id: Int, nonce: Int64, _ outcome: ReceiptOutcome) {
        guard var list = receiptWaiters[nonce], let index = list.firstIndex(where: { $0.id == id }) else { return }
        let waiter = list.remove(at: index)
        receiptWaiters[nonce] = list.isEmpty ? nil : list
        waiter.continuation.resume(returning: outcome)
    }

    private func resumeAll(nonce: Int64, _ outcome: ReceiptOutcome) {
        guard let list = receiptWaiters.removeValue(forKey: nonce) else { return }
        for waiter in list { waiter.continuation.resume(returning: outcome) }
    }

    /// The sweep, once per block (and right after a broadcast): the receipts of every pending transaction in one
    /// JSON-RPC batch; nonces taken by others settled; stuck transactions replaced; waiters resumed.
    public func tick(head: Int64) async {
        self.head = max(self.head, head)
        let pending = ((try? await store.pendingTransactionsAsync(account: account)) ?? []).filter { !firstBroadcasts.contains($0.txHash) }
        if !pending.isEmpty { await settle(pending) }
        await confirmMined()
        expireWaiters()
    }

    private func settle(_ pending: [TransactionRecord]) async {
        let found = await receipts(of: pending)
        let byNonce = Dictionary(grouping: pending, by: \.nonce).sorted { $0.key < $1.key }
        var minedNonce: UInt64?
        for (nonce, attempts) in byNonce {
            if await record(attempts, found) == .mined { continue }
            if minedNonce == nil { minedNonce = try? await client.transactionCount(signer.address, block: .latest) }
            if let minedNonce, UInt64(nonce) < minedNonce {
                // Mined by a transaction we do not know: every attempt of ours is dead — but only if the node
                // answered "no receipt" for every attempt (a failed lookup proves nothing).
                if await record(attempts, await receipts(of: attempts)) != .absent { continue }
                for tx in attempts { try? await store.failTransactionAsync(tx, reason: "nonce \(nonce) used by another transaction") }
                logger.warning("transaction dropped", metadata: ["nonce": "\(nonce)"])
                resumeAll(nonce: nonce, .failed("nonce \(nonce) used by another transaction"))
                await resyncAfterDrop()
                continue
            }
            guard let latest = attempts.max(by: { $0.attempt < $1.attempt }) else { continue }
            if self.head - latest.sentBlock >= replaceAfterBlocks {
                await replace(latest)
            } else if shouldRebroadcast(latest.txHash) {
                await broadcast(latest, initial: false)
            }
        }
    }

    /// What the receipt lookups of one nonce's attempts found.
    enum ReceiptLookup: Equatable {
        /// One attempt has a receipt (recorded).
        case mined
        /// The node answered "no receipt" for every attempt.
        case absent
        /// At least one lookup failed: nothing is proven.
        case unknown
    }

    /// Receipts by transaction hash, one batch; a failed batch or a failed item is an error for that hash.
    private func receipts(of transactions: [TransactionRecord]) async -> [TransactionHash: Result<Receipt?, RPCError>] {
        let hashes = transactions.map(\.txHash)
        guard !hashes.isEmpty else { return [:] }
        let answers: [Result<Receipt?, RPCError>]
        do { answers = try await client.batch(hashes.map { RPCCalls.transactionReceipt($0.bytes) }) } catch {
            answers = hashes.map { _ in .failure(error) }
        }
        return Dictionary(zip(hashes, answers), uniquingKeysWith: { a, _ in a })
    }

    /// Records the first mined attempt (newest first) of one nonce.
    private func record(_ attempts: [TransactionRecord], _ found: [TransactionHash: Result<Receipt?, RPCError>]) async -> ReceiptLookup {
        var failed = false
        for tx in attempts.sorted(by: { $0.attempt > $1.attempt }) {
            switch found[tx.txHash] {
            case .success(let receipt?)?:
                await noteMined(tx, receipt)
                return .mined
            case .success(nil)?:
                continue
            case .failure?, nil:
                failed = true
            }
        }
        return failed ? .unknown : .absent
    }

    /// Records an attempt found mined (by the sweep or in its first broadcast's batch); `confirmMined` resumes its
    /// waiters once it has the configured confirmations.
    func noteMined(_ tx: TransactionRecord, _ receipt: Receipt) async {
        // A receipt proves its block exists: the head the manager knows (the watcher polls it) may lag behind,
        // and waiting for the next poll held every confirmation (0 confirmations: head ≥ receipt block) up to
        // a poll interval — measured 90–170 ms per bid at start-up, the chain idle meanwhile.
        head = max(head, Int64(receipt.blockNumber))
        try? await store.markMinedAsync(hash: tx.txHash, block: Int64(receipt.blockNumber), status: Int(receipt.status))
        var metadata: Logger.Metadata = [
            "tx_hash": "\(tx.txHash)", "block": "\(receipt.blockNumber)", "status": "\(receipt.status)",
            "purpose": "\(tx.purpose.rawValue)", "gas_used": "\(receipt.gasUsed)",
        ]
        if let id = tx.requestID { metadata["request_id"] = "\(id)" }
        logger.info("transaction mined", metadata: metadata)
        if receipt.status != 1, receipt.gasUsed >= UInt64(tx.gasLimit) {
            forgetGasLimits(tx.purpose)
            logger.warning("transaction ran out of gas; the next one estimates again", metadata: metadata)
        }
        minedAwaitingConfirmation[tx.nonce] = MinedAttempt(transaction: tx, receipt: receipt)
    }

    /// Resumes the waiters of attempts with enough confirmations. With confirmations, the receipts are read again
    /// first: one that vanished (a reorg) keeps waiting until the sweep finds it again.
    func confirmMined() async {
        let ready = minedAwaitingConfirmation.filter { head - Int64($0.value.receipt.blockNumber) >= confirmations }
        guard !ready.isEmpty else { return }
        var confirmed = ready
        if confirmations > 0 {
            let again = await receipts(of: ready.values.map(\.transaction))
            confirmed = ready.filter { _, attempt in
                if case .success(let receipt?)? = again[attempt.transaction.txHash] { return receipt.blockHash == attempt.receipt.blockHash }
                return false
            }
            for nonce in ready.keys where confirmed[nonce] == nil { minedAwaitingConfirmation[nonce] = nil }
        }
        if recentlyConfirmed.count > 512 {
            // Keep the newest nonces (a waiter that just read the store may still look one of them up).
            let keep = Set(recentlyConfirmed.keys.sorted().suffix(256))
            recentlyConfirmed = recentlyConfirmed.filter { keep.contains($0.key) }
        }
        for (nonce, attempt) in confirmed {
            minedAwaitingConfirmation[nonce] = nil
            recentlyConfirmed[nonce] = attempt
            resumeAll(nonce: nonce, .mined(attempt))
        }
    }

    /// A reorg rewound the chain to `block`: receipts remembered from blocks above it are forgotten (the store
    /// un-mined those transactions; the sweep finds them again wherever they land), so a re-opened request is
    /// judged from the chain as it is now.
    public func forgetMined(above block: Int64) {
        recentlyConfirmed = recentlyConfirmed.filter { Int64($0.value.receipt.blockNumber) <= block }
        minedAwaitingConfirmation = minedAwaitingConfirmation.filter { Int64($0.value.receipt.blockNumber) <= block }
    }

    private func expireWaiters() {
        let now = ContinuousClock.now
        for (nonce, list) in receiptWaiters {
            for waiter in list where waiter.deadline <= now { endWait(waiter.id, nonce: nonce, .timedOut) }
        }
    }
}
