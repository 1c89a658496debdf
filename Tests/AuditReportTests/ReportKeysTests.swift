import Foundation
import Testing

@testable import AuditReport

/// The ordered writer (``ReportJSON``) takes its key names from the models' `CodingKeys`; this pins that the two
/// serialisations of a report with every field set are the same JSON (names and values; order aside).
@Suite("Report key names: one source of truth")
struct ReportKeysTests {
    static let full = Report(
        timestamp: 1_700_000_000, contractURI: "https://example.com/a.sol", contractHash: String(repeating: "ab", count: 32),
        requestor: "0x" + String(repeating: "1", count: 40), auditor: "0x" + String(repeating: "2", count: 40),
        requestID: 7, version: "2.1.0", auditState: 4, status: "success",
        analyzersReports: [
            AnalyzerReport(
                status: "success",
                analyzer: AnalyzerDescription(
                    name: "builtin", version: "1", vulnerabilitiesChecked: ["Reentrancy": VulnerabilityCheck(type: "reentrancy")],
                    command: "builtin a.sol"),
                startTime: 1, endTime: 2,
                potentialVulnerabilities: [
                    PotentialVulnerability(
                        type: "reentrancy", file: "a.sol", description: "d", contract: "A",
                        instances: [VulnerabilityInstance(refID: 0, startLine: 3, endLine: 4, category: "reentrancy", swc: "SWC-107")],
                        severity: "high", confidence: "medium", ruleID: "reentrancy-eth", title: "Reentrancy")
                ],
                errors: ["e"], warnings: ["w"], trace: ["t"],
                coverages: [Coverage(percentage: 50.5, file: "a.sol", contract: "A")])
        ],
        compilationWarnings: ["cw"], compilationErrors: ["ce"])

    @Test func writerAndCodableAgree() throws {
        let written = try JSONParser.parse(ReportJSON.encode(Self.full))
        let encoded = try JSONParser.parse(JSONEncoder().encode(Self.full))
        #expect(written == encoded)
    }

    @Test func writerFollowsTheCodingKeysOrder() throws {
        let written = try JSONParser.parse(ReportJSON.encode(Self.full))
        #expect(written.objectValue?.keys == Report.CodingKeys.allCases.map(\.stringValue))
    }
}
