import Ethereum
import EthereumAccounts
import EthereumRPC
import Foundation
import Logging

/// A transaction the node wants mined.
public struct OutgoingTransaction: Sendable {
    /// What it is for.
    public var purpose: TransactionPurpose
    /// Calldata for the audit contract.
    public var data: Data
    /// The request it acts on, if any.
    public var request: (id: RequestID, type: RequestType)?
    /// When true the request row moves TS → SB in the same write that persists the transaction.
    public var marksSubmitted: Bool

    /// Creates an outgoing transaction.
    public init(purpose: TransactionPurpose, data: Data, request: (id: RequestID, type: RequestType)? = nil, marksSubmitted: Bool = false) {
        self.purpose = purpose
        self.data = data
        self.request = request
        self.marksSubmitted = marksSubmitted
    }
}

/// A transaction the manager prepared and broadcast, with the answer to the read sent alongside it.
public struct SentTransaction: Sendable {
    /// The persisted transaction.
    public var record: TransactionRecord
    /// The answer to `send(_:alongside:)`'s read: nil when none was asked.
    public var alongside: Result<Data, RPCError>?
}

/// One answer of a first broadcast's batch.
enum BroadcastAnswer: Sendable {
    case data(Data)
    case receipt(Receipt?)

    var data: Data? { if case .data(let data) = self { data } else { nil } }
}

