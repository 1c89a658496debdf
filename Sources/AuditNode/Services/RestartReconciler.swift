import Ethereum
import Foundation
import Logging

/// Restart handling (PROTOCOL.md §3.7 DO): every non-final row is resumed unless its real deadline (AU: A + T with
/// T read now; PC: R + P from `policeTimeouts`) can no longer be met with `block_discard_on_restart` blocks of margin.
/// SB rows are settled from their stored transactions by the transaction manager and the submitter.
struct RestartReconciler {
    let context: NodeContext

    /// Returns the number of rows resumed.
    func reconcile(head: Int64) async throws -> Int {
        let rows = try context.store.records(statuses: [.assigned, .toBeSubmitted, .submitted])
        let margin = Int64(context.configuration.blockDiscardOnRestart)
        var resumed = 0
        for row in rows {
            let log = context.logger(request: row.requestID, type: row.type)
            if row.status == .submitted {
                resumed += 1
                log.info("resuming submitted request", metadata: ["tx_hash": "\(row.txHash ?? "")"])
                continue
            }
            let deadline: Int64
            switch row.type {
            case .audit:
                deadline = row.assignedBlock + Int64(try await context.chain.auditTimeout())
            case .police:
                guard let id = UInt256(decimalString: row.requestID) else { continue }
                deadline = try await context.chain.policeTimeout(id, policeContract: context.policeContract)
            }
            if head + 1 + margin > deadline {
                try context.store.markError(row.requestID, row.type,
                                            info: "submission timeout on restart: deadline block \(deadline), head \(head)")
                log.warning("abandoned on restart: deadline cannot be met", metadata: ["deadline": "\(deadline)", "block": "\(head)"])
            } else {
                resumed += 1
                log.info("resuming request", metadata: ["status": "\(row.status.rawValue)", "deadline": "\(deadline)"])
            }
        }
        return resumed
    }
}
