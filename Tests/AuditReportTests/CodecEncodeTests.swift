import Foundation
import Testing

@testable import AuditReport

@Suite("Compressed codec: encoder")
struct CodecEncodeTests {
    @Test func workedExampleOfSection64IsByteExact() throws {
        let report = Report(
            contractHash: Fixtures.daoBugHash, version: "2.0.4", auditState: 4, status: "success",
            analyzersReports: [
                AnalyzerReport(
                    status: "success", analyzer: AnalyzerDescription(name: "one"),
                    potentialVulnerabilities: [
                        PotentialVulnerability(type: "reentrancy", file: "DAOBug.sol", instances: [.init(refID: 0, startLine: 27)]),
                        PotentialVulnerability(
                            type: "integer_overflow", file: "DAOBug.sol", instances: [.init(refID: 1, startLine: 10, endLine: 12)]),
                    ]),
                AnalyzerReport(
                    status: "success", analyzer: AnalyzerDescription(name: "two"),
                    potentialVulnerabilities: [
                        PotentialVulnerability(
                            type: "reentrancy", file: "DAOBug.sol", instances: [.init(refID: 0, startLine: 27, endLine: 27)]),
                        PotentialVulnerability(
                            type: "missing_input_validation", file: "DAOBug.sol",
                            instances: [.init(refID: 1, startLine: 0, endLine: 0)]),
                    ]),
            ])
        let data = try CompressedReportCodec.encode(report)
        #expect(data.count == 44)
        #expect(
            Fixtures.hex(data)
                == "2013DC996A1C50B01EA3EC370A45CE43394F22BC0DFDA4DD43990CEDCDC505E593BF05001B01800A02120000")
    }

    @Test func daoBugSampleEncodesTo61Bytes() throws {
        let data = try CompressedReportCodec.encode(Fixtures.report("DAOBug"))
        #expect(data.count == 61)
        let hex = Fixtures.hex(data)
        #expect(hex.hasPrefix("2007DC996A1C50B01EA3EC370A45CE43394F22BC0DFDA4DD43990CEDCDC505E593BF"))
        #expect(hex.dropFirst(68) == "0B00170C001705001B0300170F001719001715000E120016120012")
    }

    @Test func reportWithoutAnalyzersIs34Bytes() throws {
        for name in ["BasicToken", "DappBinWallet"] {
            let data = try CompressedReportCodec.encode(Fixtures.report(name))
            #expect(data.count == 34, "\(name)")
            #expect(data.prefix(2) == Data([0x20, 0x04]), "\(name): 2.0.1, state 5, error")
        }
    }

    @Test(arguments: [
        ((32767, nil), "057FFF"),
        ((5, 260), "058005FF"),
        ((9, 0), "050009"),  // end 0 → no end
        ((9, 9), "050009"),  // end == start → no end
        ((0, nil), "050000"),
        ((5, 6), "05800501"),
    ] as [((Int, Int?), String)])
    func boundaryRecords(lines: (Int, Int?), expected: String) throws {
        let data = try CompressedReportCodec.encode(Fixtures.report(findings: [("reentrancy", lines.0, lines.1)]))
        #expect(Fixtures.hex(data.dropFirst(34)) == expected)
    }

    @Test(arguments: [
        ((32768, nil), CodecError.Code.lineOutOfRange),
        ((-1, nil), .lineOutOfRange),
        ((5, 261), .endLineOutOfRange),  // diff 256
        ((10, 9), .endLineOutOfRange),  // end < start
        ((10, -3), .endLineOutOfRange),
    ] as [((Int, Int?), CodecError.Code)])
    func lineErrors(lines: (Int, Int?), code: CodecError.Code) {
        #expect(throws: CodecError(code, "")) {
            try CompressedReportCodec.encode(Fixtures.report(findings: [("reentrancy", lines.0, lines.1)]))
        }
    }

    @Test func headerBitsAreIndependent() throws {
        let cases: [(Int, String, UInt8)] = [(4, "success", 0b11), (4, "error", 0b10), (5, "success", 0b01), (5, "error", 0b00)]
        for (state, status, bits) in cases {
            let data = try CompressedReportCodec.encode(Fixtures.report(auditState: state, status: status, findings: []))
            #expect(data[1] & 0b11 == bits, "(\(state), \(status))")
        }
    }

    @Test func versionBoundaries() throws {
        let data = try CompressedReportCodec.encode(Fixtures.report(version: "15.15.63", findings: []))
        #expect(data.prefix(2) == Data([0xFF, 0xFF]))
        let padded = try CompressedReportCodec.encode(Fixtures.report(version: "02.0.+1", findings: []))
        #expect(padded.prefix(2) == Data([0x20, 0x07]), "int() accepts leading zeros and +")
    }

    @Test(arguments: [
        ("16.0.0", CodecError.Code.invalidVersion), ("0.16.0", .invalidVersion), ("0.0.64", .invalidVersion),
        ("2.0", .invalidVersion), ("2.0.1.1", .invalidVersion), ("v2.0.1", .invalidVersion), ("2..1", .invalidVersion),
        ("-1.0.0", .invalidVersion), ("", .invalidVersion),
    ])
    func versionErrors(version: String, code: CodecError.Code) {
        #expect(throws: CodecError(code, "")) {
            try CompressedReportCodec.encode(Fixtures.report(version: version, findings: []))
        }
    }

    @Test func headerAndHashErrors() {
        let cases: [(Report, CodecError.Code)] = [
            (Fixtures.report(auditState: nil, findings: []), .invalidAuditState),
            (Fixtures.report(auditState: 3, findings: []), .invalidAuditState),
            (Fixtures.report(auditState: 6, findings: []), .invalidAuditState),
            (Fixtures.report(status: "timeout", findings: []), .invalidStatus),
            (Fixtures.report(status: "Success", findings: []), .invalidStatus),
            (Fixtures.report(version: nil, findings: []), .invalidVersion),
            (Fixtures.report(hash: nil, findings: []), .invalidContractHash),
            (Fixtures.report(hash: String(Fixtures.daoBugHash.dropLast()), findings: []), .invalidContractHash),
            (Fixtures.report(hash: Fixtures.daoBugHash + "0", findings: []), .invalidContractHash),
            (Fixtures.report(hash: "0x" + Fixtures.daoBugHash.dropFirst(2), findings: []), .invalidContractHash),
            (Fixtures.report(hash: "g" + Fixtures.daoBugHash.dropFirst(), findings: []), .invalidContractHash),
            (Fixtures.report(findings: [("reentrancy", nil, nil)]), .missingLine),
            (Fixtures.report(findings: [("not_a_type", 3, nil)]), .unknownVulnerabilityType),
            (Fixtures.report(findings: [("Reentrancy", 3, nil)]), .unknownVulnerabilityType),
        ]
        for (report, code) in cases {
            #expect(throws: CodecError(code, "")) { try CompressedReportCodec.encode(report) }
        }
    }

    @Test func errorOrderFollowsTheReference() {
        // version is parsed before audit_state and status are checked.
        #expect(throws: CodecError(.invalidVersion, "")) {
            try CompressedReportCodec.encode(Fixtures.report(version: "x", auditState: 9, status: "bad", findings: []))
        }
        // A null line is reported before an unknown type (int(start_line) runs first).
        #expect(throws: CodecError(.missingLine, "")) {
            try CompressedReportCodec.encode(Fixtures.report(findings: [("bogus", nil, nil)]))
        }
    }

    @Test func errorMessagesNameTheProblem() {
        do {
            _ = try CompressedReportCodec.encode(Fixtures.report(findings: [("reentrancy", 40000, nil)]))
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("40000"))
            #expect(error.message.contains("32767"))
        }
    }

    @Test func unknownTypeWithoutInstancesIsAccepted() throws {
        // The reference looks the type up per instance, so an empty group never fails.
        var report = Fixtures.report(findings: [])
        report.analyzersReports?[0].potentialVulnerabilities = [PotentialVulnerability(type: "bogus", file: "A.sol", instances: [])]
        #expect(try CompressedReportCodec.encode(report).count == 34)
    }

    @Test func duplicatesAreDroppedAcrossAnalyzersKeepingTheFirst() throws {
        let data = try CompressedReportCodec.encode(
            Fixtures.report(findings: [("reentrancy", 3, nil), ("other", 1, 2), ("reentrancy", 3, 3), ("other", 1, 2)]))
        #expect(Fixtures.hex(data.dropFirst(34)) == "050003" + "11800101")
    }

    @Test func everySampleEncodesAndDecodesStably() throws {
        // All samples have valid headers and encodable lines; a second encode round is stable.
        for name in Fixtures.reportNames {
            let data = try CompressedReportCodec.encode(Fixtures.report(name))
            let decoded = try CompressedReportCodec.decode(data)
            let again = try CompressedReportCodec.encode(decoded)
            #expect(try CompressedReportCodec.encode(CompressedReportCodec.decode(again)) == again, "\(name)")
            #expect(data.count == again.count, "\(name): regrouping never changes the record set")
        }
    }
}
