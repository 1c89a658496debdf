import AuditReport
import Foundation
import Testing
@testable import Analysis

@Suite("Audit pipeline and report builder")
struct PipelineTests {
    static let context = ReportContext(contractURI: "https://example.org/DAOBug.sol", requestID: 7,
                                       requestor: "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf",
                                       auditor: "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf", version: "2.1.0", timestamp: 1_700_000_000)

    static func finding(_ type: String, line: Int, end: Int? = nil) -> Finding {
        Finding(type: type, category: .reentrancy, swc: "SWC-107", severity: .high, confidence: .medium, startLine: line,
                endLine: end, file: "DAOBug.sol", message: "m", analyzer: "a", ruleID: "r")
    }

    @Test(arguments: [
        ([AnalyzerStatus.success, .success], 4),
        ([.success, .timeout], 4),
        ([.timeout, .timeout], 5),
        ([.success, .error], 5),
        ([.success, .crashed], 5),
        ([.success, .outOfMemory], 5),
        ([.success, .unparseableOutput], 5),
        ([], 5),
    ])
    func verdictFollowsTheReferenceRule(statuses: [AnalyzerStatus], state: Int) {
        let runs = statuses.enumerated().map { AnalyzerRun(analyzer: AnalyzerDescription(name: "a\($0.offset)"), status: $0.element, startTime: 1, endTime: 1) }
        #expect(ReportBuilder.verdict(runs).auditState == state)
        #expect(ReportBuilder.verdict(runs).status == (state == 4 ? "success" : "error"))
    }

    @Test func successfulAuditProducesAValidatedHashedCompressedReport() async throws {
        let pipeline = AuditPipeline(analyzers: [
            ScriptedAnalyzer(name: "one", findings: [Self.finding("reentrancy", line: 27), Self.finding("integer_overflow", line: 10, end: 12)]),
            ScriptedAnalyzer(name: "two", status: .timeout),
        ])
        let source = Data("contract SendBalance {}".utf8)
        let outcome = await pipeline.audit(source: source, originalFileName: "DAOBug.sol", context: Self.context)
        #expect(outcome.auditState == 4)
        #expect(outcome.report.status == "success")
        #expect(outcome.adjustments.isEmpty, "\(outcome.adjustments)")
        #expect(ReportSchemaValidator().validate(outcome.reportJSON).isEmpty)
        #expect(outcome.contractHash == ReportHashing.contractHash(source))
        #expect(outcome.auditHash == ReportHashing.auditHash(outcome.reportJSON))
        #expect(outcome.report.requestID == 7)
        let reports = try #require(outcome.report.analyzersReports)
        #expect(reports.map(\.status) == ["success", "timeout"])
        let instances = try #require(reports[0].potentialVulnerabilities).flatMap(\.instances)
        #expect(instances.map(\.refID) == [0, 1])
        #expect(instances.map(\.swc) == ["SWC-107", "SWC-107"])
        let decoded = try CompressedReportCodec.decode(outcome.compressedReport)
        #expect(decoded.analyzersReports?.first?.potentialVulnerabilities?.map(\.type) == ["reentrancy", "integer_overflow"])
        #expect(decoded.auditState == 4)
    }

    @Test func everyAnalyzerFailingYieldsAnErrorReport() async throws {
        let pipeline = AuditPipeline(analyzers: [
            try TestSupport.wrapper("crashing"), try TestSupport.wrapper("lying"),
        ], defaultLimits: TestSupport.quickLimits)
        let outcome = await pipeline.audit(source: Data("contract A {}".utf8), originalFileName: "A.sol", context: Self.context)
        #expect(outcome.auditState == 5)
        #expect(outcome.report.status == "error")
        let reports = try #require(outcome.report.analyzersReports)
        #expect(reports.map(\.status) == ["error", "error"])
        #expect(reports[0].errors?.first == "status: crashed")
        #expect(reports[1].errors?.first == "status: unparseable_output")
        #expect(ReportSchemaValidator().validate(outcome.reportJSON).isEmpty)
        #expect(outcome.compressedReport.count == CompressedReportCodec.fixedSize)
    }

    @Test func invalidUTF8IsHashedRawAndReportedAsError() async {
        let bytes = Data([0x63, 0xFF, 0xFE, 0x00, 0x41])
        let outcome = await AuditPipeline(analyzers: [BuiltinAnalyzer()]).audit(source: bytes, originalFileName: "bad.sol", context: Self.context)
        #expect(outcome.auditState == 5)
        #expect(outcome.contractHash == ReportHashing.contractHash(bytes))
        #expect(outcome.report.analyzersReports == nil)
        #expect(outcome.report.compilationErrors?.first?.contains("not valid UTF-8") == true)
        #expect(ReportSchemaValidator().validate(outcome.reportJSON).isEmpty)
    }

