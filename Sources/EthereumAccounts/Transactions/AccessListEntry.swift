import Ethereum
import Foundation

/// One EIP-2930 access-list entry: an address and the storage slots (32 bytes each) the transaction touches.
public struct AccessListEntry: Hashable, Sendable {
    /// The accessed contract.
    public var address: Address
    /// The accessed storage keys, 32 bytes each.
    public var storageKeys: [Data]

    /// Creates an entry.
    public init(address: Address, storageKeys: [Data] = []) {
        self.address = address
        self.storageKeys = storageKeys
    }

    var rlpItem: RLPItem {
        .list([.bytes(address.bytes), .list(storageKeys.map { .bytes($0) })])
    }
}
