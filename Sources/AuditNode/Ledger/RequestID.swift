import Ethereum
import Foundation
import GRDB

/// An on-chain request id: any `uint256`, exact. Stored as decimal text — the form every store written before ids
/// were typed already holds, so no migration is needed — and read back from text or an integer column value.
/// Services pass it around typed; it becomes calldata through `value` and a log field through `description`.
public struct RequestID: Hashable, Comparable, Sendable, CustomStringConvertible, Codable, DatabaseValueConvertible,
    ExpressibleByIntegerLiteral, ExpressibleByStringLiteral
{
    /// The id as the contract knows it.
    public let value: UInt256

    /// Wraps an on-chain id.
    public init(_ value: UInt256) { self.value = value }

    /// Parses decimal text (what the store and the CLI hold); nil when it is not a uint256.
    public init?(decimal text: String) {
        guard let value = UInt256(decimalString: text) else { return nil }
        self.value = value
    }

    /// A literal id (tests, fixtures).
    public init(integerLiteral value: UInt64) { self.value = UInt256(value) }

    /// A literal decimal id (tests, fixtures); a literal that is not a uint256 is a programming error.
    public init(stringLiteral text: String) {
        guard let value = UInt256(decimalString: text) else { preconditionFailure("not a decimal uint256: \(text)") }
        self.value = value
    }

    /// Decimal.
    public var description: String { value.decimalString }

    /// The id as the report's integer `request_id`, when it fits (every id a real contract hands out does: they
    /// count up from 1).
    public var reportInteger: Int? { value.int }

    public static func < (lhs: RequestID, rhs: RequestID) -> Bool { lhs.value < rhs.value }

    public var databaseValue: DatabaseValue { value.decimalString.databaseValue }

    public static func fromDatabaseValue(_ dbValue: DatabaseValue) -> RequestID? {
        switch dbValue.storage {
        case .string(let text): RequestID(decimal: text)
        case .int64(let number) where number >= 0: RequestID(UInt256(UInt64(number)))
        default: nil
        }
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let id = RequestID(decimal: text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a decimal request id: \(text)"))
        }
        self = id
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
