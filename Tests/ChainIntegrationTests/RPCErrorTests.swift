import Ethereum
import EthereumAccounts
import EthereumRPC
import Foundation
import Testing

/// The RPC error taxonomy of ``RPCError`` against the dev chain's geth-shaped errors.
@Suite("RPC errors, fees and batches on the dev chain", .devChain, .serialized)
struct RPCErrorTests {
    /// Sends `raw` and returns the error it must fail with.
    private func rejection(_ chain: ChainContext, _ raw: Data) async throws -> RPCError {
        try await #require(throws: RPCError.self) { _ = try await chain.client.sendRawTransaction(raw) }
    }

    @Test("nonce too low and already known for mined transactions")
    func nonceTooLowAndAlreadyKnown() async throws {
        let chain = try DevChainScope.chain()
        let sender = chain.accounts[1]
        let nonce = try await chain.client.transactionCount(sender.address, block: .pending)
        let first = try await chain.sign(from: sender, to: PrivateKey.generate().address, value: 1)
        _ = try await chain.submit(first)
        #expect(try await chain.client.transactionCount(sender.address) == nonce + 1)

        let reused = try await chain.sign(from: sender, to: PrivateKey.generate().address, value: 2, nonce: nonce)
        let tooLow = try await rejection(chain, reused.raw)
        #expect(tooLow.classification == .nonceTooLow)
        #expect(!tooLow.isRetriable)
        #expect(tooLow.description.contains("eth_getTransactionCount"), "the remedy says what to do")

        let again = try await rejection(chain, first.raw)
        #expect(again.classification == .alreadyKnown)
    }

    @Test("pending pool: already known, replacement underpriced, accepted replacement (automine off)")
    func pendingPool() async throws {
        let chain = try DevChainScope.chain()
        let sender = chain.accounts[2]
        _ = try await chain.client.rpc.call("evm_setAutomine", params: [false])
        let result: Result<Void, any Error>
        do {
            try await replaceWhilePending(chain, sender)
            result = .success(())
        } catch {
            result = .failure(error)
        }
        _ = try await chain.client.rpc.call("evm_setAutomine", params: [true])
        try result.get()
    }

    private func replaceWhilePending(_ chain: ChainContext, _ sender: PrivateKey) async throws {
        let nonce = try await chain.client.transactionCount(sender.address, block: .latest)
        let recipient = PrivateKey.generate().address
        let original = try await chain.sign(from: sender, to: recipient, value: 1, nonce: nonce, gasLimit: 21_000)
        #expect(try await chain.client.sendRawTransaction(original.raw) == original.hash)
        #expect(try await chain.client.transactionReceipt(original.hash) == nil)
        #expect(try await chain.client.transactionCount(sender.address, block: .pending) == nonce + 1)
        #expect(try await chain.client.transactionCount(sender.address, block: .latest) == nonce)

        #expect(try await rejection(chain, original.raw).classification == .alreadyKnown)

        guard case .eip1559(var tx) = original.transaction else { throw ChainTestFailure("expected EIP-1559") }
        tx.value = 2
        tx.maxFeePerGas = tx.maxFeePerGas * 105 / 100
        tx.maxPriorityFeePerGas = tx.maxPriorityFeePerGas * 105 / 100
        let cheap = try UnsignedTransaction.eip1559(tx).sign(with: sender)
        let underpriced = try await rejection(chain, cheap.raw)
        #expect(underpriced.classification == .replacementUnderpriced)

        tx.maxFeePerGas = tx.maxFeePerGas * 2
        tx.maxPriorityFeePerGas = tx.maxPriorityFeePerGas * 2
        let replacement = try UnsignedTransaction.eip1559(tx).sign(with: sender)
        #expect(try await chain.client.sendRawTransaction(replacement.raw) == replacement.hash)

        _ = try await chain.client.rpc.call("evm_mine", params: [1])
        let receipt = try #require(try await chain.client.transactionReceipt(replacement.hash))
        #expect(receipt.succeeded)
        #expect(try await chain.client.transactionReceipt(original.hash) == nil, "the replaced transaction is gone")
        #expect(try await chain.client.balance(recipient) == 2)
    }

    @Test("insufficient funds for gas * price + value")
    func insufficientFunds() async throws {
        let chain = try DevChainScope.chain()
        let pauper = PrivateKey.generate()
        let signed = try await chain.sign(from: pauper, to: chain.deployer.address, value: 1, gasLimit: 21_000)
        let error = try await rejection(chain, signed.raw)
        #expect(error.classification == .insufficientFunds)
        #expect(!error.isRetriable)
        #expect(error.description.contains("Fund the sending account"))
    }

    @Test("transactions signed for another chain id are rejected", arguments: [TransactionKind.eip1559, .legacy])
    func wrongChainID(kind: TransactionKind) async throws {
        let chain = try DevChainScope.chain()
        let sender = chain.accounts[3]
        let nonce = try await chain.client.transactionCount(sender.address, block: .pending)
        let signed = try await chain.sign(
            from: sender, to: chain.deployer.address, value: 1, kind: kind, gasLimit: 21_000, chainID: chain.chainID + 1)
        let error = try await rejection(chain, signed.raw)
        #expect(error.classification == .invalidChainID)
        #expect(try await chain.client.transaction(signed.hash) == nil)
        #expect(try await chain.client.transactionCount(sender.address, block: .pending) == nonce)
    }

    @Test("a bad raw transaction is an RLP error, not a crash")
    func malformedRawTransaction() async throws {
        let chain = try DevChainScope.chain()
        let error = try await rejection(chain, Data([0x02, 0xc0, 0x01]))
        guard case .server(let code, let message, _) = error.kind else {
            Issue.record("expected a server error, got \(error)")
            return
        }
        #expect(code == -32000)
        #expect(message.contains("rlp"))
        #expect(error.classification == .other)
    }
}
