import Foundation
import Testing

@testable import AuditReport

@Suite("Police verdict (§3.9)")
struct PoliceVerdictTests {
    static func onChain(_ name: String) throws -> Data {
        try CompressedReportCodec.encode(Fixtures.report(name))
    }

    @Test func incompleteAuditorAgainstFullPoliceIsRejected() throws {
        let (verified, reason) = PoliceVerdict.evaluate(
            onChainReport: try Self.onChain("DAOBugIncomplete"), policeReport: try Fixtures.report("DAOBug"))
        #expect(!verified)
        #expect(reason.contains("2/9"))
    }

    @Test func identicalReportsAreVerified() throws {
        for name in ["DAOBug", "DAOBugIncomplete", "DAOBugMythrilOnly"] {
            let (verified, reason) = PoliceVerdict.evaluate(onChainReport: try Self.onChain(name), policeReport: try Fixtures.report(name))
            #expect(verified, "\(name): \(reason)")
        }
    }

    @Test func emptyPoliceFindingsAreVerified() throws {
        // Police analyzers failed (Dockerhub) → S_p empty → true, whatever the auditor found.
        let (verified, reason) = PoliceVerdict.evaluate(
            onChainReport: try Self.onChain("DAOBug"), policeReport: try Fixtures.report("DockerhubFail"))
        #expect(verified)
        #expect(reason.contains("no findings"))
    }

    @Test func differentOrEmptyHashIsRejected() throws {
        #expect(!PoliceVerdict.evaluate(onChainReport: try Self.onChain("kyber"), policeReport: try Fixtures.report("Empty")).verified)
        var noHash = try Fixtures.report("DAOBug")
        noHash.contractHash = ""
        #expect(!PoliceVerdict.evaluate(onChainReport: try Self.onChain("DAOBug"), policeReport: noHash).verified)
        noHash.contractHash = nil
        #expect(!PoliceVerdict.evaluate(onChainReport: try Self.onChain("DAOBug"), policeReport: noHash).verified)
        // Case does not matter: decoded hashes are uppercase.
        var upper = try Fixtures.report("DAOBug")
        upper.contractHash = upper.contractHash?.uppercased()
        #expect(PoliceVerdict.evaluate(onChainReport: try Self.onChain("DAOBug"), policeReport: upper).verified)
    }

    @Test func undecodableOrEmptyOnChainReportIsRejected() throws {
        let police = try Fixtures.report("DAOBug")
        let good = try Self.onChain("DAOBug")
        for bad in [Data(), good.prefix(33), good + Data([0x12, 0x00]), good.prefix(34) + Data([0x1C, 0, 1])] {
            let (verified, reason) = PoliceVerdict.evaluate(onChainReport: bad, policeReport: police)
            #expect(!verified)
            #expect(reason.contains("empty") || reason.contains("decoded"), "\(reason)")
        }
    }

    @Test func thresholdIsTheIntegerRule() throws {
        // S_p has 5 findings; the auditor reports k of them: true iff 5k ≥ 15, i.e. k ≥ 3.
        let all: [(String, Int?, Int?)] = (1...5).map { ("reentrancy", $0 * 10, nil) }
        let police = Fixtures.report(findings: all)
        for k in 0...5 {
            let auditor = Fixtures.report(findings: Array(all.prefix(k)) + [("other", 999, nil)])
            let verdict = PoliceVerdict.evaluate(onChainReport: try CompressedReportCodec.encode(auditor), policeReport: police)
            #expect(verdict.verified == (k >= 3), "k = \(k): \(verdict.reason)")
        }
    }

    @Test func onlyTypeAndStartLineAreCompared() throws {
        let police = Fixtures.report(findings: [("reentrancy", 10, 12), ("other", 3, nil)])
        let auditor = Fixtures.report(auditState: 5, status: "error", findings: [("reentrancy", 10, nil), ("other", 3, 9)])
        #expect(PoliceVerdict.evaluate(onChainReport: try CompressedReportCodec.encode(auditor), policeReport: police).verified)
        let shifted = Fixtures.report(findings: [("reentrancy", 11, nil), ("integer_overflow", 3, nil)])
        #expect(!PoliceVerdict.evaluate(onChainReport: try CompressedReportCodec.encode(shifted), policeReport: police).verified)
    }
}
