import Ethereum
import EthereumRPC
import Foundation
import Testing

@Suite("Typed calls decode geth-shaped answers and send the right parameters")
struct TypedCallsTests {
    @Test func simpleQuantitiesAndStrings() async throws {
        let script = answering([
            "eth_chainId": #""0x539""#, "net_version": #""1337""#, "web3_clientVersion": #""Geth/v1.14.0""#,
            "eth_blockNumber": #""0x1b4""#, "eth_gasPrice": #""0x3b9aca00""#, "eth_maxPriorityFeePerGas": #""0x59682f00""#,
            "eth_getBalance": #""0xde0b6b3a7640000""#, "eth_getTransactionCount": #""0x7""#,
            "eth_getCode": #""0x6080604052""#, "eth_estimateGas": #""0x5208""#,
            "eth_sendRawTransaction": "\"\(Fixtures.txHash)\"",
        ])
        try await withScriptedNode(script) { server, client in
            let who = try Address(Fixtures.address)
            #expect(try await client.chainID() == 1337)
            #expect(try await client.netVersion() == "1337")
            #expect(try await client.clientVersion() == "Geth/v1.14.0")
            #expect(try await client.blockNumber() == 436)
            #expect(try await client.gasPrice() == UInt256(1_000_000_000))
            #expect(try await client.maxPriorityFeePerGas() == UInt256(1_500_000_000))
            #expect(try await client.balance(who) == UInt256(1_000_000_000_000_000_000))
            #expect(try await client.transactionCount(who, block: .pending) == 7)
            #expect(try await client.code(who) == Data([0x60, 0x80, 0x60, 0x40, 0x52]))
            #expect(try await client.estimateGas(CallRequest(from: who, to: who, value: 1)) == 21000)
            #expect(try await client.sendRawTransaction(Data([0x02, 0xf8])) == Data(repeating: 0x11, count: 32))

            let calls = server.requests.flatMap(\.calls)
            let nonceCall = try #require(calls.first { $0.method == "eth_getTransactionCount" })
            #expect(nonceCall.params == [.string(Fixtures.address), "pending"])
            let rawCall = try #require(calls.first { $0.method == "eth_sendRawTransaction" })
            #expect(rawCall.params == ["0x02f8"])
            let estimate = try #require(calls.first { $0.method == "eth_estimateGas" })
            #expect(estimate.params == [["from": .string(Fixtures.address), "to": .string(Fixtures.address), "value": "0x1"]])
        }
    }

