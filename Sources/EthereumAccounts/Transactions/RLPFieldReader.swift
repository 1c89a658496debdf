import Ethereum
import Foundation

/// Reads typed transaction fields out of decoded RLP, enforcing canonical integers and exact sizes.
struct RLPFieldReader {
    let items: [RLPItem]

    func bytes(_ index: Int, _ name: String) throws(TransactionError) -> Data {
        guard let data = items[index].bytesValue else { throw .field(name, "expected a byte string, found a list") }
        return data
    }

    /// An unsigned integer of at most `maxBytes` bytes, minimal big-endian (no leading zero byte).
    func integerBytes(_ index: Int, _ name: String, maxBytes: Int) throws(TransactionError) -> Data {
        let data = try bytes(index, name)
        guard data.count <= maxBytes else { throw .field(name, "integer longer than \(maxBytes) bytes") }
        guard data.first != 0 else { throw .field(name, "integer has a leading zero byte (non-canonical)") }
        return data
    }

    func uint64(_ index: Int, _ name: String) throws(TransactionError) -> UInt64 {
        try integerBytes(index, name, maxBytes: 8).reduce(0) { $0 << 8 | UInt64($1) }
    }

    func uint256(_ index: Int, _ name: String) throws(TransactionError) -> UInt256 {
        let data = try integerBytes(index, name, maxBytes: 32)
        guard let value = UInt256(bigEndian: data) else { throw .field(name, "integer does not fit 256 bits") }
        return value
    }

    /// A recipient: empty for contract creation, else exactly 20 bytes.
    func recipient(_ index: Int, _ name: String) throws(TransactionError) -> Address? {
        let data = try bytes(index, name)
        if data.isEmpty { return nil }
        guard let address = try? Address(bytes: data) else {
            throw .field(name, "expected 20 bytes or empty (contract creation), found \(data.count) bytes")
        }
        return address
    }

    func accessList(_ index: Int, _ name: String) throws(TransactionError) -> [AccessListEntry] {
        guard let entries = items[index].listValue else { throw .field(name, "expected a list") }
        var result: [AccessListEntry] = []
        result.reserveCapacity(entries.count)
        for (position, entry) in entries.enumerated() {
            let entryName = "\(name)[\(position)]"
            guard let pair = entry.listValue, pair.count == 2 else {
                throw .field(entryName, "expected a list [address, storageKeys]")
            }
            let reader = RLPFieldReader(items: pair)
            guard let address = try reader.recipient(0, "\(entryName).address") else {
                throw .field("\(entryName).address", "expected 20 bytes, found 0")
            }
            guard let keys = pair[1].listValue else { throw .field("\(entryName).storageKeys", "expected a list") }
            var storageKeys: [Data] = []
            storageKeys.reserveCapacity(keys.count)
            for (keyIndex, key) in keys.enumerated() {
                guard let slot = key.bytesValue, slot.count == 32 else {
                    throw .field("\(entryName).storageKeys[\(keyIndex)]", "expected a 32-byte storage key")
                }
                storageKeys.append(slot)
            }
            result.append(AccessListEntry(address: address, storageKeys: storageKeys))
        }
        return result
    }
}
