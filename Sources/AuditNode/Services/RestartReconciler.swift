import Ethereum
import Foundation
import Logging

/// Restart handling (PROTOCOL.md §3.7 DO): every non-final row is resumed unless its real deadline (the
/// `DeadlineRule`, with T read now) can no longer be met with `block_discard_on_restart` blocks of margin.
/// SB rows are settled from their stored transactions by the transaction manager and the submitter.
struct RestartReconciler {
    let ledger: RequestLedger
    let deadlines: DeadlineRule
    let marginBlocks: Int64

    /// Returns the number of rows resumed.
    func reconcile(head: Int64) async throws -> Int {
        var resumed = 0
        for row in try await ledger.summaries([.assigned, .toBeSubmitted, .submitted]) {
            let log = ledger.logger(for: row.key)
            if row.status == .submitted {
                resumed += 1
                log.info("resuming submitted request")
                continue
            }
            let deadline = try await deadlines.deadline(of: row)
            if DeadlineRule.canMeet(deadline, head: head, margin: marginBlocks) {
                resumed += 1
                log.info("resuming request", metadata: ["status": "\(row.status.rawValue)", "deadline": "\(deadline)"])
            } else {
                try await ledger.fail(row.key, reason: "submission timeout on restart: deadline block \(deadline), head \(head)",
                                      metadata: ["deadline": "\(deadline)", "block": "\(head)"])
            }
        }
        return resumed
    }
}
