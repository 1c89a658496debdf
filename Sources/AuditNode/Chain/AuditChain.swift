import Ethereum
import EthereumRPC
import Foundation

/// `anyRequestAvailable()` answers (PROTOCOL.md §2.4).
public enum Availability: Int, Sendable {
    case error = 0, ready = 1, empty = 2, exceeded = 3, underpriced = 4, understaked = 5

    /// Short name for logs and the status page.
    public var name: String { "\(self)" }
}

/// Typed reads of QuantstampAudit (and the contracts behind it) for one node account.
/// Every read uses `latest` and sets `from` to the node account (§2.1); every failure but a definitive answer (a
/// revert, an unknown method) is retried briefly (`RetryPolicy.reads`), and reported as retriable if it persists.
public struct AuditChain: Sendable {
    /// The RPC client.
    public let client: EthereumClient
    /// The contract binding.
    public let contract: AuditContract
    /// The node account.
    public let account: Address
    let retry: RetryPolicy

    /// Creates the reader.
    public init(client: EthereumClient, contract: AuditContract, account: Address,
                retry: RetryPolicy = .reads) {
        self.client = client
        self.contract = contract
        self.account = account
        self.retry = retry
    }

    func call(_ function: ABIFunction, _ args: [ABIValue] = [], at target: Address? = nil,
              block: BlockTag = .latest) async throws(ChainError) -> [ABIValue] {
        let data = try contract.encode(function, args)
        let request = CallRequest(from: account, to: target ?? contract.address, data: data)
        let client = self.client
        let raw: Data
        do { raw = try await retry.run(retryingIf: { $0.isTransientForReads }) { () async throws(RPCError) -> Data in try await client.call(request, block: block) } } catch {
            throw ChainError(.rpc, "\(function.name): \(error)", retriable: error.isTransientForReads)
        }
        do { return try function.decodeOutput(raw) } catch {
            throw ChainError(.decoding, "\(function.name): cannot decode the answer (\(raw.count) bytes): \(error)")
        }
    }

    func uint(_ function: ABIFunction, _ args: [ABIValue] = [], at target: Address? = nil) async throws(ChainError) -> UInt256 {
        guard let value = try await call(function, args, at: target).first?.uintValue else {
            throw ChainError(.decoding, "\(function.name): expected a uint")
        }
        return value
    }

    func bool(_ function: ABIFunction, _ args: [ABIValue] = [], at target: Address? = nil) async throws(ChainError) -> Bool {
        guard let value = try await call(function, args, at: target).first?.boolValue else {
            throw ChainError(.decoding, "\(function.name): expected a bool")
        }
        return value
    }

    func small(_ value: UInt256) -> Int { value.uint64.map { Int(clamping: $0) } ?? Int.max }

    /// `anyRequestAvailable()` (from = self); at `.pending` it sees the node's own bids in the mempool.
    public func availability(block: BlockTag = .latest) async throws(ChainError) -> Availability {
        try availability(from: try await call(contract.f.anyRequestAvailable, block: block))
    }

    /// The `anyRequestAvailable()` call (from = self), to send in a batch (a bid's broadcast asks it for the next bid).
    public func availabilityRequest() throws(ChainError) -> CallRequest {
        CallRequest(from: account, to: contract.address, data: try contract.encode(contract.f.anyRequestAvailable, []))
    }

    /// Decodes the return data of `anyRequestAvailable()`.
    public func availability(decoding raw: Data) throws(ChainError) -> Availability {
        let values: [ABIValue]
        do { values = try contract.f.anyRequestAvailable.decodeOutput(raw) } catch {
            throw ChainError(.decoding, "anyRequestAvailable: cannot decode the answer (\(raw.count) bytes): \(error)")
        }
        return try availability(from: values)
    }

