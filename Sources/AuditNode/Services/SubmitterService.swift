import Ethereum
import EthereumRPC
import Foundation
import Logging
import ServiceLifecycle

/// Sends each TS row's report exactly once (`submitReport` / `submitPoliceReport`) and settles SB rows from the
/// mined receipts. A request whose deadline cannot be met is not submitted (ER). On graceful shutdown it keeps
/// going until nothing is left to submit or settle, or the drain time is over.
public struct SubmitterService: Service {
    let context: NodeContext

    /// Creates the service.
    public init(context: NodeContext) { self.context = context }

    public func run() async throws {
        let interval = Duration.seconds(fractional: min(context.configuration.eventPollingSeconds, 1))
        let drain = DrainClock(limit: context.configuration.shutdownDrainSeconds)
        let store = context.store
        await pollLoop(every: interval, heads: context.heads, untilDrained: {
            if await drain.expired() { return true }
            let open = (try? store.records(statuses: [.toBeSubmitted, .submitted]).count) ?? 0
            return open == 0
        }) { head in
            await pass(head: head)
        }
    }

    /// One pass over TS and SB rows.
    func pass(head: Int64) async {
        guard let rows = try? context.store.records(statuses: [.toBeSubmitted, .submitted]) else { return }
        for row in rows {
            do {
                switch row.status {
                case .toBeSubmitted: try await submit(row, head: head)
                case .submitted: try await settle(row, head: head)
                default: break
                }
            } catch {
                context.logger(request: row.requestID, type: row.type).warning("submission step failed; will retry", metadata: ["error": "\(error)"])
            }
        }
    }

    /// The last block at which the submission may be mined (AU: A+T; PC: R+P).
    /// For AU rows A is re-read from the data contract (a reorg may have moved or removed the assignment) and the
    /// row is corrected when it differs.
    func deadline(_ row: AuditRecord, head: Int64) async throws -> Int64 {
        switch row.type {
        case .audit:
            var assigned = row.assignedBlock
            if let id = UInt256(decimalString: row.requestID),
               let onChain = try? await context.chain.assignBlock(id, dataContract: context.dataContract), onChain > 0, onChain != assigned {
                try? context.store.correctAssignedBlock(row.requestID, row.type, to: onChain)
                context.logger(request: row.requestID, type: row.type).notice("assignment block re-read from the chain",
                                                                              metadata: ["block": "\(onChain)", "stored": "\(assigned)"])
                assigned = onChain
            }
            return assigned + (try await context.auditTimeout(head: head))
        case .police:
            guard let id = UInt256(decimalString: row.requestID) else { return row.assignedBlock }
            return try await context.chain.policeTimeout(id, policeContract: context.policeContract)
        }
    }

