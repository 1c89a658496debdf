import Foundation

extension CompressedReportCodec {
    /// Encodes any report by applying the §3.5 "→ DO" repairs instead of failing, and says what it changed.
    ///
    /// Repairs (each listed in `adjustments`, in encounter order):
    /// - status ∉ {success, error} → "error"; audit_state ∉ {4, 5} or missing → 4 if status is "success",
    ///   else 5. A valid combination, including (4, "error"), is kept as is.
    /// - An instance with a null start_line, or a start_line outside 0…32767, is dropped.
    /// - A type outside the codec v1 table is encoded as `other`.
    /// - An end_line before the start line or more than 255 lines after it is encoded as "no end line".
    /// - Unrepairable header fields (missing/invalid version or contract_hash, which the node itself
    ///   produces) are encoded as version 0.0.0 and an all-zero hash, and reported; such a report will not
    ///   pass a police hash check, so callers should treat these adjustments as bugs.
    /// Never emits a type id outside the table. For a report that ``encode(_:)`` accepts, the output is
    /// identical and `adjustments` is empty.
    public static func encodeSanitized(_ report: Report) -> (data: Data, adjustments: [String]) {
        var adjustments: [String] = []
        var status = report.status
        if status != "success" && status != "error" {
            adjustments.append("status \"\(status.prefix(40))\" is not success/error; encoded as error")
            status = "error"
        }
        var auditState = report.auditState ?? -1
        if auditState != 4 && auditState != 5 {
            let fixed = status == "success" ? 4 : 5
            let shown = report.auditState.map(String.init) ?? "missing"
            adjustments.append("audit_state \(shown) is not 4/5; encoded as \(fixed)")
            auditState = fixed
        }
        var version = report.version ?? ""
        if (try? parseVersion(version)) == nil {
            adjustments.append("version \"\(version.prefix(40))\" is not a valid major.minor.patch; encoded as 0.0.0")
            version = "0.0.0"
        }
        var out: Data
        do {
            out = try header(version: version, auditState: auditState, status: status)
        } catch {
            out = Data([0, 0])  // unreachable: every field was normalised above
        }
        let hash = report.contractHash ?? ""
        if let bytes = try? hashBytes(hash) {
            out.append(bytes)
        } else {
            adjustments.append("contract_hash \"\(hash.prefix(80))\" is not 64 hex digits; encoded as zeros")
            out.append(Data(count: 32))
        }
        var seen = Set<Record>()
        for (analyzerIndex, analyzerReport) in (report.analyzersReports ?? []).enumerated() {
            let analyzer = "analyzer \(analyzerIndex) (\(analyzerReport.analyzer.name.prefix(50)))"
            for vulnerability in analyzerReport.potentialVulnerabilities ?? [] {
                for instance in vulnerability.instances {
                    let (record, notes) = sanitizedRecord(vulnerability.type, instance, where: analyzer)
                    adjustments += notes
                    if let record, seen.insert(record).inserted {
                        record.append(to: &out)
                    }
                }
            }
        }
        return (out, adjustments)
    }

    private static func sanitizedRecord(
        _ type: String, _ instance: VulnerabilityInstance, where analyzer: String
    ) -> (Record?, [String]) {
        let label = "\(analyzer) \(type.prefix(80)) ref_id \(instance.refID)"
        guard let start = instance.startLine else {
            return (nil, ["\(label): dropped, start_line is null"])
        }
        guard (0...maxStartLine).contains(start) else {
            return (nil, ["\(label): dropped, start_line \(start) is outside 0…\(maxStartLine)"])
        }
        var notes: [String] = []
        let id: UInt8
        if let known = VulnerabilityTypes.id(of: type) {
            id = known
        } else {
            notes.append("\(label): unknown type encoded as other")
            id = VulnerabilityTypes.id(of: VulnerabilityTypes.other) ?? 0x11
        }
        var span: Int?
        if let end = instance.endLine, end != 0, end != start {
            let (diff, overflow) = end.subtractingReportingOverflow(start)
            if !overflow && diff > 0 && diff <= maxLineSpan {
                span = diff
            } else {
                notes.append("\(label): end_line \(end) cannot be encoded with start_line \(start); encoded without end line")
            }
        }
        return (Record(typeID: id, startLine: start, span: span), notes)
    }
}
