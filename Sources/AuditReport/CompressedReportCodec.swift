import Foundation

/// The compressed on-chain report encoding of PROTOCOL.md §6.4, bit-exact with the reference node.
///
/// Layout (big-endian, MSB first): 16 header bits (major 4, minor 4, patch 6, audit_state bit, status bit),
/// the 256-bit contract hash, then one record per distinct finding: 8-bit type id, 1 `has_end` bit, 15-bit
/// start line, and iff `has_end` an 8-bit `end_line − start_line`. Every field boundary is byte-aligned, so
/// the encoding is whole bytes: 34 fixed bytes plus 3 or 4 per record.
public enum CompressedReportCodec {
    /// Size of the header plus contract hash.
    public static let fixedSize = 34
    /// Largest encodable start line (15 bits).
    public static let maxStartLine = 32767
    /// Largest encodable `end_line − start_line` (8 bits).
    public static let maxLineSpan = 255

    /// Encodes `report` exactly like the reference encoder, including every case in which it refuses.
    ///
    /// Errors, checked in the reference's order: audit_state missing, version missing, version not "a.b.c"
    /// or out of range, audit_state ∉ {4, 5}, status ∉ {success, error}, contract_hash not 64 hex digits,
    /// then per instance: null start_line, unknown type, start ∉ 0…32767, end < start (non-zero end) or
    /// end − start ≥ 256. Use ``encodeSanitized(_:)`` to get an encoding for any report instead.
    /// One known difference: the model reads a JSON `"end_line": null` as absent ("no end line"), where
    /// the reference's `int(None)` fails; a null `start_line` is an error in both.
    public static func encode(_ report: Report) throws(CodecError) -> Data {
        guard let auditState = report.auditState else {
            throw CodecError(.invalidAuditState, "audit_state is missing; it must be 4 (completed) or 5 (error)")
        }
        guard let version = report.version else {
            throw CodecError(.invalidVersion, "version is missing; it must be \"major.minor.patch\"")
        }
        var out = try header(version: version, auditState: auditState, status: report.status)
        guard let hash = report.contractHash else {
            throw CodecError(.invalidContractHash, "contract_hash is missing; it must be 64 hex digits (sha256)")
        }
        out.append(try hashBytes(hash))
        var seen = Set<Record>()
        for analyzerReport in report.analyzersReports ?? [] {
            for vulnerability in analyzerReport.potentialVulnerabilities ?? [] {
                for instance in vulnerability.instances {
                    let record = try Record(type: vulnerability.type, instance: instance)
                    if seen.insert(record).inserted {
                        record.append(to: &out)
                    }
                }
            }
        }
        return out
    }

    /// Decodes compressed bytes strictly: inputs shorter than 34 bytes, a trailing partial record and type
    /// ids ≥ 28 are errors (the reference silently accepts the first two).
    ///
    /// The result has the reference decoder's shape: one analyzer report named "Unknown Analyzer" whose
    /// status is the header status, findings grouped by type in first-appearance order with file
    /// "Unknown File", `ref_id` counting from 0 per type, `end_line = start_line` when there is no end, and
    /// the contract hash in UPPERCASE hex.
    public static func decode(_ data: Data) throws(CodecError) -> Report {
        let bytes = [UInt8](data)
        guard bytes.count >= fixedSize else {
            throw CodecError(
                .tooShort,
                "compressed report is \(bytes.count) bytes; at least \(fixedSize) (header and contract hash) are required")
        }
        let major = Int(bytes[0] >> 4)
        let minor = Int(bytes[0] & 0x0F)
        let patch = Int(bytes[1] >> 2)
        let auditState = bytes[1] & 0b10 != 0 ? 4 : 5
        let status = bytes[1] & 0b01 != 0 ? "success" : "error"
        let hash = Data(bytes[2..<fixedSize]).hexString(prefixed: false, uppercase: true)

        var groups: [String: [VulnerabilityInstance]] = [:]
        var order: [String] = []
        var index = fixedSize
        while index < bytes.count {
            let remaining = bytes.count - index
            guard remaining >= 3 else {
                throw CodecError(
                    .truncatedRecord,
                    "compressed report ends with a partial record of \(remaining) byte(s) at offset \(index); records are 3 or 4 bytes")
            }
            let id = bytes[index]
            guard let type = VulnerabilityTypes.type(for: id) else {
                throw CodecError(
                    .unknownTypeID,
                    "unknown vulnerability type id \(id) at offset \(index); the codec v1 table has ids 0…\(VulnerabilityTypes.all.count - 1)")
            }
            let hasEnd = bytes[index + 1] & 0x80 != 0
            let start = Int(bytes[index + 1] & 0x7F) << 8 | Int(bytes[index + 2])
            var end = start
            if hasEnd {
                guard remaining >= 4 else {
                    throw CodecError(
                        .truncatedRecord,
                        "compressed report ends inside a record with an end line at offset \(index); 4 bytes needed, \(remaining) left")
                }
                end = start + Int(bytes[index + 3])
                index += 4
            } else {
                index += 3
            }
            if groups[type] == nil { order.append(type) }
            let refID = groups[type, default: []].count
            groups[type, default: []].append(VulnerabilityInstance(refID: refID, startLine: start, endLine: end))
        }
        let vulnerabilities = order.map { type in
            PotentialVulnerability(type: type, file: "Unknown File", instances: groups[type] ?? [])
        }
        return Report(
            contractHash: hash,
            version: "\(major).\(minor).\(patch)",
            auditState: auditState,
            status: status,
            analyzersReports: [
                AnalyzerReport(
                    status: status, analyzer: AnalyzerDescription(name: "Unknown Analyzer"),
                    potentialVulnerabilities: vulnerabilities)
            ])
    }

