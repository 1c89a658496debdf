import EthereumAccounts
import Foundation
import QSPCore

/// Replaces secret values (passphrase, RPC auth token, cloud credentials) by `<redacted>` in log output, whatever
/// path they took into a message or a metadata value (a library's debug dump of a service, an error that quotes
/// a URL). The last line of defence behind types whose descriptions are already redacted.
public struct SecretRedactor: Sendable {
    /// Environment variables whose values are secrets (`SecretEnvironment`, shared with the child-process scrub).
    public static let secretVariables = SecretEnvironment.secretValues
    /// Secrets shorter than this are not searched for (they would blank out ordinary text; such values are
    /// weak secrets anyway).
    public static let minimumLength = 3

    private let secrets: [String]

    /// Redacts the given values (longest first, so a secret containing another is replaced whole).
    public init(secrets: [String]) {
        self.secrets = Array(Set(secrets.filter { $0.count >= Self.minimumLength })).sorted { $0.count > $1.count }
    }

    /// Redacts nothing.
    public static let none = SecretRedactor(secrets: [])

    /// The secrets of a process environment: the variables above and the content of `QSP_ETH_PASSPHRASE_FILE`
    /// (as read, and without its line ending).
    public static func fromEnvironment(_ environment: [String: String]) -> SecretRedactor {
        var values = secretVariables.compactMap { environment[$0] }
        if let file = environment["QSP_ETH_PASSPHRASE_FILE"], let passphrase = try? PassphraseFile.read(file) {
            values.append(passphrase)
        }
        return SecretRedactor(secrets: values)
    }

    /// True when there is nothing to redact.
    public var isEmpty: Bool { secrets.isEmpty }

    /// `text` with every secret replaced.
    public func redact(_ text: String) -> String {
        guard !secrets.isEmpty else { return text }
        var result = text
        for secret in secrets where result.contains(secret) {
            result = result.replacingOccurrences(of: secret, with: "<redacted>")
        }
        return result
    }
}
