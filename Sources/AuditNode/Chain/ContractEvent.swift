import Ethereum
import EthereumRPC
import Foundation

/// The QuantstampAudit (and police contract) events the node acts on, decoded from a log.
public enum ContractEvent: Sendable, Equatable {
    /// `LogAuditAssigned`: the log's block is the assignment block A.
    case assigned(requestID: UInt256, auditor: Address, requestor: Address, uri: String, price: UInt256, requestBlock: UInt256)
    /// `LogAuditFinished`.
    case finished(requestID: UInt256, auditor: Address, auditState: Int, report: Data)
    /// `LogReportSubmissionError_InvalidState` (state = the current state).
    case invalidState(requestID: UInt256, auditor: Address, state: Int)
    /// `LogReportSubmissionError_InvalidAuditor`.
    case invalidAuditor(requestID: UInt256, auditor: Address)
    /// `LogReportSubmissionError_InvalidResult`.
    case invalidResult(requestID: UInt256, auditor: Address, state: Int)
    /// `LogReportSubmissionError_ExpiredAudit`.
    case expiredAudit(requestID: UInt256, auditor: Address, allowanceBlock: UInt256)
    /// `LogAuditAssignmentUpdate_Expired` (the sweep inside a bid).
    case assignmentExpired(requestID: UInt256, allowanceBlock: UInt256)
    /// `LogAuditQueueIsEmpty`, `…ExceededMaxAssignedRequests`, `…Understaked`, `…PriceHigherThanRequests`: a bid that assigned nothing.
    case bidRefused(reason: String)
    /// `LogPoliceAuditFinished`.
    case policeFinished(requestID: UInt256, policeNode: Address, verified: Bool)
    /// `PoliceNodeAssignedToReport`.
    case policeAssigned(policeNode: Address, requestID: UInt256)
    /// `PoliceSubmissionPeriodExceeded`.
    case policePeriodExceeded(requestID: UInt256)
}

extension AuditContract {
    /// Decodes `log` if it is one of the events above (from the audit contract or `policeAddress`); nil otherwise.
    public func decode(_ log: Log, policeAddress: Address? = nil) -> ContractEvent? {
        guard log.address == address || log.address == policeAddress, let topic0 = log.topics.first else { return nil }
        func fields(_ event: ABIEvent) -> DecodedLog? { try? event.decodeLog(topics: log.topics, data: log.data) }
        func uint(_ d: DecodedLog, _ name: String) -> UInt256? { d[name]?.uintValue }
        func addr(_ d: DecodedLog, _ name: String) -> Address? { d[name]?.addressValue }
        func small(_ d: DecodedLog, _ name: String) -> Int? { d[name]?.uintValue?.uint64.map { Int(clamping: $0) } }

        switch topic0 {
        case e.assigned.topic0:
            guard let d = fields(e.assigned), let id = uint(d, "requestId"), let auditor = addr(d, "auditor"),
                  let requestor = addr(d, "requestor"), let uri = d["uri"]?.stringValue, let price = uint(d, "price"),
                  let block = uint(d, "requestBlockNumber") else { return nil }
            return .assigned(requestID: id, auditor: auditor, requestor: requestor, uri: uri, price: price, requestBlock: block)
        case e.finished.topic0:
            guard let d = fields(e.finished), let id = uint(d, "requestId"), let auditor = addr(d, "auditor"),
                  let state = small(d, "auditResult"), let report = d["report"]?.bytesValue else { return nil }
            return .finished(requestID: id, auditor: auditor, auditState: state, report: report)
        case e.invalidState.topic0:
            guard let d = fields(e.invalidState), let id = uint(d, "requestId"), let auditor = addr(d, "auditor"),
                  let state = small(d, "state") else { return nil }
            return .invalidState(requestID: id, auditor: auditor, state: state)
        case e.invalidAuditor.topic0:
            guard let d = fields(e.invalidAuditor), let id = uint(d, "requestId"), let auditor = addr(d, "auditor") else { return nil }
            return .invalidAuditor(requestID: id, auditor: auditor)
        case e.invalidResult.topic0:
            guard let d = fields(e.invalidResult), let id = uint(d, "requestId"), let auditor = addr(d, "auditor"),
                  let state = small(d, "state") else { return nil }
            return .invalidResult(requestID: id, auditor: auditor, state: state)
        case e.expiredAudit.topic0:
            guard let d = fields(e.expiredAudit), let id = uint(d, "requestId"), let auditor = addr(d, "auditor"),
                  let allowance = uint(d, "allowanceBlockNumber") else { return nil }
            return .expiredAudit(requestID: id, auditor: auditor, allowanceBlock: allowance)
        case e.assignmentExpired.topic0:
            guard let d = fields(e.assignmentExpired), let id = uint(d, "requestId"),
                  let allowance = uint(d, "allowanceBlockNumber") else { return nil }
            return .assignmentExpired(requestID: id, allowanceBlock: allowance)
        case e.queueEmpty.topic0: return .bidRefused(reason: "queue empty")
        case e.exceeded.topic0: return .bidRefused(reason: "exceeded max assigned requests")
        case e.understaked.topic0: return .bidRefused(reason: "understaked")
        case e.priceHigher.topic0: return .bidRefused(reason: "own price higher than every queued request")
        case e.policeFinished.topic0:
            guard let d = fields(e.policeFinished), let id = uint(d, "requestId"), let node = addr(d, "policeNode"),
                  let verified = d["isVerified"]?.boolValue else { return nil }
            return .policeFinished(requestID: id, policeNode: node, verified: verified)
        case e.policeAssigned.topic0:
            guard let d = fields(e.policeAssigned), let node = addr(d, "policeNode"), let id = uint(d, "requestId") else { return nil }
            return .policeAssigned(policeNode: node, requestID: id)
        case e.policePeriodExceeded.topic0:
            guard let d = fields(e.policePeriodExceeded), let id = uint(d, "requestId") else { return nil }
            return .policePeriodExceeded(requestID: id)
        default:
            return nil
        }
    }
}
