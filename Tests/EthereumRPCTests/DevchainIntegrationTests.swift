import Ethereum
import EthereumRPC
import Foundation
import QSPCore
import Testing

/// Runs against the local dev chain when `QSP_DEVCHAIN_URL` is set (e.g. `http://127.0.0.1:8545`).
@Suite("Dev chain integration (QSP_DEVCHAIN_URL)")
struct DevchainIntegrationTests {
    static let url = ProcessInfo.processInfo.environment["QSP_DEVCHAIN_URL"].flatMap { $0.isEmpty ? nil : $0 }

    @Test func skippedWithoutDevchain() {
        if Self.url == nil {
            print("DevchainIntegrationTests: QSP_DEVCHAIN_URL is not set; skipping the dev chain integration tests")
        }
    }

    @Test(.enabled(if: url != nil, "QSP_DEVCHAIN_URL is not set"))
    func chainIDBlockNumberAndBlock() async throws {
        let client = try EthereumClient(url: try #require(Self.url), timeout: .seconds(10))
        do {
            let chainID = try await client.chainID()
            #expect(chainID > 0)
            let head = try await client.blockNumber()
            let latest = try #require(try await client.block(.latest))
            #expect(latest.number >= head)
            let genesis = try #require(try await client.block(.number(0)))
            #expect(genesis.number == 0)
            if let hash = genesis.hash {
                let byHash = try await client.block(hash: hash)
                #expect(byHash?.number == 0)
            }
            #expect(try await client.block(.number(latest.number + 1_000_000)) == nil)
            let batch = try await client.batch([RPCCalls.blockNumber(), RPCCalls.chainID()])
            #expect(try batch[1].get() == chainID)
            let gasPrice = try await client.gasPrice()
            #expect(gasPrice > 0)
            let missing = try await client.transactionReceipt(Data(repeating: 0xab, count: 32))
            #expect(missing == nil)
            try await client.shutdown()
        } catch {
            try? await client.shutdown()
            throw error
        }
    }

    @Test(.enabled(if: url != nil, "QSP_DEVCHAIN_URL is not set"))
    func accountStateFeesAndDevMethods() async throws {
        let client = try EthereumClient(url: try #require(Self.url), timeout: .seconds(10))
        do {
            #expect(try await client.netVersion().isEmpty == false)
            #expect(try await client.clientVersion().isEmpty == false)
            let accounts: [String] = try await client.request("eth_accounts")
            let account = try Address(try #require(accounts.first).lowercased())
            #expect(try await client.balance(account) > 0)
            let nonce = try await client.transactionCount(account, block: .pending)
            #expect(try await client.transactionCount(account) <= nonce)
            #expect(try await client.code(account).isEmpty)
            let gas = try await client.estimateGas(CallRequest(from: account, to: account, value: 1))
            #expect(gas == 21000)
            #expect(try await client.call(CallRequest(from: account, to: .zero), block: .latest).isEmpty)
            let fees = try await client.feeHistory(blockCount: 1, newestBlock: .latest, rewardPercentiles: [50])
            #expect(fees.baseFeePerGas.count == 2)
            #expect(try await client.maxPriorityFeePerGas() >= 0)

            let snapshot: String = try await client.request("evm_snapshot")
            let before = try await client.blockNumber()
            let _: JSONValue = try await client.request("evm_mine")
            #expect(try await client.blockNumber() == before + 1)
            #expect(try await client.request("evm_revert", params: [.string(snapshot)], as: Bool.self))
            #expect(try await client.blockNumber() == before)
            _ = try await client.logs(LogFilter(fromBlock: .number(0), toBlock: .latest, addresses: [account]))

            let rejected = await rpcError { try await client.sendRawTransaction(Data([0x02, 0x01])) }
            if case .server? = rejected?.kind {} else {
                Issue.record("expected a server error for a garbage raw transaction, got \(String(describing: rejected))")
            }
            try await client.shutdown()
        } catch {
            try? await client.shutdown()
            throw error
        }
    }
}
