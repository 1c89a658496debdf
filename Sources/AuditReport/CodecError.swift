/// An error of the compressed on-chain report codec (PROTOCOL.md §6.4) or of the `codec` tool.
///
/// Equality is on ``code``; ``message`` says what is wrong and what to do.
public struct CodecError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What went wrong, as a stable, switchable value.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        enum Kind: String, Hashable, Sendable {
            case invalidAuditState, invalidStatus, invalidVersion, invalidContractHash, unknownVulnerabilityType
            case lineOutOfRange, endLineOutOfRange, missingLine
            case invalidHex, tooShort, truncatedRecord, unknownTypeID
            case invalidReportJSON, fileUnreadable
        }
        let kind: Kind

        /// audit_state missing or not 4/5.
        public static let invalidAuditState = Code(kind: .invalidAuditState)
        /// status not "success"/"error".
        public static let invalidStatus = Code(kind: .invalidStatus)
        /// version missing, not "a.b.c", or a component too large (major/minor ≤ 15, patch ≤ 63).
        public static let invalidVersion = Code(kind: .invalidVersion)
        /// contract_hash missing or not exactly 64 hex digits.
        public static let invalidContractHash = Code(kind: .invalidContractHash)
        /// A vulnerability type that is not in the codec v1 table.
        public static let unknownVulnerabilityType = Code(kind: .unknownVulnerabilityType)
        /// start_line negative or ≥ 32768.
        public static let lineOutOfRange = Code(kind: .lineOutOfRange)
        /// end_line < start_line (non-zero end) or end_line − start_line ≥ 256.
        public static let endLineOutOfRange = Code(kind: .endLineOutOfRange)
        /// start_line is null.
        public static let missingLine = Code(kind: .missingLine)
        /// Input is not an even-length hex string.
        public static let invalidHex = Code(kind: .invalidHex)
        /// Compressed input shorter than the 34-byte fixed part.
        public static let tooShort = Code(kind: .tooShort)
        /// Compressed input ends in the middle of a record.
        public static let truncatedRecord = Code(kind: .truncatedRecord)
        /// A record type id ≥ 28.
        public static let unknownTypeID = Code(kind: .unknownTypeID)
        /// The report JSON cannot be parsed as a §6.1 report.
        public static let invalidReportJSON = Code(kind: .invalidReportJSON)
        /// An input file cannot be read.
        public static let fileUnreadable = Code(kind: .fileUnreadable)

        public var description: String { kind.rawValue }
    }

    /// The error kind.
    public let code: Code
    /// A human-readable explanation that names the offending value and the rule it breaks.
    public let message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    public static func == (lhs: CodecError, rhs: CodecError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}
