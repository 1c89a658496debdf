import AsyncHTTPClient
import AuditNode
import AuditReport
import Ethereum
import EthereumRPC
import Foundation

/// Reads what actually happened on the dev chain: finished logs, states, reports, submitReport transactions.
struct ChainInspector {
    let client: EthereumClient
    let contract: AuditContract

    init(url: String, audit: String) throws {
        client = try EthereumClient(url: url, httpClient: HTTPClient.shared, timeout: .seconds(20))
        let abi = try Data(contentsOf: Repo.root.appendingPathComponent("config/abi/QuantstampAudit-v2.abi.json"))
        contract = try AuditContract(abiJSON: abi, address: try Address(audit))
    }

    /// Every `LogAuditFinished` (request id → count, auditor, state, report bytes).
    func finished() async throws -> [(id: Int, auditor: Address, state: Int, report: Data)] {
        let logs = try await client.logs(LogFilter(fromBlock: .earliest, toBlock: .latest, addresses: [contract.address]))
        return logs.compactMap { log in
            if case .finished(let id, let auditor, let state, let report)? = contract.decode(log) {
                return (Int(id.uint64 ?? 0), auditor, state, report)
            }
            return nil
        }
    }

    /// Every decoded event of the audit contract.
    func events() async throws -> [ContractEvent] {
        let logs = try await client.logs(LogFilter(fromBlock: .earliest, toBlock: .latest, addresses: [contract.address]))
        return logs.compactMap { contract.decode($0) }
    }

    /// `getAuditState(id)` (the dev contract is its own data contract).
    func state(_ id: Int) async throws -> Int {
        let f = ABIFunction(name: "getAuditState", inputs: [ABIType.uint(256)], outputs: [.uint(8)])
        let out = try await client.call(CallRequest(to: contract.address, data: try f.encodeCall([.uint(UInt256(UInt64(id)))])))
        return Int(try f.decodeOutput(out).first?.uintValue?.uint64 ?? 99)
    }

    /// submitReport transactions per request id sent by `from` (mined ones, scanning every block).
    func submitTransactions(from: Address) async throws -> [Int: Int] {
        let head = try await client.blockNumber()
        var counts: [Int: Int] = [:]
        let selector = Data([0xdc, 0x61, 0xb4, 0x97])
        for n in 0...head {
            guard let block = try await client.block(.number(n)) else { continue }
            for hash in block.transactionHashes {
                guard let tx = try await client.transaction(hash), tx.from == from, tx.input.prefix(4) == selector else { continue }
                let id = UInt256(bigEndian: tx.input.dropFirst(4).prefix(32))?.uint64 ?? 0
                counts[Int(id), default: 0] += 1
            }
        }
        return counts
    }

    /// Decodes an on-chain compressed report.
    static func decode(_ bytes: Data) throws -> Report {
        try CompressedReportCodec.decode(bytes)
    }
}