/// One nonce sequence per account: the pending nonce at start, signing and broadcast serialized, the raw signed
/// transaction persisted before it is broadcast, same-nonce replacement with a ≥ 10 % fee bump when stuck,
/// "already known"/"nonce too low" classified. Several transactions may be in flight at once (bids while reports
/// are submitted). A first broadcast asks for its receipt in the same JSON-RPC batch (and the caller's read, see
/// `send(_:alongside:)`); whatever was not mined at once is followed by the sweep (`tick`), which fetches the
/// receipts of all pending transactions in one batch and resumes whoever waits for one (`confirmation(of:)`,
/// `sendAndConfirm`). `TransactionService` runs the sweep on every head and right after a broadcast that was not
/// mined at once. Gas limits are learned per call shape (`GasLimitCache`) and fees are read at most once per 3 s.
public actor TransactionManager {
    let client: EthereumClient
    let store: EventStore
    let signer: TransactionSigner
    let to: Address
    let fees: FeePolicy
    let fixedGasLimit: UInt64?
    let replaceAfterBlocks: Int64
    let metrics: NodeMetrics
    var logger: Logger
    let confirmations: Int64
    /// Signalled after every broadcast: the receipt sweep runs at once instead of at the next head.
    let sent = Wakeup()
    private var nextNonce: UInt64?
    private var gasLimits = GasLimitCache()
    /// Estimates in flight per call shape: concurrent transactions of one shape share one `eth_estimateGas`.
    private var estimating: [GasLimitCache.Key: Task<Result<UInt64, RPCError>, Never>] = [:]
    private var cachedFees: (fees: Fees, at: ContinuousClock.Instant)?
    /// Transactions whose first broadcast has not returned yet: the sweep leaves them alone (no re-broadcast, no
    /// nonce check) until it has.
    var firstBroadcasts: Set<TransactionHash> = []
    private var turns = BroadcastTurns()
    var receiptWaiters: [Int64: [ReceiptWaiter]] = [:]
    var nextWaiterID = 0
    var minedAwaitingConfirmation: [Int64: MinedAttempt] = [:]
    var recentlyConfirmed: [Int64: MinedAttempt] = [:]
    /// Nonces this process prepared (the newest 1,024 at least): their outcome comes from the sweep.
    var preparedHere: Set<Int64> = []
    var head: Int64 = 0
    private var sending = false
    private var sendQueue: [CheckedContinuation<Void, Never>] = []
    private var lastGoodGasPrice: UInt256?
    private var lastBroadcast: [TransactionHash: ContinuousClock.Instant] = [:]

    /// Creates the manager for `signer`'s account, sending to the audit contract `to`.
    public init(client: EthereumClient, store: EventStore, signer: TransactionSigner, to: Address, fees: FeePolicy,
                gasLimit: UInt64?, replaceAfterBlocks: Int, metrics: NodeMetrics, logger: Logger, confirmations: Int = 0) {
        self.client = client
        self.store = store
        self.signer = signer
        self.to = to
        self.fees = fees
        self.fixedGasLimit = gasLimit
        self.replaceAfterBlocks = Int64(max(1, replaceAfterBlocks))
        self.metrics = metrics
        self.logger = logger
        self.confirmations = Int64(max(0, confirmations))
    }

    var account: Address { signer.address }

    private func acquire() async {
        if !sending { sending = true; return }
        await withCheckedContinuation { sendQueue.append($0) }
    }

    private func release() {
        if sendQueue.isEmpty { sending = false } else { sendQueue.removeFirst().resume() }
    }

    /// Reads the pending nonce (and the persisted log) and re-broadcasts every persisted unmined transaction.
    public func start(head: Int64) async throws(ChainError) {
        self.head = head
        try await syncNonce()
        let pending: [TransactionRecord]
        do { pending = try await store.pendingTransactionsAsync(account: account) } catch { throw ChainError(.rejected, "\(error)") }
        for tx in pending {
            await broadcast(tx, initial: false)
        }
    }

    private func syncNonce() async throws(ChainError) {
        let chainPending: UInt64
        do { chainPending = try await client.transactionCount(signer.address, block: .pending) } catch {
            throw ChainError(.rpc, "eth_getTransactionCount: \(error)", retriable: error.isTransientForReads)
        }
        let pending: [TransactionRecord]
        do { pending = try await store.pendingTransactionsAsync(account: account) } catch { throw ChainError(.rejected, "\(error)") }
        let stored = pending.map { UInt64($0.nonce) + 1 }.max() ?? 0
        nextNonce = max(chainPending, stored)
    }

    /// Signs, persists and broadcasts `outgoing`. Throws before persisting when the call would revert (estimate)
    /// or the chain is unreachable; once persisted, delivery is the manager's job (see `tick`).
    ///
    /// Preparing (nonce, sign, persist — a durable SQLite commit) holds the nonce lock; broadcasting does not: it
    /// waits for its turn in preparation order (`BroadcastTurns`). So the next transaction is signed and written to
    /// disk while the chain still executes the previous one, and broadcasts still reach the node in nonce order.
    @discardableResult
    public func send(_ outgoing: OutgoingTransaction) async throws(ChainError) -> TransactionRecord {
        try await send(outgoing, alongside: nil).record
    }

    /// ``send(_:)``, and `read` (an `eth_call` at `pending`) in the same JSON-RPC batch right after the broadcast: the
    /// chain answers it with this transaction in its pool, without another round trip (the bidder's next
    /// `anyRequestAvailable()`).
    public func send(_ outgoing: OutgoingTransaction, alongside read: CallRequest?) async throws(ChainError) -> SentTransaction {
        let (record, turn) = try await prepare(outgoing)
        await waitForTurn(turn)
        var turnEnded = false
        defer { if !turnEnded { endTurn() } }
        if turns.isAbandoned(turn) {
            // An earlier transaction was refused for good and its nonce given back: this one's nonce would leave a
            // gap. Undo it (and its SB move); the caller tries again with a fresh nonce.
            firstBroadcasts.remove(record.txHash)
            try? await store.failTransactionAsync(record, reason: "an earlier transaction was refused; signed again later")
            throw ChainError(.rejected, "an earlier transaction of this account was refused; the \(outgoing.purpose.rawValue) transaction is sent again", retriable: true)
        }
        let first = await broadcastFirst(record, alongside: read)
        let refusal = first.receipt == nil ? first.sendError.flatMap { Self.refusal(of: $0, initial: true) } : nil
        if refusal == nil {
            // The chain has it (or may have it): the next transaction may go now — its broadcast does not wait for
            // this one's bookkeeping below (a store write: 0.6 ms per transaction on the critical path, measured).
            endTurn()
            turnEnded = true
        }
        if let receipt = first.receipt {
            // Mined already: whatever the broadcast itself answered ("already known", a refusal of a duplicate),
            // the transaction is on chain.
            await noteMined(record, receipt)
        } else if let error = first.sendError {
            await noteBroadcastError(record, error, initial: true)
        }
        firstBroadcasts.remove(record.txHash)
        if let failure = refusal {
            // Refused for good before it reached the mempool: give the nonce back (transactions prepared after it
            // are abandoned in their turn) and undo the SB move.
            do { try await store.failTransactionAsync(record, reason: failure) } catch { throw ChainError(.rejected, "\(error)") }
            await acquire()
            turns.abandonPreparedAfter(turn)
            nextNonce = UInt64(record.nonce)
            release()
            // A price refusal is fixed by signing again with fresh fees: it must not finish a request.
            let repricable = failure.contains("underpriced") || failure.contains("base fee")
            if repricable { cachedFees = nil }
            throw ChainError(.rejected, "the node refused the \(outgoing.purpose.rawValue) transaction: \(failure)", retriable: repricable)
        }
        if first.receipt != nil {
            await confirmMined()
        } else {
            sent.signal()
        }
        return SentTransaction(record: record, alongside: first.alongside)
    }

    /// The gas limit, then under the nonce lock: the next nonce and fees, the signature, the durable record; returns the
    /// record and its broadcast turn.
    private func prepare(_ outgoing: OutgoingTransaction) async throws(ChainError) -> (TransactionRecord, Int) {
        // The gas limit does not depend on the nonce: an estimate (hundreds of ms on a remote node) must not hold up
        // the nonce sequence of every other transaction.
        let gasLimit = try await gasLimit(for: outgoing)
        await acquire()
        defer { release() }
        if nextNonce == nil { try await syncNonce() }
        let fees = await currentFees()
        guard let nonce = nextNonce else { throw ChainError(.rpc, "nonce unknown", retriable: true) }
        let signed = try signer.sign(nonce: nonce, fees: fees, gasLimit: gasLimit, to: to, data: outgoing.data)
        let now = Date().timeIntervalSince1970
        var record = TransactionRecord(
            id: nil, account: account, nonce: Int64(nonce), purpose: outgoing.purpose, requestID: outgoing.request?.id,
            requestType: outgoing.request?.type, raw: signed.raw, txHash: signed.hash,
            txType: fees.kind, maxFeePerGas: fees.maxFee, maxPriorityFeePerGas: fees.priority,
            gasLimit: Int64(gasLimit), attempt: 1, state: .pending, sentBlock: head, minedBlock: nil, receiptStatus: nil,
            lastError: nil, createdAt: now, updatedAt: now)
        // Before the write: a sweep that reads the row must not re-broadcast it ahead of its turn.
        firstBroadcasts.insert(record.txHash)
        do {
            // An identical signature of a transaction refused earlier (same nonce, fees and calldata) is the same
            // transaction: it is revived instead of inserted twice (no UNIQUE loop on tx_hash).
            record = try await store.insertOrReviveTransactionAsync(record, submitting: outgoing.marksSubmitted ? outgoing.request : nil)
        } catch {
            firstBroadcasts.remove(record.txHash)
            // Nothing was broadcast and the nonce is not used: a local store failure (busy, disk full, or the row no
            // longer TS) is retried by the caller's next pass — it must not finish a request as refused.
            throw ChainError(.rejected, "cannot persist the transaction: \(error)", retriable: true)
        }
        nextNonce = nonce + 1
        if preparedHere.count >= 2048 { preparedHere = Set(preparedHere.sorted().suffix(1024)) }
        preparedHere.insert(record.nonce)
        metrics.transactionsSent(outgoing.purpose).increment()
        var log = logger
        log[metadataKey: "tx_hash"] = "\(record.txHash)"
        log[metadataKey: "nonce"] = "\(nonce)"
        if let id = outgoing.request?.id { log[metadataKey: "request_id"] = "\(id)" }
        log.info("transaction persisted", metadata: ["purpose": "\(outgoing.purpose.rawValue)", "block": "\(head)"])
        return (record, turns.issue())
    }

    private func waitForTurn(_ turn: Int) async {
        guard !turns.isCurrent(turn) else { return }
        await withCheckedContinuation { turns.park(turn, $0) }
    }

    private func endTurn() { turns.advance()?.resume() }

    /// The configured limit, else a learned one for this call shape, else an estimate (which is then learned).
    private func gasLimit(for outgoing: OutgoingTransaction) async throws(ChainError) -> UInt64 {
        if let fixedGasLimit { return fixedGasLimit }
        let key = GasLimitCache.key(outgoing.purpose, calldataBytes: outgoing.data.count)
        if let learned = gasLimits.limit(for: key) { return learned }
        if let shared = estimating[key] {
            // Another transaction of this shape is being estimated: its success is this one's limit too (a failure
            // says nothing about this calldata, which is then estimated on its own).
            if case .success(let estimate) = await shared.value { return gasLimits.learn(key, estimate: estimate) }
        }
        let client = self.client, call = CallRequest(from: signer.address, to: to, data: outgoing.data)
        let estimation = Task { () -> Result<UInt64, RPCError> in
            do throws(RPCError) { return .success(try await client.estimateGas(call)) } catch { return .failure(error) }
        }
        if estimating[key] == nil { estimating[key] = estimation }
        let result = await estimation.value
        if estimating[key] == estimation { estimating[key] = nil }
        switch result {
        case .success(let estimate):
            return gasLimits.learn(key, estimate: estimate)
        case .failure(let error):
            if case .executionReverted = error.classification {
                // Retriable: whether the call reverts depends on chain state a reorg or the next block can change;
                // the request's deadline, not one estimate, ends it.
                throw ChainError(.rejected, "the call would revert: \(error)", retriable: true)
            }
            throw ChainError(.rpc, "eth_estimateGas: \(error)", retriable: error.isTransientForReads)
        }
    }

    /// An out-of-gas receipt: the purpose's learned limits were too small; the next send estimates again.
    func forgetGasLimits(_ purpose: TransactionPurpose) { gasLimits.forget(purpose) }

    /// Fees for a new transaction, read at most once per 3 s: `2 × base fee + tip` stays above the base fee for 5
    /// full blocks (+12.5 % each at most), which take longer than 3 s on every chain with a fee market worth the
    /// name; a chain that mines a block per transaction (a dev chain) has nearly empty blocks, so its base fee falls.
    /// A refusal for price drops the cache at once and the transaction is signed again with fresh fees.
    private func currentFees() async -> Fees {
        if let cached = cachedFees, ContinuousClock.now - cached.at < .seconds(3) { return cached.fees }
        let fees = await readFees()
        cachedFees = (fees, .now)
        return fees
    }

    private func readFees() async -> Fees {
        let base: UInt256?
        do { base = try await client.block(.latest)?.baseFeePerGas } catch { base = nil }
        var suggested: UInt256?
        var priority: UInt256?
        if fees.settings.strategy == .dynamic {
            if base == nil {
                suggested = try? await client.gasPrice()
                if let suggested { lastGoodGasPrice = suggested } else { suggested = lastGoodGasPrice }
            } else {
                priority = try? await client.maxPriorityFeePerGas()
            }
        }
        return fees.initial(baseFee: base, suggestedGasPrice: suggested, suggestedPriority: priority)
    }

    /// The first broadcast of a prepared transaction: one JSON-RPC batch with the transaction, its receipt (an
    /// instant-mining chain or a fast L2 has it at once, so no sweep round trip is needed) and the caller's read.
    /// Only the exchange: what the answers mean for the store is the caller's business.
    private func broadcastFirst(_ tx: TransactionRecord, alongside read: CallRequest?) async
        -> (sendError: RPCError?, receipt: Receipt?, alongside: Result<Data, RPCError>?) {
        var calls = [RPCCalls.sendRawTransaction(tx.raw).map(BroadcastAnswer.data),
                     RPCCalls.transactionReceipt(tx.txHash.bytes).map(BroadcastAnswer.receipt)]
        if let read { calls.append(RPCCalls.call(read, block: .pending).map(BroadcastAnswer.data)) }
        let answers: [Result<BroadcastAnswer, RPCError>]
        do { answers = try await client.batch(calls) } catch {
            return (error, nil, read.map { _ in .failure(error) })
        }
        let alongside: Result<Data, RPCError>? = read == nil ? nil : answers[2].map { $0.data ?? Data() }
        var receipt: Receipt?
        if case .success(.receipt(let found?)) = answers[1] { receipt = found }
        var sendError: RPCError?
        if case .failure(let error) = answers[0] { sendError = error }
        return (sendError, receipt, alongside)
    }

    /// Broadcasts a persisted transaction. Returns a reason when the node refused it for good (only reported for
    /// the initial send); transient failures leave it pending for the next tick.
    @discardableResult
    func broadcast(_ tx: TransactionRecord, initial: Bool) async -> String? {
        do {
            _ = try await client.sendRawTransaction(tx.raw)
            return nil
        } catch {
            await noteBroadcastError(tx, error, initial: initial)
            return Self.refusal(of: error, initial: initial)
        }
    }

    /// Why the node refused a broadcast for good, or nil when the transaction may be (or is) in the pool — it stays
    /// pending and the sweep follows it. Only a first broadcast can be refused for good: a re-broadcast's failure
    /// proves nothing about the earlier one.
    static func refusal(of error: RPCError, initial: Bool) -> String? {
        switch error.classification {
        case .alreadyKnown, .nonceTooLow, .replacementUnderpriced:
            return nil
        default:
            // Only a recognised refusal proves the node did not take it. A dropped connection, a truncated answer or
            // a generic -32000 may hide a transaction that reached the mempool.
            return initial && error.isDefinitiveRefusal ? "\(error)" : nil
        }
    }

    /// Notes a failed broadcast on the transaction's row (and, when it stays pending, in the log).
    private func noteBroadcastError(_ tx: TransactionRecord, _ error: RPCError, initial: Bool) async {
        switch error.classification {
        case .alreadyKnown:
            return
        case .nonceTooLow:
            // Either this very transaction (or a replacement) was mined, or the nonce was used elsewhere;
            // `tick` settles it from the receipts.
            try? await store.noteTransactionErrorAsync(id: tx.id ?? 0, "nonce too low")
        case .replacementUnderpriced:
            try? await store.noteTransactionErrorAsync(id: tx.id ?? 0, "replacement underpriced")
        default:
            try? await store.noteTransactionErrorAsync(id: tx.id ?? 0, "\(error)")
            if Self.refusal(of: error, initial: initial) == nil {
                // It stays pending with its nonce: `tick` re-broadcasts it and settles it from its receipt.
                logger.warning("broadcast failed; will re-broadcast", metadata: ["tx_hash": "\(tx.txHash)", "error": "\(error)"])
            }
        }
    }

    /// Re-broadcast a pending transaction at most every 5 s (receipts are still polled on every tick).
    func shouldRebroadcast(_ hash: TransactionHash) -> Bool {
        let now = ContinuousClock.now
        if let last = lastBroadcast[hash], now - last < .seconds(5) { return false }
        lastBroadcast[hash] = now
        if lastBroadcast.count > 1000 { lastBroadcast.removeAll() }
        return true
    }

    func resyncAfterDrop() async {
        await acquire()
        defer { release() }
        try? await syncNonce()
    }

    func replace(_ tx: TransactionRecord) async {
        await acquire()
        defer { release() }
        let old = Fees(kind: tx.txType, maxFee: tx.maxFeePerGas, priority: tx.maxPriorityFeePerGas)
        guard let bumped = fees.bumped(old), let data = try? Self.calldata(ofRaw: tx.raw, signer: signer) else {
            await broadcast(tx, initial: false)
            return
        }
        guard let signed = try? signer.sign(nonce: UInt64(tx.nonce), fees: bumped, gasLimit: UInt64(tx.gasLimit), to: to, data: data) else { return }
        let now = Date().timeIntervalSince1970
        var replacement = tx
        replacement.id = nil
        replacement.raw = signed.raw
        replacement.txHash = signed.hash
        replacement.maxFeePerGas = bumped.maxFee
        replacement.maxPriorityFeePerGas = bumped.priority
        replacement.attempt = tx.attempt + 1
        replacement.sentBlock = head
        replacement.lastError = nil
        replacement.createdAt = now
        replacement.updatedAt = now
        guard (try? await store.insertReplacementAsync(replacement)) != nil else { return }
        metrics.replacements.increment()
        logger.notice("transaction replaced", metadata: [
            "tx_hash": "\(replacement.txHash)", "replaces": "\(tx.txHash)", "nonce": "\(tx.nonce)",
            "max_fee": "\(replacement.maxFeePerGas)", "request_id": "\(tx.requestID?.description ?? "")",
        ])
        if let reloaded = try? await store.readAsync(EventStore.transactionByHashBody(replacement.txHash)) { await broadcast(reloaded, initial: false) }
    }
}
