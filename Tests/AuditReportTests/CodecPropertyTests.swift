import Foundation
import Testing

@testable import AuditReport

/// Deterministic PRNG so failures reproduce (SplitMix64).
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite("Compressed codec: properties")
struct CodecPropertyTests {
    static func randomReport(_ rng: inout SeededGenerator) -> Report {
        let analyzers = (0..<Int.random(in: 0...3, using: &rng)).map { a in
            AnalyzerReport(
                status: ["success", "error", "timeout"].randomElement(using: &rng)!,
                analyzer: AnalyzerDescription(name: "analyzer\(a)"),
                potentialVulnerabilities: (0..<Int.random(in: 0...5, using: &rng)).map { _ in
                    PotentialVulnerability(
                        type: VulnerabilityTypes.all.randomElement(using: &rng)!, file: "F.sol",
                        instances: (0..<Int.random(in: 0...4, using: &rng)).map { i in
                            let start = Bool.random(using: &rng)
                                ? Int.random(in: 0...40, using: &rng) : Int.random(in: 0...32767, using: &rng)
                            let end: Int? =
                                switch Int.random(in: 0...4, using: &rng) {
                                case 0: nil
                                case 1: 0
                                case 2: start
                                default: start + Int.random(in: 1...255, using: &rng)
                                }
                            return VulnerabilityInstance(refID: i, startLine: start, endLine: end)
                        })
                })
        }
        let hash = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &rng)) }.joined()
        return Report(
            contractHash: hash,
            version: "\(Int.random(in: 0...15, using: &rng)).\(Int.random(in: 0...15, using: &rng)).\(Int.random(in: 0...63, using: &rng))",
            auditState: Bool.random(using: &rng) ? 4 : 5, status: Bool.random(using: &rng) ? "success" : "error",
            analyzersReports: Bool.random(using: &rng) && analyzers.isEmpty ? nil : analyzers)
    }

    @Test func randomValidReportsRoundTrip() throws {
        var rng = SeededGenerator(state: 20_261_129)
        for iteration in 0..<500 {
            let report = Self.randomReport(&rng)
            let first = try CompressedReportCodec.encode(report)
            let decoded = try CompressedReportCodec.decode(first)
            let second = try CompressedReportCodec.encode(decoded)
            let third = try CompressedReportCodec.encode(CompressedReportCodec.decode(second))
            #expect(second == third, "iteration \(iteration): second round must be stable")
            #expect(first.count == second.count, "iteration \(iteration): same records, regrouped")
            #expect(first.prefix(34) == second.prefix(34))
            #expect(decoded.version == report.version && decoded.auditState == report.auditState)
            #expect(decoded.contractHash == report.contractHash?.uppercased())
            #expect(PoliceVerdict.findings(of: decoded) == PoliceVerdict.findings(of: report), "iteration \(iteration)")
            let sanitized = CompressedReportCodec.encodeSanitized(report)
            #expect(sanitized.data == first && sanitized.adjustments.isEmpty, "iteration \(iteration)")
        }
    }

    @Test func randomBytesNeverCrashTheDecoder() {
        var rng = SeededGenerator(state: 7)
        var accepted = 0
        for _ in 0..<2000 {
            let count = Int.random(in: 0...60, using: &rng)
            let bytes = Data((0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) })
            if let report = try? CompressedReportCodec.decode(bytes) {
                accepted += 1
                #expect(ReportSchemaValidator().validate(report) == [])
            }
        }
        #expect(accepted > 0)
    }
}
