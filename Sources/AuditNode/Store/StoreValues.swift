import Foundation
import Ethereum
import GRDB

/// uint256 amounts (prices in wei-QSP, fees in wei) are stored as decimal text: exact beyond SQLite's 64-bit
/// integers, readable in `sqlite3`, and what every store written before the values were typed already holds.
/// Reading accepts a non-negative integer too; anything else is not a value (GRDB reports a decoding error).
extension UInt256: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { decimalString.databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> UInt256? {
        switch dbValue.storage {
        case .string(let text): UInt256(decimalString: text)
        case .int64(let number) where number >= 0: UInt256(UInt64(number))
        default: nil
        }
    }
}

/// Addresses (requestors, the node's account) are stored as EIP-55 checksummed text, as stores written before the
/// columns were typed hold them; reading accepts any case and does not verify the checksum (the node wrote it; a
/// Keccak-256 per row read was a measurable share of the node's CPU).
extension Address: DatabaseValueConvertible {
    public var databaseValue: DatabaseValue { checksummed.databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> Address? {
        guard case .string(let text) = dbValue.storage else { return nil }
        return try? Address(text.lowercased())
    }
}

/// A transaction hash: 32 bytes, written `0x` + 64 lowercase hex digits — in logs, on the status page and in the
/// store (the text stores written before the columns were typed hold, and what `/tx/<hash>` looks up).
public struct TransactionHash: Hashable, Sendable, CustomStringConvertible, Codable, DatabaseValueConvertible {
    /// The 32 bytes.
    public let bytes: Data

    /// Wraps a hash; nil unless it is 32 bytes.
    public init?(_ bytes: Data) {
        guard bytes.count == 32 else { return nil }
        self.bytes = bytes
    }

    /// Parses `0x` + 64 hex digits (any case); nil otherwise.
    public init?(hex text: String) {
        guard text.hasPrefix("0x") || text.hasPrefix("0X"), let bytes = try? Data(hexString: text) else { return nil }
        self.init(bytes)
    }

    /// `0x` + lowercase hex.
    public var description: String { bytes.hexString() }

    public var databaseValue: DatabaseValue { description.databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> TransactionHash? {
        switch dbValue.storage {
        case .string(let text): TransactionHash(hex: text)
        case .blob(let data): TransactionHash(data)
        default: nil
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let hash = TransactionHash(hex: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a 32-byte hash: \(text)"))
        }
        self = hash
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
