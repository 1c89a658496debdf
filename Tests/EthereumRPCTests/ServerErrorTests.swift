import Ethereum
import EthereumRPC
import Foundation
import Testing

@Suite("JSON-RPC error objects keep code, message and data and are classified")
struct ServerErrorTests {
    static let gethMessages: [(String, RPCError.Classification)] = [
        ("nonce too low: next nonce 5, tx nonce 4", .nonceTooLow),
        ("already known", .alreadyKnown),
        ("known transaction: 0x1234", .alreadyKnown),
        ("replacement transaction underpriced", .replacementUnderpriced),
        ("insufficient funds for gas * price + value: balance 0, tx cost 21000", .insufficientFunds),
        ("transaction underpriced: tip needed 1, tip permitted 0", .transactionUnderpriced),
        ("max fee per gas less than block base fee: address 0x5a, maxFeePerGas: 1, baseFee: 7", .feeCapBelowBaseFee),
        ("intrinsic gas too low: gas 100, minimum needed 21000", .intrinsicGasTooLow),
        ("invalid chain id for signer", .invalidChainID),
        ("invalid sender", .invalidSender),
        ("Nonce Too Low", .nonceTooLow),
        ("header not found", .other),
    ]

    @Test(arguments: gethMessages)
    func gethMessageIsClassified(message: String, expected: RPCError.Classification) async throws {
        let error = try await withScriptedNode({ .error($0.calls[0], code: -32000, message: message) }) { _, client in
            await rpcError { try await client.sendRawTransaction(Data([0x02])) }
        }
        #expect(error?.kind == .server(code: -32000, message: message, data: nil))
        #expect(error?.classification == expected)
        #expect(error?.isRetriable == false)
        #expect(error?.method == "eth_sendRawTransaction")
        #expect(error?.description.contains(message) == true)
    }

    @Test func revertWithErrorStringIsDecoded() async throws {
        let revert = errorStringRevertData("Ownable: caller is not the owner")
        let error = try await withScriptedNode({
            .error($0.calls[0], code: 3, message: "execution reverted: Ownable: caller is not the owner", data: "\"\(revert.hexString())\"")
        }) { _, client in
            await rpcError { try await client.call(CallRequest(to: .zero, data: Data([1, 2, 3, 4]))) }
        }
        let failure = try #require(error)
        #expect(failure.classification == .executionReverted(data: revert))
        #expect(failure.revertData == revert)
        #expect(failure.revertReason == .error("Ownable: caller is not the owner"))
        #expect(failure.description.contains("reverted: Ownable: caller is not the owner"), "\(failure)")
        guard case .server(let code, _, let data) = failure.kind else {
            Issue.record("expected a server error")
            return
        }
        #expect(code == 3 && data == revert)
    }

    @Test func panicRevertAndBareRevert() async throws {
        let panic = Data([0x4e, 0x48, 0x7b, 0x71]) + word(0x11)
        let error = try await withScriptedNode({
            .error($0.calls[0], code: 3, message: "execution reverted", data: "\"\(panic.hexString())\"")
        }) { _, client in
            await rpcError { try await client.estimateGas(CallRequest(to: .zero)) }
        }
        #expect(error?.revertReason == .panic(0x11))
        #expect(error?.description.contains("panic 0x11") == true)

        let bare = try await withScriptedNode({ .error($0.calls[0], code: -32000, message: "execution reverted") }) { _, client in
            await rpcError { try await client.call(CallRequest(to: .zero)) }
        }
        #expect(bare?.classification == .executionReverted(data: nil))
        #expect(bare?.revertReason == nil)
    }

    @Test func nestedRevertDataFromOtherNodes() async throws {
        let revert = errorStringRevertData("nope")
        let hardhat = try await withScriptedNode({
            .error($0.calls[0], code: -32603, message: "Error: VM Exception while processing transaction: reverted with reason string 'nope'",
                   data: #"{"message":"x","data":"\#(revert.hexString())"}"#)
        }) { _, client in
            await rpcError { try await client.call(CallRequest(to: .zero)) }
        }
        #expect(hardhat?.revertData == revert)
        #expect(hardhat?.revertReason == .error("nope"))

        let structured = try await withScriptedNode({
            .error($0.calls[0], code: -32000, message: "boom", data: #"{"stack":"at line 1"}"#)
        }) { _, client in
            await rpcError { try await client.call(CallRequest(to: .zero)) }
        }
        #expect(structured?.serverData == ["stack": "at line 1"])
        #expect(structured?.classification == .other)
    }

    @Test func rateLimitErrorIsRetriable() async throws {
        let error = try await withScriptedNode({ .error($0.calls[0], code: -32005, message: "daily request count exceeded, request rate limited") }) { _, client in
            await rpcError { try await client.blockNumber() }
        }
        #expect(error?.isRetriable == true)
    }

    @Test func querySizeLimitIsNotRetriable() async throws {
        let error = try await withScriptedNode({ .error($0.calls[0], code: -32005, message: "query returned more than 10000 results") }) { _, client in
            await rpcError { try await client.blockNumber() }
        }
        #expect(error?.isRetriable == false)
    }

    @Test func errorWithNullIDIsAServerError() async throws {
        let error = try await withScriptedNode({ _ in .json(#"{"jsonrpc":"2.0","id":null,"error":{"code":-32700,"message":"parse error"}}"#) }) { _, client in
            await rpcError { try await client.blockNumber() }
        }
        #expect(error?.kind == .server(code: -32700, message: "parse error", data: nil))
    }

    @Test func malformedRevertDataDoesNotCrash() async throws {
        let bad = Data([0x08, 0xc3, 0x79, 0xa0]) + word(32) + Data(repeating: 0xff, count: 32)
        let error = try await withScriptedNode({
            .error($0.calls[0], code: 3, message: "execution reverted", data: "\"\(bad.hexString())\"")
        }) { _, client in
            await rpcError { try await client.call(CallRequest(to: .zero)) }
        }
        #expect(error?.revertData == bad)
        if case .error = error?.revertReason { Issue.record("garbage decoded as Error(string)") }
        #expect(error?.description.isEmpty == false)
    }
}
