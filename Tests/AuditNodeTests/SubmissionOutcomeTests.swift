import Ethereum
import Foundation
import Testing
@testable import AuditNode
@testable import EthereumRPC

/// The submitter's judgement of a mined receipt, without a chain: receipts are built from the v2 ABI's own events
/// (topic0 and ABI-encoded data, as the contract emits them) and read through the RPC layer's receipt decoder.
@Suite struct SubmissionOutcomeTests {
    let contract: AuditContract
    let police: Address = "0x00000000000000000000000000000000000000aa"
    let me: Address = "0x00000000000000000000000000000000000000b1"
    let other: Address = "0x00000000000000000000000000000000000000c2"

    init() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let abi = try Data(contentsOf: root.appendingPathComponent("config/abi/QuantstampAudit-v2.abi.json"))
        contract = try AuditContract(abiJSON: abi, address: "0x00000000000000000000000000000000000000a1")
    }

    /// A log of `event` with `values` in declaration order, emitted by `emitter`.
    func log(_ event: ABIEvent, _ values: [ABIValue], from emitter: Address? = nil) throws -> String {
        var topics = [event.topic0]
        var dataValues: [ABIValue] = [], dataTypes: [ABIType] = []
        for (input, value) in zip(event.inputs, values) {
            if input.indexed { topics.append(try ABICodec.encode([value], as: [input.type])) } else {
                dataValues.append(value)
                dataTypes.append(input.type)
            }
        }
        let hash = "0x" + String(repeating: "11", count: 32)
        return """
            {"address": "\((emitter ?? contract.address).checksummed)", "topics": [\(topics.map { "\"\($0.hexString())\"" }.joined(separator: ", "))],
             "data": "\(try ABICodec.encode(dataValues, as: dataTypes).hexString())", "blockNumber": "0x10", "blockHash": "\(hash)",
             "transactionHash": "\(hash)", "transactionIndex": "0x0", "logIndex": "0x0", "removed": false}
            """
    }

    func outcome(_ logs: [String], status: Int = 1, id: UInt256 = 7, type: RequestType = .audit) throws -> SubmissionOutcome {
        let hash = "0x" + String(repeating: "11", count: 32)
        let json = try JSONParser.parse("""
            {"transactionHash": "\(hash)", "transactionIndex": "0x0", "blockNumber": "0x10", "blockHash": "\(hash)",
             "from": "\(me.checksummed)", "to": "\(contract.address.checksummed)", "status": "0x\(status)", "gasUsed": "0x5208",
             "cumulativeGasUsed": "0x5208", "logs": [\(logs.joined(separator: ", "))]}
            """)
        let receipt = try Receipt(json: json)
        return SubmissionOutcome.from(receipt: receipt, requestID: id, type: type, contract: contract, account: me, policeContract: police)
    }

    @Test func aFinishedEventForThisRequestAndNodeIsDone() throws {
        let finished = try log(contract.e.finished, [.uint(7), .address(me), .uint(4), .bytes(Data([1, 2]))])
        #expect(try outcome([finished]) == .done("LogAuditFinished (state 4)"))
        #expect(try outcome([finished], status: 0) == .reverted)
    }

    @Test func eventsOfAnotherRequestNodeOrContractDecideNothing() throws {
        let otherRequest = try log(contract.e.finished, [.uint(8), .address(me), .uint(4), .bytes(Data())])
        let otherNode = try log(contract.e.finished, [.uint(7), .address(other), .uint(4), .bytes(Data())])
        let forged = try log(contract.e.finished, [.uint(7), .address(me), .uint(4), .bytes(Data())], from: other)
        #expect(try outcome([otherRequest, otherNode, forged]) == .error("the receipt has no outcome event for this request"))
    }

    @Test func refusalsAreErrorsButAnEarlierLandedAttemptIsDone() throws {
        let landed = try log(contract.e.invalidState, [.uint(7), .address(me), .uint(5)])
        #expect(try outcome([landed]) == .done("already finished (InvalidState 5): an earlier attempt landed"))
        let unassigned = try log(contract.e.invalidState, [.uint(7), .address(me), .uint(1)])
        #expect(try outcome([unassigned]) == .error("InvalidState 1: the request is no longer assigned"))
        let foreign = try log(contract.e.invalidAuditor, [.uint(7), .address(me)])
        #expect(try outcome([foreign]) == .error("InvalidAuditor: the request is assigned to another node"))
    }

    @Test func policeOutcomesComeFromThePoliceContract() throws {
        let verified = try log(contract.e.policeFinished, [.uint(7), .address(me), .bytes(Data([9])), .bool(true)], from: police)
        #expect(try outcome([verified], type: .police) == .done("LogPoliceAuditFinished (verified true)"))
        let late = try log(contract.e.policePeriodExceeded, [.uint(7), .uint(100), .uint(120)], from: police)
        #expect(try outcome([late], type: .police) == .error("PoliceSubmissionPeriodExceeded: the police window closed"))
        // An audit receipt's event does not settle a police row.
        let audit = try log(contract.e.finished, [.uint(7), .address(me), .uint(4), .bytes(Data())])
        #expect(try outcome([audit], type: .police) == .error("the receipt has no outcome event for this request"))
    }
}
