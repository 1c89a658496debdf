import Ethereum
import EthereumAccounts
import EthereumRPC
import Foundation
import Testing

/// Deploys the committed artifacts and drives them with signed transactions, eth_call and logs.
@Suite("Contracts on the dev chain", .devChain, .serialized)
struct ContractTests {
    @Test("deploys token and audit from devchain/build and reads their views")
    func deployAndRead() async throws {
        let chain = try DevChainScope.chain()
        let supply = qsp(1_000_000_000)
        let (token, audit) = try await chain.deployProtocol(supply: supply)

        #expect(try await !chain.client.code(token.address).isEmpty)
        #expect(try await !chain.client.code(audit.address).isEmpty)
        #expect(try await chain.read(token, "totalSupply") == [.uint(supply)])
        #expect(try await chain.read(token, "balanceOf", [.address(chain.deployer.address)]) == [.uint(supply)])
        #expect(try await chain.read(audit, "token") == [.address(token.address)])
        #expect(try await chain.read(audit, "owner") == [.address(chain.deployer.address)])
        #expect(try await chain.read(audit, "getMinAuditStake") == [.uint(qsp(10_000))])
        let fresh = PrivateKey.generate().address
        #expect(try await chain.client.code(fresh).isEmpty)
    }

    @Test("EIP-1559 token transfer: receipt, indexed Transfer log via receipt and eth_getLogs, historical eth_call")
    func eip1559Transfer() async throws {
        let chain = try DevChainScope.chain()
        let (token, _) = try await chain.deployProtocol(supply: qsp(1_000))
        let recipient = PrivateKey.generate().address
        let before = try await chain.client.blockNumber()
        let transfer = try token.function("transfer").encodeCall([.address(recipient), .uint(qsp(7))])
        let signed = try await chain.sign(from: chain.deployer, to: token.address, data: transfer)
        let receipt = try await chain.submit(signed)

        #expect(receipt.succeeded)
        #expect(receipt.type == 2)
        #expect(receipt.from == chain.deployer.address)
        #expect(receipt.to == token.address)
        #expect(receipt.blockNumber == before + 1, "automine puts each transaction in its own next block")
        let block = try #require(try await chain.client.block(.number(receipt.blockNumber)))
        #expect(block.hash == receipt.blockHash)
        #expect(block.transactionHashes == [signed.hash])
        if case .eip1559(let tx) = signed.transaction, let baseFee = block.baseFeePerGas, let price = receipt.effectiveGasPrice {
            #expect(price == baseFee + tx.maxPriorityFeePerGas, "effective price = base fee + tip when the cap allows")
        } else {
            Issue.record("expected an EIP-1559 transaction, a block base fee and an effectiveGasPrice")
        }

        let logs = try token.decodeLogs(receipt.logs)
        #expect(logs.count == 1)
        #expect(logs.first?.event == "Transfer")
        #expect(logs.first?["_from"] == .address(chain.deployer.address))
        #expect(logs.first?["_to"] == .address(recipient))
        #expect(logs.first?["_value"] == .uint(qsp(7)))

        let transferTopic = try token.event("Transfer").topic0
        #expect(transferTopic.hexString() == "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef")
        let filtered = try await chain.client.logs(LogFilter(
            fromBlock: .number(before), toBlock: .latest, addresses: [token.address],
            topics: [[transferTopic], nil, [topic(recipient)]]))
        #expect(filtered == receipt.logs)
        let none = try await chain.client.logs(LogFilter(
            fromBlock: .number(before), toBlock: .latest, addresses: [token.address],
            topics: [[transferTopic], nil, [topic(PrivateKey.generate().address)]]))
        #expect(none.isEmpty)

        let info = try #require(try await chain.client.transaction(signed.hash))
        #expect(info.type == 2 && info.from == chain.deployer.address && info.chainID == chain.chainID)
        #expect(try await chain.read(token, "balanceOf", [.address(recipient)]) == [.uint(qsp(7))])
        #expect(try await chain.read(token, "balanceOf", [.address(recipient)], block: .number(before)) == [.uint(0)])
    }

