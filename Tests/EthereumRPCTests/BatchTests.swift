import Ethereum
import EthereumRPC
import Foundation
import Testing

@Suite("Batches match answers by id in any order")
struct BatchTests {
    @Test func shuffledAnswersAreMatched() async throws {
        let script: ScriptedServer.Script = { request in
            let answers = request.calls.map { call -> String in
                guard case .string(let address)? = call.params.first else { return "{}" }
                return ScriptedReply.resultObject(call, "\"0x\(address.suffix(2))\"")
            }
            return .json("[" + answers.shuffled().joined(separator: ",") + "]")
        }
        try await withScriptedNode(script) { server, client in
            let addresses = try (1...12).map { try Address(hexBytes(UInt8($0), count: 20)) }
            let results = try await client.batch(addresses.map { RPCCalls.balance($0) })
            #expect(results.count == 12)
            for (index, result) in results.enumerated() {
                #expect(try result.get() == UInt256(UInt64(index + 1)))
            }
            #expect(server.requests.count == 1 && server.requests[0].isBatch)
            #expect(try await client.batch([RPCCall<UInt64>]()).isEmpty)
            #expect(server.requests.count == 1)
        }
    }

    @Test func missingAndFailedEntriesFailAlone() async throws {
        let script: ScriptedServer.Script = { request in
            let calls = request.calls
            return .json("[" + [
                ScriptedReply.errorObject(calls[2], code: -32000, message: "nonce too low"),
                ScriptedReply.resultObject(calls[0], #""0x1""#),
            ].joined(separator: ",") + "]")
        }
        try await withScriptedNode(script) { _, client in
            let results = try await client.batch([RPCCalls.blockNumber(), RPCCalls.blockNumber(), RPCCalls.blockNumber()])
            #expect(try results[0].get() == 1)
            guard case .failure(let missing) = results[1], case .failure(let failed) = results[2] else {
                Issue.record("expected failures for entries 1 and 2")
                return
            }
            #expect(missing.kind == .malformedResponse)
            #expect(missing.detail.contains("no entry for id"))
            #expect(failed.classification == .nonceTooLow)
        }
    }

    @Test func typeErrorInOneEntryFailsThatEntry() async throws {
        let script: ScriptedServer.Script = { request in
            .json("[" + request.calls.enumerated().map { ScriptedReply.resultObject($1, $0 == 0 ? #""0x5""# : "17") }.joined(separator: ",") + "]")
        }
        try await withScriptedNode(script) { _, client in
            let results = try await client.batch([RPCCalls.chainID(), RPCCalls.chainID()])
            #expect(try results[0].get() == 5)
            #expect(throws: RPCError.self) { try results[1].get() }
        }
    }

    @Test func unknownIDFailsTheWholeBatch() async throws {
        try await withScriptedNode({ _ in .json(#"[{"jsonrpc":"2.0","id":999999,"result":"0x1"}]"#) }) { _, client in
            let error = await rpcError { try await client.batch([RPCCalls.blockNumber()]) }
            #expect(error?.kind == .malformedResponse)
            #expect(error?.detail.contains("not requested") == true)
        }
    }

    @Test func duplicateIDFailsTheWholeBatch() async throws {
        let script: ScriptedServer.Script = { request in
            let one = ScriptedReply.resultObject(request.calls[0], #""0x1""#)
            return .json("[\(one),\(one)]")
        }
        try await withScriptedNode(script) { _, client in
            let error = await rpcError { try await client.batch([RPCCalls.blockNumber(), RPCCalls.blockNumber()]) }
            #expect(error?.kind == .malformedResponse)
        }
    }

    @Test func nodeWithoutBatchSupport() async throws {
        try await withScriptedNode({ _ in .json(#"{"jsonrpc":"2.0","id":null,"error":{"code":-32600,"message":"batch requests are not supported"}}"#) }) { _, client in
            let error = await rpcError { try await client.batch([RPCCalls.blockNumber()]) }
            #expect(error?.kind == .server(code: -32600, message: "batch requests are not supported", data: nil))
        }
        try await withScriptedNode({ _ in .json(#"{"jsonrpc":"2.0","id":1,"result":"0x1"}"#) }) { _, client in
            let error = await rpcError { try await client.batch([RPCCalls.blockNumber()]) }
            #expect(error?.kind == .malformedResponse)
        }
    }

    @Test func rawBatchOfMixedMethods() async throws {
        let script: ScriptedServer.Script = { request in
            .json("[" + request.calls.reversed().map { ScriptedReply.resultObject($0, $0.method == "eth_chainId" ? #""0x1""# : #""1""#) }.joined(separator: ",") + "]")
        }
        try await withScriptedNode(script) { _, client in
            let results = try await client.rpc.batch([JSONRPCRequest(method: "eth_chainId"), JSONRPCRequest(method: "net_version")])
            #expect(try results.map { try $0.get() } == ["0x1", "1"])
        }
    }
}
