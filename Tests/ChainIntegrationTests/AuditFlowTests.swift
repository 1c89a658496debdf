import Ethereum
import EthereumAccounts
import EthereumRPC
import Foundation
import Testing

extension ContractTests {
    @Test("request → stake → getNextAuditRequest → submitReport, with decoded events and sender-dependent views")
    func auditFlow() async throws {
        let chain = try DevChainScope.chain()
        let (token, audit) = try await chain.deployProtocol(supply: qsp(1_000_000))
        let owner = chain.deployer
        let requestor = chain.accounts[1]
        let node = chain.accounts[2]
        let uri = "https://example.org/contracts/a.sol"
        let price = qsp(20)
        let firstBlock = try await chain.client.blockNumber() + 1

        try await chain.write(token, "transfer", [.address(requestor.address), .uint(qsp(100))], from: owner)
        try await chain.write(token, "transfer", [.address(node.address), .uint(qsp(10_000))], from: owner, kind: .legacy)
        try await chain.write(token, "approve", [.address(audit.address), .uint(price)], from: requestor)

        #expect(try await chain.read(audit, "anyRequestAvailable", from: node.address) == [.uint(5)], "understaked")
        let requested = try await chain.write(audit, "requestAudit", [.string(uri), .uint(price)], from: requestor, kind: .legacy)
        let requestedLogs = try audit.decodeLogs(requested.logs)
        #expect(requestedLogs.map(\.event) == ["LogAuditRequested"])
        #expect(requestedLogs.first?["requestId"] == .uint(1))
        #expect(requestedLogs.first?["requestor"] == .address(requestor.address))
        #expect(requestedLogs.first?["uri"] == .string(uri))
        #expect(requestedLogs.first?["price"] == .uint(price))
        #expect(try await chain.read(audit, "getAuditState", [.uint(1)]) == [.uint(1)], "queued")

        try await chain.write(token, "approve", [.address(audit.address), .uint(qsp(10_000))], from: node)
        try await chain.write(audit, "stake", [.uint(qsp(10_000))], from: node)
        try await chain.write(audit, "setAuditNodePrice", [.uint(qsp(5))], from: node, kind: .legacy)
        #expect(try await chain.read(audit, "anyRequestAvailable", from: node.address) == [.uint(1)], "ready")
        #expect(try await chain.read(audit, "anyRequestAvailable", from: requestor.address) == [.uint(5)], "from matters")
        #expect(try await chain.read(audit, "hasEnoughStake", [.address(node.address)]) == [.bool(true)])

        let assigned = try await chain.write(audit, "getNextAuditRequest", from: node)
        let assignedLogs = try audit.decodeLogs(assigned.logs)
        #expect(assignedLogs.map(\.event) == ["LogAuditAssigned"])
        #expect(assignedLogs.first?["requestId"] == .uint(1))
        #expect(assignedLogs.first?["auditor"] == .address(node.address))
        #expect(assignedLogs.first?["requestor"] == .address(requestor.address))
        #expect(assignedLogs.first?["uri"] == .string(uri))
        #expect(assignedLogs.first?["price"] == .uint(price))
        #expect(assignedLogs.first?["requestBlockNumber"] == .uint(UInt256(requested.blockNumber)))
        let recent = try await chain.read(audit, "myMostRecentAssignedAudit", from: node.address)
        #expect(recent == [.uint(1), .address(requestor.address), .string(uri), .uint(price), .uint(UInt256(requested.blockNumber))])
        let nobody = try await chain.read(audit, "myMostRecentAssignedAudit", from: requestor.address)
        #expect(nobody == [.uint(0), .address(.zero), .string(""), .uint(0), .uint(0)])

        let report = Data("{\"version\":\"2.0\"}".utf8) + Data([0x00, 0xff])
        let finished = try await chain.write(audit, "submitReport", [.uint(1), .uint(4), .bytes(report)], from: node)
        let finishedLogs = try audit.decodeLogs(finished.logs)
        #expect(finishedLogs.map(\.event) == ["LogAuditFinished"])
        #expect(finishedLogs.first?["requestId"] == .uint(1))
        #expect(finishedLogs.first?["auditor"] == .address(node.address))
        #expect(finishedLogs.first?["auditResult"] == .uint(4))
        #expect(finishedLogs.first?["report"] == .bytes(report))
        #expect(try await chain.read(audit, "getAuditState", [.uint(1)]) == [.uint(4)], "completed")

        // A second report for the same request is refused with an error event, not a revert.
        let again = try await chain.write(audit, "submitReport", [.uint(1), .uint(4), .bytes(report)], from: node)
        #expect(try audit.decodeLogs(again.logs).map(\.event) == ["LogReportSubmissionError_InvalidState"])

        // eth_getLogs over the whole flow returns the audit contract's events in chain order.
        let all = try await chain.client.logs(LogFilter(fromBlock: .number(firstBlock), toBlock: .latest, addresses: [audit.address]))
        #expect(try audit.decodeLogs(all).map(\.event) == [
            "LogAuditRequested", "LogAuditNodePriceChanged", "LogAuditAssigned", "LogAuditFinished",
            "LogReportSubmissionError_InvalidState",
        ])
        #expect(all.map(\.blockNumber) == all.map(\.blockNumber).sorted())
        let onlyAssigned = try await chain.client.logs(LogFilter(
            fromBlock: .number(firstBlock), toBlock: .latest, addresses: [audit.address],
            topics: [[try audit.event("LogAuditAssigned").topic0, try audit.event("LogAuditFinished").topic0]]))
        #expect(try audit.decodeLogs(onlyAssigned).map(\.event) == ["LogAuditAssigned", "LogAuditFinished"])
    }
}