    @Test func requestIDsIncreaseAndMatch() async throws {
        try await withScriptedNode(answering(["eth_blockNumber": #""0x1""#])) { server, client in
            for _ in 0..<3 { _ = try await client.blockNumber() }
            let ids = server.requests.flatMap(\.calls).map(\.id)
            guard ids.count == 3, case .integer(let a) = ids[0], case .integer(let b) = ids[1], case .integer(let c) = ids[2] else {
                Issue.record("unexpected ids \(ids)")
                return
            }
            #expect(a < b && b < c)
            #expect(server.requests.allSatisfy { $0.body.contains(#""jsonrpc":"2.0""#) })
        }
    }

    @Test func blockByNumberAndHash() async throws {
        let script: ScriptedServer.Script = { request in
            let call = request.calls[0]
            if call.params.first == "0x1b5" { return .result(call, "null") }
            return .result(call, Fixtures.block)
        }
        try await withScriptedNode(script) { server, client in
            let block = try #require(try await client.block(.number(436)))
            #expect(block.number == 436)
            #expect(block.hash == Data(repeating: 0xbb, count: 32))
            #expect(block.parentHash == Data(repeating: 0xaa, count: 32))
            #expect(block.timestamp == 0x6553f100)
            #expect(block.baseFeePerGas == UInt256(1_000_000_000))
            #expect(block.gasLimit == 30_000_000 && block.gasUsed == 21000)
            #expect(block.transactionHashes == [Data(repeating: 0x11, count: 32)])
            #expect(try await client.block(.number(437)) == nil)
            #expect(try await client.block(hash: Data(repeating: 0xbb, count: 32)) == block)
            _ = try await client.block(.latest)
            let calls = server.requests.flatMap(\.calls)
            #expect(calls[0].params == ["0x1b4", false])
            #expect(calls[2].method == "eth_getBlockByHash")
            #expect(calls[2].params == [.string(Fixtures.blockHash), false])
            #expect(calls[3].params == ["latest", false])
        }
    }

    @Test func logsWithFilter() async throws {
        try await withScriptedNode(answering(["eth_getLogs": "[\(Fixtures.log)]"])) { server, client in
            let a = try Address(Fixtures.address)
            let b = try Address(hexBytes(0x77, count: 20))
            let topic = Data(repeating: 0x01, count: 32)
            let other = Data(repeating: 0x02, count: 32)
            let filter = LogFilter(fromBlock: .number(1), toBlock: .latest, addresses: [a, b], topics: [[topic], nil, [topic, other], nil])
            let logs = try await client.logs(filter)
            #expect(logs.count == 1)
            let log = try #require(logs.first)
            #expect(log.address == a)
            #expect(log.topics.count == 2 && log.topics[0].hexString() == Fixtures.topic0)
            #expect(log.data == word(1000))
            #expect(log.blockNumber == 436 && log.logIndex == 2 && log.transactionIndex == 0 && !log.removed)
            let sent = try #require(server.requests.first?.calls.first)
            #expect(sent.params == [[
                "fromBlock": "0x1", "toBlock": "latest",
                "address": [.string(Fixtures.address), .string(hexBytes(0x77, count: 20))],
                "topics": [.string(topic.hexString()), nil, [.string(topic.hexString()), .string(other.hexString())]],
            ]])

            _ = try await client.logs(LogFilter(blockHash: Data(repeating: 0xbb, count: 32), addresses: [a]))
            let second = try #require(server.requests.last?.calls.first)
            #expect(second.params == [["blockHash": .string(Fixtures.blockHash), "address": .string(Fixtures.address)]])

            let invalid = await rpcError { try await client.logs(LogFilter(fromBlock: .latest, blockHash: Data(count: 32))) }
            #expect(invalid?.kind == .invalidRequest)
            #expect(server.requests.count == 2)
        }
    }

    @Test func callSendsFromAndBlockTag() async throws {
        try await withScriptedNode(answering(["eth_call": #""0x0000000000000000000000000000000000000000000000000000000000000001""#])) { server, client in
            let from = try Address(Fixtures.address)
            let to = try Address(hexBytes(0xcc, count: 20))
            let result = try await client.call(CallRequest(from: from, to: to, data: Data([0xa9, 0x05, 0x9c, 0xbb])), block: .number(16))
            #expect(result == word(1))
            let sent = try #require(server.requests.first?.calls.first)
            #expect(sent.params == [["from": .string(Fixtures.address), "to": .string(hexBytes(0xcc, count: 20)), "data": "0xa9059cbb"], "0x10"])
        }
    }

    @Test func receiptTransactionAndFeeHistory() async throws {
        let script: ScriptedServer.Script = { request in
            let call = request.calls[0]
            switch call.method {
            case "eth_getTransactionReceipt":
                return .result(call, call.params == [.string(Fixtures.txHash)] ? Fixtures.receipt : "null")
            case "eth_getTransactionByHash": return .result(call, Fixtures.transaction)
            default: return .result(call, Fixtures.feeHistory)
            }
        }
        try await withScriptedNode(script) { server, client in
            let receipt = try #require(try await client.transactionReceipt(Data(repeating: 0x11, count: 32)))
            #expect(receipt.succeeded && receipt.status == 1)
            #expect(receipt.gasUsed == 21000 && receipt.effectiveGasPrice == UInt256(1_000_000_007))
            let created = try Address(hexBytes(0xcc, count: 20))
            #expect(receipt.to == nil && receipt.contractAddress == created)
            #expect(receipt.logs.count == 1 && receipt.type == 2)
            #expect(try await client.transactionReceipt(Data(repeating: 0x22, count: 32)) == nil)

            let tx = try #require(try await client.transaction(Data(repeating: 0x11, count: 32)))
            #expect(tx.nonce == 7 && tx.type == 2 && tx.chainID == 1337 && tx.blockNumber == nil)
            #expect(tx.value == UInt256(1_000_000_000_000_000_000) && tx.input == Data([0xa9, 0x05, 0x9c, 0xbb]))
            #expect(tx.maxFeePerGas == UInt256(2_000_000_000))

            let history = try await client.feeHistory(blockCount: 2, newestBlock: .latest, rewardPercentiles: [25, 75])
            #expect(history.oldestBlock == 0x1b2)
            #expect(history.baseFeePerGas.count == 3 && history.baseFeePerGas[2] == UInt256(1_000_000_002))
            #expect(history.gasUsedRatio == [0.5, 0])
            #expect(history.reward == [[1, 2], [3, 4]])
            let sent = try #require(server.requests.last?.calls.first)
            #expect(sent.params == ["0x2", "latest", [25, 75]])

            let short = await rpcError { try await client.transactionReceipt(Data([1, 2])) }
            #expect(short?.kind == .invalidRequest)
        }
    }

    @Test func genericRequestForDevMethods() async throws {
        try await withScriptedNode(answering(["evm_snapshot": #""0x1""#, "evm_revert": "true", "evm_mine": #""0x0""#])) { server, client in
            let snapshot: String = try await client.request("evm_snapshot")
            #expect(snapshot == "0x1")
            #expect(try await client.request("evm_revert", params: [.string(snapshot)], as: Bool.self))
            let wrongType = await rpcError { try await client.request("evm_mine", as: Int.self) }
            #expect(wrongType?.kind == .malformedResponse)
            #expect(wrongType?.description.contains("cannot be decoded as Int") == true)
        }
    }
}
