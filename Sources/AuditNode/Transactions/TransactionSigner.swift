import Ethereum
import EthereumAccounts
import Foundation

/// Signs the node's transactions with its key (EIP-155 legacy or EIP-1559), chain id fixed at start-up.
public struct TransactionSigner: Sendable {
    let key: PrivateKey
    /// The chain id every transaction is signed for.
    public let chainID: UInt64
    /// The sender address.
    public var address: Address { key.address }

    /// Creates a signer.
    public init(key: PrivateKey, chainID: UInt64) {
        self.key = key
        self.chainID = chainID
    }

    /// A signed transaction: its raw bytes and hash.
    public struct Signed: Sendable {
        /// The raw encoding to broadcast.
        public var raw: Data
        /// The transaction hash.
        public var hash: TransactionHash
    }

    /// Signs a call of `data` to `to`.
    public func sign(nonce: UInt64, fees: Fees, gasLimit: UInt64, to: Address, data: Data) throws(ChainError) -> Signed {
        let unsigned: UnsignedTransaction
        switch fees {
        case .legacy(let price):
            unsigned = .legacy(LegacyTransaction(nonce: nonce, gasPrice: price, gasLimit: gasLimit, to: to,
                                                 value: .zero, data: data, chainID: chainID))
        case .eip1559(let maxFee, let priority):
            unsigned = .eip1559(EIP1559Transaction(chainID: chainID, nonce: nonce, maxPriorityFeePerGas: priority,
                                                   maxFeePerGas: maxFee, gasLimit: gasLimit, to: to, value: .zero,
                                                   data: data, accessList: []))
        }
        do {
            let signed = try unsigned.sign(with: key)
            guard let hash = TransactionHash(signed.hash) else { throw ChainError(.rejected, "the signer produced a hash of \(signed.hash.count) bytes") }
            return Signed(raw: signed.raw, hash: hash)
        } catch {
            throw ChainError(.rejected, "cannot sign the transaction: \(error)")
        }
    }
}
