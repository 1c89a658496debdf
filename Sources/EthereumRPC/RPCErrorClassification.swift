import Ethereum
import Foundation

extension RPCError {
    /// A node-side error recognised from geth's messages (case-insensitive substring match), so callers can react
    /// without parsing strings themselves.
    public enum Classification: Hashable, Sendable {
        /// "nonce too low": a transaction with this nonce was already mined.
        case nonceTooLow
        /// "already known" / "known transaction": the node already has this exact transaction.
        case alreadyKnown
        /// "replacement transaction underpriced": a same-nonce replacement must raise both fees (geth: by >= 10%).
        case replacementUnderpriced
        /// "insufficient funds": the sender cannot pay gas * price + value.
        case insufficientFunds
        /// "execution reverted" (or JSON-RPC code 3): the EVM reverted; `data` is the revert data when the node sent it.
        case executionReverted(data: Data?)
        /// "transaction underpriced": the gas price is below the node's minimum.
        case transactionUnderpriced
        /// "max fee per gas less than block base fee".
        case feeCapBelowBaseFee
        /// "intrinsic gas too low": the gas limit does not even cover the transaction's intrinsic cost.
        case intrinsicGasTooLow
        /// "invalid chain id": the transaction was signed for another chain.
        case invalidChainID
        /// "invalid sender": the signature does not recover to a valid sender (often a chain id mismatch).
        case invalidSender
        /// Anything else.
        case other

        /// Classifies a JSON-RPC error object.
        public init(code: Int, message: String, data: Data?) {
            let text = message.lowercased()
            // Order matters: "replacement transaction underpriced" also contains "transaction underpriced".
            if text.contains("nonce too low") {
                self = .nonceTooLow
            } else if text.contains("already known") || text.contains("known transaction") {
                self = .alreadyKnown
            } else if text.contains("replacement transaction underpriced") {
                self = .replacementUnderpriced
            } else if text.contains("insufficient funds") {
                self = .insufficientFunds
            } else if text.contains("execution reverted") || code == 3
                || text.contains("vm exception while processing transaction: revert")
            {
                self = .executionReverted(data: data)
            } else if text.contains("transaction underpriced") {
                self = .transactionUnderpriced
            } else if text.contains("max fee per gas less than block base fee") {
                self = .feeCapBelowBaseFee
            } else if text.contains("intrinsic gas too low") {
                self = .intrinsicGasTooLow
            } else if text.contains("invalid chain id") {
                self = .invalidChainID
            } else if text.contains("invalid sender") {
                self = .invalidSender
            } else {
                self = .other
            }
        }

        func remedy(revertReason: RevertReason?) -> String {
            switch self {
            case .nonceTooLow:
                return "Refetch the nonce with eth_getTransactionCount(pending) and sign again."
            case .alreadyKnown:
                return "The node already has this transaction; treat it as sent and wait for its receipt."
            case .replacementUnderpriced:
                return "Raise both maxFeePerGas and maxPriorityFeePerGas by at least 10% to replace the pending transaction."
            case .insufficientFunds:
                return "Fund the sending account or lower the gas limit, fees or value."
            case .executionReverted:
                if let revertReason { return "The call failed (\(revertReason)); fix its arguments or the contract's state." }
                return "The contract reverted; check the call's arguments and the contract's state."
            case .transactionUnderpriced:
                return "Raise the gas price or priority fee to the node's minimum."
            case .feeCapBelowBaseFee:
                return "Raise maxFeePerGas above the current base fee (see eth_feeHistory)."
            case .intrinsicGasTooLow:
                return "Raise the gas limit (use eth_estimateGas)."
            case .invalidChainID, .invalidSender:
                return "Sign the transaction with the node's chain id (eth_chainId) and a valid key."
            case .other:
                return "The node rejected the request; check its parameters."
            }
        }
    }
}
