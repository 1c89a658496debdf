import Ethereum
import EthereumRPC
import Foundation
import Logging
import ServiceLifecycle

/// Bids for requests (`getNextAuditRequest`) while the node has room: several bids may be in flight at once (one
/// nonce sequence, the transaction manager's), as many as the local caps leave — `max_assigned_requests` open
/// requests, and no more waiting audits than `audit_workers`. One `anyRequestAvailable()` read per bid covers the
/// chain's side (stake, queue, on-chain cap, price); after the first bid of a pass it comes back with the previous
/// bid's broadcast (same JSON-RPC batch, at `pending`). A bid's receipt names the assignment (`LogAuditAssigned`),
/// which is registered as soon as the bid is sent, while the pass bids on. Woken by new heads, by a request leaving
/// the open set, and by its own receipts.
public struct BidderService: Service {
    /// The caps the bidder keeps.
    public struct Limits: Sendable {
        /// Parallel audits (`audit_workers`): no more assigned-but-not-audited requests than this.
        public var auditWorkers: Int
        /// How long a bid may take to be mined.
        public var transactionTimeout: Duration
        /// A police node bids only with `police.is_auditing_enabled`.
        public var mayBid: Bool

        /// Creates the limits.
        public init(auditWorkers: Int, transactionTimeout: Duration, mayBid: Bool) {
            self.auditWorkers = auditWorkers
            self.transactionTimeout = transactionTimeout
            self.mayBid = mayBid
        }
    }

    let limits: Limits
    let chain: AuditChain
    let ledger: RequestLedger
    let transactions: TransactionManager
    let discovery: AssignmentDiscovery
    let settings: SettingsHolder
    let events: NodeEvents
    let status: NodeStatus
    let metrics: NodeMetrics
    let logger: Logger

    /// Creates the service.
    public init(limits: Limits, chain: AuditChain, ledger: RequestLedger, transactions: TransactionManager,
                discovery: AssignmentDiscovery, settings: SettingsHolder, events: NodeEvents, status: NodeStatus,
                metrics: NodeMetrics, logger: Logger) {
        self.limits = limits
        self.chain = chain
        self.ledger = ledger
        self.transactions = transactions
        self.discovery = discovery
        self.settings = settings
        self.events = events
        self.status = status
        self.metrics = metrics
        self.logger = logger
    }

    public func run() async throws {
        guard limits.mayBid else {
            logger.info("police node without police.is_auditing_enabled: not bidding")
            return
        }
        let state = BidState()
        let (sentBids, queue) = AsyncStream<TransactionRecord>.makeStream()
        await withDiscardingTaskGroup { group in
            group.addTask {
                await EventLoop(wakeup: events.bidder, heads: events.heads, fallback: .seconds(1)).run { head in
                    do {
                        // Each bid is settled as soon as it is sent: its assignment is audited while the pass bids on.
                        try await pass(head: head, state: state) { queue.yield($0) }
                    } catch {
                        logger.warning("bidding step failed; retrying", metadata: ["error": "\(error)", "block": "\(head)"])
                    }
                }
                queue.finish()
            }
            // Each bid in flight waits for its receipt in its own child task; the pass goes on bidding meanwhile.
            for await bid in sentBids {
                group.addTask {
                    await settle(bid)
                    await state.bidSettled()
                    events.bidder.signal()
                }
            }
        }
    }

    /// Sends as many bids as the caps allow right now, handing each to `sent` at once.
    func pass(head: Int64, state: BidState, sent: (TransactionRecord) -> Void) async throws {
        try await syncPrice()
        let current = await settings.current()
        // The answer to `anyRequestAvailable()` that came back with the previous bid (asked at `pending` right after
        // it, in the same batch): the next bid needs no read of its own.
        var answered: Availability?
        while true {
            // Bids in flight first, then the ledger: a bid settled in between (its row registered, then the count
            // lowered) is counted twice, never missed — earlier bids of this pass settle while it goes on.
            let inFlight = await state.inFlight
            let open = try await ledger.openAudits()
            let room = BidCapacity(maxAssigned: current.maxAssignedRequests, auditWorkers: limits.auditWorkers,
                                   open: open.values.reduce(0, +), waitingForAudit: open[.assigned] ?? 0, bidsInFlight: inFlight)
            logger.debug("bidding room", metadata: ["free": "\(room.free)", "open": "\(room.open)", "assigned": "\(room.waitingForAudit)",
                                                    "bids_in_flight": "\(inFlight)", "block": "\(head)"])
            guard room.free > 0 else { break }
            let availability: Availability
            if let answered { availability = answered } else {
                availability = try await chain.availability(block: inFlight > 0 ? .pending : .latest)
            }
            answered = nil
            await status.availability(availability.name)
            await status.stake(availability != .understaked)
            guard availability == .ready else {
                if availability == .understaked { await warnStake(head: head, state: state) }
                break
            }
            guard let bid = await sendBid(askingForTheNext: room.free > 1) else { break }
            await state.bidSent()
            sent(bid.record)
            answered = bid.next
        }
    }

