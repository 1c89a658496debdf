import Ethereum
import EthereumRPC
import Foundation
import Logging
import ServiceLifecycle

/// Polls the head, publishes it, scans confirmed blocks for own assignments (audit and police), keeps the block
/// cursor with its hash and rolls back unconfirmed state when a block hash changes (reorg).
public struct BlockWatcher: Service {
    let context: NodeContext

    /// Creates the watcher.
    public init(context: NodeContext) { self.context = context }

    public func run() async throws {
        let interval = Duration.milliseconds(Int(context.configuration.blockPollingSeconds * 1000))
        var lastHead: Int64 = -1
        var failures = 0
        var idlePolls = 0
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                let head = Int64(try await context.chain.client.blockNumber())
                failures = 0
                await context.status.head(head)
                context.metrics.headBlock.record(head)
                let newHead = head != lastHead
                if newHead {
                    lastHead = head
                    await context.heads.publish(head)
                }
                await context.transactions.tick(head: head)
                // Scan (and check the cursor's hash) on every new head, and now and then on an idle chain.
                idlePolls = newHead ? 0 : idlePolls + 1
                if newHead || idlePolls % 10 == 0 { try await scan(head: head) }
            } catch {
                failures += 1
                await context.status.rpcError("\(error)")
                if failures == 1 || failures % 20 == 0 {
                    context.logger.warning("head poll failed; retrying", metadata: ["error": "\(error)", "failures": "\(failures)"])
                }
            }
            let backoff = failures == 0 ? interval : min(interval * (1 << min(failures, 4)), .seconds(10))
            try? await Task.sleep(for: backoff)
        }
        await context.heads.finish()
    }

    /// Processes confirmed blocks after the cursor.
    func scan(head: Int64) async throws {
        let confirmed = head - Int64(context.configuration.confirmations)
        guard confirmed >= 0 else { return }
        let store = context.store
        var cursor = try store.cursor()
        if let current = cursor, try await reorged(current) {
            cursor = try await rollBack(from: current)
        }
        if cursor == nil {
            let t = (try? await context.auditTimeout(head: head)) ?? 50
            let lookBack = max(Int64(context.configuration.startBlocksInThePast), t)
            let start = max(0, confirmed - lookBack)
            cursor = BlockCursor(number: start - 1, hash: "")
        }
        guard var from = cursor.map({ $0.number + 1 }), from <= confirmed else { return }
        while from <= confirmed {
            let to = min(confirmed, from + 999)
            let logs = try await context.chain.discoveryLogs(from: UInt64(from), to: UInt64(to), policeContract: context.policeContract)
            for log in logs where !log.removed {
                // A failed read throws: the cursor stays put and the range is scanned again (never skipped).
                try await AssignmentDiscovery(context: context).handle(log)
            }
            guard let block = try await context.chain.client.block(.number(UInt64(to))), let hash = block.hash else {
                throw ChainError(.rpc, "block \(to) not available", retriable: true)
            }
            try store.setCursor(BlockCursor(number: to, hash: hash.hexString()))
            from = to + 1
        }
    }

    private func reorged(_ cursor: BlockCursor) async throws -> Bool {
        guard !cursor.hash.isEmpty, cursor.number >= 0 else { return false }
        guard let block = try await context.chain.client.block(.number(UInt64(cursor.number))), let hash = block.hash else { return false }
        return hash.hexString() != cursor.hash
    }

    /// Finality comes from the chain: requests finished by a receipt in an orphaned block are judged again.
    private func reopenFinished(above block: Int64) throws {
        for id in try context.store.reopenDone(above: block) {
            context.logger.warning("reorg removed a finished submission; re-checking", metadata: ["request_id": "\(id)", "ancestor": "\(block)"])
        }
    }

    /// Walks back to the newest remembered block whose hash still matches and rewinds to it.
    private func rollBack(from cursor: BlockCursor) async throws -> BlockCursor? {
        context.metrics.reorgs.increment()
        var number = cursor.number - 1
        while number >= 0 && number > cursor.number - 256 {
            if let remembered = try context.store.seenBlockHash(number),
               let block = try await context.chain.client.block(.number(UInt64(number))), block.hash?.hexString() == remembered {
                let ancestor = BlockCursor(number: number, hash: remembered)
                try context.store.rewind(to: ancestor)
                try context.store.unmineTransactions(above: number)
                try reopenFinished(above: number)
                context.logger.warning("reorg detected; rolled back", metadata: ["block": "\(cursor.number)", "ancestor": "\(number)"])
                return ancestor
            }
            number -= 1
        }
        let fallback = BlockCursor(number: max(0, cursor.number - 256), hash: "")
        try context.store.rewind(to: fallback)
        try context.store.unmineTransactions(above: fallback.number)
        try reopenFinished(above: fallback.number)
        context.logger.warning("deep reorg detected; rescanning", metadata: ["block": "\(cursor.number)"])
        return fallback
    }
}

/// Turns discovered logs into AS rows: `LogAuditAssigned` with auditor == self (A = the log's block) and
/// `PoliceNodeAssignedToReport` with policeNode == self (R = the log's block). Idempotent.
struct AssignmentDiscovery {
    let context: NodeContext

    func handle(_ log: Log) async throws(ChainError) {
        guard let event = context.chain.contract.decode(log, policeAddress: context.policeContract) else { return }
        switch event {
        case .assigned(let id, let auditor, let requestor, let uri, let price, _) where auditor == context.account:
            // Only assignments still open on chain (a rescan must never resurrect finished work).
            if (try? context.store.record(id.decimalString, .audit)) != nil { return }
            guard try await context.chain.auditState(id, dataContract: context.dataContract) == 2 else { return }
            register(id: id, requestor: requestor, uri: uri, price: price, block: Int64(log.blockNumber))
        case .policeAssigned(let node, let id) where node == context.account:
            try await registerPolice(id: id, reportBlock: Int64(log.blockNumber))
        default:
            break
        }
    }

    /// Inserts an AU row (also used by the bidder with its own receipt).
    func register(id: UInt256, requestor: Address, uri: String, price: UInt256, block: Int64) {
        let row = AuditRecord.assigned(requestID: id.decimalString, type: .audit, requestor: requestor.checksummed,
                                       uri: uri, block: block, price: price.decimalString)
        if (try? context.store.insertAssigned(row)) == true {
            context.metrics.assignments.increment()
            context.logger(request: row.requestID, type: .audit).info("assignment registered", metadata: ["block": "\(block)", "uri": "\(uri)"])
        }
    }

    func registerPolice(id: UInt256, reportBlock: Int64) async throws(ChainError) {
        if (try? context.store.record(id.decimalString, .police)) != nil { return }
        let log = context.logger(request: id.decimalString, type: .police)
        let t = try await context.chain.auditTimeout()
        let from = UInt64(max(0, reportBlock - Int64(t) - 1))
        guard case .assigned(_, _, _, let uri, let price, _)? = try await context.chain.assignmentLog(for: id, from: from, to: UInt64(reportBlock)) else {
            log.warning("police assignment without a findable LogAuditAssigned; skipped", metadata: ["block": "\(reportBlock)"])
            return
        }
        let row = AuditRecord.assigned(requestID: id.decimalString, type: .police, requestor: context.chain.contract.address.checksummed,
                                       uri: uri, block: reportBlock, price: price.decimalString)
        if (try? context.store.insertAssigned(row)) == true {
            log.info("police assignment registered", metadata: ["block": "\(reportBlock)"])
        }
    }
}
