import Ethereum
import EthereumRPC
import Foundation
import Logging
import ServiceLifecycle

/// Stake check (waiting state), minimum-price sync, and bidding: `anyRequestAvailable` → `getNextAuditRequest`
/// with at most one bid in flight, under the local and on-chain caps and only with free audit capacity.
/// The assignment and its real block come from the `LogAuditAssigned` log of the bid's receipt.
public struct BidderService: Service {
    let context: NodeContext

    /// Creates the service.
    public init(context: NodeContext) { self.context = context }

    public func run() async throws {
        if context.isPoliceNode && !context.configuration.policeAuditingEnabled {
            context.logger.info("police node without police.is_auditing_enabled: not bidding")
            return
        }
        let interval = Duration.seconds(fractional: min(context.configuration.eventPollingSeconds, 1))
        let state = BidState()
        await pollLoop(every: interval, heads: context.heads) { head in
            let (last, again) = await state.snapshot()
            guard last != head || again else { return }
            await state.seen(head)
            do { try await step(head: head, state: state) } catch {
                context.logger.warning("bidding step failed; retrying", metadata: ["error": "\(error)", "block": "\(head)"])
            }
        }
    }

    func step(head: Int64, state: BidState) async throws {
        let chain = context.chain
        // Stake: keep running in a waiting state until it is enough.
        let staked = try await chain.hasEnoughStake()
        await context.status.stake(staked)
        if !staked {
            if await state.shouldWarnStake(head) {
                let min = (try? await chain.minAuditStake()) ?? .zero
                let have = (try? await chain.totalStaked()) ?? .zero
                context.logger.error("stake too small; waiting", metadata: [
                    "min_stake_qsp": "\(Self.qsp(min))", "staked_qsp": "\(Self.qsp(have))", "block": "\(head)",
                ])
            }
            return
        }
        try await syncPrice()
        let settings = await context.settings.current()
        let local = try context.store.records(statuses: [.assigned, .toBeSubmitted, .submitted], type: .audit)
        let waitingForAudit = local.filter { $0.status == .assigned }.count
        guard local.count < settings.maxAssignedRequests, waitingForAudit < context.configuration.auditWorkers else { return }
        let onChainMax = try await chain.maxAssignedRequests()
        let onChainCount = try await chain.assignedRequestCount()
        guard onChainCount < min(settings.maxAssignedRequests, onChainMax) else { return }
        let availability = try await chain.availability()
        await context.status.availability(availability.name)
        guard availability == .ready else {
            await state.retry(false)
            return
        }
        // A bid the node refused waits for the next head (no spinning on an identical transaction).
        await state.retry(try await bid(head: head))
    }

    /// Sends one bid and waits for its receipt (so at most one bid is ever in flight). Returns false when the bid
    /// was refused (retry on the next head), true when it was sent or failed transiently (retry at once).
    @discardableResult
    func bid(head: Int64) async throws -> Bool {
        let data = try context.chain.contract.bidCalldata()
        let (sent, retryNow) = await sendBid(data)
        guard let tx = sent else { return retryNow }
        context.metrics.bids.increment()
        guard let id = tx.id else { return true }
        let receipt = try await context.transactions.awaitReceipt(
            id, confirmations: context.configuration.confirmations,
            pollInterval: .seconds(fractional: context.configuration.transactions.receiptPollSeconds),
            timeout: .seconds(context.configuration.txTimeoutSeconds))
        let discovery = AssignmentDiscovery(context: context)
        var won = false
        for log in receipt.logs {
            switch context.chain.contract.decode(log, policeAddress: context.policeContract) {
            case .assigned(let rid, let auditor, let requestor, let uri, let price, _)? where auditor == context.account:
                discovery.register(id: rid, requestor: requestor, uri: uri, price: price, block: Int64(receipt.blockNumber))
                won = true
            case .bidRefused(let reason)?:
                context.logger.info("bid assigned nothing", metadata: ["reason": "\(reason)", "tx_hash": "\(tx.txHash)"])
            case .assignmentExpired(let rid, _)?:
                context.logger.info("bid swept an expired assignment", metadata: ["request_id": "\(rid.decimalString)"])
            default:
                break
            }
        }
        if !won && receipt.status != 1 {
            context.logger.warning("bid reverted", metadata: ["tx_hash": "\(tx.txHash)", "block": "\(receipt.blockNumber)"])
        }
        return true
    }

    /// Sends the bid. When it was not sent, `retryNow` says whether to try again at once (a transient failure:
    /// the chain may not mine another block while the node waits) or only on the next head (a refusal).
    private func sendBid(_ data: Data) async -> (TransactionRecord?, retryNow: Bool) {
        do {
            return (try await context.transactions.send(OutgoingTransaction(purpose: .bid, data: data)), true)
        } catch {
            context.logger.notice("bid not sent", metadata: ["reason": "\(error.message)"])
            return (nil, error.retriable)
        }
    }

    /// §3.2 step 6: `min_price_in_qsp × 10^18` must be ≥ the floor; sync it when it differs (start-up, reload).
    func syncPrice() async throws {
        guard await context.settings.priceSyncNeeded else { return }
        let settings = await context.settings.current()
        let wanted = UInt256(settings.minPriceInQSP) * Self.weiPerQSP
        let floor = try await context.chain.priceFloor()
        guard wanted >= floor else {
            context.logger.error("min_price_in_qsp is below the contract's floor; not bidding until it is raised (SIGHUP reloads)",
                                 metadata: ["floor_qsp": "\(Self.qsp(floor))", "min_price_in_qsp": "\(settings.minPriceInQSP)"])
            return
        }
        let current = try await context.chain.minAuditPrice()
        if current != wanted {
            let tx = try await context.transactions.send(OutgoingTransaction(purpose: .setPrice, data: try context.chain.contract.setPriceCalldata(wanted)))
            guard let id = tx.id else { return }
            let receipt = try await context.transactions.awaitReceipt(
                id, confirmations: context.configuration.confirmations,
                pollInterval: .seconds(fractional: context.configuration.transactions.receiptPollSeconds),
                timeout: .seconds(context.configuration.txTimeoutSeconds))
            guard receipt.status == 1 else {
                throw ChainError(.rejected, "setAuditNodePrice reverted (tx \(tx.txHash)); check min_price_in_qsp against the floor and the token supply")
            }
            context.logger.info("minimum price set", metadata: ["min_price_in_qsp": "\(settings.minPriceInQSP)", "tx_hash": "\(tx.txHash)"])
        }
        await context.settings.priceSynced()
    }

    static let weiPerQSP = UInt256(1_000_000_000_000_000_000)

    static func qsp(_ wei: UInt256) -> String {
        let (q, r) = wei.quotientAndRemainder(dividingBy: weiPerQSP)
        guard !r.isZero else { return q.decimalString }
        var fraction = String(repeating: "0", count: max(0, 18 - r.decimalString.count)) + r.decimalString
        while fraction.hasSuffix("0") { fraction.removeLast() }
        return "\(q.decimalString).\(fraction)"
    }
}

/// Bidder loop state.
actor BidState {
    private(set) var lastHead: Int64 = -1
    private(set) var retryOnSameHead = true
    private var lastStakeWarning: Int64 = -1_000_000
    func seen(_ head: Int64) { lastHead = head }
    func snapshot() -> (Int64, Bool) { (lastHead, retryOnSameHead) }
    func retry(_ value: Bool) { retryOnSameHead = value }
    func shouldWarnStake(_ head: Int64) -> Bool {
        guard head - lastStakeWarning >= 20 else { return false }
        lastStakeWarning = head
        return true
    }
}
