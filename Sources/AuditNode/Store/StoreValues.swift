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
