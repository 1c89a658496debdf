import Ethereum
import EthereumRPC
import Foundation
import Logging
import ServiceLifecycle

/// Sends each TS row's report exactly once (`submitReport` / `submitPoliceReport`) — at once when the auditor
/// stores it (the `reportReady` event) — and settles SB rows from their confirmed receipts. Each row is worked on in
/// its own task, from its submission to its settlement (the transaction manager's sweep resumes it): several reports
/// are prepared and signed while the chain still runs an earlier transaction, and broadcast in nonce order. A request
/// whose deadline cannot be met is not submitted (ER). On graceful shutdown it keeps going until nothing is left to
/// submit or settle, or the drain time is over.
public struct SubmitterService: Service {
    /// The submitter's limits.
    public struct Limits: Sendable {
        /// How long a submission may take to be mined before the wait is given up (and retried on the next pass).
        public var transactionTimeout: Duration
        /// `shutdown_drain_seconds`.
        public var drainSeconds: Double

        /// Creates the limits.
        public init(transactionTimeout: Duration, drainSeconds: Double) {
            self.transactionTimeout = transactionTimeout
            self.drainSeconds = drainSeconds
        }
    }

    let limits: Limits
    let ledger: RequestLedger
    let deadlines: DeadlineRule
    let chain: AuditChain
    let transactions: TransactionManager
    let reorgs: ReorgEpoch
    let dataContract: Address
    let policeContract: Address
    let events: NodeEvents

    /// Creates the service.
    public init(limits: Limits, ledger: RequestLedger, deadlines: DeadlineRule, chain: AuditChain, transactions: TransactionManager,
                reorgs: ReorgEpoch, dataContract: Address, policeContract: Address, events: NodeEvents) {
        self.limits = limits
        self.ledger = ledger
        self.deadlines = deadlines
        self.chain = chain
        self.transactions = transactions
        self.reorgs = reorgs
        self.dataContract = dataContract
        self.policeContract = policeContract
        self.events = events
    }

    public func run() async throws {
        let drain = DrainClock(limit: limits.drainSeconds)
        let working = InFlightRequests()
        let ledger = self.ledger
        let (jobs, queue) = AsyncStream<(RequestSummary, Int64)>.makeStream()
        await withDiscardingTaskGroup { group in
            group.addTask {
                await EventLoop(wakeup: events.submitter, heads: events.heads, fallback: .seconds(1)).run(untilDrained: {
                    if await drain.expired() { return true }
                    let open = (try? await ledger.summaries([.toBeSubmitted, .submitted]).count) ?? 0
                    return open == 0
                }) { head in
                    // A row another task is submitting or settling is left to it.
                    let rows = (try? await ledger.summaries([.toBeSubmitted, .submitted])) ?? []
                    for row in rows where await working.insert(row.key) { queue.yield((row, head)) }
                }
                queue.finish()
            }
            for await (row, head) in jobs {
                group.addTask {
                    await work(on: row, head: head)
                    await working.remove(row.key)
                }
            }
        }
    }

    /// Submits a TS row and settles it, or settles an SB row. A failure leaves the row as it is for the next pass.
    func work(on row: RequestSummary, head: Int64) async {
        var row = row
        var sent: TransactionRecord?
        if row.status == .toBeSubmitted {
            do {
                guard let tx = try await submit(row, head: head) else { return }
                sent = tx
            } catch {
                ledger.logger(for: row.key).warning("submission step failed; will retry", metadata: ["error": "\(error)"])
                return
            }
            row.status = .submitted
        }
        do { try await settle(row, head: head, sent: sent) } catch {
            ledger.logger(for: row.key).warning("settling the submission failed; will retry", metadata: ["error": "\(error)"])
        }
    }

    /// Checks the deadline (and, when a reorg may have changed it, the assignment on chain) and sends the report.
    /// Returns the transaction when it was sent.
    func submit(_ row: RequestSummary, head: Int64) async throws -> TransactionRecord? {
        let log = ledger.logger(for: row.key)
        let id = row.requestID.value
        guard let full = try await ledger.row(row.key), let report = full.compressedReport, let state = full.auditState else {
            try await ledger.fail(row.key, reason: "stored report is unusable; not submitted", level: .error)
            return nil
        }
        var assigned = row.assignedBlock
        let trusted = row.type == .audit && row.submissionAttempts <= 1 ? await reorgs.takeVerified(row.key) : false
        if row.type == .audit, !trusted {
            // Read again: after a reorg or a restart the assignment may have moved, gone, or been finished.
            let onChain = try await chain.assignBlock(id, dataContract: dataContract)
            if onChain > 0, onChain != assigned {
                try await ledger.correctAssignedBlock(row.key, to: onChain)
                assigned = onChain
            }
        }
        let deadline = try await deadlines.deadline(of: row, assignedBlock: assigned)
        if !DeadlineRule.canMeet(deadline, head: head) {
            try await ledger.fail(row.key, reason: "expired: deadline block \(deadline) passed; not submitted",
                                  metadata: ["block": "\(head)", "deadline": "\(deadline)"])
            return nil
        }
        if row.type == .audit, !trusted {
            if row.submissionAttempts > 1, try await chain.isAuditFinished(id) {
                // An earlier attempt landed after all (the row went back to TS only if that attempt was proven
                // dead, so this is a safety net): never send a second report.
                try await ledger.finishedEarlier(row.key, head: head)
                return nil
            }
            if try await chain.auditState(id, dataContract: dataContract) != 2 {
                // Not (or no longer) assigned on chain: after a reorg the assignment may come back. Wait; the
                // deadline ends the request if it never returns.
                log.notice("request not assigned on chain right now; waiting", metadata: ["block": "\(head)", "deadline": "\(deadline)"])
                return nil
            }
        }
        let contract = chain.contract
        let outgoing: OutgoingTransaction
        switch row.type {
        case .audit:
            outgoing = OutgoingTransaction(purpose: .submitReport,
                                           data: try contract.submitReportCalldata(requestID: id, auditState: state, report: report),
                                           request: (row.requestID, row.type), marksSubmitted: true)
        case .police:
            outgoing = OutgoingTransaction(purpose: .submitPoliceReport,
                                           data: try contract.submitPoliceReportCalldata(requestID: id, report: report, verified: full.policeVerdict ?? false),
                                           request: (row.requestID, row.type), marksSubmitted: true)
        }
        let result: Result<TransactionRecord, ChainError>
        do { result = .success(try await transactions.send(outgoing)) } catch { result = .failure(error) }
        switch result {
        case .success(let tx):
            log.info("report submitted", metadata: ["tx_hash": "\(tx.txHash)", "block": "\(head)", "deadline": "\(deadline)"])
            return tx
        case .failure(let error) where error.code == .rejected && !error.retriable:
            try await ledger.fail(row.key, reason: "submission refused: \(error.message)", level: .error)
            return nil
        case .failure(let error):
            throw error
        }
    }

