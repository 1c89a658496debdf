import Foundation
import Testing

@testable import AuditReport

@Suite("Report JSON and hashing")
struct ReportJSONTests {
    static let contractOfReport: [String: String] = [
        "BasicToken": "BasicToken", "BasicTokenErrorWithMetadata": "BasicToken", "DAOBug": "DAOBug",
        "DAOBugIncomplete": "DAOBug", "DAOBugMythrilOnly": "DAOBug", "DappBinWallet": "DappBinWallet",
        "DockerhubFail": "DAOBug", "DockerhubFailAllAnalyzers": "DAOBug", "Empty": "Empty", "kyber": "kyber",
    ]

    @Test func allSampleReportsParse() throws {
        for name in Fixtures.reportNames {
            let report = try Fixtures.report(name)
            #expect(["success", "error"].contains(report.status), "\(name)")
        }
        let daoBug = try Fixtures.report("DAOBug")
        #expect(daoBug.requestID == 1 && daoBug.auditState == 4 && daoBug.version == "2.0.1")
        #expect(daoBug.analyzersReports?.map(\.analyzer.name) == ["mythril", "securify"])
        #expect(daoBug.analyzersReports?[0].analyzer.vulnerabilitiesChecked?["Ether send"]?.type == "unprotected_ether_withdrawal")
        #expect(daoBug.compilationWarnings?.count == 5)
        #expect(try Fixtures.report("kyber").analyzersReports?.allSatisfy { $0.status == "timeout" } == true)
        #expect(try Fixtures.report("BasicToken").analyzersReports == nil)
    }

    /// A fraction where an integer belongs is valid JSON: the error names the field (Foundation alone says "The
    /// given data was not valid JSON" without a path — issue 9's leftover).
    @Test func aFractionWhereAnIntegerBelongsNamesTheField() throws {
        let text = String(decoding: try Fixtures.reportData("DAOBug"), as: UTF8.self)
        let broken = text.replacingOccurrences(of: "\"audit_state\": 4", with: "\"audit_state\": 4.5")
        #expect(broken != text)
        do {
            _ = try ReportJSON.decode(Data(broken.utf8))
            Issue.record("a fractional audit_state was accepted")
        } catch {
            #expect(error.message.contains("$.audit_state") && error.message.contains("4.5"), "\(error.message)")
            #expect(!error.message.contains("not valid JSON"))
        }
    }

    @Test func contractHashOfEachSampleIsSHA256OfItsContract() throws {
        for (report, contract) in Self.contractOfReport {
            #expect(try Fixtures.report(report).contractHash == ReportHashing.contractHash(Fixtures.contract(contract)), "\(report)")
        }
        #expect(ReportHashing.contractHash(Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(ReportHashing.auditHash(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func encodingIsDeterministicAndRoundTrips() throws {
        for name in Fixtures.reportNames {
            let report = try Fixtures.report(name)
            let first = try ReportJSON.encode(report)
            #expect(try ReportJSON.encode(report) == first)
            #expect(try ReportJSON.decode(first) == report, "\(name)")
            #expect(try ReportJSON.decode(ReportJSON.encode(report, pretty: false)) == report)
        }
    }

    @Test func prettyFormMatchesPythonIndent2ForTheSamples() async throws {
        guard await Python.has("json") else {
            print("skipping prettyFormMatchesPythonIndent2ForTheSamples: python3 is not available")
            return
        }
        // Fixed field order + Python's separators: re-serializing our bytes in Python with the same
        // key order (object_pairs_hook keeps it) gives identical bytes.
        let report = try Fixtures.report("DAOBug")
        let ours = try ReportJSON.encode(report)
        let file = try Python.writeTemp(ours)
        defer { try? FileManager.default.removeItem(at: file) }
        let result = try await Python.run(
            "import json,sys,collections; d=json.load(open(sys.argv[1]),object_pairs_hook=collections.OrderedDict); sys.stdout.write(json.dumps(d, indent=2))",
            arguments: [file.path])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == String(decoding: ours, as: UTF8.self))
    }

    @Test func fieldOrderFollowsTheSpecTable() throws {
        let text = String(decoding: try ReportJSON.encode(Fixtures.report("DAOBug")), as: UTF8.self)
        let keys = ["\"timestamp\"", "\"contract_uri\"", "\"contract_hash\"", "\"requestor\"", "\"auditor\"", "\"request_id\"",
                    "\"version\"", "\"audit_state\"", "\"analyzers_reports\"", "\"compilation_warnings\""]
        let positions = keys.compactMap { text.range(of: $0)?.lowerBound }
        #expect(positions.count == keys.count)
        #expect(positions == positions.sorted())
    }

    @Test func extensionsAndNullLinesAreWritten() throws {
        let instance = VulnerabilityInstance(refID: 0, startLine: nil, endLine: nil, category: "reentrancy", swc: "SWC-107")
        let vulnerability = PotentialVulnerability(
            type: "reentrancy", file: "A.sol", instances: [instance], severity: "high", confidence: "medium",
            ruleID: "reentrancy-eth", title: "Reentrancy")
        let report = Report(status: "success", analyzersReports: [
            AnalyzerReport(status: "success", analyzer: .init(name: "x"), potentialVulnerabilities: [vulnerability],
                           coverages: [Coverage(percentage: 50, file: "A.sol", contract: "A")])
        ])
        let text = String(decoding: try ReportJSON.encode(report, pretty: false), as: UTF8.self)
        #expect(text.contains("\"start_line\":null"))
        #expect(text.contains("\"rule_id\":\"reentrancy-eth\""))
        #expect(text.contains("\"swc\":\"SWC-107\""))
        #expect(text.contains("\"percentage\":50.0"))
        #expect(try ReportJSON.decode(Data(text.utf8)) == report)
    }

    @Test func nonASCIIIsEscapedLikePython() throws {
        let report = Report(contractURI: "https://x/é😀\u{7F}\"\\\n", status: "error")
        let text = String(decoding: try ReportJSON.encode(report, pretty: false), as: UTF8.self)
        #expect(text == #"{"contract_uri":"https://x/\u00e9\ud83d\ude00\u007f\"\\\n","status":"error"}"#)
    }

    @Test func invalidReportJSONGivesClearErrors() {
        let cases: [(String, String)] = [
            ("{", "not valid JSON"),
            ("[]", "wrong type"),
            ("{\"audit_state\": 4}", "missing status"),
            ("{\"status\": \"success\", \"audit_state\": \"4\"}", "audit_state"),
            ("{\"status\": \"success\", \"analyzers_reports\": [{\"status\": \"success\"}]}", "analyzers_reports[0].analyzer"),
            ("\u{0}", "not valid JSON"),
        ]
        for (json, fragment) in cases {
            do {
                _ = try ReportJSON.decode(Data(json.utf8))
                Issue.record("\(json) should fail")
            } catch {
                #expect(error.code == .invalidReportJSON)
                #expect(error.message.contains(fragment), "\(error.message)")
            }
        }
    }

    @Test func deepNestingIsRejectedNotACrash() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: CodecError(.invalidReportJSON, "")) { try ReportJSON.decode(Data(deep.utf8)) }
        #expect(ReportSchemaValidator().validate(Data(deep.utf8)).first?.contains("nesting") == true)
    }
}
