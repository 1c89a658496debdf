import Ethereum
import EthereumAccounts
import EthereumRPC
import Foundation
import Testing

extension RPCErrorTests {
    @Test("eth_feeHistory matches the blocks; gasPrice and maxPriorityFeePerGas are sane")
    func feeHistory() async throws {
        let chain = try DevChainScope.chain()
        let sender = chain.accounts[0]
        let tips: [UInt256] = [1_000_000_000, 2_000_000_000, 3_000_000_000, 4_000_000_000]
        for tip in tips {
            let nonce = try await chain.client.transactionCount(sender.address, block: .pending)
            let baseFee = try #require(try await chain.client.block(.latest)?.baseFeePerGas)
            let tx = EIP1559Transaction(
                chainID: chain.chainID, nonce: nonce, maxPriorityFeePerGas: tip, maxFeePerGas: baseFee * 2 + tip,
                gasLimit: 21_000, to: PrivateKey.generate().address, value: 1)
            let receipt = try await chain.submit(UnsignedTransaction.eip1559(tx).sign(with: sender))
            #expect(receipt.succeeded)
        }
        let head = try await chain.client.blockNumber()
        let history = try await chain.client.feeHistory(blockCount: 4, newestBlock: .latest, rewardPercentiles: [25, 75])
        #expect(history.oldestBlock == head - 3)
        #expect(history.baseFeePerGas.count == 5)
        #expect(history.gasUsedRatio.count == 4)
        #expect(history.reward == tips.map { [$0, $0] }, "one transaction per block: every percentile is its tip")

        var last: Block?
        for offset in 0..<4 {
            let block = try #require(try await chain.client.block(.number(history.oldestBlock + UInt64(offset))))
            #expect(history.baseFeePerGas[offset] == block.baseFeePerGas)
            let ratio = Double(block.gasUsed) / Double(block.gasLimit)
            #expect(abs(history.gasUsedRatio[offset] - ratio) < 1e-9)
            last = block
        }
        let headBlock = try #require(last)
        let nextBaseFee = try #require(history.baseFeePerGas.last)
        #expect(nextBaseFee == Self.nextBaseFee(after: headBlock))

        let gasPrice = try await chain.client.gasPrice()
        let tip = try await chain.client.maxPriorityFeePerGas()
        #expect(tip > 0)
        #expect(gasPrice >= nextBaseFee, "a legacy price must cover the next base fee")
        #expect(gasPrice >= tip)
    }

    /// EIP-1559 base fee of the block after `block` (elasticity 2, denominator 8).
    static func nextBaseFee(after block: Block) -> UInt256? {
        guard let baseFee = block.baseFeePerGas else { return nil }
        let target = UInt256(block.gasLimit / 2)
        let used = UInt256(block.gasUsed)
        if used == target { return baseFee }
        if used > target {
            let delta = baseFee * (used - target) / target / 8
            return baseFee + max(delta, 1)
        }
        return baseFee - baseFee * (target - used) / target / 8
    }

    @Test("batches: per-entry results in request order, including errors")
    func batches() async throws {
        let chain = try DevChainScope.chain()
        let fresh = PrivateKey.generate().address
        let balances = try await chain.client.batch([
            RPCCalls.balance(chain.accounts[0].address), RPCCalls.balance(fresh), RPCCalls.balance(chain.accounts[1].address),
        ])
        #expect(balances.count == 3)
        #expect(try balances[0].get() > 0)
        #expect(try balances[1].get() == 0)
        #expect(try balances[2].get() > 0)

        let (token, _) = try await chain.deployProtocol(supply: qsp(5))
        let calls = try await chain.client.batch([
            RPCCalls.call(CallRequest(to: token.address, data: token.function("totalSupply").encodeCall([]))),
            RPCCalls.call(CallRequest(
                from: chain.deployer.address, to: token.address,
                data: token.function("transfer").encodeCall([.address(.zero), .uint(1)]))),
        ])
        #expect(try token.function("totalSupply").decodeOutput(calls[0].get()) == [.uint(qsp(5))])
        guard case .failure(let revert) = calls[1] else {
            Issue.record("the reverting call in the batch succeeded")
            return
        }
        #expect(revert.revertReason == .error("transfer to the zero address"))

        let mixed = try await chain.client.rpc.batch([
            JSONRPCRequest(method: "eth_chainId"), JSONRPCRequest(method: "no_such_method"),
            JSONRPCRequest(method: "net_version"),
        ])
        #expect(try mixed[0].get() == .string("0x" + String(chain.chainID, radix: 16)))
        guard case .failure(let unknown) = mixed[1], case .server(let code, _, _) = unknown.kind else {
            Issue.record("an unknown method in a batch must be a per-entry server error")
            return
        }
        #expect(code == -32601)
        #expect(try mixed[2].get() == .string(String(chain.chainID)))
    }
}
