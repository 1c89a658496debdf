import Crypto
import Foundation

/// The hashes of PROTOCOL.md §6.3: sha256 as lowercase hex.
public enum ReportHashing {
    /// `contract_hash`: sha256 of the raw contract bytes (for valid UTF-8 this equals the reference's hash of the text).
    public static func contractHash(_ source: Data) -> String {
        sha256Hex(source)
    }

    /// `audit_hash`: sha256 of exactly the uploaded report bytes.
    public static func auditHash(_ json: Data) -> String {
        sha256Hex(json)
    }

    static func sha256Hex(_ data: Data) -> String {
        Data(SHA256.hash(data: data)).hexString(prefixed: false)
    }
}
