import Foundation

/// The police similarity rule of PROTOCOL.md §3.9, bit-exact with the reference.
public enum PoliceVerdict {
    /// One `(type, start_line)` pair; a null start line is kept as nil (it can never match).
    struct Finding: Hashable {
        let type: String
        let startLine: Int?
    }

    /// Decides whether the auditor's on-chain report is acceptable compared with the police's own report.
    ///
    /// 1. Empty bytes → false (the reference raises; we treat it as undecodable).
    /// 2. Strict decode (§6.4) and schema validation of the decoded report; any failure → false.
    /// 3. Lowercased contract hashes: either empty or different → false.
    /// 4. `S_a` = `(type, start_line)` over the decoded instances, `S_p` the same over every instance of
    ///    the police report. `S_p` empty → true; otherwise true iff `5·|S_a ∩ S_p| ≥ 3·|S_p|`.
    /// `end_line`, file, analyzer, ref_id, audit_state and status are not compared.
    /// The reason always says why, for logging.
    public static func evaluate(onChainReport: Data, policeReport: Report) -> (verified: Bool, reason: String) {
        guard !onChainReport.isEmpty else {
            return (false, "the on-chain report is empty (undecodable)")
        }
        let auditorReport: Report
        do {
            auditorReport = try CompressedReportCodec.decode(onChainReport)
        } catch {
            return (false, "the on-chain report cannot be decoded: \(error.message)")
        }
        let schemaErrors = ReportSchemaValidator().validate(auditorReport)
        if let first = schemaErrors.first {
            return (false, "the decoded on-chain report fails the schema: \(first)")
        }
        let auditorHash = (auditorReport.contractHash ?? "").lowercased()
        let policeHash = (policeReport.contractHash ?? "").lowercased()
        guard !auditorHash.isEmpty, !policeHash.isEmpty else {
            return (false, "a contract hash is empty (auditor \"\(auditorHash)\", police \"\(policeHash)\")")
        }
        guard auditorHash == policeHash else {
            return (false, "contract hash mismatch: auditor \(auditorHash), police \(policeHash)")
        }
        let auditorFindings = findings(of: auditorReport)
        let policeFindings = findings(of: policeReport)
        guard !policeFindings.isEmpty else {
            return (true, "the police report has no findings; verified (auditor has \(auditorFindings.count))")
        }
        let common = auditorFindings.intersection(policeFindings).count
        let verified = 5 * common >= 3 * policeFindings.count
        let ratio = "\(common)/\(policeFindings.count) police findings (type, start_line) are in the on-chain report"
        return (verified, verified ? "\(ratio) (≥ 60 %)" : "\(ratio) (< 60 %)")
    }

    static func findings(of report: Report) -> Set<Finding> {
        var set = Set<Finding>()
        for analyzerReport in report.analyzersReports ?? [] {
            for vulnerability in analyzerReport.potentialVulnerabilities ?? [] {
                for instance in vulnerability.instances {
                    set.insert(Finding(type: vulnerability.type, startLine: instance.startLine))
                }
            }
        }
        return set
    }
}
