/// A configuration problem: names the key and the expected form, so the operator knows what to fix.
public struct ConfigurationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The dotted key path (for example `gas_price.strategy`), or the file/environment concerned.
    public var key: String
    /// What was expected and what was found.
    public var message: String

    /// Creates an error for `key`.
    public init(key: String, _ message: String) {
        self.key = key
        self.message = message
    }

    /// Equality is on the key (the message may vary).
    public static func == (lhs: ConfigurationError, rhs: ConfigurationError) -> Bool { lhs.key == rhs.key }
    public func hash(into hasher: inout Hasher) { hasher.combine(key) }

    public var description: String { "configuration error at '\(key)': \(message)" }
}