    /// Decodes a hex string: upper or lower case, optional `0x`, surrounding whitespace ignored.
    public static func decode(hex: String) throws(CodecError) -> Report {
        try decode(parseHex(hex))
    }

    /// Parses codec hex input (optional `0x`/`0X`, either case, surrounding whitespace ignored).
    public static func parseHex(_ hex: String) throws(CodecError) -> Data {
        var text = Substring(hex).trimmingCharacters(in: .whitespacesAndNewlines)[...]
        if text.hasPrefix("0x") || text.hasPrefix("0X") { text = text.dropFirst(2) }
        guard text.utf8.count % 2 == 0 else {
            throw CodecError(.invalidHex, "hex input has an odd number of digits (\(text.utf8.count)); each byte needs two")
        }
        guard let data = Data(hexDigits: text) else {
            throw CodecError(.invalidHex, "hex input contains a character that is not 0-9, a-f or A-F")
        }
        return data
    }

    // MARK: - Header

    static func header(version: String, auditState: Int, status: String) throws(CodecError) -> Data {
        let (major, minor, patch) = try parseVersion(version)
        let stateBit: UInt8
        switch auditState {
        case 4: stateBit = 1
        case 5: stateBit = 0
        default: throw CodecError(.invalidAuditState, "audit_state is \(auditState); it must be 4 (completed) or 5 (error)")
        }
        let statusBit: UInt8
        switch status {
        case "success": statusBit = 1
        case "error": statusBit = 0
        default:
            throw CodecError(.invalidStatus, "status is \"\(status.prefix(40))\"; it must be \"success\" or \"error\"")
        }
        return Data([UInt8(major << 4 | minor), UInt8(patch << 2) | stateBit << 1 | statusBit])
    }

    /// Parses "a.b.c" like the reference's `[int(i) for i in version.split(".")]` plus range checks.
    /// Accepted per component: optional surrounding spaces, an optional `+`, ASCII digits.
    static func parseVersion(_ version: String) throws(CodecError) -> (Int, Int, Int) {
        let shown = "\"\(version.prefix(40))\""
        let parts = version.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else {
            throw CodecError(.invalidVersion, "version \(shown) is not in \"major.minor.patch\" form")
        }
        var values: [Int] = []
        for part in parts {
            var digits = part.trimmingCharacters(in: .whitespacesAndNewlines)[...]
            if digits.hasPrefix("+") { digits = digits.dropFirst() }
            guard !digits.isEmpty, digits.utf8.count <= 9, digits.utf8.allSatisfy({ (48...57).contains($0) }),
                let value = Int(digits)
            else {
                throw CodecError(.invalidVersion, "version \(shown) has a component that is not a non-negative integer")
            }
            values.append(value)
        }
        let limits = [("major", 15), ("minor", 15), ("patch", 63)]
        for (value, (name, limit)) in zip(values, limits) where value > limit {
            throw CodecError(.invalidVersion, "version \(shown): \(name) \(value) does not fit (maximum \(limit))")
        }
        return (values[0], values[1], values[2])
    }

    static func hashBytes(_ hash: String) throws(CodecError) -> Data {
        guard HexText.isDigits(hash, count: 64), let bytes = Data(hexDigits: hash) else {
            throw CodecError(
                .invalidContractHash,
                "contract_hash \"\(hash.prefix(80))\" is not exactly 64 hex digits (a sha256 without 0x)")
        }
        return bytes
    }
}
