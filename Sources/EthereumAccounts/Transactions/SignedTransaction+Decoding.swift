import Ethereum
import Foundation

extension SignedTransaction {
    /// Decodes a raw signed transaction (legacy or EIP-1559), validates its signature and recovers the sender.
    ///
    /// Rejects unknown envelope types, non-canonical RLP and integers, wrong field counts, r/s out of range,
    /// high-s signatures (EIP-2), invalid v / yParity, and encodings that do not re-encode to the same bytes.
    public static func decode(raw: Data) throws(TransactionError) -> SignedTransaction {
        guard let first = raw.first else { throw TransactionError(.empty) }
        let transaction: UnsignedTransaction
        let signature: Signature
        if first >= 0xc0 {
            (transaction, signature) = try decodeLegacy(raw)
        } else if first == EIP1559Transaction.typeByte {
            (transaction, signature) = try decodeEIP1559(raw.dropFirst())
        } else {
            throw TransactionError(.unsupportedType(first))
        }
        let from: Address
        do {
            from = try signature.recoverAddress(hash: transaction.signingHash())
        } catch {
            throw TransactionError(.invalidSignature("no public key recovers from it"))
        }
        let signed = SignedTransaction(transaction: transaction, signature: signature, from: from)
        // Canonical RLP and canonical fields imply this; it guards against any gap between the two paths.
        guard signed.raw == raw else { throw TransactionError(.invalidSignature("encoding is not canonical")) }
        return signed
    }

    private static func fields(_ payload: Data, count: Int) throws(TransactionError) -> RLPFieldReader {
        let item: RLPItem
        do { item = try RLP.decode(payload) } catch { throw TransactionError(.rlp(error)) }
        guard let items = item.listValue else {
            throw TransactionError.field("transaction", "expected an RLP list, found a byte string")
        }
        guard items.count == count else { throw TransactionError(.wrongFieldCount(expected: count, actual: items.count)) }
        return RLPFieldReader(items: items)
    }

    private static func decodeLegacy(_ raw: Data) throws(TransactionError) -> (UnsignedTransaction, Signature) {
        let reader = try fields(raw, count: 9)
        let v = try reader.uint256(6, "v")
        let chainID: UInt64?
        let recoveryID: UInt8
        if v == 27 || v == 28 {
            chainID = nil
            recoveryID = UInt8(v.uint64! - 27)
        } else if v >= 35 {
            let (quotient, remainder) = (v - 35).quotientAndRemainder(dividingBy: 2)
            guard let id = quotient.uint64 else { throw TransactionError.field("v", "chain id does not fit 64 bits") }
            chainID = id
            recoveryID = UInt8(remainder.uint64!)
        } else {
            throw TransactionError.field("v", "must be 27, 28 or chainId * 2 + 35/36")
        }
        let transaction = LegacyTransaction(
            nonce: try reader.uint64(0, "nonce"), gasPrice: try reader.uint256(1, "gasPrice"),
            gasLimit: try reader.uint64(2, "gasLimit"), to: try reader.recipient(3, "to"),
            value: try reader.uint256(4, "value"), data: try reader.bytes(5, "data"), chainID: chainID)
        let signature = try signatureFields(reader, r: 7, s: 8, recoveryID: recoveryID)
        return (.legacy(transaction), signature)
    }

    private static func decodeEIP1559(_ payload: Data) throws(TransactionError) -> (UnsignedTransaction, Signature) {
        let reader = try fields(payload, count: 12)
        let yParity = try reader.uint64(9, "yParity")
        guard yParity <= 1 else { throw TransactionError.field("yParity", "must be 0 or 1") }
        let transaction = EIP1559Transaction(
            chainID: try reader.uint64(0, "chainId"), nonce: try reader.uint64(1, "nonce"),
            maxPriorityFeePerGas: try reader.uint256(2, "maxPriorityFeePerGas"),
            maxFeePerGas: try reader.uint256(3, "maxFeePerGas"), gasLimit: try reader.uint64(4, "gasLimit"),
            to: try reader.recipient(5, "to"), value: try reader.uint256(6, "value"),
            data: try reader.bytes(7, "data"), accessList: try reader.accessList(8, "accessList"))
        let signature = try signatureFields(reader, r: 10, s: 11, recoveryID: UInt8(yParity))
        return (.eip1559(transaction), signature)
    }

    private static func signatureFields(
        _ reader: RLPFieldReader, r: Int, s: Int, recoveryID: UInt8
    ) throws(TransactionError) -> Signature {
        let rBytes = try reader.integerBytes(r, "r", maxBytes: 32)
        let sBytes = try reader.integerBytes(s, "s", maxBytes: 32)
        guard !rBytes.isEmpty, !sBytes.isEmpty else { throw TransactionError(.invalidSignature("r and s must be non-zero")) }
        guard let signature = try? Signature(r: rBytes, s: sBytes, recoveryID: recoveryID) else {
            throw TransactionError(.invalidSignature("r or s out of range"))
        }
        guard signature.isLowS else { throw TransactionError(.invalidSignature("s is in the upper half of the curve order (EIP-2)")) }
        return signature
    }
}
