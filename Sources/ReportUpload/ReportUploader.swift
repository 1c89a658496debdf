public import Foundation

/// Stores reports and contracts where others can fetch them (PROTOCOL.md §6.3) and returns their URIs.
public protocol ReportUploader: Sendable {
    /// Uploads the report bytes (exactly the hashed bytes) and returns the `audit_uri`.
    func uploadReport(_ json: Data, account: String, auditHash: String) async throws -> String
    /// Uploads the audited contract source and returns its URI.
    func uploadContract(_ source: Data, account: String, requestID: Int, fileName: String) async throws -> String
}

/// An upload failure. The message says what to check.
public struct UploadError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What kind of failure.
    public struct Code: Hashable, Sendable {
        enum Kind: Hashable, Sendable { case invalidInput, io, http, transport }
        let kind: Kind
        /// An account, hash or file name is unusable.
        public static let invalidInput = Code(kind: .invalidInput)
        /// A local file could not be written.
        public static let io = Code(kind: .io)
        /// The server answered with an error status.
        public static let http = Code(kind: .http)
        /// The request did not complete (connection, timeout).
        public static let transport = Code(kind: .transport)
    }

    /// The kind of failure.
    public let code: Code
    /// Explanation with a hint.
    public let message: String
    /// The HTTP status, for `.http`.
    public let status: Int?

    /// Creates an error.
    public init(_ code: Code, _ message: String, status: Int? = nil) {
        self.code = code
        self.message = message
        self.status = status
    }

    public var description: String { message }

    public static func == (lhs: UploadError, rhs: UploadError) -> Bool { lhs.code == rhs.code }
    public func hash(into hasher: inout Hasher) { hasher.combine(code) }
}

/// Checks and normalizes the parts of upload keys.
enum UploadKeys {
    /// The account as a checksummed address (the report key prefix of §6.3).
    static func account(_ account: String) throws(UploadError) -> String {
        do {
            return try EthereumAddressShim.checksummed(account)
        } catch {
            throw UploadError(.invalidInput, "account '\(account.prefix(50))' is not an Ethereum address (0x + 40 hex digits)")
        }
    }

    /// A sha256 hex digest (64 hex digits), lowercased.
    static func auditHash(_ hash: String) throws(UploadError) -> String {
        let lowered = hash.lowercased()
        guard lowered.count == 64, lowered.allSatisfy({ $0.isHexDigit }) else {
            throw UploadError(.invalidInput, "audit hash must be 64 hex digits")
        }
        return lowered
    }

    /// A file name without directories or control characters, never empty or a dot name.
    static func fileName(_ name: String) throws(UploadError) -> String {
        let base = name.split(separator: "/").last.map(String.init) ?? ""
        guard !base.isEmpty, base != ".", base != "..", base.count <= 255,
              !base.unicodeScalars.contains(where: { $0.value < 0x20 || $0 == "\\" }) else {
            throw UploadError(.invalidInput, "contract file name '\(name.prefix(80))' is not usable as an upload key")
        }
        return base
    }
}
