/// A failure talking to, or interpreting, the chain.
public struct ChainError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable { case configuration, rpc, decoding, rejected }
        private let base: Base
        private init(_ base: Base) { self.base = base }
        /// The configuration does not fit the chain (fatal at start-up).
        public static let configuration = Code(.configuration)
        /// The RPC failed; see `retriable`.
        public static let rpc = Code(.rpc)
        /// An answer could not be decoded.
        public static let decoding = Code(.decoding)
        /// The node refused a transaction permanently.
        public static let rejected = Code(.rejected)
        public var description: String { "\(base)" }
    }

    /// The code; equality is on it.
    public var code: Code
    /// What happened and what to do.
    public var message: String
    /// Whether retrying later may succeed (transport problems, timeouts, 5xx).
    public var retriable: Bool

    /// Creates an error.
    public init(_ code: Code, _ message: String, retriable: Bool = false) {
        self.code = code
        self.message = message
        self.retriable = retriable
    }

    public static func == (lhs: ChainError, rhs: ChainError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
    public var description: String { message }
}
