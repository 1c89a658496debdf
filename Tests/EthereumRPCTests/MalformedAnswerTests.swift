import Ethereum
import EthereumRPC
import Foundation
import Testing

@Suite("Malformed answers are rejected with errors naming the problem")
struct MalformedAnswerTests {
    /// Runs `eth_blockNumber` (or `call`) against a server that answers every request with `body`.
    func failure(
        body: @escaping @Sendable (ReceivedCall) -> String,
        _ call: @escaping @Sendable (EthereumClient) async throws -> Void = { _ = try await $0.blockNumber() }
    ) async throws -> RPCError? {
        try await withScriptedNode({ .json(body($0.calls[0])) }) { _, client in
            await rpcError { try await call(client) }
        }
    }

    @Test func invalidJSON() async throws {
        let error = try #require(try await failure(body: { _ in #"{"jsonrpc":"2.0","id":1,"result":"0x1""# }))
        #expect(error.kind == .malformedResponse)
        #expect(!error.isRetriable)
        #expect(error.detail.contains("not valid JSON"))
        #expect(error.classification == .other)
    }

    @Test func htmlInsteadOfJSON() async throws {
        let error = try #require(try await failure(body: { _ in "<html>Bad Gateway</html>" }))
        #expect(error.kind == .malformedResponse)
        #expect(error.description.contains("does not behave like an Ethereum JSON-RPC node"))
    }

    @Test func wrongID() async throws {
        let error = try #require(try await failure(body: { call in
            guard case .integer(let id) = call.id else { return "{}" }
            return #"{"jsonrpc":"2.0","id":\#(id + 1),"result":"0x1"}"#
        }))
        #expect(error.kind == .malformedResponse)
        #expect(error.detail.contains("does not match request id"))
    }

    @Test func stringIDIsWrongID() async throws {
        let error = try #require(try await failure(body: { call in #"{"jsonrpc":"2.0","id":"\#(call.id.preview())","result":"0x1"}"# }))
        #expect(error.kind == .malformedResponse)
    }

    @Test func missingResultAndError() async throws {
        let error = try #require(try await failure(body: { call in #"{"jsonrpc":"2.0","id":\#(call.id.preview())}"# }))
        #expect(error.kind == .malformedResponse)
        #expect(error.detail.contains("neither"))
    }

    @Test func bothResultAndError() async throws {
        let error = try #require(try await failure(body: { call in
            #"{"jsonrpc":"2.0","id":\#(call.id.preview()),"result":"0x1","error":{"code":-1,"message":"x"}}"#
        }))
        #expect(error.kind == .malformedResponse)
    }

    @Test func wrongJSONRPCVersion() async throws {
        let error = try #require(try await failure(body: { call in #"{"jsonrpc":"1.0","id":\#(call.id.preview()),"result":"0x1"}"# }))
        #expect(error.kind == .malformedResponse)
    }

    @Test func arrayForSingleRequest() async throws {
        let error = try #require(try await failure(body: { call in "[\(ScriptedReply.resultObject(call, #""0x1""#))]" }))
        #expect(error.kind == .malformedResponse)
    }

    @Test func errorObjectWithBadCode() async throws {
        let error = try #require(try await failure(body: { call in
            #"{"jsonrpc":"2.0","id":\#(call.id.preview()),"error":{"code":"oops","message":"x"}}"#
        }))
        #expect(error.kind == .malformedResponse)
        #expect(error.detail.contains("error.code"))
    }

    @Test(arguments: [
        (#""0x""#, "hex quantity"), (#""12""#, "hex quantity"), (#""0xzz""#, "non-hex"), ("12", "hex string"),
        (#""0x10000000000000000""#, "64 bits"), ("null", "hex string"),
    ])
    func badQuantities(result: String, expected: String) async throws {
        let error = try #require(try await failure(body: { ScriptedReply.resultObject($0, result) }))
        #expect(error.kind == .malformedResponse)
        #expect(error.detail.contains("`result`"))
        #expect(error.detail.contains(expected), "\(error.detail)")
    }

    @Test func oversizedUInt256() async throws {
        let tooBig = "\"0x1" + String(repeating: "0", count: 64) + "\""
        let error = try #require(try await failure(body: { ScriptedReply.resultObject($0, tooBig) }, { _ = try await $0.gasPrice() }))
        #expect(error.detail.contains("256 bits"))
        let padded = "\"0x" + String(repeating: "0", count: 70) + "1\""
        let value = try await withScriptedNode({ .result($0.calls[0], padded) }) { _, client in try await client.gasPrice() }
        #expect(value == 1)
    }

    @Test func blockFieldErrorsNameTheField() async throws {
        let broken = Fixtures.block.replacingOccurrences(of: #""baseFeePerGas":"0x3b9aca00""#, with: #""baseFeePerGas":"1000""#)
        let error = try #require(try await failure(body: { ScriptedReply.resultObject($0, broken) }, { _ = try await $0.block(.latest) }))
        #expect(error.kind == .malformedResponse)
        #expect(error.method == "eth_getBlockByNumber")
        #expect(error.detail.contains("`result.baseFeePerGas`"), "\(error.detail)")

        let shortHash = Fixtures.block.replacingOccurrences(of: Fixtures.parentHash, with: "0xaaaa")
        let hashError = try #require(try await failure(body: { ScriptedReply.resultObject($0, shortHash) }, { _ = try await $0.block(.latest) }))
        #expect(hashError.detail.contains("`result.parentHash` must be 32 bytes"), "\(hashError.detail)")

        let missing = Fixtures.block.replacingOccurrences(of: #""timestamp":"0x6553f100","#, with: "")
        let missingError = try #require(try await failure(body: { ScriptedReply.resultObject($0, missing) }, { _ = try await $0.block(.latest) }))
        #expect(missingError.detail.contains("`result.timestamp` is missing"))
    }

    @Test func logFieldErrorsNameTheIndex() async throws {
        let oddData = Fixtures.log.replacingOccurrences(of: #""data":"0x"#, with: #""data":"0x0"#)
        let error = try #require(try await failure(body: { ScriptedReply.resultObject($0, "[\(Fixtures.log),\(oddData)]") }, { _ = try await $0.logs(LogFilter()) }))
        #expect(error.detail.contains("`result[1].data`"), "\(error.detail)")
    }

    @Test func answerLargerThanCapIsRejected() async throws {
        let huge = "\"0x" + String(repeating: "ab", count: 4096) + "\""
        let error = try await withScriptedNode(maxResponseBytes: 1024, { .result($0.calls[0], huge) }) { _, client in
            await rpcError { try await client.code(.zero) }
        }
        #expect(error?.kind == .malformedResponse)
        #expect(error?.detail.contains("larger than the limit of 1024 bytes") == true)
    }

    @Test func deeplyNestedJSONIsRejectedWithoutCrashing() async throws {
        let nested = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        let error = try #require(try await failure(body: { _ in nested }))
        #expect(error.kind == .malformedResponse)
    }

    @Test func hugeWrongTypedResultGivesShortMessage() async throws {
        let many = "[" + Array(repeating: #""0x1""#, count: 50_000).joined(separator: ",") + "]"
        let error = try #require(try await failure(body: { ScriptedReply.resultObject($0, many) }))
        #expect(error.detail.contains("array of 50000 values"))
        #expect(error.description.count < 400)
    }
}
