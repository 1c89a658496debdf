import Ethereum
import EthereumAccounts
import EthereumRPC
import Foundation

extension TransactionManager {
    /// The calldata of a persisted raw transaction (replacements re-sign the same call).
    static func calldata(ofRaw raw: String, signer: TransactionSigner) throws -> Data {
        let signed = try SignedTransaction.decode(raw: try Data(hexString: raw))
        switch signed.transaction {
        case .legacy(let tx): return tx.data
        case .eip1559(let tx): return tx.data
        }
    }

    /// Waits until `txID` is mined with `confirmations` blocks on top; returns its receipt. Throws when the
    /// transaction failed or was dropped, or after `timeout`.
    public nonisolated func awaitReceipt(_ txID: Int64, confirmations: Int, pollInterval: Duration,
                                         timeout: Duration) async throws(ChainError) -> Receipt {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if Task.isCancelled { throw ChainError(.rpc, "cancelled", retriable: true) }
            let tx: TransactionRecord?
            do { tx = try store.transaction(id: txID) } catch { throw ChainError(.rejected, "\(error)") }
            guard let tx else { throw ChainError(.rejected, "transaction \(txID) is not in the store") }
            switch tx.state {
            case .failed:
                throw ChainError(.rejected, "transaction \(tx.txHash) failed: \(tx.lastError ?? "dropped")")
            case .replaced:
                if let winner = try? store.minedAttempt(account: tx.account, nonce: tx.nonce),
                   let id = winner.id, id != txID {
                    return try await awaitReceipt(id, confirmations: confirmations, pollInterval: pollInterval, timeout: timeout)
                }
            case .mined:
                if let mined = tx.minedBlock, let head = try? await client.blockNumber(), Int64(head) - mined >= Int64(confirmations),
                   let hash = try? Data(hexString: tx.txHash), let receipt = try? await client.transactionReceipt(hash) {
                    return receipt
                }
            case .pending:
                break
            }
            try? await Task.sleep(for: pollInterval)
        }
        throw ChainError(.rpc, "transaction \(txID) not mined within the timeout", retriable: true)
    }
}
