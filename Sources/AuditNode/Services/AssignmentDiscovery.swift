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

    /// Creates the discovery.
    public init(chain: AuditChain, ledger: RequestLedger, dataContract: Address, policeContract: Address, reorgs: ReorgEpoch) {
        self.chain = chain
        self.ledger = ledger
        self.dataContract = dataContract
        self.policeContract = policeContract
        self.reorgs = reorgs
    }

    func handle(_ log: Log) async throws {
        guard let event = chain.contract.decode(log, policeAddress: policeContract) else { return }
        switch event {
        case .assigned(let id, let auditor, let requestor, let uri, let price, _) where auditor == chain.account:
            // Only assignments still open on chain (a rescan must never resurrect finished work).
            if try await ledger.contains(RequestKey(id: id.decimalString, type: .audit)) { return }
            guard try await chain.auditState(id, dataContract: dataContract) == 2 else { return }
            try await register(id: id, requestor: requestor, uri: uri, price: price, block: Int64(log.blockNumber))
        case .policeAssigned(let node, let id) where node == chain.account:
            try await registerPolice(id: id, reportBlock: Int64(log.blockNumber))
        default:
            break
        }
    }

    /// Inserts an AU row (the bidder calls this with its own receipt).
    func register(id: UInt256, requestor: Address, uri: String, price: UInt256, block: Int64) async throws {
        let row = AuditRecord.assigned(requestID: id.decimalString, type: .audit, requestor: requestor.checksummed,
                                       uri: uri, block: block, price: price.decimalString)
        // Seen on chain just now (a receipt, or a scan that read getAuditState): the submitter trusts it until a reorg.
        await reorgs.noteVerified(RequestKey(id: row.requestID, type: .audit))
        try await ledger.register(row)
    }

    func registerPolice(id: UInt256, reportBlock: Int64) async throws {
        let key = RequestKey(id: id.decimalString, type: .police)
        if try await ledger.contains(key) { return }
        let t = try await chain.auditTimeout()
        let from = UInt64(max(0, reportBlock - Int64(t) - 1))
        guard case .assigned(_, _, _, let uri, let price, _)? = try await chain.assignmentLog(for: id, from: from, to: UInt64(reportBlock)) else {
            ledger.logger(for: key).warning("police assignment without a findable LogAuditAssigned; skipped", metadata: ["block": "\(reportBlock)"])
            return
        }
        let row = AuditRecord.assigned(requestID: id.decimalString, type: .police, requestor: chain.contract.address.checksummed,
                                       uri: uri, block: reportBlock, price: price.decimalString)
        try await ledger.register(row)
    }
}