    @Test func sanitizerFixesWhatTheReferenceWouldRejectAndSaysSo() async throws {
        let pipeline = AuditPipeline(analyzers: [
            ScriptedAnalyzer(name: "odd", findings: [Self.finding("made_up_type", line: 40_000), Self.finding("not_a_type", line: 5, end: 300)]),
        ])
        let outcome = await pipeline.audit(source: Data("x".utf8), originalFileName: "A.sol", context: Self.context)
        #expect(outcome.auditState == 4)
        #expect(!outcome.adjustments.isEmpty)
        let decoded = try CompressedReportCodec.decode(outcome.compressedReport)
        let decodedTypes = decoded.analyzersReports?.flatMap { $0.potentialVulnerabilities ?? [] }.map(\.type)
        #expect(decodedTypes == ["other"])
    }

    @Test func longAnalyzerNamesAndVersionsAreClippedToTheSchema() {
        let run = AnalyzerRun(analyzer: AnalyzerDescription(name: String(repeating: "n", count: 80), version: String(repeating: "v", count: 100)),
                              status: .success, startTime: 0, endTime: 0)
        let report = ReportBuilder.analyzerReport(run)
        #expect(report.analyzer.name.count == 50)
        #expect(report.analyzer.version?.count == 64)
        #expect(report.startTime == 1)
    }

    @Test func bytecodeAuditWithoutBytecodeAnalyzerIsAnErrorReport() async {
        let outcome = await AuditPipeline(analyzers: [BuiltinAnalyzer()]).audit(bytecode: Data([0x33, 0xFF]), name: "x.bin", context: Self.context)
        #expect(outcome.auditState == 5)
        #expect(outcome.report.compilationErrors?.first?.contains("no bytecode analyzer") == true)
    }

    @Test
    func builtinAnalyzerFindsTheDAOBugReentrancy() async throws {
        let source = try String(contentsOfFile: "\(TestSupport.referenceContracts)/DAOBug.sol", encoding: .utf8)
        let run = await BuiltinAnalyzer().analyze(TestSupport.input(source, name: "DAOBug.sol"), limits: .default)
        #expect(run.status == .success)
        #expect(run.findings.contains { $0.type == "reentrancy" && $0.startLine == 23 && $0.category == .reentrancy })
        #expect(run.analyzer.vulnerabilitiesChecked?.isEmpty == false)
    }
}

@Suite("Analyzer factory")
struct FactoryTests {
    @Test func defaultIsTheBuiltinAnalyzer() throws {
        let analyzers = try AnalyzerFactory.make(AnalyzerFactory.defaultConfig, wrappersRoot: nil)
        #expect(analyzers.map(\.name) == ["builtin"])
    }

    @Test func unknownNamesDuplicatesAndEmptyListsAreRejected() {
        #expect(throws: AnalysisError(.unknownAnalyzer, "")) { try AnalyzerFactory.make([AnalyzerConfig(name: "nope")], wrappersRoot: TestSupport.wrappers) }
        #expect(throws: AnalysisError(.unknownAnalyzer, "")) { try AnalyzerFactory.make([AnalyzerConfig(name: "nope")], wrappersRoot: nil) }
        #expect(throws: AnalysisError(.invalidConfiguration, "")) {
            try AnalyzerFactory.make([AnalyzerConfig(name: "builtin"), AnalyzerConfig(name: "builtin")], wrappersRoot: nil)
        }
        #expect(throws: AnalysisError(.invalidConfiguration, "")) { try AnalyzerFactory.make([], wrappersRoot: nil) }
        #expect(throws: AnalysisError(.invalidConfiguration, "")) { try AnalyzerFactory.make([AnalyzerConfig(name: "../etc")], wrappersRoot: nil) }
    }

    @Test func wrapperNamesResolveUnderTheRoot() throws {
        let analyzers = try AnalyzerFactory.make([AnalyzerConfig(name: "builtin"), AnalyzerConfig(name: "slow-ok")], wrappersRoot: TestSupport.wrappers)
        #expect(analyzers.map(\.name) == ["builtin", "slow-ok"])
        #expect(AnalyzerFactory.limits([AnalyzerConfig(name: "slow-ok", timeoutSeconds: 7)])["slow-ok"]?.timeout == .seconds(7))
    }
}