    /// Waits for the live submission of an SB row (`sent`, when this task just sent it; else read from the store) to
    /// be confirmed and judges its receipt.
    func settle(_ row: RequestSummary, head: Int64, sent: TransactionRecord? = nil) async throws {
        let live: TransactionRecord
        if let sent { live = sent } else {
            let txs = try await ledger.store.transactionsAsync(requestID: row.requestID, type: row.type)
            guard let stored = txs.last(where: { $0.state == .pending || $0.state == .mined }) else { return }
            live = stored
        }
        let mined = try await transactions.confirmation(of: live, timeout: limits.transactionTimeout)
        // A pass that read the row just before an earlier settle finished may ask again: judge a receipt once.
        guard try await ledger.status(row.key) == .submitted else { return }
        let id = row.requestID.value
        let receipt = mined.receipt
        let metadata: Logger.Metadata = ["tx_hash": "\(mined.transaction.txHash)"]
        switch SubmissionOutcome.from(receipt: receipt, requestID: id, type: row.type, contract: chain.contract,
                                      account: chain.account, policeContract: policeContract) {
        case .done(let info):
            try await ledger.done(row.key, minedBlock: Int64(receipt.blockNumber), info: info, metadata: metadata)
        case .error(let info):
            try await ledger.fail(row.key, reason: info, level: .error, metadata: metadata)
        case .reverted:
            let current = try await ledger.row(row.key)
            let attempts = current?.submissionAttempts ?? row.submissionAttempts
            let deadline = try await deadlines.deadline(of: row, assignedBlock: current?.assignedBlock)
            if DeadlineRule.canMeet(deadline, head: max(head, Int64(receipt.blockNumber))) && attempts < 3 {
                try await ledger.resubmit(row.key, info: "submission reverted; retrying")
            } else {
                try await ledger.fail(row.key, reason: "submission reverted and no retry is possible", metadata: metadata)
            }
        }
    }
}

/// What a mined submission receipt says about one request.
enum SubmissionOutcome: Equatable {
    case done(String)
    case error(String)
    case reverted

    static func from(receipt: Receipt, requestID: UInt256, type: RequestType, contract: AuditContract, account: Address,
                     policeContract: Address) -> SubmissionOutcome {
        guard receipt.status == 1 else { return .reverted }
        for log in receipt.logs {
            guard let event = contract.decode(log, policeAddress: policeContract) else { continue }
            switch (type, event) {
            case (.audit, .finished(let id, let auditor, let state, _)) where id == requestID && auditor == account:
                return .done("LogAuditFinished (state \(state))")
            case (.audit, .invalidState(let id, _, let state)) where id == requestID:
                if state == 4 || state == 5 { return .done("already finished (InvalidState \(state)): an earlier attempt landed") }
                return .error("InvalidState \(state): the request is no longer assigned")
            case (.audit, .expiredAudit(let id, _, let allowance)) where id == requestID:
                return .error("expired: ExpiredAudit (allowance block \(allowance))")
            case (.audit, .invalidAuditor(let id, _)) where id == requestID:
                return .error("InvalidAuditor: the request is assigned to another node")
            case (.audit, .invalidResult(let id, _, let state)) where id == requestID:
                return .error("InvalidResult \(state)")
            case (.police, .policeFinished(let id, let node, let verified)) where id == requestID && node == account:
                return .done("LogPoliceAuditFinished (verified \(verified))")
            case (.police, .policePeriodExceeded(let id)) where id == requestID:
                return .error("PoliceSubmissionPeriodExceeded: the police window closed")
            default:
                continue
            }
        }
        return .error("the receipt has no outcome event for this request")
    }
}

/// Measures the graceful drain.
actor DrainClock {
    let limit: Double
    private var started: ContinuousClock.Instant?
    init(limit: Double) { self.limit = limit }
    func expired() -> Bool {
        let now = ContinuousClock.now
        if started == nil { started = now }
        return now - started! > .seconds(fractional: limit)
    }
}
