/// A configuration or input problem of the analysis layer. The message says what to do.
public struct AnalysisError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of problem.
    public struct Code: Hashable, Sendable {
        enum Kind: Hashable, Sendable {
            case unknownAnalyzer, missingWrapper, invalidConfiguration, toolNotFound, prepareFailed, invalidInput
        }
        let kind: Kind
        /// An analyzer name that is neither built in nor a wrapper directory.
        public static let unknownAnalyzer = Code(kind: .unknownAnalyzer)
        /// A wrapper directory or one of its scripts is missing.
        public static let missingWrapper = Code(kind: .missingWrapper)
        /// A configuration value is invalid.
        public static let invalidConfiguration = Code(kind: .invalidConfiguration)
        /// An external tool's executable was not found.
        public static let toolNotFound = Code(kind: .toolNotFound)
        /// An analyzer's start-up step failed.
        public static let prepareFailed = Code(kind: .prepareFailed)
        /// An input file or value is unusable.
        public static let invalidInput = Code(kind: .invalidInput)
    }

    /// The kind of problem.
    public let code: Code
    /// Human-readable explanation with a hint.
    public let message: String

    /// Creates an error.
    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    public static func == (lhs: AnalysisError, rhs: AnalysisError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