    /// Sends a bid; with `askingForTheNext`, `anyRequestAvailable()` goes in the same batch (nil when that read failed).
    private func sendBid(askingForTheNext: Bool) async -> (record: TransactionRecord, next: Availability?)? {
        do {
            let read = askingForTheNext ? try chain.availabilityRequest() : nil
            let bid = try await transactions.send(OutgoingTransaction(purpose: .bid, data: try chain.contract.bidCalldata()), alongside: read)
            await discovery.ownBids.note(bid.record.txHash)
            metrics.bids.increment()
            var next: Availability?
            if case .success(let raw)? = bid.alongside { next = try? chain.availability(decoding: raw) }
            return (bid.record, next)
        } catch {
            logger.notice("bid not sent", metadata: ["reason": "\(error)"])
            return nil
        }
    }

    /// Waits for a bid's receipt and registers what it assigned to this node.
    func settle(_ bid: TransactionRecord) async {
        do {
            let mined = try await transactions.confirmation(of: bid, timeout: limits.transactionTimeout)
            try await register(mined.receipt, bid: mined.transaction)
        } catch {
            // The watcher's log scan finds an assignment whose receipt was not seen here.
            logger.warning("bid outcome unknown; the log scan will find its assignment", metadata: ["tx_hash": "\(bid.txHash)", "error": "\(error)"])
        }
    }

    func register(_ receipt: Receipt, bid: TransactionRecord) async throws {
        var won = false
        for log in receipt.logs {
            switch chain.contract.decode(log, policeAddress: discovery.policeContract) {
            case .assigned(let rid, let auditor, let requestor, let uri, let price, _)? where auditor == chain.account:
                try await discovery.register(id: rid, requestor: requestor, uri: uri, price: price, block: Int64(receipt.blockNumber))
                won = true
            case .bidRefused(let reason)?:
                logger.info("bid assigned nothing", metadata: ["reason": "\(reason)", "tx_hash": "\(bid.txHash)"])
            case .assignmentExpired(let rid, _)?:
                logger.info("bid swept an expired assignment", metadata: ["request_id": "\(rid.decimalString)"])
            default:
                break
            }
        }
        if !won && receipt.status != 1 {
            logger.warning("bid reverted", metadata: ["tx_hash": "\(bid.txHash)", "block": "\(receipt.blockNumber)"])
        }
    }

    private func warnStake(head: Int64, state: BidState) async {
        guard await state.shouldWarnStake(head) else { return }
        let min = (try? await chain.minAuditStake()) ?? .zero
        let have = (try? await chain.totalStaked()) ?? .zero
        logger.error("stake too small; waiting", metadata: [
            "min_stake_qsp": "\(Self.qsp(min))", "staked_qsp": "\(Self.qsp(have))", "block": "\(head)",
        ])
    }

    /// §3.2 step 6: `min_price_in_qsp × 10^18` must be ≥ the floor; sync it when it differs (start-up, reload).
    func syncPrice() async throws {
        guard await settings.priceSyncNeeded else { return }
        let current = await settings.current()
        let wanted = UInt256(current.minPriceInQSP) * Self.weiPerQSP
        let floor = try await chain.priceFloor()
        guard wanted >= floor else {
            logger.error("min_price_in_qsp is below the contract's floor; not bidding until it is raised (SIGHUP reloads)",
                         metadata: ["floor_qsp": "\(Self.qsp(floor))", "min_price_in_qsp": "\(current.minPriceInQSP)"])
            return
        }
        if try await chain.minAuditPrice() != wanted {
            let (tx, receipt) = try await transactions.sendAndConfirm(
                OutgoingTransaction(purpose: .setPrice, data: try chain.contract.setPriceCalldata(wanted)), timeout: limits.transactionTimeout)
            guard receipt.status == 1 else {
                throw ChainError(.rejected, "setAuditNodePrice reverted (tx \(tx.txHash)); check min_price_in_qsp against the floor and the token supply")
            }
            logger.info("minimum price set", metadata: ["min_price_in_qsp": "\(current.minPriceInQSP)", "tx_hash": "\(tx.txHash)"])
        }
        await settings.priceSynced()
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

/// How many more bids the node may have in flight: each may win one request, so bids in flight count as open
/// requests and as waiting audits.
public struct BidCapacity: Sendable, Equatable {
    /// `max_assigned_requests`.
    public var maxAssigned: Int
    /// `audit_workers`.
    public var auditWorkers: Int
    /// Open AU rows (AS + TS + SB).
    public var open: Int
    /// AU rows waiting for or in an audit (AS).
    public var waitingForAudit: Int
    /// Bids sent whose receipt was not handled yet.
    public var bidsInFlight: Int

    /// Bids that may be sent now (never negative).
    public var free: Int {
        max(0, min(maxAssigned - open - bidsInFlight, auditWorkers - waitingForAudit - bidsInFlight))
    }
}

/// Bidder state shared by the bidding pass and the receipt tasks.
actor BidState {
    private(set) var inFlight = 0
    private var lastStakeWarning: Int64 = -1_000_000
    func bidSent() { inFlight += 1 }
    func bidSettled() { inFlight = max(0, inFlight - 1) }
    func shouldWarnStake(_ head: Int64) -> Bool {
        guard head - lastStakeWarning >= 20 else { return false }
        lastStakeWarning = head
        return true
    }
}