    @Test("legacy EIP-155 transactions: value transfer and contract call")
    func legacyTransactions() async throws {
        let chain = try DevChainScope.chain()
        let (token, audit) = try await chain.deployProtocol(supply: qsp(1_000))
        let recipient = PrivateKey.generate().address
        let signed = try await chain.sign(from: chain.deployer, to: recipient, value: 12_345, kind: .legacy)
        let receipt = try await chain.submit(signed)
        #expect(receipt.succeeded && receipt.type == 0)
        #expect(try await chain.client.balance(recipient) == 12_345)
        let info = try #require(try await chain.client.transaction(signed.hash))
        #expect(info.type == 0 && info.chainID == chain.chainID)
        #expect(info.gasPrice == receipt.effectiveGasPrice)

        let approve = try await chain.write(
            token, "approve", [.address(audit.address), .uint(qsp(3))], from: chain.deployer, kind: .legacy)
        let logs = try token.decodeLogs(approve.logs)
        #expect(logs.map(\.event) == ["Approval"])
        #expect(logs.first?["_owner"] == .address(chain.deployer.address))
        #expect(logs.first?["_spender"] == .address(audit.address))
        #expect(logs.first?["_value"] == .uint(qsp(3)))
    }

    @Test("a reverting transaction is mined with status 0, no logs, and its gas charged")
    func revertedTransaction() async throws {
        let chain = try DevChainScope.chain()
        let (token, _) = try await chain.deployProtocol(supply: qsp(1_000))
        let sender = chain.accounts[3]
        let before = try await chain.client.balance(sender.address)
        let data = try token.function("transfer").encodeCall([.address(chain.deployer.address), .uint(1)])
        let signed = try await chain.sign(from: sender, to: token.address, data: data, gasLimit: 100_000)
        let receipt = try await chain.submit(signed)
        #expect(receipt.status == 0)
        #expect(receipt.logs.isEmpty)
        #expect(receipt.gasUsed > 21_000 && receipt.gasUsed < 100_000)
        let price = try #require(receipt.effectiveGasPrice)
        #expect(try await chain.client.balance(sender.address) == before - price * UInt256(receipt.gasUsed))
        #expect(try await chain.client.transactionCount(sender.address) == 1)
    }

    @Test("eth_call reverts carry Error(string) revert data")
    func revertData() async throws {
        let chain = try DevChainScope.chain()
        let (token, audit) = try await chain.deployProtocol(supply: qsp(1_000))
        let zeroTransfer = try token.function("transfer").encodeCall([.address(.zero), .uint(1)])
        let error = try await #require(throws: RPCError.self) {
            _ = try await chain.client.call(CallRequest(from: chain.deployer.address, to: token.address, data: zeroTransfer))
        }
        guard case .server(let code, let message, _) = error.kind else {
            Issue.record("expected a server error, got \(error)")
            return
        }
        #expect(code == 3)
        #expect(message.contains("execution reverted"))
        #expect(error.revertReason == .error("transfer to the zero address"))
        #expect(!error.isRetriable)

        let pricey = try audit.function("setAuditNodePrice").encodeCall([.uint(qsp(1_001))])
        let priceError = try await #require(throws: RPCError.self) {
            _ = try await chain.client.estimateGas(CallRequest(from: chain.deployer.address, to: audit.address, data: pricey))
        }
        #expect(priceError.revertReason == .error("price above the token supply"))

        let ownerOnly = try audit.function("setMinAuditStake").encodeCall([.uint(1)])
        let ownerError = try await #require(throws: RPCError.self) {
            _ = try await chain.client.call(CallRequest(from: PrivateKey.generate().address, to: audit.address, data: ownerOnly))
        }
        #expect(ownerError.revertReason == .error("only the owner"))
        #expect(try await chain.client.call(CallRequest(from: chain.deployer.address, to: audit.address, data: ownerOnly)).isEmpty)
    }
}
