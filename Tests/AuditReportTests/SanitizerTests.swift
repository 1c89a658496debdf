import Foundation
import Testing

@testable import AuditReport

@Suite("Compressed codec: sanitizing encoder")
struct SanitizerTests {
    @Test func validReportsEncodeIdenticallyWithoutAdjustments() throws {
        for name in Fixtures.reportNames {
            let report = try Fixtures.report(name)
            let sanitized = CompressedReportCodec.encodeSanitized(report)
            #expect(sanitized.data == (try CompressedReportCodec.encode(report)), "\(name)")
            #expect(sanitized.adjustments == [], "\(name)")
        }
    }

    @Test func repairsWhatTheReferenceRejects() {
        let report = Fixtures.report(findings: [
            ("reentrancy", nil, nil),  // null line → dropped
            ("reentrancy", 32768, nil),  // too large → dropped
            ("reentrancy", -4, nil),  // negative → dropped
            ("made_up", 3, nil),  // unknown → other
            ("integer_overflow", 10, 9),  // end < start → no end
            ("integer_overflow", 10, 300),  // span 290 → no end
            ("integer_overflow", 10, -1),  // negative end → no end
            ("reentrancy", 7, 9),  // fine
        ])
        #expect(throws: CodecError.self) { try CompressedReportCodec.encode(report) }
        let (data, adjustments) = CompressedReportCodec.encodeSanitized(report)
        #expect(Fixtures.hex(data.dropFirst(34)) == "110003" + "01000A" + "05800702")
        #expect(adjustments.count == 7)
        #expect(adjustments[0].contains("null"))
        #expect(adjustments[1].contains("32768") && adjustments[1].contains("dropped"))
        #expect(adjustments[3].contains("made_up") && adjustments[3].contains("other"))
        #expect(adjustments[4].contains("end_line 9"))
        // The decoded result is schema-valid and re-encodes strictly.
        let decoded = try? CompressedReportCodec.decode(data)
        #expect(decoded.map { ReportSchemaValidator().validate($0) } == [])
        #expect(decoded.flatMap { try? CompressedReportCodec.encode($0) } == data)
    }

    @Test func normalisesStateAndStatus() {
        let cases: [(Int?, String, UInt8, Int)] = [
            (nil, "success", 0b11, 1), (7, "success", 0b11, 1), (nil, "error", 0b00, 1), (3, "timeout", 0b00, 2),
            (4, "bogus", 0b10, 1), (4, "error", 0b10, 0), (5, "success", 0b01, 0),
        ]
        for (state, status, bits, notes) in cases {
            let (data, adjustments) = CompressedReportCodec.encodeSanitized(
                Fixtures.report(auditState: state, status: status, findings: []))
            #expect(data.count == 34)
            #expect(data[1] & 0b11 == bits, "\(String(describing: state)) \(status)")
            #expect(adjustments.count == notes, "\(adjustments)")
        }
    }

    @Test func unrepairableHeaderFieldsAreEncodedAndReported() {
        let (data, adjustments) = CompressedReportCodec.encodeSanitized(
            Fixtures.report(version: "2.x", hash: "nothex", findings: [("reentrancy", 1, nil)]))
        #expect(data.count == 37)
        #expect(data.prefix(34) == Data([0x00, 0x03]) + Data(count: 32))
        #expect(adjustments.count == 2)
    }

    @Test func neverEmitsAnIDOutsideTheTable() {
        var rng = SeededGenerator(state: 99)
        for _ in 0..<300 {
            let findings: [(String, Int?, Int?)] = (0..<Int.random(in: 0...6, using: &rng)).map { _ in
                let type = Bool.random(using: &rng) ? VulnerabilityTypes.all.randomElement(using: &rng)! : "x\(Int.random(in: 0...9, using: &rng))"
                let start: Int? = Int.random(in: 0...9, using: &rng) == 0 ? nil : Int.random(in: -5...40_000, using: &rng)
                let end: Int? = Bool.random(using: &rng) ? nil : Int.random(in: -5...40_500, using: &rng)
                return (type, start, end)
            }
            let (data, _) = CompressedReportCodec.encodeSanitized(Fixtures.report(findings: findings))
            #expect((try? CompressedReportCodec.decode(data)) != nil)
        }
    }
}
