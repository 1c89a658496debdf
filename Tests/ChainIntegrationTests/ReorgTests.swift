import Ethereum
import EthereumAccounts
import EthereumRPC
import Foundation
import Testing

/// Reorganisations simulated with evm_snapshot / evm_revert, seen through the typed client.
@Suite("Reorgs on the dev chain", .devChain, .serialized)
struct ReorgTests {
    private func snapshot(_ chain: ChainContext) async throws -> String {
        try await chain.client.request("evm_snapshot", as: String.self)
    }

    private func revert(_ chain: ChainContext, to id: String) async throws -> Bool {
        try await chain.client.request("evm_revert", params: [.string(id)], as: Bool.self)
    }

    @Test("a reverted branch's block, receipt and logs disappear; the height gets a new block hash")
    func revertedTransactionDisappears() async throws {
        let chain = try DevChainScope.chain()
        let (token, _) = try await chain.deployProtocol(supply: qsp(1_000))
        let base = try await chain.client.blockNumber()
        let baseHash = try #require(try await chain.client.block(.number(base))?.hash)
        let id = try await snapshot(chain)

        let first = PrivateKey.generate().address
        let transfer = try token.function("transfer").encodeCall([.address(first), .uint(qsp(1))])
        let orphan = try await chain.sign(from: chain.deployer, to: token.address, data: transfer)
        let orphanReceipt = try await chain.submit(orphan)
        #expect(orphanReceipt.blockNumber == base + 1)
        #expect(try await chain.client.logs(LogFilter(fromBlock: .number(base + 1), toBlock: .latest)).count == 1)
        _ = try await chain.client.rpc.call("evm_mine", params: [2])
        #expect(try await chain.client.blockNumber() == base + 3)

        #expect(try await revert(chain, to: id))
        #expect(try await chain.client.blockNumber() == base)
        #expect(try await chain.client.transactionReceipt(orphan.hash) == nil)
        #expect(try await chain.client.block(.number(base + 1)) == nil)
        #expect(try await chain.client.block(hash: orphanReceipt.blockHash) == nil)
        #expect(try await chain.client.logs(LogFilter(fromBlock: .number(base), toBlock: .latest)).isEmpty)
        #expect(try await chain.read(token, "balanceOf", [.address(first)]) == [.uint(0)])

        // A different transaction takes the same nonce and height: a new block hash on the same parent.
        let second = PrivateKey.generate().address
        let replacement = try await chain.send(
            from: chain.deployer, to: token.address,
            data: token.function("transfer").encodeCall([.address(second), .uint(qsp(2))]))
        #expect(replacement.blockNumber == base + 1)
        #expect(replacement.blockHash != orphanReceipt.blockHash)
        #expect(try await chain.client.block(.number(base + 1))?.parentHash == baseHash)
        #expect(try await chain.client.transactionReceipt(orphan.hash) == nil)
        let logs = try await chain.client.logs(LogFilter(fromBlock: .number(base), toBlock: .latest))
        #expect(logs.map(\.transactionHash) == [replacement.transactionHash])
        #expect(logs.allSatisfy { !$0.removed })
        #expect(try await chain.client.logs(LogFilter(blockHash: replacement.blockHash)) == logs)
        let unknownBlock = try await #require(throws: RPCError.self) {
            _ = try await chain.client.logs(LogFilter(blockHash: orphanReceipt.blockHash))
        }
        #expect(unknownBlock.kind == .server(code: -32000, message: "unknown block", data: nil))

        // The orphaned transaction cannot come back: its nonce is taken on the new branch.
        let error = try await #require(throws: RPCError.self) { _ = try await chain.client.sendRawTransaction(orphan.raw) }
        #expect(error.classification == .nonceTooLow)
        // A snapshot is consumed by reverting to it.
        #expect(try await revert(chain, to: id) == false)
    }

    @Test("re-mining an empty block at a reverted height gives a different hash")
    func emptyBlockRemined() async throws {
        let chain = try DevChainScope.chain()
        let base = try await chain.client.blockNumber()
        let id = try await snapshot(chain)
        _ = try await chain.client.rpc.call("evm_mine", params: [1])
        let before = try #require(try await chain.client.block(.number(base + 1)))
        #expect(try await revert(chain, to: id))
        #expect(try await chain.client.block(.number(base + 1)) == nil)
        _ = try await chain.client.rpc.call("evm_mine", params: [1])
        let after = try #require(try await chain.client.block(.number(base + 1)))
        #expect(after.hash != before.hash)
        #expect(after.parentHash == before.parentHash)
    }

    @Test("nested snapshots: reverting to an older one drops the newer one")
    func nestedSnapshots() async throws {
        let chain = try DevChainScope.chain()
        let base = try await chain.client.blockNumber()
        let outer = try await snapshot(chain)
        _ = try await chain.client.rpc.call("evm_mine", params: [1])
        let inner = try await snapshot(chain)
        _ = try await chain.client.rpc.call("evm_mine", params: [1])
        #expect(try await chain.client.blockNumber() == base + 2)
        #expect(try await revert(chain, to: outer))
        #expect(try await chain.client.blockNumber() == base)
        #expect(try await revert(chain, to: inner) == false)
    }
}
