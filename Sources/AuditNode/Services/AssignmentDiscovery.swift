import Ethereum
import EthereumRPC
import Foundation
import Logging

/// Turns assignment events into ledger rows: `LogAuditAssigned` with auditor == self (A = the log's block) and
/// `PoliceNodeAssignedToReport` with policeNode == self (R = the log's block). Used by the watcher's log scan and
/// by the bidder with its own bid receipts. Idempotent: an existing row is never touched.
public struct AssignmentDiscovery: Sendable {
    let chain: AuditChain
    let ledger: RequestLedger
    let dataContract: Address
    let policeContract: Address
    let reorgs: ReorgEpoch
    /// Bids this process sent: an assignment they made is as fresh as the bid's own receipt.
    let ownBids: OwnBids

    /// Creates the discovery.
    public init(chain: AuditChain, ledger: RequestLedger, dataContract: Address, policeContract: Address, reorgs: ReorgEpoch,
                ownBids: OwnBids = OwnBids()) {
        self.chain = chain
        self.ledger = ledger
        self.dataContract = dataContract
        self.policeContract = policeContract
        self.reorgs = reorgs
        self.ownBids = ownBids
    }

    func handle(_ log: Log) async throws {
        guard let event = chain.contract.decode(log, policeAddress: policeContract) else { return }
        switch event {
        case .assigned(let id, let auditor, let requestor, let uri, let price, _) where auditor == chain.account:
            // Only assignments still open on chain (a rescan must never resurrect finished work). An assignment made
            // by a bid this process sent is known open without a read, as from the bid's receipt: nothing but this
            // node's own submission (which needs the row) or the deadline (which the row's rule checks) closes it.
            if try await ledger.contains(RequestKey(id: RequestID(id), type: .audit)) { return }
            if await !ownBids.contains(log.transactionHash) {
                guard try await chain.auditState(id, dataContract: dataContract) == 2 else { return }
            }
            try await register(id: id, requestor: requestor, uri: uri, price: price, block: Int64(log.blockNumber))
        case .policeAssigned(let node, let id) where node == chain.account:
            try await registerPolice(id: id, reportBlock: Int64(log.blockNumber))
        default:
            break
        }
    }

    /// Inserts an AU row (the bidder calls this with its own receipt).
    func register(id: UInt256, requestor: Address, uri: String, price: UInt256, block: Int64) async throws {
        let row = AuditRecord.assigned(requestID: RequestID(id), type: .audit, requestor: requestor,
                                       uri: uri, block: block, price: price)
        // Seen on chain just now (a receipt, or a scan that read getAuditState): the submitter trusts it until a reorg.
        await reorgs.noteVerified(RequestKey(id: row.requestID, type: .audit))
        try await ledger.register(row)
    }

    func registerPolice(id: UInt256, reportBlock: Int64) async throws {
        let key = RequestKey(id: RequestID(id), type: .police)
        if try await ledger.contains(key) { return }
        let t = try await chain.auditTimeout()
        let from = UInt64(max(0, reportBlock - Int64(t) - 1))
        guard case .assigned(_, _, _, let uri, let price, _)? = try await chain.assignmentLog(for: id, from: from, to: UInt64(reportBlock)) else {
            ledger.logger(for: key).warning("police assignment without a findable LogAuditAssigned; skipped", metadata: ["block": "\(reportBlock)"])
            return
        }
        let row = AuditRecord.assigned(requestID: RequestID(id), type: .police, requestor: chain.contract.address,
                                       uri: uri, block: reportBlock, price: price)
        try await ledger.register(row)
    }
}

/// The hashes of the bids this process sent (the newest 1,024), so the log scan can tell an assignment made by one of
/// them — which it may register without reading `getAuditState` — from an older one found by a rescan.
public actor OwnBids {
    private var hashes: Set<Data> = []
    private var order: [Data] = []
    private let capacity: Int

    /// Creates an empty set keeping the newest `capacity` hashes.
    public init(capacity: Int = 1024) { self.capacity = max(1, capacity) }

    /// Remembers a bid just persisted.
    func note(_ txHash: TransactionHash) {
        let hash = txHash.bytes
        guard hashes.insert(hash).inserted else { return }
        order.append(hash)
        if order.count > capacity { hashes.remove(order.removeFirst()) }
    }

    /// Whether `transactionHash` is a bid this process sent.
    func contains(_ transactionHash: Data) -> Bool { hashes.contains(transactionHash) }
}
