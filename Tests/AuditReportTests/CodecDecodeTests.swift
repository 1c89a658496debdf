import Foundation
import Testing

@testable import AuditReport

@Suite("Compressed codec: decoder")
struct CodecDecodeTests {
    static let workedExample = "2013DC996A1C50B01EA3EC370A45CE43394F22BC0DFDA4DD43990CEDCDC505E593BF05001B01800A02120000"

    @Test func workedExampleDecodesToTheReferenceShape() throws {
        let report = try CompressedReportCodec.decode(hex: Self.workedExample)
        #expect(report.version == "2.0.4")
        #expect(report.auditState == 4)
        #expect(report.status == "success")
        #expect(report.contractHash == Fixtures.daoBugHash.uppercased())
        let analyzers = try #require(report.analyzersReports)
        #expect(analyzers.count == 1)
        #expect(analyzers[0].status == "success")
        #expect(analyzers[0].analyzer == AnalyzerDescription(name: "Unknown Analyzer"))
        let groups = try #require(analyzers[0].potentialVulnerabilities)
        #expect(groups.map(\.type) == ["reentrancy", "integer_overflow", "missing_input_validation"])
        #expect(groups.allSatisfy { $0.file == "Unknown File" && $0.description == nil && $0.contract == nil })
        #expect(groups[0].instances == [VulnerabilityInstance(refID: 0, startLine: 27, endLine: 27)])
        #expect(groups[1].instances == [VulnerabilityInstance(refID: 0, startLine: 10, endLine: 12)])
        #expect(groups[2].instances == [VulnerabilityInstance(refID: 0, startLine: 0, endLine: 0)])
        #expect(report.timestamp == nil && report.requestID == nil && report.compilationWarnings == nil)
    }

    @Test func decodedReportsValidateAgainstTheSchema() throws {
        let validator = ReportSchemaValidator()
        for name in Fixtures.reportNames {
            let decoded = try CompressedReportCodec.decode(CompressedReportCodec.encode(Fixtures.report(name)))
            #expect(validator.validate(try ReportJSON.encode(decoded)) == [], "\(name)")
        }
    }

    @Test func groupsByTypeInFirstAppearanceOrderWithRefIDsPerType() throws {
        let daoBug = try CompressedReportCodec.decode(CompressedReportCodec.encode(Fixtures.report("DAOBug")))
        let groups = try #require(daoBug.analyzersReports?.first?.potentialVulnerabilities)
        #expect(groups.map(\.type) == [
            "unprotected_ether_withdrawal", "call_to_external_contract", "reentrancy", "transaction_order_dependency",
            "unchecked_call_return_value", "reentrancy_true_positive", "missing_input_validation_true_positive",
            "missing_input_validation",
        ])
        let missing = try #require(groups.last)
        #expect(missing.instances.map(\.refID) == [0, 1])
        #expect(missing.instances.map(\.startLine) == [22, 18])
    }

    @Test func emptyRecordListKeepsAnEmptyAnalyzerReport() throws {
        let report = try CompressedReportCodec.decode(hex: String(Self.workedExample.prefix(68)))
        #expect(report.analyzersReports?.count == 1)
        #expect(report.analyzersReports?.first?.potentialVulnerabilities == [])
    }

    @Test func headerBitsDecode() throws {
        let tail = String(Self.workedExample.dropFirst(4).prefix(64))
        let cases: [(String, Int, String, String)] = [
            ("2012", 4, "error", "2.0.4"), ("2011", 5, "success", "2.0.4"), ("2010", 5, "error", "2.0.4"),
            ("FFFF", 4, "success", "15.15.63"), ("0000", 5, "error", "0.0.0"),
        ]
        for (header, state, status, version) in cases {
            let report = try CompressedReportCodec.decode(hex: header + tail)
            #expect(report.auditState == state && report.status == status && report.version == version, "\(header)")
            #expect(report.analyzersReports?.first?.status == status)
        }
    }

    @Test func hexInputForms() throws {
        let expected = try CompressedReportCodec.decode(hex: Self.workedExample)
        #expect(try CompressedReportCodec.decode(hex: Self.workedExample.lowercased()) == expected)
        #expect(try CompressedReportCodec.decode(hex: "0x" + Self.workedExample.lowercased()) == expected)
        #expect(try CompressedReportCodec.decode(hex: "0X" + Self.workedExample) == expected)
        #expect(try CompressedReportCodec.decode(hex: " \(Self.workedExample)\n") == expected)
    }

    @Test func strictRejections() {
        let header = String(Self.workedExample.prefix(68))
        let cases: [(String, CodecError.Code)] = [
            (Self.workedExample + "12", .truncatedRecord),
            (Self.workedExample + "1200", .truncatedRecord),  // the reference decodes this as type 0x12 line 0
            (header + "058005", .truncatedRecord),  // has_end set but no span byte
            (String(header.dropLast(2)), .tooShort),
            ("", .tooShort),
            (header + "1C0001", .unknownTypeID),
            (header + "FF0001", .unknownTypeID),
            (Self.workedExample + "1", .invalidHex),
            (Self.workedExample + "zz", .invalidHex),
            ("0x", .tooShort),
            ("0x0x" + header, .invalidHex),
            (header + " 050001", .invalidHex),
        ]
        for (hex, code) in cases {
            #expect(throws: CodecError(code, "")) { try CompressedReportCodec.decode(hex: hex) }
        }
    }

    @Test func lastValidTypeIDDecodes() throws {
        let report = try CompressedReportCodec.decode(hex: String(Self.workedExample.prefix(68)) + "1B0001")
        #expect(report.analyzersReports?.first?.potentialVulnerabilities?.first?.type == "securify_bug")
    }

    @Test func spanZeroWithEndBitDecodesAsStartLine() throws {
        // Never produced by the encoder; the reference decoder yields end = start.
        let report = try CompressedReportCodec.decode(hex: String(Self.workedExample.prefix(68)) + "05800700")
        #expect(report.analyzersReports?.first?.potentialVulnerabilities?.first?.instances.first?.endLine == 7)
    }

    @Test func vulnerabilityTableMatchesTheBundledJSON() throws {
        #expect(VulnerabilityTypes.bundledTable() == VulnerabilityTypes.all)
        #expect(VulnerabilityTypes.all.count == 28)
        #expect(VulnerabilityTypes.id(of: "other") == 0x11)
        #expect(VulnerabilityTypes.id(of: "securify_bug") == 0x1B)
        #expect(VulnerabilityTypes.type(for: 0x10) == "unchecked_call_return_value_true_positive")
        #expect(VulnerabilityTypes.type(for: 28) == nil)
        #expect(VulnerabilityTypes.id(of: "nope") == nil)
    }
}
