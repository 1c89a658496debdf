import ServiceLifecycle

/// Runs the transaction manager's receipt sweep: on every new head, right after a broadcast whose batch did not bring
/// its receipt, and every `fallback` at the latest. It keeps sweeping during a graceful
/// shutdown while transactions are in flight, so the submitter's drain sees its receipts.
public struct TransactionService: Service {
    let manager: TransactionManager
    let heads: HeadBroadcaster
    let fallback: Duration

    /// Creates the service.
    public init(manager: TransactionManager, heads: HeadBroadcaster, fallback: Duration) {
        self.manager = manager
        self.heads = heads
        self.fallback = fallback
    }

    public func run() async throws {
        let manager = self.manager
        await EventLoop(wakeup: manager.sent, heads: heads, fallback: fallback).run(untilDrained: {
            await manager.isIdle()
        }) { head in
            await manager.tick(head: head)
        }
    }
}

extension TransactionManager {
    /// True when nobody waits for a receipt.
    func isIdle() -> Bool { receiptWaiters.isEmpty }
}