    func submit(_ row: AuditRecord, head: Int64) async throws {
        let log = context.logger(request: row.requestID, type: row.type)
        guard let id = UInt256(decimalString: row.requestID), let hex = row.compressedReport,
              let report = try? Data(hexString: hex), let state = row.auditState else {
            try context.store.markError(row.requestID, row.type, info: "stored report is unusable; not submitted")
            return
        }
        let deadline = try await deadline(row, head: head)
        if head + 1 > deadline {
            try context.store.markError(row.requestID, row.type, info: "expired: deadline block \(deadline) passed; not submitted")
            log.warning("deadline passed; not submitted", metadata: ["block": "\(head)", "deadline": "\(deadline)"])
            return
        }
        if row.submissionAttempts > 1, row.type == .audit, try await context.chain.isAuditFinished(id) {
            // An earlier attempt landed after all (the row went back to TS only if that attempt was proven dead,
            // so this is a safety net): never send a second report.
            try context.store.transition(row.requestID, row.type, to: .submitted, info: "already finished on chain")
            try context.store.markDone(row.requestID, row.type, minedBlock: head, info: "finished on chain by an earlier attempt")
            return
        }
        if row.type == .audit, try await context.chain.auditState(id, dataContract: context.dataContract) != 2 {
            // Not (or no longer) assigned on chain: after a reorg the assignment may come back. Sending now would
            // estimate gas for a call that does nothing; wait, the deadline ends the request if it never returns.
            log.notice("request not assigned on chain right now; waiting", metadata: ["block": "\(head)", "deadline": "\(deadline)"])
            return
        }
        let contract = context.chain.contract
        let outgoing: OutgoingTransaction
        switch row.type {
        case .audit:
            outgoing = OutgoingTransaction(purpose: .submitReport,
                                           data: try contract.submitReportCalldata(requestID: id, auditState: state, report: report),
                                           request: (row.requestID, row.type), marksSubmitted: true)
        case .police:
            outgoing = OutgoingTransaction(purpose: .submitPoliceReport,
                                           data: try contract.submitPoliceReportCalldata(requestID: id, report: report, verified: row.policeVerdict ?? false),
                                           request: (row.requestID, row.type), marksSubmitted: true)
        }
        let result: Result<TransactionRecord, ChainError>
        do { result = .success(try await context.transactions.send(outgoing)) } catch { result = .failure(error) }
        switch result {
        case .success(let tx):
            log.info("report submitted", metadata: ["tx_hash": "\(tx.txHash)", "block": "\(head)", "deadline": "\(deadline)"])
        case .failure(let error) where error.code == .rejected && !error.retriable:
            try context.store.markError(row.requestID, row.type, info: "submission refused: \(error.message)")
            log.error("submission refused", metadata: ["error": "\(error)"])
        case .failure(let error):
            throw error
        }
    }

    func settle(_ row: AuditRecord, head: Int64) async throws {
        let log = context.logger(request: row.requestID, type: row.type)
        let txs = try context.store.transactions(requestID: row.requestID, type: row.type)
        guard let mined = txs.last(where: { $0.state == .mined }), let block = mined.minedBlock else { return }
        guard head - block >= Int64(context.configuration.confirmations) else { return }
        guard let hash = try? Data(hexString: mined.txHash),
              let receipt = try await context.chain.client.transactionReceipt(hash) else { return }
        guard let id = UInt256(decimalString: row.requestID) else { return }
        let outcome = SubmissionOutcome.from(receipt: receipt, requestID: id, type: row.type, context: context)
        var metadata: Logger.Metadata = ["tx_hash": "\(mined.txHash)", "block": "\(receipt.blockNumber)"]
        switch outcome {
        case .done(let info):
            try context.store.markDone(row.requestID, row.type, minedBlock: Int64(receipt.blockNumber), info: info)
            log.info("report accepted", metadata: metadata)
        case .error(let info):
            try context.store.markError(row.requestID, row.type, info: info)
            metadata["reason"] = "\(info)"
            log.error("report not accepted", metadata: metadata)
        case .reverted:
            let deadline = try await deadline(row, head: head)
            if head + 1 <= deadline && row.submissionAttempts < 3 {
                try context.store.transition(row.requestID, row.type, to: .toBeSubmitted, info: "submission reverted; retrying") { $0.txHash = nil }
                log.warning("submission reverted; will resend", metadata: metadata)
            } else {
                try context.store.markError(row.requestID, row.type, info: "submission reverted and no retry is possible")
            }
        }
    }
}

/// What a mined submission receipt says about one request.
enum SubmissionOutcome: Equatable {
    case done(String)
    case error(String)
    case reverted

    static func from(receipt: Receipt, requestID: UInt256, type: RequestType, context: NodeContext) -> SubmissionOutcome {
        guard receipt.status == 1 else { return .reverted }
        let me = context.account
        for log in receipt.logs {
            guard let event = context.chain.contract.decode(log, policeAddress: context.policeContract) else { continue }
            switch (type, event) {
            case (.audit, .finished(let id, let auditor, let state, _)) where id == requestID && auditor == me:
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
            case (.police, .policeFinished(let id, let node, let verified)) where id == requestID && node == me:
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
