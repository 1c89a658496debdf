import Foundation
import Logging
import ServiceLifecycle

/// Claims rewards at start-up and then every `rewards.claim_interval_seconds`: while `hasAvailableRewards()`,
/// send `claimRewards()` and wait for its receipt (never unchecked: it reverts when nothing is claimable).
/// Failures end the cycle and are retried next time. The wait between cycles ends at once on graceful shutdown.
public struct RewardsService: Service {
    let interval: Duration
    let transactionTimeout: Duration
    let chain: AuditChain
    let transactions: TransactionManager
    let logger: Logger

    /// Creates the service.
    public init(interval: Duration, transactionTimeout: Duration, chain: AuditChain, transactions: TransactionManager, logger: Logger) {
        self.interval = interval
        self.transactionTimeout = transactionTimeout
        self.chain = chain
        self.transactions = transactions
        self.logger = logger
    }

    public func run() async throws {
        let interval = self.interval
        try? await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                await claimCycle()
                try await Task.sleep(for: interval)
            }
        }
    }

    /// One cycle; returns the number of claims mined.
    @discardableResult
    func claimCycle() async -> Int {
        var claims = 0
        do {
            while claims < 20, try await chain.hasAvailableRewards() {
                let (tx, receipt) = try await transactions.sendAndConfirm(
                    OutgoingTransaction(purpose: .claimRewards, data: try chain.contract.claimRewardsCalldata()), timeout: transactionTimeout)
                guard receipt.status == 1 else {
                    logger.warning("claimRewards reverted", metadata: ["tx_hash": "\(tx.txHash)"])
                    break
                }
                claims += 1
                logger.info("rewards claimed", metadata: ["tx_hash": "\(tx.txHash)", "block": "\(receipt.blockNumber)"])
            }
        } catch {
            logger.warning("claiming rewards failed; retrying next cycle", metadata: ["error": "\(error)"])
        }
        return claims
    }
}
