import Ethereum

/// Bridges to the Ethereum module's EIP-55 address type.
enum EthereumAddressShim {
    static func checksummed(_ text: String) throws -> String {
        try Address(text).checksummed
    }
}