    private func availability(from values: [ABIValue]) throws(ChainError) -> Availability {
        guard let value = values.first?.uintValue else { throw ChainError(.decoding, "anyRequestAvailable: expected a uint") }
        return Availability(rawValue: small(value)) ?? .error
    }
    /// `hasEnoughStake(self)`.
    public func hasEnoughStake() async throws(ChainError) -> Bool { try await bool(contract.f.hasEnoughStake, [.address(account)]) }
    /// `getMinAuditStake()`.
    public func minAuditStake() async throws(ChainError) -> UInt256 { try await uint(contract.f.getMinAuditStake) }
    /// `totalStakedFor(self)`.
    public func totalStaked() async throws(ChainError) -> UInt256 { try await uint(contract.f.totalStakedFor, [.address(account)]) }
    /// `getMinAuditPrice(self)`.
    public func minAuditPrice() async throws(ChainError) -> UInt256 { try await uint(contract.f.getMinAuditPrice, [.address(account)]) }
    /// `getMinAuditPriceLowerCap()`.
    public func priceFloor() async throws(ChainError) -> UInt256 { try await uint(contract.f.getMinAuditPriceLowerCap) }
    /// `getAuditTimeoutInBlocks()` (T).
    public func auditTimeout() async throws(ChainError) -> Int { small(try await uint(contract.f.getAuditTimeoutInBlocks)) }
    /// `getMaxAssignedRequests()`.
    public func maxAssignedRequests() async throws(ChainError) -> Int { small(try await uint(contract.f.getMaxAssignedRequests)) }
    /// `assignedRequestCount(self)`.
    public func assignedRequestCount() async throws(ChainError) -> Int {
        small(try await uint(contract.f.assignedRequestCount, [.address(account)]))
    }
    /// `isPoliceNode(self)`.
    public func isPoliceNode() async throws(ChainError) -> Bool { try await bool(contract.f.isPoliceNode, [.address(account)]) }
    /// `isAuditFinished(id)`.
    public func isAuditFinished(_ id: UInt256) async throws(ChainError) -> Bool { try await bool(contract.f.isAuditFinished, [.uint(id)]) }
    /// `getReport(id)`.
    public func report(_ id: UInt256) async throws(ChainError) -> Data {
        guard let bytes = try await call(contract.f.getReport, [.uint(id)]).first?.bytesValue else {
            throw ChainError(.decoding, "getReport: expected bytes")
        }
        return bytes
    }
    /// `hasAvailableRewards()` (from = self).
    public func hasAvailableRewards() async throws(ChainError) -> Bool { try await bool(contract.f.hasAvailableRewards) }
    /// `auditData()`.
    public func auditDataAddress() async throws(ChainError) -> Address {
        guard let a = try await call(contract.f.auditData).first?.addressValue else { throw ChainError(.decoding, "auditData: expected an address") }
        return a
    }
    /// `police()`.
    public func policeAddress() async throws(ChainError) -> Address {
        guard let a = try await call(contract.f.police).first?.addressValue else { throw ChainError(.decoding, "police: expected an address") }
        return a
    }
    /// `getAuditState(id)` on the data contract.
    public func auditState(_ id: UInt256, dataContract: Address) async throws(ChainError) -> Int {
        small(try await uint(contract.f.getAuditState, [.uint(id)], at: dataContract))
    }
    /// `getAuditAssignBlockNumber(id)` on the data contract (the true A).
    public func assignBlock(_ id: UInt256, dataContract: Address) async throws(ChainError) -> Int64 {
        Int64(clamping: small(try await uint(contract.f.getAuditAssignBlockNumber, [.uint(id)], at: dataContract)))
    }
    /// `isAssigned(id, self)` on the police contract.
    public func isPoliceAssigned(_ id: UInt256, policeContract: Address) async throws(ChainError) -> Bool {
        try await bool(contract.f.isAssigned, [.uint(id), .address(account)], at: policeContract)
    }
    /// `policeTimeouts(id)` on the police contract (R + P).
    public func policeTimeout(_ id: UInt256, policeContract: Address) async throws(ChainError) -> Int64 {
        Int64(clamping: small(try await uint(contract.f.policeTimeouts, [.uint(id)], at: policeContract)))
    }
    /// `getPoliceReportResult(id, self)` on the police contract.
    public func policeReportResult(_ id: UInt256, policeContract: Address) async throws(ChainError) -> Int {
        small(try await uint(contract.f.getPoliceReportResult, [.uint(id), .address(account)], at: policeContract))
    }

    /// Logs of the audit and police contracts with the discovery topics in [from, to].
    public func discoveryLogs(from: UInt64, to: UInt64, policeContract: Address?) async throws(ChainError) -> [Log] {
        var addresses = [contract.address]
        if let policeContract, policeContract != contract.address { addresses.append(policeContract) }
        let filter = LogFilter(fromBlock: .number(from), toBlock: .number(to), addresses: addresses, topics: [contract.discoveryTopics])
        let client = self.client
        do { return try await retry.run(retryingIf: { $0.isTransientForReads }) { () async throws(RPCError) -> [Log] in try await client.logs(filter) } } catch {
            throw ChainError(.rpc, "eth_getLogs: \(error)", retriable: error.isTransientForReads)
        }
    }

    /// `LogAuditAssigned` logs for request `id` in [from, to] (used to find a police check's URI).
    public func assignmentLog(for id: UInt256, from: UInt64, to: UInt64) async throws(ChainError) -> ContractEvent? {
        let filter = LogFilter(fromBlock: .number(from), toBlock: .number(to), addresses: [contract.address],
                               topics: [[contract.e.assigned.topic0]])
        let client = self.client
        let logs: [Log]
        do { logs = try await retry.run(retryingIf: { $0.isTransientForReads }) { () async throws(RPCError) -> [Log] in try await client.logs(filter) } } catch {
            throw ChainError(.rpc, "eth_getLogs: \(error)", retriable: error.isTransientForReads)
        }
        for log in logs {
            if case .assigned(let rid, _, _, _, _, _)? = contract.decode(log), rid == id { return contract.decode(log) }
        }
        return nil
    }
}
