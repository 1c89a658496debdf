import Foundation
import Logging
import ServiceLifecycle

/// Claims rewards at start-up and then every `rewards.claim_interval_seconds`: while `hasAvailableRewards()`,
/// send `claimRewards()` and wait for its receipt (never unchecked: it reverts when nothing is claimable).
/// Failures end the cycle and are retried next time.
public struct RewardsService: Service {
    let context: NodeContext

    /// Creates the service.
    public init(context: NodeContext) { self.context = context }

    public func run() async throws {
        let interval = Duration.seconds(fractional: context.configuration.rewardsClaimIntervalSeconds)
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            await claimCycle()
            // Sleep in short steps so a graceful shutdown is noticed promptly.
            let end = ContinuousClock.now + interval
            while ContinuousClock.now < end && !Task.isShuttingDownGracefully && !Task.isCancelled {
                try? await Task.sleep(for: min(.seconds(1), end - ContinuousClock.now))
            }
        }
    }

    /// One cycle; returns the number of claims mined.
    @discardableResult
    func claimCycle() async -> Int {
        var claims = 0
        do {
            while claims < 20, try await context.chain.hasAvailableRewards() {
                let tx = try await context.transactions.send(
                    OutgoingTransaction(purpose: .claimRewards, data: try context.chain.contract.claimRewardsCalldata()))
                guard let id = tx.id else { break }
                let receipt = try await context.transactions.awaitReceipt(
                    id, confirmations: context.configuration.confirmations,
                    pollInterval: .seconds(fractional: context.configuration.transactions.receiptPollSeconds),
                    timeout: .seconds(context.configuration.txTimeoutSeconds))
                guard receipt.status == 1 else {
                    context.logger.warning("claimRewards reverted", metadata: ["tx_hash": "\(tx.txHash)"])
                    break
                }
                claims += 1
                context.logger.info("rewards claimed", metadata: ["tx_hash": "\(tx.txHash)", "block": "\(receipt.blockNumber)"])
            }
        } catch {
            context.logger.warning("claiming rewards failed; retrying next cycle", metadata: ["error": "\(error)"])
        }
        return claims
    }
}
