import Ethereum
import Foundation
@testable import AuditNode

// Fixtures name accounts and transaction hashes by short strings ("0xR", "0xaa"). A literal that is a real address
// or a real 32-byte hash is taken as it is; any other maps to a fixed value derived from its text (Keccak-256), so
// equal literals are equal values and different ones differ. Test-only: production code parses and reports errors.

extension Address: ExpressibleByStringLiteral, ExpressibleByUnicodeScalarLiteral,
    ExpressibleByExtendedGraphemeClusterLiteral
{
    public init(stringLiteral text: String) {
        if let address = try? Address(text) { self = address; return }
        self = try! Address(bytes: Keccak256.hash(Data(text.utf8)).suffix(20))
    }
}

extension TransactionHash: ExpressibleByStringLiteral, ExpressibleByUnicodeScalarLiteral,
    ExpressibleByExtendedGraphemeClusterLiteral
{
    public init(stringLiteral text: String) {
        self = TransactionHash(hex: text) ?? TransactionHash(Keccak256.hash(Data(text.utf8)))!
    }
}
