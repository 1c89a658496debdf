import EthereumAccounts
import Foundation

/// The keystore passphrase. Its description is redacted so it never reaches a log line or an error message.
public struct Passphrase: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The secret value; use only to decrypt the keystore.
    public let value: String

    /// Wraps a passphrase.
    public init(_ value: String) { self.value = value }

    public var description: String { "<redacted>" }
    public var debugDescription: String { "<redacted>" }
    public var customMirror: Mirror { Mirror(self, children: []) }

    /// Reads the passphrase from `QSP_ETH_PASSPHRASE`, or from the file named by `QSP_ETH_PASSPHRASE_FILE`
    /// (``PassphraseFile``: one trailing LF or CRLF is dropped). The variable wins when both are set.
    public static func fromEnvironment(_ environment: [String: String]) throws(ConfigurationError) -> Passphrase {
        if let value = environment["QSP_ETH_PASSPHRASE"] { return Passphrase(value) }
        if let file = environment["QSP_ETH_PASSPHRASE_FILE"] {
            do { return Passphrase(try PassphraseFile.read(file)) } catch {
                throw ConfigurationError(key: "QSP_ETH_PASSPHRASE_FILE", error.message)
            }
        }
        throw ConfigurationError(key: "QSP_ETH_PASSPHRASE",
                                 "not set; export the keystore passphrase in QSP_ETH_PASSPHRASE or put it in a file named by QSP_ETH_PASSPHRASE_FILE")
    }
}

/// `audit_contract_abi.metadata`: the deployed contract's address and version.
public struct ContractMetadata: Sendable, Equatable {
    /// `contractAddress` as written in the file (validated when the chain binding is built).
    public var contractAddress: String
    /// `version` (for example "2.9.1").
    public var version: String

    /// Reads and checks the metadata JSON at `path`.
    public static func load(path: String) throws(ConfigurationError) -> ContractMetadata {
        let key = "audit_contract_abi.metadata"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConfigurationError(key: key, "cannot read \(path)")
        }
        guard let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
            throw ConfigurationError(key: key, "\(path) is not a JSON object")
        }
        guard let address = object["contractAddress"] as? String, address.count == 42, address.hasPrefix("0x") else {
            throw ConfigurationError(key: key, "\(path) needs \"contractAddress\": \"0x…\" (40 hex digits)")
        }
        return ContractMetadata(contractAddress: address, version: object["version"] as? String ?? "unknown")
    }
}
