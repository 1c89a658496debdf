import Ethereum
import Foundation

/// Typed binding of QuantstampAudit (v2 ABI) plus the data/police-contract reads and events the node needs.
/// Selectors and topics are computed once, when the binding is built.
public struct AuditContract: Sendable {
    /// The audit contract (the only address the node sends transactions to).
    public let address: Address
    let f: Functions
    let e: Events

    struct Functions: Sendable {
        let anyRequestAvailable, hasEnoughStake, getMinAuditStake, totalStakedFor, getMinAuditPrice: ABIFunction
        let getMinAuditPriceLowerCap, setAuditNodePrice, getAuditTimeoutInBlocks, getMaxAssignedRequests: ABIFunction
        let assignedRequestCount, getNextAuditRequest, submitReport, isAuditFinished, getReport: ABIFunction
        let isPoliceNode, submitPoliceReport, hasAvailableRewards, claimRewards, myMostRecentAssignedAudit: ABIFunction
        let auditData, police: ABIFunction
        // Behind the getters (data / police contract; not in the v2 ABI file).
        let getAuditAssignBlockNumber = ABIFunction(name: "getAuditAssignBlockNumber", inputs: [ABIType.uint(256)], outputs: [.uint(256)])
        let getAuditState = ABIFunction(name: "getAuditState", inputs: [ABIType.uint(256)], outputs: [.uint(8)])
        let isAssigned = ABIFunction(name: "isAssigned", inputs: [ABIType.uint(256), .address], outputs: [.bool])
        let policeTimeouts = ABIFunction(name: "policeTimeouts", inputs: [ABIType.uint(256)], outputs: [.uint(256)])
        let getPoliceReportResult = ABIFunction(name: "getPoliceReportResult", inputs: [ABIType.uint(256), .address], outputs: [.uint(8)])
    }

    struct Events: Sendable {
        let assigned, finished, invalidState, invalidAuditor, invalidResult, expiredAudit, policeFinished: ABIEvent
        let assignmentExpired, queueEmpty, exceeded, understaked, priceHigher: ABIEvent
        let policeAssigned = ABIEvent(name: "PoliceNodeAssignedToReport", inputs: [
            ABIParameter(name: "policeNode", type: .address), ABIParameter(name: "requestId", type: .uint(256)),
        ])
        let policePeriodExceeded = ABIEvent(name: "PoliceSubmissionPeriodExceeded", inputs: [
            ABIParameter(name: "requestId", type: .uint(256)), ABIParameter(name: "timeoutBlock", type: .uint(256)),
            ABIParameter(name: "currentBlock", type: .uint(256)),
        ])
    }

    /// Builds the binding from the ABI JSON; names the first function or event the file lacks.
    public init(abiJSON: Data, address: Address) throws(ChainError) {
        let abi: ContractABI
        do { abi = try ContractABI(json: abiJSON) } catch {
            throw ChainError(.configuration, "audit_contract_abi.uri: the ABI JSON is invalid (\(error))")
        }
        func fn(_ name: String) throws(ChainError) -> ABIFunction {
            guard let f = abi.function(named: name) else {
                throw ChainError(.configuration, "audit_contract_abi.uri: the ABI has no function '\(name)'; use the QuantstampAudit v2 ABI")
            }
            return f
        }
        func ev(_ name: String) throws(ChainError) -> ABIEvent {
            guard let e = abi.event(named: name) else {
                throw ChainError(.configuration, "audit_contract_abi.uri: the ABI has no event '\(name)'; use the QuantstampAudit v2 ABI")
            }
            return e
        }
        self.address = address
        f = Functions(
            anyRequestAvailable: try fn("anyRequestAvailable"), hasEnoughStake: try fn("hasEnoughStake"),
            getMinAuditStake: try fn("getMinAuditStake"), totalStakedFor: try fn("totalStakedFor"),
            getMinAuditPrice: try fn("getMinAuditPrice"), getMinAuditPriceLowerCap: try fn("getMinAuditPriceLowerCap"),
            setAuditNodePrice: try fn("setAuditNodePrice"), getAuditTimeoutInBlocks: try fn("getAuditTimeoutInBlocks"),
            getMaxAssignedRequests: try fn("getMaxAssignedRequests"), assignedRequestCount: try fn("assignedRequestCount"),
            getNextAuditRequest: try fn("getNextAuditRequest"), submitReport: try fn("submitReport"),
            isAuditFinished: try fn("isAuditFinished"), getReport: try fn("getReport"), isPoliceNode: try fn("isPoliceNode"),
            submitPoliceReport: try fn("submitPoliceReport"), hasAvailableRewards: try fn("hasAvailableRewards"),
            claimRewards: try fn("claimRewards"), myMostRecentAssignedAudit: try fn("myMostRecentAssignedAudit"),
            auditData: try fn("auditData"), police: try fn("police"))
        e = Events(
            assigned: try ev("LogAuditAssigned"), finished: try ev("LogAuditFinished"),
            invalidState: try ev("LogReportSubmissionError_InvalidState"),
            invalidAuditor: try ev("LogReportSubmissionError_InvalidAuditor"),
            invalidResult: try ev("LogReportSubmissionError_InvalidResult"),
            expiredAudit: try ev("LogReportSubmissionError_ExpiredAudit"),
            policeFinished: try ev("LogPoliceAuditFinished"),
            assignmentExpired: try ev("LogAuditAssignmentUpdate_Expired"), queueEmpty: try ev("LogAuditQueueIsEmpty"),
            exceeded: try ev("LogAuditAssignmentError_ExceededMaxAssignedRequests"),
            understaked: try ev("LogAuditAssignmentError_Understaked"),
            priceHigher: try ev("LogAuditNodePriceHigherThanRequests"))
    }

    /// topic0 values of the events the watcher scans for (own assignments, police assignments).
    public var discoveryTopics: [Data] { [e.assigned.topic0, e.policeAssigned.topic0] }

    // MARK: Transaction calldata

    /// `getNextAuditRequest()`.
    public func bidCalldata() throws(ChainError) -> Data { try encode(f.getNextAuditRequest, []) }
    /// `submitReport(id, state, report)`.
    public func submitReportCalldata(requestID: UInt256, auditState: Int, report: Data) throws(ChainError) -> Data {
        try encode(f.submitReport, [.uint(requestID), .uint(UInt256(UInt64(auditState))), .bytes(report)])
    }
    /// `submitPoliceReport(id, report, isVerified)`.
    public func submitPoliceReportCalldata(requestID: UInt256, report: Data, verified: Bool) throws(ChainError) -> Data {
        try encode(f.submitPoliceReport, [.uint(requestID), .bytes(report), .bool(verified)])
    }
    /// `setAuditNodePrice(price)`.
    public func setPriceCalldata(_ price: UInt256) throws(ChainError) -> Data { try encode(f.setAuditNodePrice, [.uint(price)]) }
    /// `claimRewards()`.
    public func claimRewardsCalldata() throws(ChainError) -> Data { try encode(f.claimRewards, []) }

    func encode(_ function: ABIFunction, _ args: [ABIValue]) throws(ChainError) -> Data {
        do { return try function.encodeCall(args) } catch {
            throw ChainError(.decoding, "cannot encode \(function.name): \(error)")
        }
    }
}
